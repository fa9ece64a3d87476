import * as assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { maskSecret } from '../../../src/core/secrets/maskSecret';
import { toSarif } from '../../../src/core/secrets/sarif';
import { scanText } from '../../../src/core/secrets/scanText';
import { FakeTokens } from './fakeTokens';

describe('secrets: masking', () => {
  const gen = new FakeTokens(71);

  it('shows at most 4 chars, never more than a quarter, plus the length', () => {
    assert.equal(maskSecret('ghp_abcdefghijklmnopqrstuvwxyz0123456789'), 'ghp_…(40 chars)');
    assert.equal(maskSecret('hunter2!'), 'hu…(8 chars)');
    assert.equal(maskSecret('abc'), '…(3 chars)');
  });

  it('never returns a secret, or any 8-char slice of it, in findings or SARIF', () => {
    const pem = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'sec1', format: 'pem' }).toString();
    const password = gen.password(20);
    const secrets = [gen.github(), gen.githubFineGrained(), gen.gitlab(), gen.slackBot(), gen.googleApiKey(), gen.stripe('sk_live'),
      gen.openaiProject(), gen.anthropic(), gen.npm(), gen.pypi(), gen.sendgrid(), gen.twilioApiKey(), gen.awsSecretKey(), password];
    const text = [
      ...secrets.slice(0, -2).map((s, i) => `k${i} = "${s}"`),
      `aws_access_key_id = ${gen.awsKeyId()}`, `aws_secret_access_key = ${secrets[secrets.length - 2]}`,
      `url = "postgres://svc:${password}@db.prod.internal/app"`,
      pem,
    ].join('\n');
    const findings = scanText(text, 'config/all.conf', { includeSuppressed: true });
    assert.equal(findings.length, secrets.length + 1);
    const out = JSON.stringify(findings) + JSON.stringify(toSarif(findings, '1.0.0'));
    const body = pem.split('\n').slice(1, -2).join('');
    for (const s of [...secrets, body]) {
      for (let i = 4; i + 8 <= s.length; i += 4) assert.ok(!out.includes(s.slice(i, i + 8)), `leaked a slice of ${s.slice(0, 4)}…`);
    }
  });
});
