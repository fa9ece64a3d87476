// Accepting a file the secret scanner cannot judge (an archive, a file over the cap) by the
// SHA-256 of its bytes: real files, the real CLI in-process, the hook's own secret finder.
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { hookSecretFinder } from '../../../src/cli/hookSecretFinder';
import { fakeJar } from '../../helpers/fakeArchive';
import { FakeTokens } from '../secrets/fakeTokens';
import { airlock, suiteWorkspaces, writeFile } from './secretsCliKit';

const JAR = 'gradle/wrapper/gradle-wrapper.jar';
const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

describe('cli: airlock secrets baseline --unscanned', () => {
  const gen = new FakeTokens(0x5ca7);
  const workspace = suiteWorkspaces();
  const baselineFile = (root: string): string => path.join(root, '.airlock', 'secrets-baseline.json');
  const withJar = (extra: Record<string, string> = {}): string => {
    const root = workspace({ 'src/a.ts': 'export const a = 1;\n', ...extra });
    fs.mkdirSync(path.join(root, 'gradle/wrapper'), { recursive: true });
    fs.writeFileSync(path.join(root, JAR), fakeJar(1));
    return root;
  };
  const unscanned = (root: string): ReturnType<ReturnType<typeof hookSecretFinder>> => hookSecretFinder(root, 0.9)(path.join(root, JAR));

  it('accepts a jar by content hash: the hook finder calls it clean, scan says accepted, one changed byte undoes it', async () => {
    const root = withJar();
    process.env.XDG_CACHE_HOME = path.join(root, '..', `${path.basename(root)}-cache`);
    try {
      assert.ok(unscanned(root) !== null && 'unscanned' in (unscanned(root) ?? {}), 'an archive is unscanned before acceptance');
      const before = await airlock(root, 'secrets', 'scan');
      assert.match(before.stderr, /gradle-wrapper\.jar: not scanned: compressed/);
      assert.equal(before.code, 1, 'an archive nobody accepted fails the gate');

      const run = await airlock(root, 'secrets', 'baseline', '--unscanned', JAR);
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stdout, new RegExp(`accepted ${JAR} \\(compressed or an archive\\) as sha256 ${sha(fakeJar(1))}`));
      const body = JSON.parse(fs.readFileSync(baselineFile(root), 'utf8')) as { version: number; findings: { fingerprint: string; rule: string; file: string; acceptedAt?: string }[] };
      assert.equal(body.version, 1);
      assert.deepEqual(body.findings.map(({ fingerprint, rule, file, acceptedAt }) => ({ fingerprint, rule, file, acceptedAt })), [{ fingerprint: sha(fakeJar(1)), rule: 'unscanned-file', file: JAR, acceptedAt: '2026-01-15T12:00:00.000Z' }]);

      assert.equal(unscanned(root), null, 'accepted content is clean for the hook and the sandbox masks');
      const after = await airlock(root, 'secrets', 'scan');
      assert.equal(after.code, 0);
      assert.doesNotMatch(after.stderr, /not scanned: compressed/);
      assert.match(after.stderr, /gradle-wrapper\.jar: not scanned, content accepted by the baseline/);

      // Re-baselining the findings keeps the accepted file.
      writeFile(root, 'src/b.ts', `const t = "${gen.github()}";\n`);
      assert.equal((await airlock(root, 'secrets', 'baseline')).code, 0);
      const rules = (JSON.parse(fs.readFileSync(baselineFile(root), 'utf8')) as { findings: { rule: string }[] }).findings.map((f) => f.rule).sort();
      assert.deepEqual(rules, ['github-pat', 'unscanned-file']);
      assert.equal(unscanned(root), null);

      // One byte changed: unscanned again, everywhere.
      const changed = fakeJar(1);
      changed[2000] ^= 1;
      fs.writeFileSync(path.join(root, JAR), changed);
      assert.ok(unscanned(root) !== null && 'unscanned' in (unscanned(root) ?? {}));
      const reopened = await airlock(root, 'secrets', 'scan');
      assert.match(reopened.stderr, /gradle-wrapper\.jar: not scanned: compressed/);
      assert.equal(reopened.code, 1, 'a changed accepted file fails the gate again');

      // Accepting the new content replaces the old entry of the same file.
      assert.equal((await airlock(root, 'secrets', 'baseline', '--unscanned', JAR)).code, 0);
      const entries = (JSON.parse(fs.readFileSync(baselineFile(root), 'utf8')) as { findings: { rule: string; fingerprint: string }[] }).findings.filter((f) => f.rule === 'unscanned-file');
      assert.deepEqual(entries.map((e) => e.fingerprint), [sha(changed)]);
    } finally {
      delete process.env.XDG_CACHE_HOME;
    }
  });

  it('a content hash never suppresses a finding: the kinds are kept apart', async () => {
    const token = gen.github();
    const root = withJar({ 'src/t.ts': `const t = "${token}";\n` });
    const found = (JSON.parse((await airlock(root, 'secrets', 'scan', '--json')).stdout) as { findings: { fingerprint: string }[] }).findings;
    writeFile(root, '.airlock/secrets-baseline.json', JSON.stringify({ version: 1, findings: [{ fingerprint: found[0].fingerprint, rule: 'unscanned-file', file: 'src/t.ts' }] }));
    const scan = await airlock(root, 'secrets', 'scan');
    assert.equal(scan.code, 1, 'an unscanned-file entry with a finding\'s fingerprint must not accept the finding');
  });

  it('refuses what is not an unscanned workspace file, or holds a live secret, and then writes nothing', async () => {
    const token = gen.github();
    const root = withJar({ 'docs/readme.md': 'plain text\n' });
    // Over the 4 MB cap, a live token at the end: read whole before acceptance, and refused.
    fs.writeFileSync(path.join(root, 'big.log'), `${'y'.repeat(99)}\n`.repeat(50_000) + `${token}\n`);
    fs.writeFileSync(path.join(root, 'big-clean.log'), `${'z'.repeat(99)}\n`.repeat(50_000));
    fs.symlinkSync(path.join(root, JAR), path.join(root, 'link.jar'));
    const cases: [string[], RegExp][] = [
      [['docs/readme.md'], /the scanner can read this file/],
      [['docs'], /not a regular file/],
      [['link.jar'], /not a regular file/],
      [['missing.jar'], /no such file/],
      [['../outside.jar'], /outside the workspace/],
      [[JAR, 'big.log'], /big\.log: holds a live secret \(github-pat/],
    ];
    for (const [paths, message] of cases) {
      const r = await airlock(root, 'secrets', 'baseline', '--unscanned', ...paths);
      assert.equal(r.code, 2, paths.join(' '));
      assert.match(r.stderr, message);
      assert.ok(!r.stderr.includes(token), 'the secret was printed');
      assert.equal(fs.existsSync(baselineFile(root)), false, `${paths.join(' ')} wrote a baseline`);
    }
    const usage = await airlock(root, 'secrets', 'baseline', '--unscanned');
    assert.equal(usage.code, 2);
    assert.match(usage.stderr, /name the file\(s\) to accept/);
    const ok = await airlock(root, 'secrets', 'baseline', '--unscanned', 'big-clean.log', JAR);
    assert.equal(ok.code, 0, ok.stderr);
    assert.match(ok.stdout, /accepted big-clean\.log \(too large to scan\)/);
  });

  it('a corrupt entry fails closed: the CLI names file:line:column, the hook accepts nothing', async () => {
    const root = withJar();
    const text = `{\n  "version": 1,\n  "findings": [\n    { "fingerprint": "${sha(fakeJar(1))}", "rule": "unscanned-file", "file": "${JAR}" },\n    { "fingerprint": "not-a-hash", "rule": "unscanned-file", "file": "${JAR}" }\n  ]\n}\n`;
    writeFile(root, '.airlock/secrets-baseline.json', text);
    for (const argv of [['secrets', 'scan'], ['secrets', 'baseline', '--unscanned', JAR]]) {
      const r = await airlock(root, ...argv);
      assert.equal(r.code, 2, argv.join(' '));
      assert.match(r.stderr, /^\.airlock\/secrets-baseline\.json:5:5: invalid secrets baseline: findings\[1\]\.fingerprint must be 64 lower-case hex/);
    }
    assert.equal(fs.readFileSync(baselineFile(root), 'utf8'), text, 'a corrupt baseline is never overwritten');
    process.env.XDG_CACHE_HOME = path.join(root, '..', `${path.basename(root)}-cache`);
    try {
      assert.ok('unscanned' in (unscanned(root) ?? {}), 'a corrupt baseline accepts nothing, not even its valid entry');
    } finally {
      delete process.env.XDG_CACHE_HOME;
    }
  });
});
