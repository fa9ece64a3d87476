import * as assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { scanText } from '../../../src/core/secrets/scanText';
import { loadSecretsBaseline, SecretsBaselineError, writeSecretsBaseline } from '../../../src/core/secrets/secretsBaseline';
import { FakeTokens } from './fakeTokens';
import { SECRETS_BASELINE_PATH } from '../../../src/core/words/airlockLayout';

describe('secrets: suppression', () => {
  const gen = new FakeTokens(31);
  let root: string;
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'airlock-secrets-'));
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('honours airlock:allow, gitleaks:allow and pragma: allowlist secret on the same line', () => {
    for (const marker of ['// airlock:allow', '# gitleaks:allow', '# pragma: allowlist secret']) {
      const text = `token = "${gen.github()}"  ${marker}\n`;
      assert.deepEqual(scanText(text, 'a.py'), [], marker);
      const [f] = scanText(text, 'a.py', { includeSuppressed: true });
      assert.equal(f.suppressed, 'inline');
    }
  });

  it('honours next-line pragmas but not an allow comment on another line', () => {
    assert.deepEqual(scanText(`# pragma: allowlist nextline secret\nt = "${gen.github()}"\n`, 'a.py'), []);
    assert.equal(scanText(`# airlock:allow\n\nt = "${gen.github()}"\n`, 'a.py').length, 1);
    assert.equal(scanText(`t = "${gen.github()}"\n# airlock:allow\n`, 'a.py').length, 1);
  });

  it('suppresses a multi-line private key by a marker on its END line', () => {
    const key = generatePem();
    const text = key.trimEnd().replace(/(-----END [A-Z ]+-----)$/, '$1 # airlock:allow');
    assert.deepEqual(scanText(text, 'fixture.pem'), []);
  });

  it('round-trips a baseline: fingerprints only, never the secret', () => {
    const token = gen.github();
    const password = gen.password(20);
    const text = `a = "${token}"\nurl = "postgres://svc:${password}@db.prod.internal/app"\n`;
    const findings = scanText(text, 'src/app.py');
    assert.equal(findings.length, 2);
    writeSecretsBaseline(root, findings);
    const raw = fs.readFileSync(path.join(root, SECRETS_BASELINE_PATH), 'utf8');
    assert.ok(!raw.includes(token) && !raw.includes(token.slice(4, 20)) && !raw.includes(password));
    const baseline = loadSecretsBaseline(root);
    assert.deepEqual(baseline.entries.map((e) => e.rule).sort(), ['connection-url-password', 'github-pat']);
    assert.deepEqual(scanText(text, 'src/app.py', { baseline }), []);
    // Moving the line keeps the fingerprint; a new secret is still reported.
    const newToken = gen.github();
    const moved = `\n\n${text}b = "${newToken}"\n`;
    const left = scanText(moved, 'src/app.py', { baseline });
    assert.deepEqual(left.map((f) => f.line), [5]);
    // The same secret in another file is a different finding.
    assert.equal(scanText(text, 'src/other.py', { baseline }).length, 2);
    const marked = scanText(text, 'src/app.py', { baseline, includeSuppressed: true });
    assert.deepEqual(marked.map((f) => f.suppressed), ['baseline', 'baseline']);
  });

  it('merges into or replaces an existing baseline, atomically and byte-stably', () => {
    const first = scanText(`a = "${gen.github()}"`, 'one.py');
    const second = scanText(`b = "${gen.npm()}"`, 'two.py');
    writeSecretsBaseline(root, first);
    writeSecretsBaseline(root, second, { merge: true });
    assert.equal(loadSecretsBaseline(root).entries.length, 2);
    const before = fs.readFileSync(path.join(root, SECRETS_BASELINE_PATH), 'utf8');
    writeSecretsBaseline(root, [...second, ...first]);
    assert.equal(fs.readFileSync(path.join(root, SECRETS_BASELINE_PATH), 'utf8'), before);
    writeSecretsBaseline(root, second);
    assert.equal(loadSecretsBaseline(root).entries.length, 1);
    assert.deepEqual(fs.readdirSync(path.join(root, '.airlock')), ['secrets-baseline.json']);
  });

  it('treats a missing baseline as empty', () => {
    assert.equal(loadSecretsBaseline(root).fingerprints.size, 0);
  });

  it('reports a corrupt baseline with its position and never overwrites it', () => {
    const file = path.join(root, SECRETS_BASELINE_PATH);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const corrupt = '{\n  "version": 1,\n  "findings": [ { "fingerprint": "abc" \n';
    fs.writeFileSync(file, corrupt);
    assert.throws(() => loadSecretsBaseline(root), (err: unknown) => {
      assert.ok(err instanceof SecretsBaselineError);
      assert.equal(err.file, file);
      assert.ok(err.line >= 3, `line ${err.line}`);
      assert.match(err.message, /invalid secrets baseline/);
      return true;
    });
    assert.throws(() => writeSecretsBaseline(root, scanText(`a = "${gen.github()}"`, 'a.py')), SecretsBaselineError);
    assert.equal(fs.readFileSync(file, 'utf8'), corrupt);
    for (const bad of ['[]', '{"version":2,"findings":[]}', '{"version":1}', '{"version":1,"findings":[{"fingerprint":"ghp_secret","rule":"x","file":"y"}]}']) {
      fs.writeFileSync(file, bad);
      assert.throws(() => loadSecretsBaseline(root), SecretsBaselineError, bad);
    }
  });
});

function generatePem(): string {
  return generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'sec1', format: 'pem' }).toString();
}
