import * as assert from 'node:assert/strict';
import { scanText } from '../../../src/core/secrets/scanText';
import type { SecretFinding } from '../../../src/core/secrets/secretTypes';
import { FakeTokens } from './fakeTokens';

/** Scans `text` and asserts exactly one finding spanning `secret` (or `span`). */
function expectOne(text: string, file: string, secret: string, rule: string, blocking: boolean, span = secret): SecretFinding {
  const findings = scanText(text, file);
  assert.equal(findings.length, 1, `expected one finding, got ${JSON.stringify(findings)}`);
  const [f] = findings;
  assert.equal(f.rule, rule);
  assert.equal(f.blocking, blocking);
  const offset = text.indexOf(span);
  const before = text.slice(0, offset).split('\n');
  assert.equal(f.line, before.length);
  assert.equal(f.column, before[before.length - 1].length + 1);
  const through = text.slice(0, offset + span.length).split('\n');
  assert.equal(f.endLine, through.length);
  assert.equal(f.endColumn, through[through.length - 1].length + 1);
  assert.equal(f.file, file);
  assert.match(f.fingerprint, /^[0-9a-f]{64}$/);
  assert.ok(!f.value.includes(secret.slice(4)), 'value must be masked');
  return f;
}

describe('secrets: provider rules', () => {
  const gen = new FakeTokens(1);

  it('finds each kind of classic GitHub token with a valid checksum', () => {
    const expected = { p: 'github-pat', o: 'github-oauth-token', u: 'github-app-token', s: 'github-app-token', r: 'github-refresh-token' } as const;
    for (const kind of ['p', 'o', 'u', 's', 'r'] as const) {
      const token = gen.github(kind);
      expectOne(`const client = new Octokit({ auth: "${token}" });\n`, 'src/gh.ts', token, expected[kind], true);
    }
  });

  it('rejects a GitHub-shaped token whose checksum does not match', () => {
    assert.deepEqual(scanText(`token = "${gen.githubBadChecksum()}"`, 'a.py'), []);
  });

  it('finds a fine-grained GitHub token', () => {
    const token = gen.githubFineGrained();
    expectOne(`GITHUB_TOKEN: ${token}\n`, 'ci/job.yml', token, 'github-fine-grained-pat', true);
  });

  it('finds a GitLab token', () => {
    const token = gen.gitlab();
    expectOne(`curl --header "PRIVATE-TOKEN: ${token}" https://gitlab.example/api/v4/projects`, 'scripts/x.sh', token, 'gitlab-token', true);
  });

  it('finds Slack tokens and webhooks', () => {
    const token = gen.slackBot();
    expectOne(`slack = WebClient(token="${token}")`, 'bot.py', token, 'slack-token', true);
    const hook = gen.slackWebhook();
    const url = hook.slice('https://'.length);
    expectOne(`fetch("${hook}", { method: "POST" })`, 'notify.js', url, 'slack-webhook', true);
  });

  it('reports an AWS key id with a nearby secret key as one blocking finding', () => {
    const id = gen.awsKeyId();
    const secret = gen.awsSecretKey();
    const f = expectOne(`[default]\naws_access_key_id = ${id}\naws_secret_access_key = ${secret}\n`, 'deploy/credentials', secret, 'aws-access-key', true);
    assert.equal(f.severity, 'critical');
  });

  it('reports an AWS key id alone only as a low, non-blocking finding', () => {
    const id = gen.awsKeyId();
    const f = expectOne(`const keyId = '${id}'; // rotated\n`, 'src/aws.ts', id, 'aws-access-key-id', false);
    assert.equal(f.severity, 'low');
  });

  it('does not pair an AWS key id with a 40-char hex hash', () => {
    const findings = scanText(`id = ${gen.awsKeyId()}\ncommit = ${gen.hex(40)}\n`, 'x.cfg');
    assert.deepEqual(findings.map((f) => f.rule), ['aws-access-key-id']);
  });

  it('finds a Google API key', () => {
    const key = gen.googleApiKey();
    expectOne(`const maps = load({ key: '${key}' })`, 'src/map.ts', key, 'google-api-key', true);
  });

  it('blocks live Stripe secret keys, reports test keys low, ignores publishable keys', () => {
    for (const kind of ['sk_live', 'rk_live'] as const) {
      const key = gen.stripe(kind);
      expectOne(`stripe.api_key = "${key}"`, 'pay.py', key, 'stripe-secret-key', true);
    }
    const test = gen.stripe('sk_test');
    const f = expectOne(`stripe.api_key = "${test}"`, 'pay.py', test, 'stripe-test-key', false);
    assert.equal(f.severity, 'low');
    assert.deepEqual(scanText(`const pk = "${gen.stripe('pk_live')}"; const pt = "${gen.stripe('pk_test')}";`, 'web.ts'), []);
  });

  it('finds OpenAI and Anthropic keys', () => {
    const project = gen.openaiProject();
    expectOne(`OpenAI(api_key="${project}")`, 'llm.py', project, 'openai-api-key', true);
    const legacy = gen.openaiLegacy();
    expectOne(`openai.api_key = '${legacy}'`, 'llm.py', legacy, 'openai-api-key', true);
    const ant = gen.anthropic();
    expectOne(`new Anthropic({ apiKey: "${ant}" })`, 'llm.ts', ant, 'anthropic-api-key', true);
  });

  it('finds npm tokens only with a valid checksum', () => {
    const token = gen.npm();
    expectOne(`//registry.npmjs.org/:_authToken=${token}\n`, '.npmrc', token, 'npm-token', true);
    assert.deepEqual(scanText(`x = "npm_${gen.password(36)}"`, 'a.js'), []);
  });

  it('finds PyPI, SendGrid and Twilio keys', () => {
    const pypi = gen.pypi();
    expectOne(`[pypi]\n  username = __token__\n  password = ${pypi}\n`, '.pypirc', pypi, 'pypi-token', true);
    const sg = gen.sendgrid();
    expectOne(`sgMail.setApiKey('${sg}');`, 'mail.js', sg, 'sendgrid-api-key', true);
    const tw = gen.twilioApiKey();
    expectOne(`client = Client("${tw}", secret)`, 'sms.py', tw, 'twilio-api-key', true);
    const auth = gen.hex(32);
    expectOne(`TWILIO_AUTH_TOKEN = "${auth}"`, 'settings.py', auth, 'twilio-auth-token', true);
  });

  it('finds several secrets in one file, in text order', () => {
    const a = gen.github();
    const b = gen.npm();
    const findings = scanText(`a = "${a}"\n\nb = "${b}"\n`, 'two.py');
    assert.deepEqual(findings.map((f) => [f.rule, f.line]), [['github-pat', 1], ['npm-token', 3]]);
  });

  it('counts columns in UTF-16 units after non-ASCII text', () => {
    const token = gen.github();
    const [f] = scanText(`// clé 🔑\nconst t = "${token}"`, 'u.ts');
    assert.equal(f.line, 2);
    assert.equal(f.column, 'const t = "'.length + 1);
  });
});
