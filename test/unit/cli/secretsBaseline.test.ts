import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FakeTokens } from '../secrets/fakeTokens';
import { airlock, suiteWorkspaces, writeFile } from './secretsCliKit';

describe('cli: airlock secrets baseline', () => {
  const gen = new FakeTokens(0xba5e);
  const workspace = suiteWorkspaces();
  const baselineFile = (root: string): string => path.join(root, '.airlock', 'secrets-baseline.json');

  it('accepts the current findings by fingerprint only; new findings still fail', async () => {
    const first = gen.github();
    const second = gen.slackBot();
    const root = workspace({ 'src/a.ts': `const t = "${first}";\n`, 'src/b.ts': `const s = "${second}";\n` });
    const written = await airlock(root, 'secrets', 'baseline');
    assert.equal(written.code, 0, written.stderr);
    assert.match(written.stdout, /2 finding\(s\) accepted \(2 new, 0 no longer present removed\)/);
    const text = fs.readFileSync(baselineFile(root), 'utf8');
    assert.ok(!text.includes(first) && !text.includes(second), 'the baseline stored a secret');
    const body = JSON.parse(text) as { findings: Array<{ file: string; rule: string; fingerprint: string }> };
    assert.deepEqual(body.findings.map((f) => [f.file, f.rule]), [['src/a.ts', 'github-pat'], ['src/b.ts', 'slack-token']]);

    const clean = await airlock(root, 'secrets', 'scan');
    assert.equal(clean.code, 0, clean.stdout);
    assert.match(clean.stdout, /0 finding\(s\), 0 blocking; 2 accepted/);

    // A finding that moves lines keeps its fingerprint; a new secret is not covered.
    writeFile(root, 'src/a.ts', `\n\nconst t = "${first}";\nconst n = "${gen.github()}";\n`);
    const json = await airlock(root, 'secrets', 'scan', '--json');
    assert.equal(json.code, 1);
    assert.deepEqual((JSON.parse(json.stdout) as { findings: { line: number }[] }).findings.map((f) => f.line), [4]);

    // Re-running replaces the list: the removed secret drops out, the new one is added.
    writeFile(root, 'src/b.ts', 'export {};\n');
    const again = await airlock(root, 'secrets', 'baseline');
    assert.match(again.stdout, /2 finding\(s\) accepted \(1 new, 1 no longer present removed\)/);
    assert.equal((await airlock(root, 'secrets', 'scan')).code, 0);
  });

  it('reports a corrupt baseline with file:line:col, exit 2 and no stack trace, and never overwrites it', async () => {
    const root = workspace({ 'src/a.ts': `"${gen.github()}"\n`, '.airlock/secrets-baseline.json': '{\n  "version": 1,\n  "findings": [,]\n}\n' });
    for (const argv of [['secrets', 'scan'], ['secrets', 'baseline'], ['secrets', 'scan', '--json']]) {
      const run = await airlock(root, ...argv);
      assert.equal(run.code, 2, argv.join(' '));
      assert.match(run.stderr, /^\.airlock\/secrets-baseline\.json:3:16: invalid secrets baseline: JSON ValueExpected; fix the file, or delete it/);
      assert.ok(!/\n\s+at /.test(run.stderr), 'stack trace printed');
      assert.equal(run.stdout, '');
    }
    assert.equal(fs.readFileSync(baselineFile(root), 'utf8'), '{\n  "version": 1,\n  "findings": [,]\n}\n');

    writeFile(root, '.airlock/secrets-baseline.json', '{"version": 1, "findings": [{"fingerprint": "abc", "rule": "x", "file": "y"}]}');
    const bad = await airlock(root, 'secrets', 'scan');
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /secrets-baseline\.json:1:29: .*fingerprint must be 64 lower-case hex/);
  });
});
