// A small policy with every kind of fact the risk model reads.
export const RISK_POLICY = `{
  "version": 1,
  "classes": {
    "secret":     { "read": "deny",  "edit": "deny",  "risk": "critical" },
    "restricted": { "read": "ask",   "edit": "deny",  "risk": "high" },
    "reviewed":   { "read": "allow", "edit": "allow", "review": "required", "risk": "medium" },
    "public":     { "read": "allow", "edit": "allow", "risk": "low" }
  },
  "default": "public",
  "rules": [
    { "paths": ["/infra/prod/"], "class": "restricted", "reason": "Production" },
    { "paths": ["/src/auth/"], "class": "reviewed" },
    { "paths": ["**/.env", "*.pem"], "class": "secret" }
  ],
  "exceptions": [
    { "paths": ["/infra/prod/dashboards/"], "class": "reviewed", "owner": "alice@example.com",
      "reason": "Dashboards", "approvedBy": "security", "expires": "2026-06-14" }
  ]
}
`;

/** 2026-06-10T12:00Z: the exception above has 4 days left. */
export const NOW = new Date('2026-06-10T12:00:00Z');
