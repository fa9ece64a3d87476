// The CI gates (`airlock secrets scan`, `airlock check`) on files the secret scanner cannot judge:
// a 5 MB log and a real zip holding a live token fail the run unless the baseline accepts their
// exact bytes or the policy's "secretsUnscanned" is "warn"; text, JSON and SARIF agree with the
// exit code; the printed command is run as printed. Real git repositories, the built CLI.
import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { crc32 } from '../../../src/core/secrets/crc32';
import { buildCli, CLI, runCli } from '../../helpers/builtCli';
import { FakeTokens } from '../secrets/fakeTokens';

const BIG = 'data/dump.log';
const ZIP = 'release/keys.zip';

/** A real zip (one deflated entry, as `zip` writes it) whose only file is ASCII `text`. */
function realZip(name: string, text: string): Buffer {
  const data = deflateRawSync(Buffer.from(text, 'ascii'));
  const crc = crc32(text);
  const nameBytes = Buffer.from(name, 'ascii');
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt16LE(8, 8); // deflate
  local.writeUInt32LE(crc, 14);
  local.writeUInt32LE(data.length, 18);
  local.writeUInt32LE(text.length, 22);
  local.writeUInt16LE(nameBytes.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt16LE(8, 10);
  central.writeUInt32LE(crc, 16);
  central.writeUInt32LE(data.length, 20);
  central.writeUInt32LE(text.length, 24);
  central.writeUInt16LE(nameBytes.length, 28);
  const centralOffset = local.length + nameBytes.length + data.length;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(central.length + nameBytes.length, 12);
  end.writeUInt32LE(centralOffset, 16);
  return Buffer.concat([local, nameBytes, data, central, nameBytes, end]);
}

interface Gate { failed: boolean; reasons: string[]; blockingFindings: number; unscannedFiles: number; secretsUnscanned: string; secretsUnscannedSource: string; note?: string }
interface ScanJson { failed: boolean; gate: Gate; findings: { file: string; rule: string }[]; unscanned: { file: string; reason: string; acceptedSha256?: string }[]; acceptedUnscanned: { file: string }[] }
interface CheckJson { ok: boolean; violations: { kind: string; file?: string; message: string }[]; secrets: { gate: Gate; notScanned: string[] } }
interface SarifLog { runs: { tool: { driver: { rules: { id: string; defaultConfiguration: { level: string } }[] } }; results: { ruleId: string; level: string; locations: { physicalLocation: { artifactLocation: { uri: string } } }[]; suppressions?: unknown[] }[] }[] }

type Run = (cwd: string, ...args: string[]) => { code: number | null; stdout: string; stderr: string };

describe('cli (built): files the secret scanner cannot judge fail the CI gates unless accepted or the policy says warn', function () {
  this.timeout(300_000);
  const gen = new FakeTokens(0x9a7e);
  const made: string[] = [];
  before(() => buildCli());
  after(() => {
    for (const d of made) fs.rmSync(d, { recursive: true, force: true });
  });

  /** A committed git repository with a clean source file, a 5 MB log and a zip holding a live token. */
  function repo(secretsUnscanned?: string | null): { root: string; base: string; run: Run; put: (rel: string, bytes: Buffer | string) => void; sh: (cwd: string, command: string) => number | null } {
    const base = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'airlock-unscanned-gate-')));
    made.push(base);
    const root = path.join(base, 'repo');
    const home = path.join(base, 'home');
    fs.mkdirSync(home);
    const env = { PATH: process.env.PATH, HOME: home, GIT_CONFIG_NOSYSTEM: '1', XDG_CACHE_HOME: path.join(home, '.cache'), GIT_AUTHOR_NAME: 'Ann', GIT_AUTHOR_EMAIL: 'ann@example.com', GIT_COMMITTER_NAME: 'Ann', GIT_COMMITTER_EMAIL: 'ann@example.com' };
    execFileSync('git', ['init', '-q', root], { env });
    const put = (rel: string, bytes: Buffer | string): void => {
      fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
      fs.writeFileSync(path.join(root, rel), bytes);
    };
    put('src/a.ts', 'export const a = 1;\n');
    put(BIG, `${'z'.repeat(99)}\n`.repeat(50_000)); // 5 MB, over the scanner's 4 MB cap
    put(ZIP, realZip('.env', `GITHUB_TOKEN=${gen.github()}\n`));
    if (secretsUnscanned !== null) {
      const policy = { version: 1, classes: { public: { read: 'allow', edit: 'allow', risk: 'low' } }, default: 'public', rules: [], ...(secretsUnscanned !== undefined ? { secretsUnscanned } : {}) };
      put('.airlock/policy.json', JSON.stringify(policy));
    }
    execFileSync('git', ['-C', root, 'add', '-A'], { env });
    execFileSync('git', ['-C', root, 'commit', '-qm', 'init'], { env });
    return {
      root,
      base,
      put,
      run: (cwd, ...args) => {
        const r = runCli(args, { cwd, env });
        return { code: r.status, stdout: r.stdout, stderr: r.stderr };
      },
      // Runs a printed command as a person would paste it, `airlock` being the built CLI.
      sh: (cwd, command) => spawnSync('/bin/sh', ['-c', `airlock() { "$AIRLOCK_NODE" "$AIRLOCK_CLI" "$@"; }\n${command}`], { cwd, env: { ...env, AIRLOCK_NODE: process.execPath, AIRLOCK_CLI: CLI }, encoding: 'utf8' }).status,
    };
  }

  const scanJson = (run: Run, cwd: string, ...extra: string[]): { code: number | null; json: ScanJson } => {
    const r = run(cwd, 'secrets', 'scan', '--json', ...extra);
    return { code: r.code, json: JSON.parse(r.stdout) as ScanJson };
  };
  /** `secrets scan --sarif`'s exit code and the level (and suppression) of each unscanned-file result by file. */
  const scanSarif = (run: Run, cwd: string): { code: number | null; levels: Map<string, string>; ruleLevel?: string } => {
    const r = run(cwd, 'secrets', 'scan', '--sarif');
    return { code: r.code, ...sarifLevels(JSON.parse(r.stdout) as SarifLog) };
  };
  const sarifLevels = (log: SarifLog): { levels: Map<string, string>; ruleLevel?: string } => {
    const results = log.runs[0].results.filter((x) => x.ruleId === 'unscanned-file');
    return {
      levels: new Map(results.map((x) => [decodeURIComponent(x.locations[0].physicalLocation.artifactLocation.uri), `${x.level}${x.suppressions ? ' (suppressed)' : ''}`])),
      ruleLevel: log.runs[0].tool.driver.rules.find((r) => r.id === 'unscanned-file')?.defaultConfiguration.level,
    };
  };
  const checkJson = (run: Run, root: string, sarif: string): { code: number | null; json: CheckJson; log: SarifLog } => {
    const r = run(root, 'check', '--json', '--sarif', sarif);
    return { code: r.code, json: JSON.parse(r.stdout) as CheckJson, log: JSON.parse(fs.readFileSync(path.join(root, sarif), 'utf8')) as SarifLog };
  };
  const acceptCommands = (stderr: string): string[] => [...stderr.matchAll(/then accept its exact content: (airlock secrets baseline .*)$/gm)].map((m) => m[1]);

  it('a 5 MB file and a zip fail `secrets scan` and `check` in every format; the printed commands accept them; a changed byte fails again', () => {
    const { root, run, put, sh } = repo();

    // Text: each file named with why, and the exact command; the verdict's source is said.
    const text = run(root, 'secrets', 'scan');
    assert.equal(text.code, 1, text.stdout + text.stderr);
    assert.ok(text.stderr.includes(`fails the run: ${BIG}: not scanned: too large to scan; check it by hand (it may hold a live key), then accept its exact content: airlock secrets baseline --unscanned --reason 'checked by hand: <what it holds>' ${BIG}\n`), text.stderr);
    assert.ok(text.stderr.includes(`fails the run: ${ZIP}: not scanned: compressed or an archive (its content cannot be judged); check it by hand`), text.stderr);
    assert.match(text.stdout, /0 finding\(s\), 0 blocking\.\n2 file\(s\) could not be scanned for secrets and are not accepted in the baseline: the run fails \(the policy's "secretsUnscanned": "ask"/);

    const failing = scanJson(run, root);
    assert.equal(failing.code, 1);
    assert.equal(failing.json.failed, true);
    assert.deepEqual(failing.json.gate, { failed: true, reasons: ['unscanned-files'], blockingFindings: 0, unscannedFiles: 2, secretsUnscanned: 'ask', secretsUnscannedSource: 'policy' });
    assert.deepEqual(failing.json.unscanned.map((u) => [u.file, u.reason]), [[BIG, 'too-large'], [ZIP, 'compressed']]);
    const sarifFailing = scanSarif(run, root);
    assert.equal(sarifFailing.code, 1);
    assert.deepEqual([...sarifFailing.levels], [[BIG, 'error'], [ZIP, 'error']]);
    assert.equal(sarifFailing.ruleLevel, 'error');

    const check = run(root, 'check');
    assert.equal(check.code, 1, check.stdout);
    assert.match(check.stdout, /2 violation\(s\):\n {2}data\/dump\.log: not scanned: too large to scan; check it by hand .* airlock secrets baseline --unscanned --reason 'checked by hand: <what it holds>' data\/dump\.log\n {2}release\/keys\.zip: not scanned: compressed/);
    const checked = checkJson(run, root, 'check.sarif');
    assert.equal(checked.code, 1);
    assert.equal(checked.json.ok, false);
    assert.deepEqual(checked.json.violations.map((v) => [v.kind, v.file]), [['unscanned-file', BIG], ['unscanned-file', ZIP]]);
    assert.equal(checked.json.secrets.gate.failed, true);
    assert.deepEqual([...sarifLevels(checked.log).levels], [[BIG, 'error'], [ZIP, 'error']]);

    // A person runs the printed commands as printed.
    const commands = acceptCommands(text.stderr);
    assert.equal(commands.length, 2);
    for (const c of commands) assert.equal(sh(root, c), 0, c);

    const passing = scanJson(run, root);
    assert.equal(passing.code, 0);
    assert.equal(passing.json.failed, false);
    assert.deepEqual(passing.json.gate.reasons, []);
    assert.deepEqual(passing.json.acceptedUnscanned.map((a) => a.file), [BIG, ZIP]);
    const sarifPassing = scanSarif(run, root);
    assert.equal(sarifPassing.code, 0);
    assert.deepEqual([...sarifPassing.levels], [[BIG, 'warning (suppressed)'], [ZIP, 'warning (suppressed)']]);
    assert.equal(sarifPassing.ruleLevel, 'warning');
    const checkPassing = checkJson(run, root, 'check.sarif');
    assert.equal(checkPassing.code, 0, JSON.stringify(checkPassing.json.violations));
    assert.equal(checkPassing.json.ok, true);
    assert.equal(checkPassing.json.secrets.gate.failed, false);
    assert.match(run(root, 'check').stdout, /No violations\./);

    // Other bytes under the accepted name (another token in the zip): not accepted any more.
    put(ZIP, realZip('.env', `GITHUB_TOKEN=${gen.github()}\n`));
    const reopened = scanJson(run, root);
    assert.equal(reopened.code, 1);
    assert.deepEqual(reopened.json.gate.reasons, ['unscanned-files']);
    assert.deepEqual(reopened.json.unscanned.map((u) => [u.file, u.acceptedSha256 !== undefined]), [[ZIP, true]]);
    assert.deepEqual([...scanSarif(run, root).levels].sort(), [[BIG, 'warning (suppressed)'], [ZIP, 'error']]);
    const checkReopened = checkJson(run, root, 'check.sarif');
    assert.equal(checkReopened.code, 1);
    assert.deepEqual(checkReopened.json.violations.map((v) => [v.kind, v.file]), [['unscanned-file', ZIP]]);
  });

  it('"secretsUnscanned": "warn" passes both gates and prints the files as warnings; "deny" fails; a blocking finding fails under "warn"', () => {
    const { root, run, put } = repo('warn');
    const text = run(root, 'secrets', 'scan');
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stderr, /^airlock secrets: warning: data\/dump\.log: not scanned: too large to scan; check it by hand/m);
    assert.match(text.stderr, /^airlock secrets: warning: release\/keys\.zip: not scanned: compressed/m);
    assert.match(text.stdout, /2 file\(s\) could not be scanned .*: not failing the run because of the policy's "secretsUnscanned": "warn"/);

    const json = scanJson(run, root);
    assert.equal(json.code, 0);
    assert.deepEqual(json.json.gate, { failed: false, reasons: [], blockingFindings: 0, unscannedFiles: 2, secretsUnscanned: 'warn', secretsUnscannedSource: 'policy' });
    const sarif = scanSarif(run, root);
    assert.equal(sarif.code, 0);
    assert.deepEqual([...sarif.levels], [[BIG, 'warning'], [ZIP, 'warning']]);
    assert.equal(sarif.ruleLevel, 'warning');

    const check = run(root, 'check');
    assert.equal(check.code, 0, check.stdout);
    assert.match(check.stdout, /^ {2}warning: data\/dump\.log: not scanned: too large to scan/m);
    assert.match(check.stdout, /No violations\./);
    const checked = checkJson(run, root, 'check.sarif');
    assert.equal(checked.code, 0);
    assert.deepEqual(checked.json.violations, []);
    assert.deepEqual([...sarifLevels(checked.log).levels], [[BIG, 'warning'], [ZIP, 'warning']]);

    // "warn" is about unscanned files only: a live token still fails.
    put('src/b.ts', `export const t = "${gen.github()}";\n`);
    const withSecret = scanJson(run, root);
    assert.equal(withSecret.code, 1);
    assert.deepEqual(withSecret.json.gate.reasons, ['blocking-findings']);
    assert.equal(run(root, 'check').code, 1);
    fs.rmSync(path.join(root, 'src/b.ts'));

    const policy = path.join(root, '.airlock/policy.json');
    fs.writeFileSync(policy, fs.readFileSync(policy, 'utf8').replace('"warn"', '"deny"'));
    const denied = scanJson(run, root);
    assert.equal(denied.code, 1);
    assert.deepEqual([denied.json.gate.secretsUnscanned, denied.json.gate.reasons], ['deny', ['unscanned-files']]);
    assert.equal(run(root, 'check').code, 1);
  });

  it('without a policy the default "ask" fails the run and says so; the command printed for another folder works there', () => {
    const { root, base, run, sh } = repo(null);
    const text = run(root, 'secrets', 'scan');
    assert.equal(text.code, 1);
    assert.match(text.stdout, /the run fails \("secretsUnscanned": "ask", the default: no readable \.airlock\/policy\.json;/);
    const json = scanJson(run, root);
    assert.deepEqual([json.json.failed, json.json.gate.secretsUnscannedSource, json.json.gate.note], [true, 'default', '"secretsUnscanned": "ask", the default: no readable .airlock/policy.json']);
    // JSON keeps stdout parseable; the verdict still reaches stderr.
    assert.match(run(root, 'secrets', 'scan', '--json').stderr, /^airlock secrets: 2 file\(s\) could not be scanned/m);

    const elsewhere = path.join(base, 'ci');
    fs.mkdirSync(elsewhere);
    const fromThere = run(elsewhere, 'secrets', 'scan', '--root', '../repo');
    assert.equal(fromThere.code, 1);
    const commands = acceptCommands(fromThere.stderr);
    assert.deepEqual(commands, [
      `airlock secrets baseline --unscanned --reason 'checked by hand: <what it holds>' --root ../repo ../repo/${BIG}`,
      `airlock secrets baseline --unscanned --reason 'checked by hand: <what it holds>' --root ../repo ../repo/${ZIP}`,
    ]);
    for (const c of commands) assert.equal(sh(elsewhere, c), 0, c);
    assert.equal(run(elsewhere, 'secrets', 'scan', '--root', '../repo').code, 0);
  });

  it('attacker: an ignore pattern does not hide a committed archive, nor a zip signature a token; an odd name gets a command that works; node_modules is skipped by design', () => {
    const { root, run, put, sh } = repo();
    fs.rmSync(path.join(root, BIG));
    fs.rmSync(path.join(root, ZIP));
    // Committed, then hidden by a pattern: CI's checkout has it, so the gate must see it.
    put('vendor/blob.zip', realZip('key.pem', '-----BEGIN PRIVATE KEY-----\n'));
    put('-rf it\'s.zip', realZip('a.txt', 'x'.repeat(200)));
    execFileSync('git', ['-C', root, 'add', '-A']);
    execFileSync('git', ['-C', root, '-c', 'user.name=Ann', '-c', 'user.email=ann@example.com', 'commit', '-qm', 'archives']);
    put('.gitignore', '*.zip\n');
    // Never committed and ignored: not in CI's checkout, not judged.
    put('local/scratch.zip', realZip('s.txt', 'scratch'));
    // Vendored dependencies are never scanned (.git and node_modules), tracked or not.
    put('node_modules/pkg/huge.bin', Buffer.alloc(5 * 1024 * 1024, 7));
    // A text file with a live token behind a zip signature: the scanner cannot judge it, so it is not clean.
    put('notes.txt', Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0]), Buffer.from(`\ntoken=${gen.github()}\n`)]));

    const scan = run(root, 'secrets', 'scan');
    assert.equal(scan.code, 1, scan.stderr);
    const json = scanJson(run, root);
    assert.deepEqual(json.json.unscanned.map((u) => u.file).sort(), ['-rf it\'s.zip', 'notes.txt', 'vendor/blob.zip']);
    const check = checkJson(run, root, 'check.sarif');
    assert.equal(check.code, 1);
    assert.deepEqual(check.json.violations.map((v) => v.file).sort(), ['-rf it\'s.zip', 'notes.txt', 'vendor/blob.zip']);

    // A name that looks like an option, with a space and a quote: quoted, after `--`, and it works.
    const commands = acceptCommands(scan.stderr);
    assert.ok(commands.includes(`airlock secrets baseline --unscanned --reason 'checked by hand: <what it holds>' -- '-rf it'\\''s.zip'`), commands.join('\n'));
    for (const c of commands) assert.equal(sh(root, c), 0, c);
    assert.equal(run(root, 'secrets', 'scan').code, 0);
    assert.equal(run(root, 'check').code, 0);
  });

  it('attacker: the printed command run inside `airlock exec` (where an AI\'s shell runs) accepts nothing; the gate still fails', () => {
    const { root, run, sh } = repo();
    const commands = acceptCommands(run(root, 'secrets', 'scan').stderr);
    assert.equal(commands.length, 2);
    for (const c of commands) assert.notEqual(sh(root, `airlock exec -- /bin/sh -c ${JSON.stringify(`"$AIRLOCK_NODE" "$AIRLOCK_CLI" ${c.replace(/^airlock /, '')}`)}`), 0, c);
    assert.equal(fs.existsSync(path.join(root, '.airlock/secrets-baseline.json')), false);
    assert.equal(run(root, 'secrets', 'scan').code, 1);
    assert.equal(run(root, 'check').code, 1);
  });
});
