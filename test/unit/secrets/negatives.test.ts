import * as assert from 'node:assert/strict';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { scanText } from '../../../src/core/secrets/scanText';
import { FakeTokens } from './fakeTokens';

describe('secrets: things that are not secrets', () => {
  const gen = new FakeTokens(23);

  it('ignores AWS documentation keys', () => {
    const text = 'aws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n';
    assert.deepEqual(scanText(text, 'docs/aws.md'), []);
    assert.deepEqual(scanText(text, 'config/aws.ini'), []);
  });

  it('ignores hashes, UUIDs, integrity strings and base64 images', () => {
    const sha1 = createHash('sha1').update('a').digest('hex');
    const sha256 = createHash('sha256').update('a').digest('hex');
    const integrity = `sha512-${createHash('sha512').update('a').digest('base64')}`;
    const png = `data:image/png;base64,${randomBytes(3000).toString('base64')}`;
    const lock = JSON.stringify({ packages: { 'node_modules/x': { version: '1.0.0', resolved: 'https://registry.npmjs.org/x/-/x-1.0.0.tgz', integrity } } });
    const text = [
      `commit ${sha1}`, `const digest = "${sha256}";`, `id: ${randomUUID()}`, lock,
      `<img src="${png}">`, `const css = "background:url(${png})";`,
    ].join('\n');
    assert.deepEqual(scanText(text, 'src/mixed.ts'), []);
    assert.deepEqual(scanText(`SECRET_SHA=${sha1}\nBUILD_ID=${randomUUID()}\n`, '.env').filter((f) => f.blocking), []);
  });

  it('ignores token-shaped placeholders', () => {
    const text = [
      'GITHUB_TOKEN=ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
      'token: ghp_0123456789abcdefghijklmnopqrstuvwxyz',
      'SLACK=xoxb-your-token-here',
      'hook: https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX',
      'STRIPE_KEY=sk_live_xxxxxxxxxxxxxxxxxxxxxxxx',
      'key = "AIzaSyXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX"',
      'OPENAI_API_KEY=sk-...',
      'ANTHROPIC_API_KEY=sk-ant-api03-...',
      'NPM_TOKEN=npm_XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX',
      'glpat-xxxxxxxxxxxxxxxxxxxx',
    ].join('\n');
    assert.deepEqual(scanText(text, 'docs/setup.md'), []);
  });

  it('ignores publishable and test-looking keys in documentation', () => {
    assert.deepEqual(scanText(`Stripe.setPublishableKey('${gen.stripe('pk_test')}')`, 'web/app.js'), []);
  });

  it('does not report prefixes inside longer words', () => {
    const token = gen.github();
    assert.deepEqual(scanText(`const x = "X${token}";`, 'a.ts'), []);
    assert.deepEqual(scanText(`const x = "${token}Z";`, 'a.ts'), []);
  });

  it('stays quiet on ordinary source that mentions the anchors', () => {
    const text = [
      "import { Octokit } from '@octokit/rest'; // uses ghp_ tokens",
      "const re = /^(gh[pousr]_[A-Za-z0-9]{36})$/;",
      "if (key.startsWith('sk-')) throw new Error('OpenAI keys start with sk-');",
      "const url = 'postgres://' + user + ':' + pass + '@' + host;",
      "const template = `mysql://${user}:${password}@${host}/db`;",
      "task-runner --disk-size 10 --risk-level low",
      "const TASK_ID = 'SK' + id;",
    ].join('\n');
    assert.deepEqual(scanText(text, 'src/explain.ts'), []);
  });
});

describe('secrets: adversarial input shapes', () => {
  it('terminates on names longer than the name cap before a keyword (regression: a hang)', () => {
    const text = `${'x'.repeat(200)}key = "v"\n${'a_'.repeat(100)}token: "${'b'.repeat(30)}"\n`;
    assert.deepEqual(scanText(text, 'a.json').filter((f) => f.blocking), []);
  });

  it('reports but does not block a credential presented as an example', () => {
    const gen = new FakeTokens(5);
    const [f] = scanText(`throw new Error("Must be in valid uri format like dotenv://:${gen.password(12)}@dotenvx.com/vault");`, 'lib/x.js');
    assert.equal(f.blocking, false);
    const [g] = scanText(`// It will be like: token = "${gen.github()}"\n`, 'lib/y.js');
    assert.equal(g.blocking, false);
    assert.match(g.description, /example/);
  });
});
