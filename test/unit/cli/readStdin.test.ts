// The hook's stdin without streams: the built `airlock hook` fed through a real pipe by a slow
// writer, from a file, and from a pipe whose writer never closes (the deadline must still answer,
// blocking, and the process exit); and the non-blocking reader on a real FIFO, where EAGAIN
// between a slow writer's chunks must lose nothing.
import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { closeSync, constants, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { join } from 'node:path';
import { drainNonBlocking } from '../../../src/cli/readStdin';
import { buildCli, CLI } from '../../helpers/builtCli';
import { tempWorkspace, type TempWorkspace } from '../../helpers/tempWorkspace';

const POLICY = '{ "version": 1, "rules": [ { "paths": ["**/.env"], "class": "secret", "reason": "Credentials" } ] }';

describe('airlock hook: reading stdin', function () {
  this.timeout(60_000);
  let ws: TempWorkspace;
  let dir: string;
  let env: NodeJS.ProcessEnv;
  before(() => buildCli());
  beforeEach(() => {
    ws = tempWorkspace({ '.env': 'API_KEY=canary-123', 'src/app.ts': 'export const a = 1;' });
    ws.policy(POLICY);
    dir = mkdtempSync(join(tmpdir(), 'airlock-stdin-'));
    env = { ...process.env, AIRLOCK_BASELINE: '', XDG_CACHE_HOME: join(dir, 'cache') };
  });
  afterEach(() => {
    ws.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  const readEvent = (rel: string): string => JSON.stringify({ session_id: 's', transcript_path: '/tmp/t', cwd: ws.root, hook_event_name: 'PreToolUse', tool_name: 'Read', tool_input: { file_path: join(ws.root, rel) }, tool_use_id: 't1' });

  it('reads the whole event from a pipe whose writer sends it in pieces, with pauses', () => {
    const event = readEvent('.env');
    const cut = [20, 90, event.length - 5];
    const pieces = [event.slice(0, cut[0]), event.slice(cut[0], cut[1]), event.slice(cut[1], cut[2]), event.slice(cut[2])];
    pieces.forEach((p, i) => writeFileSync(join(dir, `p${i}`), p));
    // `sh`'s `|` is a real pipe (a FIFO), unlike Node's socketpair stdio.
    const writer = pieces.map((_, i) => `sleep 0.2; cat '${join(dir, `p${i}`)}'`).join('; ');
    const r = spawnSync('/bin/sh', ['-c', `(${writer}) | '${process.execPath}' '${CLI}' hook`], { cwd: ws.root, env, encoding: 'utf8' });
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stdout, /"permissionDecision":"deny"/);
    assert.match(r.stdout, /\.env\\" is class \\"secret\\"/);
  });

  it('allows an ordinary Read piped in one go, and reads an event from a file', () => {
    const piped = spawnSync('/bin/sh', ['-c', `printf '%s' '${readEvent('src/app.ts')}' | '${process.execPath}' '${CLI}' hook`], { cwd: ws.root, env, encoding: 'utf8' });
    assert.equal(piped.status, 0, piped.stderr);
    assert.equal(piped.stdout, '');
    const file = join(dir, 'event.json');
    writeFileSync(file, readEvent('.env'));
    const fd = openSync(file, 'r');
    try {
      const r = spawnSync(process.execPath, [CLI, 'hook'], { cwd: ws.root, env, encoding: 'utf8', stdio: [fd, 'pipe', 'pipe'] });
      assert.equal(r.status, 2, r.stderr);
      assert.match(r.stdout, /"permissionDecision":"deny"/);
    } finally {
      closeSync(fd);
    }
  });

  it('blocks at the deadline and exits while a pipe writer keeps stdin open and silent', async () => {
    const fifo = join(dir, 'fifo');
    execFileSync('mkfifo', [fifo]);
    // Held open for writing by this process for the whole test: the hook never sees the end.
    const holder = openSync(fifo, constants.O_RDWR | constants.O_NONBLOCK);
    try {
      const child = spawn(process.execPath, [CLI, 'hook', '--client', 'codex'], { cwd: ws.root, env: { ...env, AIRLOCK_HOOK_DEADLINE_MS: '400' }, stdio: [holder, 'pipe', 'pipe'] });
      let out = '';
      child.stdout?.on('data', (c: Buffer) => (out += c.toString()));
      child.stderr?.on('data', (c: Buffer) => (out += c.toString()));
      const code = await new Promise<number | null>((resolve) => {
        const guard = setTimeout(() => {
          child.kill('SIGKILL');
          resolve(null);
        }, 20_000);
        child.on('exit', (c) => {
          clearTimeout(guard);
          resolve(c);
        });
      });
      assert.equal(code, 2, `the hook did not exit on its own (output: ${out})`);
      assert.match(out, /did not answer within 400 ms/);
    } finally {
      closeSync(holder);
    }
  });

  /** The built hook with Node's own stdio (a socketpair, as Claude Code and the Copilot CLI spawn hooks); resolves with its exit code and output once it exits (null: killed after 20 s). */
  function hookOverSocket(feed: (stdin: NodeJS.WritableStream) => void, extraEnv: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
    const child = spawn(process.execPath, [CLI, 'hook', '--client', 'claude-code'], { cwd: ws.root, env: { ...env, ...extraEnv }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    feed(child.stdin);
    return new Promise((resolve) => {
      const guard = setTimeout(() => {
        child.kill('SIGKILL');
      }, 20_000);
      child.on('exit', (code) => {
        clearTimeout(guard);
        child.stdin.destroy();
        resolve({ code, stdout, stderr });
      });
    });
  }

  it('reads the whole event from a socket whose writer sends it in pieces, with pauses', async () => {
    const event = readEvent('.env');
    const r = await hookOverSocket((stdin) => {
      const pieces = [event.slice(0, 20), event.slice(20, 90), event.slice(90)];
      pieces.forEach((p, i) => setTimeout(() => (i === pieces.length - 1 ? stdin.end(p) : stdin.write(p)), 150 * (i + 1)));
    });
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stdout, /"permissionDecision":"deny"/);
    assert.match(r.stdout, /\.env\\" is class \\"secret\\"/);
  });

  it('answers a whole event at once, and exits, while the socket writer keeps stdin open', async () => {
    const r = await hookOverSocket((stdin) => stdin.write(readEvent('.env')));
    assert.equal(r.code, 2, `the hook did not exit on its own (${r.stderr})`);
    assert.equal(r.stdout.match(/hookSpecificOutput/g)?.length, 1, r.stdout);
    assert.match(r.stdout, /"permissionDecision":"deny"/);
  });

  it('blocks at the deadline and exits, with one answer, while a socket writer sends part of an event and goes silent', async () => {
    const r = await hookOverSocket((stdin) => stdin.write(readEvent('src/app.ts').slice(0, 60)), { AIRLOCK_HOOK_DEADLINE_MS: '400' });
    assert.equal(r.code, 2, `the hook did not exit on its own (${r.stderr})`);
    assert.match(r.stderr, /did not answer within 400 ms/);
    assert.equal(r.stderr.match(/Airlock blocked this/g)?.length, 1, r.stderr);
  });

  it('a socket event that stops half-way is blocked when the stdin wait runs out, once, and the process exits', async () => {
    const r = await hookOverSocket((stdin) => stdin.write(readEvent('src/app.ts').slice(0, 60)));
    assert.equal(r.code, 2, `the hook did not exit on its own (${r.stderr})`);
    assert.match(r.stderr, /reading the hook event from stdin timed out/);
    assert.equal(r.stderr.match(/Airlock blocked this/g)?.length, 1, r.stderr);
    assert.doesNotMatch(r.stderr, /did not answer within/);
  });

  it('reads a large event (over one read) from a socket', async () => {
    const event = JSON.stringify({ session_id: 's', transcript_path: '/tmp/t', cwd: ws.root, hook_event_name: 'PreToolUse', tool_name: 'Write', tool_input: { file_path: path.join(ws.root, '.env'), content: `x${'é'.repeat(200_000)}` }, tool_use_id: 't1' });
    const r = await hookOverSocket((stdin) => stdin.end(event));
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stdout, /"permissionDecision":"deny"/);
  });

  it('the non-blocking reader waits through EAGAIN on a real FIFO and loses nothing', async () => {
    const fifo = join(dir, 'fifo');
    execFileSync('mkfifo', [fifo]);
    const fd = openSync(fifo, constants.O_RDONLY | constants.O_NONBLOCK);
    // This process holds a write end until the writer is done, so the pipe ends only after it.
    const holder = openSync(fifo, constants.O_WRONLY | constants.O_NONBLOCK);
    const text = `{"a":"${'x'.repeat(100_000)}","b":"é€"}`;
    writeFileSync(join(dir, 'big'), text);
    // A writer that waits, sends a first part, pauses, then the rest (over 64 KiB in all).
    const writer = spawn('/bin/sh', ['-c', `sleep 0.2; exec 3>'${fifo}'; head -c 70000 '${join(dir, 'big')}' >&3; sleep 0.3; tail -c +70001 '${join(dir, 'big')}' >&3`]);
    writer.on('exit', () => closeSync(holder));
    const got = await drainNonBlocking(fd);
    assert.equal(got, text);
  });

  it('the non-blocking reader gives up after its time limit instead of waiting forever', async () => {
    const fifo = join(dir, 'fifo');
    execFileSync('mkfifo', [fifo]);
    const holder = openSync(fifo, constants.O_RDWR | constants.O_NONBLOCK);
    try {
      const fd = openSync(fifo, constants.O_RDONLY | constants.O_NONBLOCK);
      await assert.rejects(drainNonBlocking(fd, 150), /no end of input after 150 ms/);
    } finally {
      closeSync(holder);
    }
  });
});
