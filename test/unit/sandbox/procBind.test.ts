// `--proc bind` shows the host's processes (Claude Code's own sandbox needs the host /proc to
// start inside Airlock's). Real bubblewrap: from inside, /proc/<pid>/root, cwd, environ and fd of
// outside processes — root's and those of the very account the sandbox runs as — must not reach a
// protected file, whether the sandbox is started by root (the nested account) or by another user.
import * as assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { nestedUser } from '../../../src/core/sandbox/nestedUser';
import { buildCli, CLI } from '../../helpers/builtCli';
import { CANARIES, leakedCanaries, sandboxTemplate } from '../../helpers/sandboxWorkspace';

/** Probes every process's links into another file system view, as an attacker inside would. */
function probe(ws: string, pids: readonly number[]): string {
  // fd 3 of a holder is .env; other descriptors may be pipes a read would wait on forever.
  const each = (d: string, fds: string): string => `timeout 2 cat ${d}/root${ws}/.env ${d}/cwd/.env ${d}/environ ${fds}; timeout 2 ls ${d}/root${ws}/secrets`;
  return `${pids.map((p) => each(`/proc/${p}`, `/proc/${p}/fd/3`)).join('; ')}; for d in /proc/[0-9]*; do ${each('$d', '')}; done 2>/dev/null; true`;
}

describe('sandbox --proc bind: outside processes cannot be entered (real bubblewrap)', function () {
  this.timeout(300_000);
  let template: ReturnType<typeof sandboxTemplate>;
  let holders: ChildProcess[] = [];
  before(() => {
    assert.equal(process.getuid?.(), 0, 'this test switches accounts: run it as root, as .ci/run does');
    buildCli();
    template = sandboxTemplate();
  });
  after(() => template?.dispose());
  afterEach(() => {
    for (const h of holders) h.kill('SIGKILL');
    holders = [];
  });

  /** An outside process of `uid` that sits in the workspace with .env open and the canary in its environment. */
  const holder = (ws: string, uid: number): number => {
    const h = spawn('setpriv', [`--reuid=${uid}`, `--regid=${uid}`, '--clear-groups', '/bin/bash', '-c', 'exec 3<.env; exec sleep 120'], { cwd: ws, env: { PATH: process.env.PATH, LEAK: CANARIES['.env'] }, stdio: 'ignore' });
    holders.push(h);
    spawnSync('sleep', ['0.3']);
    return h.pid as number;
  };

  it('started by root (the agent as the nested account): root\'s and that account\'s processes stay shut', () => {
    const ws = template.fresh();
    const nested = nestedUser();
    assert.ok(nested !== null, 'user namespaces must be on for this mode');
    const pids = [holder(ws, 0), holder(ws, nested.uid)];
    // From outside (as root) the holders really expose the file: the probe is real.
    assert.ok(leakedCanaries(spawnSync('/bin/bash', ['-c', probe(ws, pids)], { encoding: 'utf8' }).stdout).length > 0);
    const r = spawnSync(process.execPath, [CLI, 'run', '--proc', 'bind', '--', '/bin/bash', '-c', `ls /proc | grep -c '^[0-9]'; ${probe(ws, pids)}`], { cwd: ws, encoding: 'utf8', env: { ...process.env } });
    assert.equal(r.status, 0, r.stderr);
    assert.ok(Number(r.stdout.split('\n')[0]) > 4, 'the host processes are visible (that is what --proc bind is)');
    assert.deepEqual(leakedCanaries(`${r.stdout}${r.stderr}`), []);
  });

  it('started by an ordinary user: that user\'s own outside processes stay shut', () => {
    const ws = template.fresh();
    const uid = 65534;
    const home = realpathSync(mkdtempSync(path.join(tmpdir(), 'airlock-procbind-home-')));
    chownSync(home, uid, uid);
    chmodSync(path.dirname(ws), 0o755);
    try {
      const pids = [holder(ws, uid)];
      assert.ok(leakedCanaries(spawnSync('setpriv', [`--reuid=${uid}`, `--regid=${uid}`, '--clear-groups', '/bin/bash', '-c', probe(ws, pids)], { encoding: 'utf8' }).stdout).length > 0, 'the same user outside can read them: the probe is real');
      const r = spawnSync('setpriv', [`--reuid=${uid}`, `--regid=${uid}`, '--clear-groups', process.execPath, CLI, 'exec', '--proc', 'bind', '--', '/bin/bash', '-c', probe(ws, pids)], { cwd: ws, encoding: 'utf8', env: { ...process.env, HOME: home, XDG_CACHE_HOME: '' } });
      assert.equal(r.status, 0, r.stderr);
      assert.deepEqual(leakedCanaries(`${r.stdout}${r.stderr}`), [], r.stdout);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });
});
