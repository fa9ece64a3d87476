import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FakeTokens } from '../secrets/fakeTokens';
import { airlock, MINIMAL_POLICY, suiteWorkspaces, writeFile } from './secretsCliKit';

describe('cli: airlock check with secrets', () => {
  const gen = new FakeTokens(0xc4ec);
  const made = suiteWorkspaces();
  const workspace = (files: Record<string, string>): string => made({ '.airlock/policy.json': MINIMAL_POLICY, ...files });

  it('passes on a clean workspace and reports the scan', async () => {
    const root = workspace({ 'src/index.ts': 'export const x = 1;\n' });
    const run = await airlock(root, 'check');
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.match(run.stdout, /Secrets: \d+ file\(s\) scanned, 0 finding\(s\), 0 blocking/);
    assert.match(run.stdout, /No violations\./);
  });

  it('fails with exit 1 on a blocking finding, lists it masked, and includes it in --json under "secrets"', async () => {
    const token = gen.github();
    const root = workspace({ 'src/index.ts': `export const t = '${token}';\n`, '.env': `API_TOKEN=${gen.password(26)}\n` });
    const run = await airlock(root, 'check');
    assert.equal(run.code, 1, run.stderr);
    assert.match(run.stdout, /secret github-pat at src\/index\.ts:1:19: ghp_…\(40 chars\)/);
    assert.match(run.stdout, /generic-secret\s+\.env:1:11 .*\(not blocking\)/);
    assert.ok(!run.stdout.includes(token));

    const json = await airlock(root, 'check', '--json');
    assert.equal(json.code, 1);
    const report = JSON.parse(json.stdout) as {
      ok: boolean;
      secrets: { findings: Array<{ file: string; rule: string; value: string }>; blocking: number; accepted: number };
      violations: Array<{ kind: string; file?: string }>;
    };
    assert.equal(report.ok, false);
    assert.equal(report.secrets.blocking, 1);
    assert.deepEqual(report.secrets.findings.map((f) => [f.file, f.rule]), [['.env', 'generic-secret'], ['src/index.ts', 'github-pat']]);
    assert.deepEqual(report.violations.filter((v) => v.kind === 'secret').map((v) => v.file), ['src/index.ts']);
    assert.ok(!json.stdout.includes(token));
  });

  it('passes once the finding is baselined', async () => {
    const root = workspace({ 'src/index.ts': `export const t = '${gen.github()}';\n` });
    assert.equal((await airlock(root, 'secrets', 'baseline')).code, 0);
    const run = await airlock(root, 'check', '--json');
    assert.equal(run.code, 0, run.stdout);
    assert.equal((JSON.parse(run.stdout) as { secrets: { accepted: number } }).secrets.accepted, 1);
  });

  it('--sarif FILE writes a SARIF log, baselined findings marked suppressed', async () => {
    const kept = gen.github();
    const root = workspace({ 'src/old.ts': `'${kept}'\n` });
    await airlock(root, 'secrets', 'baseline');
    writeFile(root, 'src/new.ts', `'${gen.github()}'\n`);
    const run = await airlock(root, 'check', '--sarif', 'out/airlock.sarif');
    assert.equal(run.code, 1);
    const text = fs.readFileSync(path.join(root, 'out', 'airlock.sarif'), 'utf8');
    assert.ok(!text.includes(kept));
    const log = JSON.parse(text) as { version: string; runs: Array<{ results: Array<{ locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }>; suppressions?: Array<{ kind: string }> }> }> };
    assert.equal(log.version, '2.1.0');
    assert.deepEqual(
      log.runs[0].results.map((r) => [r.locations[0].physicalLocation.artifactLocation.uri, r.suppressions?.[0].kind ?? null]),
      [['src/new.ts', null], ['src/old.ts', 'external']],
    );
  });

  it('exits 2 with file:line:col on a corrupt baseline, before printing a report', async () => {
    const root = workspace({ '.airlock/secrets-baseline.json': '{"version": 2, "findings": []}' });
    const run = await airlock(root, 'check');
    assert.equal(run.code, 2);
    assert.equal(run.stdout, '');
    assert.match(run.stderr, /\.airlock\/secrets-baseline\.json:1:13: invalid secrets baseline: unsupported "version" 2/);
  });
});
