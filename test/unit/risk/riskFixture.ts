// A small policy with every kind of fact the risk model reads; the four built-in classes (secret
// critical, restricted high, reviewed medium with review required, public low) are used as they are.
export const RISK_POLICY = `{
  "version": 1,
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
