import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fakeJar } from '../../helpers/fakeArchive';
import { FakeTokens } from '../secrets/fakeTokens';
import { airlock, suiteWorkspaces, writeFile } from './secretsCliKit';

interface JsonFinding {
  file: string;
  line: number;
  column: number;
  rule: string;
  value: string;
  blocking: boolean;
  fingerprint: string;
}

describe('cli: airlock secrets scan', () => {
  const gen = new FakeTokens(0x7e57);
  const workspace = suiteWorkspaces();

  it('prints rule, file:line:col and a masked value, never the secret, and exits 1', async () => {
    const token = gen.github();
    const root = workspace({ 'src/deploy.ts': `// deploy\nconst auth = "${token}";\n` });
    const run = await airlock(root, 'secrets', 'scan');
    assert.equal(run.code, 1, run.stderr);
    assert.match(run.stdout, /github-pat\s+src\/deploy\.ts:2:15 {2}ghp_…\(40 chars\)/);
    assert.match(run.stdout, /1 file\(s\) scanned: 1 finding\(s\), 1 blocking/);
    assert.ok(!run.stdout.includes(token) && !run.stderr.includes(token), 'the full secret was printed');
  });

  it('--json prints its findings with workspace-relative file, position, rule and masked value', async () => {
    const token = gen.github();
    const password = gen.password(24);
    const root = workspace({
      'config/.env': `HOST=db\nDB_PASSWORD=${password}\n`,
      'lib/a.py': `x = 1\n\n    TOKEN = '${token}'\n`,
    });
    const run = await airlock(path.join(root, 'lib'), 'secrets', 'scan', '--json', '--root', root);
    assert.equal(run.code, 1, run.stderr);
    const findings = (JSON.parse(run.stdout) as { findings: JsonFinding[] }).findings;
    assert.deepEqual(
      findings.map((f) => [f.file, f.line, f.column, f.rule, f.blocking]),
      [['config/.env', 2, 13, 'generic-secret', false], ['lib/a.py', 3, 14, 'github-pat', true]],
    );
    assert.equal(findings[1].value, 'ghp_…(40 chars)');
    for (const f of findings) assert.match(f.fingerprint, /^[0-9a-f]{64}$/);
    assert.ok(!run.stdout.includes(token) && !run.stdout.includes(password));
  });

  it('exits 0 when the only findings are non-blocking (generic key=value in config)', async () => {
    const root = workspace({ '.env': `API_SECRET=${gen.password(28)}\n`, 'README.md': '# nothing here\n' });
    const run = await airlock(root, 'secrets', 'scan');
    assert.equal(run.code, 0, run.stdout);
    assert.match(run.stdout, /generic-secret\s+\.env:1:12 .*\(not blocking\)/);
    const json = await airlock(root, 'secrets', 'scan', '--json');
    assert.equal(json.code, 0);
    assert.equal((JSON.parse(json.stdout) as { findings: JsonFinding[] }).findings.length, 1);
  });

  it('--sarif prints a SARIF 2.1.0 log with rule, region and masked message', async () => {
    const token = gen.npm();
    const root = workspace({ '.npmrc': `//registry.npmjs.org/:_authToken=${token}\n` });
    const run = await airlock(root, 'secrets', 'scan', '--sarif');
    assert.equal(run.code, 1, run.stderr);
    const log = JSON.parse(run.stdout) as {
      version: string;
      runs: Array<{ tool: { driver: { name: string; rules: Array<{ id: string }> } }; results: Array<{ ruleId: string; level: string; message: { text: string }; locations: Array<{ physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number } } }> }> }>;
    };
    assert.equal(log.version, '2.1.0');
    const [result] = log.runs[0].results;
    assert.equal(result.ruleId, 'npm-token');
    assert.equal(result.level, 'error');
    assert.equal(log.runs[0].tool.driver.rules[0].id, 'npm-token');
    assert.deepEqual(result.locations[0].physicalLocation.artifactLocation.uri, '.npmrc');
    assert.equal(result.locations[0].physicalLocation.region.startLine, 1);
    assert.equal(result.locations[0].physicalLocation.region.startColumn, '//registry.npmjs.org/:_authToken='.length + 1);
    assert.ok(!run.stdout.includes(token));
    assert.ok(result.message.text.includes('npm_…(40 chars)'));
  });

  it('skips what .gitignore ignores unless --all', async () => {
    const token = gen.github();
    const root = workspace({ '.gitignore': 'build/\n*.local\n', 'build/out.js': `var t="${token}";\n`, 'conf.local': `t=${gen.github()}\n`, 'ok.ts': 'export {};\n' });
    const plain = await airlock(root, 'secrets', 'scan', '--json');
    assert.equal(plain.code, 0, plain.stdout);
    assert.deepEqual(JSON.parse(plain.stdout), {
      failed: false,
      gate: { failed: false, reasons: [], blockingFindings: 0, unscannedFiles: 0, secretsUnscanned: 'ask', secretsUnscannedSource: 'default', note: '"secretsUnscanned": "ask", the default: no readable .airlock/policy.json' },
      findings: [],
      unscanned: [],
      acceptedUnscanned: [],
    });
    const all = await airlock(root, 'secrets', 'scan', '--json', '--all');
    assert.equal(all.code, 1);
    assert.deepEqual((JSON.parse(all.stdout) as { findings: JsonFinding[] }).findings.map((f) => f.file), ['build/out.js', 'conf.local']);
  });

  it('scans files git tracks even when a .gitignore pattern added later matches them, within the paths named', async () => {
    const token = gen.github();
    const root = workspace({ 'a/.env': `TOKEN=${token}\n`, 'a/keep.ts': 'export {};\n', 'b/other.ts': 'export {};\n', 'b/untracked.env': `TOKEN=${gen.github()}\n` });
    fs.writeFileSync(path.join(root, 'b', 'blob.zip'), fakeJar(3));
    execFileSync('git', ['init', '-q', root]);
    execFileSync('git', ['-C', root, 'add', 'a', 'b/other.ts', 'b/blob.zip']);
    execFileSync('git', ['-C', root, '-c', 'user.name=A', '-c', 'user.email=a@example.com', 'commit', '-qm', 'x']);
    writeFile(root, '.gitignore', '.env\n*.env\n*.zip\n');
    const all = await airlock(root, 'secrets', 'scan', '--json');
    assert.equal(all.code, 1);
    const report = JSON.parse(all.stdout) as { findings: JsonFinding[]; unscanned: { file: string }[] };
    assert.deepEqual(report.findings.map((f) => f.file), ['a/.env'], 'the tracked .env is scanned; the never-committed, ignored one is not');
    assert.deepEqual(report.unscanned.map((u) => u.file), ['b/blob.zip']);
    const onlyA = JSON.parse((await airlock(root, 'secrets', 'scan', '--json', 'a')).stdout) as { findings: JsonFinding[]; unscanned: { file: string }[] };
    assert.deepEqual([onlyA.findings.map((f) => f.file), onlyA.unscanned], [['a/.env'], []]);
    const onlyB = JSON.parse((await airlock(root, 'secrets', 'scan', '--json', 'b')).stdout) as { findings: JsonFinding[]; unscanned: { file: string }[] };
    assert.deepEqual([onlyB.findings, onlyB.unscanned.map((u) => u.file)], [[], ['b/blob.zip']]);
    assert.ok(!all.stdout.includes(token));
  });

  it('scans only the paths named, relative to the current directory', async () => {
    const root = workspace({ 'a/one.ts': `"${gen.github()}"\n`, 'b/two.ts': `"${gen.github()}"\n`, 'b/c/three.ts': `"${gen.github()}"\n` });
    const run = await airlock(path.join(root, 'b'), 'secrets', 'scan', '--json', '--root', root, 'c', '../a/one.ts');
    assert.equal(run.code, 1);
    assert.deepEqual((JSON.parse(run.stdout) as { findings: JsonFinding[] }).findings.map((f) => f.file), ['b/c/three.ts', 'a/one.ts']);
  });

  it('honours inline allow comments', async () => {
    const root = workspace({ 'x.ts': `const t = "${gen.github()}"; // airlock:allow\nconst u = "${gen.github()}"; // gitleaks:allow\n` });
    const run = await airlock(root, 'secrets', 'scan');
    assert.equal(run.code, 0, run.stdout);
    assert.match(run.stdout, /0 finding\(s\), 0 blocking; 2 accepted/);
  });

  it('refuses a missing path or one outside the workspace with exit 2', async () => {
    const root = workspace({ 'x.ts': '' });
    const missing = await airlock(root, 'secrets', 'scan', 'nope.ts');
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /nope\.ts: no such file or directory/);
    const outside = await airlock(root, 'secrets', 'scan', '--root', root, '..');
    assert.equal(outside.code, 2);
    assert.match(outside.stderr, /outside the workspace/);
  });

  it('rejects unknown subcommands and --json with --sarif (exit 2)', async () => {
    const root = workspace({});
    assert.equal((await airlock(root, 'secrets', 'frobnicate')).code, 2);
    assert.equal((await airlock(root, 'secrets', 'scan', '--json', '--sarif')).code, 2);
    const help = await airlock(root, 'secrets', '--help');
    assert.equal(help.code, 0);
    assert.match(help.stdout, /airlock secrets baseline/);
  });

  it('reports files it could not scan instead of dropping them silently, and fails by the default "secretsUnscanned" without a policy', async () => {
    const root = workspace({});
    writeFile(root, 'big.txt', `${'x'.repeat(5 * 1024 * 1024)}\n`);
    const run = await airlock(root, 'secrets', 'scan');
    assert.equal(run.code, 1, 'no policy: the default "ask" fails the run');
    assert.match(run.stderr, /fails the run: big\.txt: not scanned: too large to scan; check it by hand .*: airlock secrets baseline --unscanned --reason 'checked by hand: <what it holds>' big\.txt\n/);
    assert.match(run.stdout, /1 file\(s\) could not be scanned .*the run fails \("secretsUnscanned": "ask", the default: no readable \.airlock\/policy\.json/);
  });
});
