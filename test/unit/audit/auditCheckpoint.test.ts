// Signed, anchored checkpoints against an attacker who can rewrite the log folder: each attack
// passes the old local hash chain (the attacker recomputes it and head.json) and must be caught
// by `airlock audit verify` against the checkpoint anchored on refs/airlock/audit-checkpoints.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { appendAuditEvents } from '../../../src/core/audit/auditAppend';
import { CHECKPOINT_REF } from '../../../src/core/audit/auditAnchor';
import { SSH_NAMESPACE } from '../../../src/core/audit/auditCheckpoint';
import { writeAuditHead } from '../../../src/core/audit/auditFiles';
import { serializeAuditRecord } from '../../../src/core/audit/auditLine';
import { resolveAuditDir } from '../../../src/core/audit/auditLocation';
import type { AuditRecord } from '../../../src/core/audit/auditTypes';
import { verifyAuditLog } from '../../../src/core/audit/auditVerify';
import { generateSignerKey, parseSignerKey } from '../../../src/core/audit/signedNote';
import { runCli } from '../../../src/cli/runCli';
import { analyzeShellCommand } from '../../../src/core/shell/analyzeShellCommand';
import { MINIMAL_POLICY } from '../cli/secretsCliKit';
import { readLines, sampleEvent, writeLines } from './auditTestUtil';

interface Run {
  code: number;
  stdout: string;
}

async function airlock(cwd: string, home: string, ...argv: string[]): Promise<Run> {
  let stdout = '';
  const code = await runCli({
    argv: [...argv, '--root', cwd],
    cwd,
    env: { HOME: home },
    stdout: (t) => (stdout += t),
    stderr: (t) => (stdout += t),
    readStdin: () => Promise.resolve(''),
    now: () => new Date('2026-01-15T12:00:00Z'),
  });
  return { code, stdout };
}

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' } });
}

function repoWithLog(events: number): { root: string; home: string; dir: string; file: string } {
  const base = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'airlock-cp-')));
  const root = path.join(base, 'repo');
  const home = path.join(base, 'home');
  fs.mkdirSync(root);
  fs.mkdirSync(home);
  git(root, 'init', '-q');
  fs.writeFileSync(path.join(root, 'README.md'), 'x\n');
  fs.mkdirSync(path.join(root, '.airlock'));
  fs.writeFileSync(path.join(root, '.airlock', 'policy.json'), MINIMAL_POLICY);
  git(root, 'add', '.');
  git(root, 'commit', '-qm', 'init');
  const dir = resolveAuditDir(root).dir;
  for (let i = 1; i <= events; i++) appendAuditEvents(dir, [sampleEvent(i)]);
  return { root, home, dir, file: path.join(dir, 'audit.jsonl') };
}

/** The careful attacker: renumbers, re-links and re-hashes every line, then fixes head.json. */
function rechain(dir: string, file: string, lines: readonly string[]): void {
  let prev = '0'.repeat(64);
  const out = lines.map((line, i) => {
    const body: Record<string, unknown> = { ...(JSON.parse(line) as AuditRecord), seq: i + 1, prev };
    delete body.hash;
    const s = serializeAuditRecord(body as unknown as Omit<AuditRecord, 'hash'>);
    prev = s.hash;
    return s.line;
  });
  writeLines(file, out);
  writeAuditHead(dir, { seq: out.length, hash: prev, time: new Date().toISOString() });
  assert.ok(verifyAuditLog(dir).ok, 'the rewritten chain passes the local chain check');
}

describe('audit checkpoints anchored on a git ref', function () {
  this.timeout(60_000);

  it('signs a C2SP checkpoint, anchors it, and keeps verifying as the log grows (old lines unchanged)', async () => {
    const { root, home, dir, file } = repoWithLog(20);
    const before = fs.readFileSync(file, 'utf8');
    const made = await airlock(root, home, 'audit', 'checkpoint', '--json');
    assert.equal(made.code, 0, made.stdout);
    const cp = JSON.parse(made.stdout) as { size: number; note: string; anchor: string };
    assert.equal(cp.size, 20);
    assert.match(cp.note, /^airlock\.dev\/audit\/\S+\n20\n[A-Za-z0-9+/]{43}=\n\n\u2014 \S+ [A-Za-z0-9+/]+=*\n$/);
    assert.equal(git(root, 'rev-parse', CHECKPOINT_REF).trim(), cp.anchor);
    assert.equal(fs.readFileSync(file, 'utf8'), before, 'existing records are leaves as they stand');
    assert.equal((fs.statSync(path.join(home, '.airlock', 'keys', 'audit.key')).mode & 0o777).toString(8), '600');
    for (let i = 21; i <= 30; i++) appendAuditEvents(dir, [sampleEvent(i)]);
    const v = await airlock(root, home, 'audit', 'verify', '--json');
    assert.equal(v.code, 0, v.stdout);
    const res = JSON.parse(v.stdout) as { ok: boolean; anchor: { anchored: { size: number }; size: number; inclusionChecked: number } };
    assert.equal(res.anchor.anchored.size, 20);
    assert.equal(res.anchor.size, 30);
    assert.ok(res.anchor.inclusionChecked > 0);
  });

  it('survives git stash -a / git clean -fdx (the log and the ref are out of their reach)', async () => {
    const { root, home } = repoWithLog(5);
    assert.equal((await airlock(root, home, 'audit', 'checkpoint')).code, 0);
    fs.writeFileSync(path.join(root, 'junk.txt'), 'j');
    git(root, 'stash', '-a');
    git(root, 'stash', 'drop');
    git(root, 'clean', '-fdx');
    const v = await airlock(root, home, 'audit', 'verify');
    assert.equal(v.code, 0, v.stdout);
  });

  const attacks: [string, (dir: string, file: string) => void, RegExp][] = [
    ['truncation (tail cut, head.json rewritten)', (dir, file) => rechain(dir, file, readLines(file).slice(0, 12)), /log-shorter-than-anchor/],
    ['deletion of the whole log folder', (dir) => fs.rmSync(dir, { recursive: true, force: true }), /log-shorter-than-anchor/],
    [
      'rewrite of a record with recomputed hashes',
      (dir, file) => {
        const lines = readLines(file);
        assert.match(lines[2], /"verdict":"deny"/);
        lines[2] = lines[2].replace('"verdict":"deny"', '"verdict":"allow"');
        rechain(dir, file, lines);
      },
      /log-rewritten/,
    ],
    [
      'reordering (two records swapped, chain recomputed)',
      (dir, file) => {
        const lines = readLines(file);
        [lines[2], lines[7]] = [lines[7], lines[2]];
        rechain(dir, file, lines);
      },
      /log-rewritten/,
    ],
    [
      'replacement of the whole log with as many fabricated records',
      (dir, file) => {
        const lines = readLines(file).map((l) => l.replace(/"reason":"[^"]*"/, '"reason":"nothing to see"'));
        rechain(dir, file, lines);
      },
      /log-rewritten/,
    ],
  ];
  for (const [name, attack, expected] of attacks) {
    it(`detects ${name} against the anchored checkpoint`, async () => {
      const { root, home, dir, file } = repoWithLog(16);
      assert.equal((await airlock(root, home, 'audit', 'checkpoint')).code, 0);
      attack(dir, file);
      const v = await airlock(root, home, 'audit', 'verify', '--json');
      assert.equal(v.code, 1, v.stdout);
      assert.match(v.stdout, expected);
    });
  }

  it('detects a deleted anchor ref (the copy next to the log remains), and an AI shell may not delete it', async () => {
    const { root, home } = repoWithLog(6);
    assert.equal((await airlock(root, home, 'audit', 'checkpoint')).code, 0);
    git(root, 'update-ref', '-d', CHECKPOINT_REF);
    const v = await airlock(root, home, 'audit', 'verify', '--json');
    assert.equal(v.code, 1, v.stdout);
    assert.match(v.stdout, /anchor-missing/);
    for (const cmd of [`git update-ref -d ${CHECKPOINT_REF}`, `git update-ref ${CHECKPOINT_REF} HEAD`]) {
      const denials = analyzeShellCommand(cmd).denials;
      assert.equal(denials.length, 1, cmd);
      assert.match(JSON.stringify(denials[0]), /refs\/airlock\//);
    }
  });

  it('detects the loss of log, local copy AND ref against a checkpoint kept elsewhere (--checkpoint)', async () => {
    const { root, home, dir } = repoWithLog(9);
    const made = JSON.parse((await airlock(root, home, 'audit', 'checkpoint', '--json')).stdout) as { note: string };
    const kept = path.join(home, 'from-collector.note');
    fs.writeFileSync(kept, made.note);
    fs.rmSync(dir, { recursive: true, force: true });
    git(root, 'update-ref', '-d', CHECKPOINT_REF);
    const plain = await airlock(root, home, 'audit', 'verify');
    assert.equal(plain.code, 0, 'with every local trace gone, only an outside copy can tell');
    const v = await airlock(root, home, 'audit', 'verify', '--json', '--checkpoint', kept);
    assert.equal(v.code, 1, v.stdout);
    assert.match(v.stdout, /log-shorter-than-anchor/);
  });

  it('rejects an anchor re-signed with the attacker\'s own key', async () => {
    const { root, home, dir, file } = repoWithLog(8);
    assert.equal((await airlock(root, home, 'audit', 'checkpoint')).code, 0);
    const realKey = fs.readFileSync(path.join(home, '.airlock', 'keys', 'audit.key'), 'utf8');
    rechain(dir, file, readLines(file).slice(0, 3));
    const attackerHome = fs.mkdtempSync(path.join(os.tmpdir(), 'airlock-attacker-'));
    const forged = await airlock(root, attackerHome, 'audit', 'checkpoint');
    assert.equal(forged.code, 0, forged.stdout);
    const v = await airlock(root, home, 'audit', 'verify', '--json', '--key', parseSignerKey(realKey).verifierKey);
    assert.equal(v.code, 1, v.stdout);
    assert.match(v.stdout, /bad-signature/);
  });

  it('adds an SSH signature that ssh-keygen -Y verify accepts, and rejects for a changed checkpoint', async () => {
    const { root, home } = repoWithLog(4);
    const keyFile = path.join(home, 'id_ed25519');
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'dev@example.com', '-f', keyFile]);
    const made = await airlock(root, home, 'audit', 'checkpoint', '--json', '--ssh-key', keyFile);
    assert.equal(made.code, 0, made.stdout);
    const note = git(root, 'cat-file', 'blob', `${CHECKPOINT_REF}:checkpoint`);
    const sig = path.join(home, 'checkpoint.sig');
    fs.writeFileSync(sig, git(root, 'cat-file', 'blob', `${CHECKPOINT_REF}:checkpoint.sshsig`));
    const allowed = path.join(home, 'allowed_signers');
    fs.writeFileSync(allowed, `dev@example.com ${fs.readFileSync(`${keyFile}.pub`, 'utf8').split(' ').slice(0, 2).join(' ')}\n`);
    const verify = (text: string): number => {
      try {
        execFileSync('ssh-keygen', ['-Y', 'verify', '-f', allowed, '-I', 'dev@example.com', '-n', SSH_NAMESPACE, '-s', sig], { input: text, stdio: ['pipe', 'pipe', 'pipe'] });
        return 0;
      } catch (err) {
        return (err as { status: number }).status;
      }
    };
    assert.equal(verify(note), 0);
    assert.notEqual(verify(note.replace('\n4\n', '\n3\n')), 0);
  });

  it('uses AIRLOCK_AUDIT_SIGNING_KEY when set (CI) and fails clearly on a malformed key', async () => {
    const { root, home } = repoWithLog(2);
    const key = generateSignerKey('ci-audit');
    let out = '';
    const code = await runCli({ argv: ['audit', 'checkpoint', '--root', root], cwd: root, env: { HOME: home, AIRLOCK_AUDIT_SIGNING_KEY: key }, stdout: (t) => (out += t), stderr: (t) => (out += t), readStdin: () => Promise.resolve(''), now: () => new Date() });
    assert.equal(code, 0, out);
    assert.match(out, /\n\u2014 ci-audit /);
    assert.equal(fs.existsSync(path.join(home, '.airlock', 'keys', 'audit.key')), false);
    let bad = '';
    const badCode = await runCli({ argv: ['audit', 'checkpoint', '--root', root], cwd: root, env: { HOME: home, AIRLOCK_AUDIT_SIGNING_KEY: 'PRIVATE+KEY+x+00000000+AAAA' }, stdout: (t) => (bad += t), stderr: (t) => (bad += t), readStdin: () => Promise.resolve(''), now: () => new Date() });
    assert.notEqual(badCode, 0);
    assert.match(bad, /Ed25519|key/);
  });
});
