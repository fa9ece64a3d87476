// The policy `airlock init` writes: safe defaults with comments a team lead can follow.

export const STARTER_POLICY = `// Airlock policy: which paths AI assistants may read and edit.
// Patterns use .gitignore syntax. Rules are read top to bottom and the LAST matching rule wins;
// a pattern that matches a folder covers everything inside it.
// Check it with \`airlock check\`; see why a path gets its verdict with \`airlock explain <path>\`.
{
  "version": 1,

  // "off" denies every AI access in this workspace.
  "ai": "on",

  // "monitor" allows everything but records what enforcement would have denied (for a gentle
  // roll-out); switch to "enforce" once the audit log looks right.
  "mode": "enforce",

  // What an AI may do with each class of data: "allow", "ask" (a human approves) or "deny".
  // secret, restricted, reviewed and public are built in; redefine them or add your own here.
  "classes": {
    "secret":     { "read": "deny",  "edit": "deny",  "risk": "critical" },
    "restricted": { "read": "ask",   "edit": "deny",  "risk": "high" },
    "reviewed":   { "read": "allow", "edit": "allow", "review": "required", "risk": "medium" },
    "public":     { "read": "allow", "edit": "allow", "risk": "low" }
  },

  // The class of every path no rule matches.
  "default": "public",

  "rules": [
    // CI secrets and deployment configuration: readable with approval, never edited by an AI.
    { "paths": ["/.github/workflows/", "/.gitlab-ci.yml", "/.circleci/"], "class": "restricted", "reason": "CI pipelines run with production secrets" },

    // Add your own rules HERE, above the secret rules, e.g.:
    // { "paths": ["/infra/prod/"], "class": "restricted", "reason": "Production infrastructure" },
    // { "paths": ["/src/auth/", "/src/payments/"], "class": "reviewed" },

    // Keep the secret rules LAST: the last matching rule wins, so a rule below them could make a
    // secret readable (e.g. "/src/auth/" would open src/auth/server.pem). \`airlock check\` warns
    // about any later rule that can loosen an earlier, stricter one.
    // Environment files and local credentials.
    { "paths": ["**/.env", "**/.env.*", "**/.envrc", "**/*.env"], "class": "secret", "reason": "Environment files hold credentials" },
    // Keys and certificates.
    { "paths": ["*.pem", "*.key", "*.p12", "*.pfx", "*.jks", "*.keystore", "id_rsa*", "id_ed25519*", "id_ecdsa*", "*.gpg"], "class": "secret", "reason": "Private keys and certificates" },
    // Cloud and tool credentials.
    { "paths": [".aws/", ".azure/", ".gcloud/", "*credentials*.json", "service-account*.json", ".npmrc", ".pypirc", ".netrc", ".docker/config.json", "kubeconfig", ".kube/"], "class": "secret", "reason": "Cloud and registry credentials" },
    // Secrets folders and infrastructure state.
    { "paths": ["secrets/", ".secrets/", "*.tfstate", "*.tfstate.*", "*.tfvars"], "class": "secret", "reason": "Secrets and infrastructure state" },
    // Templates that document variables without values are safe to share: a deliberate, narrow
    // carve-out from the environment-file rule ("carveOut" tells \`airlock check\` it is meant).
    { "paths": ["**/.env.example", "**/.env.sample", "**/.env.template"], "class": "public", "reason": "Templates without values", "carveOut": true }
  ],

  // Time-boxed, owned, approved exceptions; an expired one stops applying and is reported.
  // { "paths": ["/infra/prod/dashboards/"], "class": "reviewed", "owner": "alice@example.com",
  //   "reason": "Dashboard refactor", "approvedBy": "security", "expires": "2026-12-31" }
  "exceptions": [],

  // The verdict for paths outside the workspace, and for shell commands Airlock cannot parse
  // with confidence while the workspace has protected paths.
  "outside": "ask",
  "shell": "ask"

  // Airlock's own files (.airlock/, generated assistant settings and ignore files) are always
  // protected from AI edits, whatever the rules say.
}
`;
