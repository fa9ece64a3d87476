// Runs the labelled accuracy suite: every kind in several realistic settings (two disjoint
// splits: "tuning" settings the rules were developed against, "held-out" settings and seeds they
// were not), and hard negatives — placeholders, documentation examples, test fixtures, hashes,
// UUIDs and high-entropy values that are not secrets. Shared by the unit test and `npm run bench`.
import type { SecretFinding } from '../../../src/core/secrets/secretTypes';
import { expand, KINDS } from './accuracyKinds';
import { FakeTokens } from './fakeTokens';

export interface Sample {
  readonly kind: string;
  readonly file: string;
  readonly text: string;
  /** The rule that must report it (blocking), or null for a hard negative. */
  readonly expect: string | null;
}

type Context = (name: string, value: string) => { file: string; text: string };

const camel = (name: string): string => name.toLowerCase().replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());

const TUNING: Context[] = [
  (n, v) => ({ file: '.env', text: `# service credentials\n${n}=${v}\nLOG_LEVEL=info\n` }),
  (n, v) => ({ file: 'config/settings.json', text: `{\n  "region": "eu-west-1",\n  "${camel(n)}": "${v}"\n}\n` }),
  (n, v) => ({ file: 'app/settings.py', text: `import os\n\n${n.toLowerCase()} = "${v}"\nDEBUG = False\n` }),
];

const HELD_OUT: Context[] = [
  (n, v) => ({ file: 'deploy/values.yaml', text: `app:\n  env:\n    ${n}: "${v}"\n    REPLICAS: 3\n` }),
  (n, v) => ({ file: 'src/client.ts', text: `export const ${camel(n)} = '${v}';\nexport const timeoutMs = 3000;\n` }),
  (n, v) => ({ file: 'internal/config/config.go', text: `package config\n\nconst ${camel(n)} = "${v}"\n` }),
  (n, v) => ({ file: 'scripts/deploy.sh', text: `#!/bin/sh\nexport ${n}="${v}"\n./deploy --prod\n` }),
  (n, v) => ({ file: 'docker-compose.yml', text: `services:\n  api:\n    environment:\n      - ${n}=${v}\n` }),
];

export function positives(split: 'tuning' | 'held-out'): Sample[] {
  const rng = new FakeTokens(split === 'tuning' ? 1001 : 7_777_777);
  const contexts = split === 'tuning' ? TUNING : HELD_OUT;
  const out: Sample[] = [];
  for (const kind of KINDS) {
    if (kind.wholeText) {
      for (let i = 0; i < contexts.length; i++) out.push({ kind: kind.rule, file: `secrets/${i}/${kind.name}`, text: kind.make(rng), expect: kind.rule });
      continue;
    }
    for (const ctx of contexts) {
      const { file, text } = ctx(kind.name, kind.make(rng));
      out.push({ kind: kind.rule, file, text, expect: kind.rule });
    }
  }
  return out;
}

/** Hard negatives: each must produce no blocking finding. */
export function negatives(): Sample[] {
  const r = new FakeTokens(424_242);
  const n = (kind: string, file: string, text: string): Sample => ({ kind, file, text, expect: null });
  const x = (len: number): string => 'x'.repeat(len);
  const badCrc = r.githubBadChecksum();
  const jwtIo = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c';
  const expiredJwt = `${Buffer.from('{"alg":"RS256","typ":"JWT"}').toString('base64url')}.${Buffer.from('{"sub":"42","exp":1500000000}').toString('base64url')}.${r.chars('abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_', 86)}`;
  const out: Sample[] = [
    // Placeholders and stand-ins.
    n('placeholder', '.env.example', `GITHUB_TOKEN=ghp_${x(36)}\nSTRIPE_SECRET_KEY=sk_live_${x(24)}\nSLACK_BOT_TOKEN=xoxb-your-token-here\n`),
    n('placeholder', '.env.example', 'DATABASE_URL=postgres://user:password@localhost:5432/app\nREDIS_URL=redis://:changeme@localhost:6379\n'),
    n('placeholder', 'config.yaml', 'api_key: ${API_KEY}\nsecret: "{{ vault_secret }}"\ntoken: <your-token>\npassword: ********\n'),
    n('placeholder', 'README.md', 'Set `OPENAI_API_KEY=sk-...` and `ANTHROPIC_API_KEY=sk-ant-...` before running.\n'),
    n('placeholder', 'src/config.ts', "export const apiKey = process.env.API_KEY ?? '';\nexport const token = getToken('default');\n"),
    n('placeholder', 'terraform.tfvars', 'client_secret = "REPLACE_ME"\naccess_key = "YOUR_ACCESS_KEY_HERE"\n'),
    n('placeholder', '.github/workflows/ci.yml', 'env:\n  NPM_TOKEN: ${{ secrets.NPM_TOKEN }}\n  GH_TOKEN: ${{ github.token }}\n'),
    n('placeholder', 'k8s/secret.yaml', 'stringData:\n  password: changeme\n  api-key: REDACTED\n'),
    n('placeholder', 'docs/setup.md', 'HEROKU_API_KEY=00000000-0000-0000-0000-000000000000\nDATADOG_API_KEY=<your datadog key>\n'),
    n('placeholder', 'src/App.tsx', '<input type="password" placeholder="Enter your password" />\n'),
    // Documentation examples.
    n('doc-example', 'docs/aws.md', 'aws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n'),
    n('doc-example', 'docs/auth.md', `curl -H "Authorization: Bearer ${jwtIo}" https://api.example.com/me\n`),
    n('doc-example', 'docs/urls.md', 'Connect with https://user:hunter2hunter2@example.com/path or ftp://anonymous:guest@ftp.example.org/\n'),
    n('doc-example', 'docs/pem.md', '```\n-----BEGIN RSA PRIVATE KEY-----\n...\n-----END RSA PRIVATE KEY-----\n```\n'),
    n('doc-example', 'docs/slack.md', 'POST to https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX\n'),
    // Test fixtures.
    n('fixture', 'test/auth.test.ts', `const token = "${badCrc}"; // checksum deliberately wrong\n`),
    n('fixture', 'test/fixtures/jwt.json', `{ "token": "${expiredJwt}" }\n`),
    n('fixture', 'spec/stripe_spec.rb', `Stripe.api_key = "sk_test_${r.chars('0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz', 24)}"\n`),
    n('fixture', 'test/db.test.js', "const url = 'postgres://test:test@localhost:5432/test';\n"),
    n('fixture', 'tests/test_login.py', `password = "${r.password(16)}"  # random test password\n`),
  ];
  for (let i = 0; i < 20; i++) {
    const sha1 = r.hex(40);
    const sha256 = r.hex(64);
    const uuid = expand(r, '{uuid}');
    const b64 = Buffer.from(r.hex(96), 'hex').toString('base64');
    out.push(
      // Hashes and digests.
      n('hash', 'package-lock.json', `  "node_modules/pkg${i}": { "version": "1.0.${i}", "integrity": "sha512-${b64}${b64.slice(0, 24)}==" },\n`),
      n('hash', 'CHANGELOG.md', `- fix: handle empty input (${sha1})\n`),
      n('hash', 'go.sum', `github.com/pkg/errors${i} v0.9.1 h1:${Buffer.from(r.hex(32), 'hex').toString('base64')}\n`),
      n('hash', 'src/cache.ts', `const etag = "${r.hex(32)}";\nconst checksum = '${sha256}';\n`),
      n('hash', 'Dockerfile', `FROM node:20@sha256:${sha256}\n`),
      // UUIDs and ids.
      n('uuid', 'src/ids.ts', `export const tenantId = "${uuid}";\nconst requestId = '${expand(r, '{uuid}')}';\n`),
      n('uuid', 'config/app.json', `{ "clientId": "${uuid}", "subscriptionId": "${expand(r, '{uuid}')}" }\n`),
      n('uuid', 'src/keys.ts', `const cacheKey = "${uuid}";\nconst idempotencyKey = '${expand(r, '{uuid}')}';\n`),
      // High-entropy values that are not credentials.
      n('high-entropy', 'src/logo.ts', `export const logo = "data:image/png;base64,${Buffer.from(r.hex(300), 'hex').toString('base64')}";\n`),
      n('high-entropy', 'src/csp.ts', `const scriptHash = "'sha256-${Buffer.from(r.hex(64), 'hex').toString('base64')}'";\n`),
      n('high-entropy', 'src/trace.go', `traceID := "${r.hex(32)}"\nspanID := "${r.hex(16)}"\n`),
      n('high-entropy', 'config/keys.json', `{ "publicKey": "${Buffer.from(r.hex(65), 'hex').toString('base64')}", "keyId": "${r.password(20)}" }\n`),
      n('high-entropy', 'dist/app.min.js', `var a="${r.password(40)}".split("").map(function(b){return b.charCodeAt(0)});`),
      n('high-entropy', 'src/i18n.ts', `const messages = { tokenExpired: "${r.password(12)} expired", passwordHint: "Use 12+ chars" };\n`),
    );
  }
  return out;
}

export interface KindScore {
  readonly samples: number;
  readonly found: number;
}

export interface AccuracyReport {
  readonly kinds: number;
  readonly positives: number;
  readonly found: number;
  readonly recall: number;
  readonly negatives: number;
  readonly falsePositives: number;
  /** TP / (TP + blocking findings on hard negatives). */
  readonly precision: number;
  readonly perKind: ReadonlyMap<string, KindScore>;
  readonly missed: readonly Sample[];
  readonly falseAlarms: ReadonlyArray<{ sample: Sample; finding: SecretFinding }>;
}

export function evaluate(pos: readonly Sample[], neg: readonly Sample[], scan: (text: string, file: string) => SecretFinding[]): AccuracyReport {
  const perKind = new Map<string, KindScore>();
  const missed: Sample[] = [];
  let found = 0;
  for (const s of pos) {
    const hit = scan(s.text, s.file).some((f) => f.rule === s.expect && f.blocking);
    if (hit) found++;
    else missed.push(s);
    const k = perKind.get(s.kind) ?? { samples: 0, found: 0 };
    perKind.set(s.kind, { samples: k.samples + 1, found: k.found + (hit ? 1 : 0) });
  }
  const falseAlarms: Array<{ sample: Sample; finding: SecretFinding }> = [];
  for (const s of neg) {
    const f = scan(s.text, s.file).find((x) => x.blocking);
    if (f) falseAlarms.push({ sample: s, finding: f });
  }
  return {
    kinds: perKind.size, positives: pos.length, found, recall: found / pos.length,
    negatives: neg.length, falsePositives: falseAlarms.length, precision: found / (found + falseAlarms.length),
    perKind, missed, falseAlarms,
  };
}
