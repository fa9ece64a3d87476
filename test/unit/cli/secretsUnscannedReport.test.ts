// What `airlock secrets scan` tells a CI reviewer about files the scanner cannot judge: in text,
// JSON and SARIF, which ones the baseline accepts (path, hash, who, when, why) and which ones are
// open, including an accepted file whose content changed since. Real files, real git, the built CLI.
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildCli, runCli } from '../../helpers/builtCli';
import { fakeJar } from '../../helpers/fakeArchive';
import { FakeTokens } from '../secrets/fakeTokens';
import { MINIMAL_POLICY } from './secretsCliKit';

const JAR = 'gradle/wrapper/gradle-wrapper.jar';
const BIG = 'data/big.log';
const OTHER = 'vendor/other.zip';
const sha = (b: Buffer | string): string => createHash('sha256').update(b).digest('hex');

interface Accepted { file: string; sha256: string; reason: string; acceptedAt?: string; acceptedBy?: string; justification?: string; acceptedFor?: string }
interface Unscanned { file: string; rule: string; reason: string; sha256?: string; acceptedSha256?: string }
interface ScanJson { findings: { file: string; rule: string }[]; unscanned: Unscanned[]; acceptedUnscanned: Accepted[] }
interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: string;
  message: { text: string };
  locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[];
  partialFingerprints: Record<string, string>;
  suppressions?: { kind: string; status?: string; justification?: string; properties?: Record<string, string> }[];
  properties?: Record<string, string>;
}
interface SarifLog { version: string; runs: { tool: { driver: { rules: { id: string }[] } }; results: SarifResult[] }[] }

describe('cli (built): secrets scan reports accepted and open unscanned files in text, JSON and SARIF', function () {
  this.timeout(120_000);
  const gen = new FakeTokens(0xacce);
  const made: string[] = [];
  before(() => buildCli());
  after(() => {
    for (const d of made) fs.rmSync(d, { recursive: true, force: true });
  });

  /** A git repository (with an identity only when `who` is given) and a HOME of its own. */
  function repo(who?: { name: string; email: string }): { root: string; run: (...args: string[]) => { code: number | null; stdout: string; stderr: string } } {
    const base = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'airlock-unscanned-report-')));
    made.push(base);
    const root = path.join(base, 'repo');
    const home = path.join(base, 'home');
    fs.mkdirSync(home);
    execFileSync('git', ['init', '-q', root]);
    if (who) {
      execFileSync('git', ['-C', root, 'config', 'user.name', who.name]);
      execFileSync('git', ['-C', root, 'config', 'user.email', who.email]);
    }
    const put = (rel: string, bytes: Buffer | string): void => {
      fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
      fs.writeFileSync(path.join(root, rel), bytes);
    };
    put('src/a.ts', `export const t = "${gen.github()}";\n`);
    put(JAR, fakeJar(1));
    put(OTHER, fakeJar(2));
    put(BIG, `${'z'.repeat(99)}\n`.repeat(50_000)); // 5 MB, over the scanner's 4 MB cap
    const env = { PATH: process.env.PATH, HOME: home, GIT_CONFIG_NOSYSTEM: '1', XDG_CACHE_HOME: path.join(home, '.cache') };
    return {
      root,
      run: (...args) => {
        const r = runCli(args, { cwd: root, env });
        return { code: r.status, stdout: r.stdout, stderr: r.stderr };
      },
    };
  }

  function json(run: ReturnType<typeof repo>['run']): ScanJson {
    const r = run('secrets', 'scan', '--json');
    assert.equal(r.code, 1, 'the live token in src/a.ts still fails the scan');
    return JSON.parse(r.stdout) as ScanJson;
  }

  function sarif(run: ReturnType<typeof repo>['run']): { log: SarifLog; byFile: Map<string, SarifResult> } {
    const r = run('secrets', 'scan', '--sarif');
    assert.equal(r.code, 1);
    const log = JSON.parse(r.stdout) as SarifLog;
    const results = log.runs[0].results.filter((x) => x.ruleId === 'unscanned-file');
    return { log, byFile: new Map(results.map((x) => [decodeURIComponent(x.locations[0].physicalLocation.artifactLocation.uri), x])) };
  }

  it('lists accepted files with hash, who, when and why; open ones stay findings; a changed accepted file is open again everywhere', () => {
    const { root, run } = repo({ name: 'Ann Example', email: 'ann@example.com' });
    const accept = run('secrets', 'baseline', '--unscanned', '--reason', 'Vendored Gradle wrapper and a log fixture, checked by hand', JAR, BIG);
    assert.equal(accept.code, 0, accept.stderr);
    const started = Date.now();

    // JSON: a named array of what was waved through, and the open unscanned file beside the findings.
    const first = json(run);
    assert.deepEqual(first.findings.map((f) => [f.file, f.rule]), [['src/a.ts', 'github-pat']]);
    const accepted = new Map(first.acceptedUnscanned.map((a) => [a.file, a]));
    assert.deepEqual([...accepted.keys()].sort(), [BIG, JAR].sort());
    const jar = accepted.get(JAR);
    assert.equal(jar?.sha256, sha(fakeJar(1)));
    assert.equal(jar?.reason, 'compressed');
    assert.equal(jar?.acceptedBy, 'Ann Example <ann@example.com>');
    assert.equal(jar?.justification, 'Vendored Gradle wrapper and a log fixture, checked by hand');
    assert.ok(jar?.acceptedAt !== undefined && Math.abs(Date.parse(jar.acceptedAt) - started) < 120_000, `acceptedAt ${jar?.acceptedAt}`);
    assert.equal(accepted.get(BIG)?.reason, 'too-large');
    assert.equal(accepted.get(BIG)?.sha256, sha(fs.readFileSync(path.join(root, BIG))));
    assert.deepEqual(first.unscanned, [{ file: OTHER, rule: 'unscanned-file', reason: 'compressed' }]);

    // SARIF: accepted files are results suppressed externally with the baseline's justification; the open one is not suppressed.
    const before = sarif(run);
    const rules = before.log.runs[0].tool.driver.rules;
    for (const [file, result] of before.byFile) {
      assert.equal(rules[result.ruleIndex].id, 'unscanned-file', file);
      // The open file fails the run (no policy here: the default "ask"); accepted ones do not.
      assert.equal(result.level, file === OTHER ? 'error' : 'warning', file);
      assert.equal(result.locations[0].physicalLocation.region.startLine, 1);
      assert.match(Object.values(result.partialFingerprints)[0], /^[0-9a-f]{64}$/);
    }
    const jarResult = before.byFile.get(JAR);
    assert.equal(jarResult?.suppressions?.length, 1);
    const [suppression] = jarResult?.suppressions ?? [];
    assert.equal(suppression.kind, 'external');
    assert.equal(suppression.status, 'accepted');
    assert.match(suppression.justification ?? '', /^Vendored Gradle wrapper and a log fixture, checked by hand \(\.airlock\/secrets-baseline\.json, by Ann Example <ann@example\.com>, 20\d\d-/);
    assert.equal(suppression.properties?.acceptedBy, 'Ann Example <ann@example.com>');
    assert.equal(jarResult?.properties?.sha256, sha(fakeJar(1)));
    assert.equal(before.byFile.get(BIG)?.suppressions?.[0].kind, 'external');
    assert.equal(before.byFile.get(OTHER)?.suppressions, undefined, 'a file nobody accepted is an open result');
    const secret = before.log.runs[0].results.find((x) => x.ruleId === 'github-pat');
    assert.equal(secret?.suppressions, undefined);

    // Text: accepted files named with who/when/why on stderr, the open one as not scanned.
    const text = run('secrets', 'scan');
    assert.match(text.stderr, new RegExp(`${JAR}: not scanned, content accepted by the baseline \\(by Ann Example <ann@example\\.com>, 20\\d\\d-[^)]*\\): Vendored Gradle wrapper`));
    assert.match(text.stderr, new RegExp(`${OTHER}: not scanned: compressed`));

    // `airlock check` (the CI gate) carries the same: JSON and its SARIF log.
    fs.writeFileSync(path.join(root, '.airlock', 'policy.json'), MINIMAL_POLICY);
    const check = run('check', '--json', '--sarif', 'check.sarif');
    const checked = (JSON.parse(check.stdout) as { secrets: { acceptedUnscanned: Accepted[] } }).secrets;
    assert.deepEqual(checked.acceptedUnscanned.map((a) => a.file).sort(), [BIG, JAR].sort(), check.stderr);
    const checkLog = JSON.parse(fs.readFileSync(path.join(root, 'check.sarif'), 'utf8')) as SarifLog;
    assert.deepEqual(checkLog.runs[0].results.filter((x) => x.suppressions?.[0].kind === 'external').map((x) => x.locations[0].physicalLocation.artifactLocation.uri).sort(), [BIG, JAR].sort());
    fs.rmSync(path.join(root, 'check.sarif'));
    assert.match(run('check').stdout, new RegExp(`${JAR}: not scanned, content accepted by the baseline \\(by Ann Example`));

    // One byte of the accepted jar changes: unscanned again, in all three outputs.
    const changed = fakeJar(1);
    changed[100] ^= 1;
    fs.writeFileSync(path.join(root, JAR), changed);
    const textAfter = run('secrets', 'scan');
    assert.doesNotMatch(textAfter.stderr, new RegExp(`${JAR}: not scanned, content accepted`));
    assert.ok(
      textAfter.stderr.includes(`${JAR}: not scanned: compressed or an archive (its content cannot be judged); its content changed since .airlock/secrets-baseline.json accepted it (accepted sha256 ${sha(fakeJar(1))}, now ${sha(changed)})`),
      textAfter.stderr,
    );
    const after = json(run);
    assert.deepEqual(after.acceptedUnscanned.map((a) => a.file), [BIG]);
    assert.deepEqual(after.unscanned.find((u) => u.file === JAR), { file: JAR, rule: 'unscanned-file', reason: 'compressed', sha256: sha(changed), acceptedSha256: sha(fakeJar(1)) });
    const reopened = sarif(run).byFile.get(JAR);
    assert.equal(reopened?.suppressions, undefined, 'a changed accepted file is no longer suppressed');
    assert.match(reopened?.message.text ?? '', /changed since \.airlock\/secrets-baseline\.json accepted it/);
    assert.deepEqual(reopened?.partialFingerprints, jarResult?.partialFingerprints, 'tracked by path: the same alert reopens, it is not a new one');
  });

  it('the same bytes under another name are shown as accepted for the file the baseline names; entries without a record show none', () => {
    const { root, run } = repo();
    // An entry as written before acceptances recorded who and when (hand-made, valid).
    fs.mkdirSync(path.join(root, '.airlock'), { recursive: true });
    fs.writeFileSync(path.join(root, '.airlock', 'secrets-baseline.json'), `${JSON.stringify({ version: 1, findings: [{ fingerprint: sha(fakeJar(1)), rule: 'unscanned-file', file: JAR }] }, null, 2)}\n`);
    fs.copyFileSync(path.join(root, JAR), path.join(root, 'copy.jar'));
    const out = json(run);
    const copy = out.acceptedUnscanned.find((a) => a.file === 'copy.jar');
    assert.deepEqual(copy, { file: 'copy.jar', sha256: sha(fakeJar(1)), reason: 'compressed', acceptedFor: JAR }, 'a reviewer sees which entry waved the copy through');
    assert.deepEqual(out.acceptedUnscanned.find((a) => a.file === JAR), { file: JAR, sha256: sha(fakeJar(1)), reason: 'compressed' });
    const justification = sarif(run).byFile.get('copy.jar')?.suppressions?.[0].justification;
    assert.equal(justification, `Accepted by content hash (.airlock/secrets-baseline.json, as the content of ${JAR})`);

    // Accepting with no git identity records when, and no one.
    assert.equal(run('secrets', 'baseline', '--unscanned', BIG).code, 0);
    const big = json(run).acceptedUnscanned.find((a) => a.file === BIG);
    assert.equal(big?.acceptedBy, undefined);
    assert.match(big?.acceptedAt ?? '', /^20\d\d-\d\d-\d\dT/);
  });

  it('refuses a bad --reason or a record field that is not plain text, and writes nothing', () => {
    const { root, run } = repo({ name: 'Ann Example', email: 'ann@example.com' });
    const file = path.join(root, '.airlock', 'secrets-baseline.json');
    // A reason that could rewrite a CI log line (a new line, a terminal escape) is refused too.
    for (const args of [['--reason', 'why', JAR], ['--unscanned', '--reason', '  ', JAR], ['--unscanned', '--reason', 'ok\n3 file(s) scanned: 0 finding(s)', JAR], ['--unscanned', '--reason', '\u001b[2Kfine', JAR]]) {
      const r = run('secrets', 'baseline', ...args);
      assert.equal(r.code, 2, args.join(' '));
      assert.match(r.stderr, /--reason/);
      assert.equal(fs.existsSync(file), false);
    }
    fs.mkdirSync(path.dirname(file), { recursive: true });
    for (const [field, value] of [['acceptedBy', '42'], ['justification', '"fine\\u001b[1A"']]) {
      const text = `{\n  "version": 1,\n  "findings": [\n    { "fingerprint": "${sha(fakeJar(1))}", "rule": "unscanned-file", "file": "${JAR}", "${field}": ${value} }\n  ]\n}\n`;
      fs.writeFileSync(file, text);
      for (const args of [['scan', '--json'], ['scan', '--sarif'], ['scan'], ['baseline', '--unscanned', BIG]]) {
        const r = run('secrets', ...args);
        assert.equal(r.code, 2, args.join(' '));
        assert.match(r.stderr, new RegExp(`^\\.airlock/secrets-baseline\\.json:4:\\d+: invalid secrets baseline: findings\\[0\\]\\.${field} must be a string without control characters`));
        assert.equal(r.stdout, '', 'no partial report');
      }
      assert.equal(fs.readFileSync(file, 'utf8'), text, 'a corrupt baseline is never overwritten');
    }
  });
});
