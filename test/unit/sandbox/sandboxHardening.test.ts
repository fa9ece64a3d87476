// What a command inside the sandbox must not reach in Airlock's own per-user state (the secret-scan
// cache and its HMAC key, the launcher's bin/ and lib/), and a sandbox inside the sandbox (Claude
// Code's own, under `airlock run --proc bind`) that starts but cannot lift a mask. Real bubblewrap.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { workspaceRoot } from '../../../src/core/paths/canonicalPath';
import { loadPolicy } from '../../../src/core/policy/loadPolicy';
import { bwrapArgs } from '../../../src/core/sandbox/bwrapArgs';
import { buildSandboxSpec } from '../../../src/core/sandbox/buildSandboxSpec';
import { gitControlPaths } from '../../../src/core/sandbox/gitControlPaths';
import { nestedUserFrom } from '../../../src/core/sandbox/nestedUser';
import { buildCli, CLI } from '../../helpers/builtCli';
import { CANARIES, leakedCanaries, sandboxTemplate } from '../../helpers/sandboxWorkspace';

const KEY = 'AIRLOCK_TEST_HMAC_KEY_0123456789abcdef';

describe('sandbox hardening (real bubblewrap)', function () {
  this.timeout(300_000);
  let template: ReturnType<typeof sandboxTemplate>;
  let home = '';
  before(() => {
    buildCli();
    template = sandboxTemplate();
  });
  after(() => template.dispose());
  beforeEach(() => {
    home = realpathSync(mkdtempSync(path.join(tmpdir(), 'airlock-home-')));
  });
  afterEach(() => rmSync(home, { recursive: true, force: true }));

  const run = (ws: string, args: readonly string[], script: string, env: NodeJS.ProcessEnv = {}): ReturnType<typeof spawnSync> & { stdout: string; stderr: string } =>
    spawnSync(process.execPath, [CLI, ...args, '--', '/bin/bash', '-c', script], { cwd: ws, encoding: 'utf8', env: { ...process.env, HOME: home, XDG_CACHE_HOME: '', ...env } }) as ReturnType<typeof spawnSync> & { stdout: string; stderr: string };

  it('the secret-scan cache (its HMAC key) is masked: not readable, not listable, nothing can be planted', () => {
    const ws = template.fresh();
    const cache = path.join(home, '.cache/airlock/secret-scan');
    mkdirSync(path.join(cache, 'ab'), { recursive: true });
    writeFileSync(path.join(cache, 'key'), KEY);
    writeFileSync(path.join(cache, 'ab', 'entry'), 'clean');
    for (const mode of ['exec', 'run']) {
      const r = run(ws, [mode], `cat ${cache}/key; ls -A ${cache} | wc -l; echo forged > ${cache}/key || echo refused; mkdir ${cache}/zz || echo refused`);
      assert.equal(r.status, 0, r.stderr);
      assert.doesNotMatch(r.stdout, new RegExp(KEY), mode);
      assert.deepEqual(r.stdout.trim().split('\n'), ['0', 'refused', 'refused'], mode);
      assert.equal(readFileSync(path.join(cache, 'key'), 'utf8'), KEY);
    }
  });

  it('a missing secret-scan cache is created before the sandbox starts, so a command inside cannot plant a key there', () => {
    const ws = template.fresh();
    const cache = path.join(home, '.cache/airlock/secret-scan');
    const r = run(ws, ['exec'], `mkdir -p ${cache} && printf forged > ${cache}/key; echo done`);
    assert.equal(r.status, 0, r.stderr);
    // Airlock's own scan (outside, before the start) may have made the real key; none was planted.
    const key = path.join(cache, 'key');
    assert.ok(existsSync(cache), 'created before the start');
    assert.notEqual(existsSync(key) ? readFileSync(key, 'utf8') : '', 'forged');
  });

  it('the same with XDG_CACHE_HOME pointing elsewhere', () => {
    const ws = template.fresh();
    const xdg = path.join(home, 'xdg');
    mkdirSync(path.join(xdg, 'airlock/secret-scan'), { recursive: true });
    writeFileSync(path.join(xdg, 'airlock/secret-scan/key'), KEY);
    const r = run(ws, ['exec'], `cat ${xdg}/airlock/secret-scan/key; echo x > ${xdg}/airlock/secret-scan/key || echo refused`, { XDG_CACHE_HOME: xdg });
    assert.doesNotMatch(r.stdout, new RegExp(KEY));
    assert.match(r.stdout, /refused/);
  });

  it("the launcher's ~/.airlock/bin and ~/.airlock/lib are read-only inside", () => {
    const ws = template.fresh();
    for (const dir of ['bin', 'lib']) {
      mkdirSync(path.join(home, '.airlock', dir), { recursive: true });
      writeFileSync(path.join(home, '.airlock', dir, 'airlock'), '#!/bin/sh\n');
    }
    const r = run(ws, ['exec'], `for d in bin lib; do echo evil > ${home}/.airlock/$d/airlock || echo refused; touch ${home}/.airlock/$d/new || echo refused; done; mv ${home}/.airlock ${home}/gone || echo refused`);
    assert.deepEqual(r.stdout.trim().split('\n'), ['refused', 'refused', 'refused', 'refused', 'refused']);
    assert.equal(readFileSync(path.join(home, '.airlock/bin/airlock'), 'utf8'), '#!/bin/sh\n');
  });

  it('--proc bind: a bubblewrap inside starts (as Claude Code nests its own), and no namespace made inside lifts a mask', () => {
    const ws = template.fresh();
    const inner = 'bwrap --ro-bind / / --dev /dev --unshare-pid --proc /proc --unshare-net -- /bin/sh -c "echo inner-started; cat .env; cat secrets/signing-key.pem"';
    const attack = [
      inner,
      'unshare -Urm /bin/sh -c "umount .env; umount secrets; cat .env; cat secrets/signing-key.pem; ls -A secrets"',
      'unshare -Urm /bin/sh -c "mount --bind / /mnt && cat /mnt$PWD/.env"',
      'bwrap --bind / / --dev /dev --tmpfs /x -- /bin/sh -c "cat .env"',
    ].join('; ');
    const r = run(ws, ['run', '--proc', 'bind'], `${attack}; echo end`);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /inner-started/, `a nested sandbox must start:\n${r.stderr}`);
    assert.deepEqual(leakedCanaries(r.stdout + r.stderr), []);
    assert.match(r.stdout, /end/);
  });

  it('airlock run -- claude without --proc bind says how to keep its Bash working; with it, nothing to say', () => {
    const ws = template.fresh();
    const bin = path.join(home, 'bin');
    mkdirSync(bin);
    writeFileSync(path.join(bin, 'claude'), '#!/bin/sh\necho fake-claude\n', { mode: 0o755 });
    const env = { ...process.env, HOME: home, PATH: `${bin}:${process.env.PATH ?? ''}` };
    const plain = spawnSync(process.execPath, [CLI, 'run', '--', 'claude'], { cwd: ws, encoding: 'utf8', env });
    assert.equal(plain.stdout, 'fake-claude\n');
    assert.match(plain.stderr, /--proc bind -- claude/);
    const bind = spawnSync(process.execPath, [CLI, 'run', '--proc', 'bind', '--', 'claude'], { cwd: ws, encoding: 'utf8', env });
    assert.equal(bind.stdout, 'fake-claude\n');
    assert.doesNotMatch(bind.stderr, /--proc bind/);
  });

  it('--proc bind as root runs the command as an ordinary account, mapped onto root (files stay its own)', () => {
    const ws = template.fresh();
    const r = run(ws, ['run', '--proc', 'bind'], 'id -u; stat -c %u src/app.ts; echo ok > src/new.txt && cat src/new.txt');
    assert.equal(r.status, 0, r.stderr);
    const [uid, owner, wrote] = r.stdout.trim().split('\n');
    if (process.getuid?.() === 0) assert.notEqual(uid, '0');
    assert.equal(owner, uid, 'the workspace belongs to the user inside');
    assert.equal(wrote, 'ok');
    assert.ok(CANARIES['.env']);
  });
});

describe('sandbox spec details', () => {
  it('root nests as the first regular account, else nobody', () => {
    assert.deepEqual(nestedUserFrom('root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1::/usr/sbin:/x\ndev:x:1000:1000::/home/dev:/bin/bash\n'), { uid: 1000, gid: 1000, home: '/home/dev' });
    assert.deepEqual(nestedUserFrom('root:x:0:0:root:/root:/bin/bash\nnobody:x:65534:65534::/nonexistent:/x\n'), { uid: 65534, gid: 65534, home: null });
    assert.deepEqual(nestedUserFrom(''), { uid: 65534, gid: 65534, home: null });
  });

  it('renders the nested account as a user namespace of its own', () => {
    const spec = { root: '/w', masks: [], readOnly: [], writable: [], scratch: [], residual: [] };
    const args = bwrapArgs(spec, { cwd: '/w', proc: 'bind', nestAs: { uid: 1000, gid: 1001, home: null } });
    const at = args.indexOf('--unshare-user');
    assert.ok(at > 0);
    assert.deepEqual(args.slice(at, at + 5), ['--unshare-user', '--uid', '1000', '--gid', '1001']);
    assert.ok(args.indexOf('--cap-drop') >= 0, 'capabilities are still dropped');
    // Any other caller with the host /proc gets a user namespace too (keeps outside /proc/<pid>/root shut), as itself.
    const plain = bwrapArgs(spec, { cwd: '/w', proc: 'bind' });
    assert.ok(plain.includes('--unshare-user'));
    assert.equal(plain.includes('--uid'), false);
  });

  it('.git/config.worktree is frozen only where git reads it (extensions.worktreeConfig)', () => {
    const dir = realpathSync(mkdtempSync(path.join(tmpdir(), 'airlock-gitcfg-')));
    try {
      spawnSync('git', ['init', '-q'], { cwd: dir });
      writeFileSync(path.join(dir, '.git/config.worktree'), '');
      const names = (): string[] => gitControlPaths(dir).map((p) => path.basename(p.path)).sort();
      assert.deepEqual(names(), ['config', 'hooks']);
      spawnSync('git', ['config', 'extensions.worktreeConfig', 'true'], { cwd: dir });
      assert.deepEqual(names(), ['config', 'config.worktree', 'hooks']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('--explain names git history as not covered in a repository (and says where to look)', () => {
    const dir = realpathSync(mkdtempSync(path.join(tmpdir(), 'airlock-hist-')));
    try {
      mkdirSync(path.join(dir, '.airlock'));
      writeFileSync(path.join(dir, '.airlock/policy.json'), JSON.stringify({ version: 1, rules: [] }));
      const build = (): readonly string[] => buildSandboxSpec({ engine: loadPolicy(dir, { env: {} }), workspace: workspaceRoot(dir), home: null }).residual;
      assert.equal(build().some((r) => r.startsWith('git history')), false, 'no repository, nothing to say');
      spawnSync('git', ['init', '-q'], { cwd: dir });
      assert.ok(build().some((r) => r.startsWith('git history') && r.includes('airlock check')));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('an extra home (the nested account) gets its start-up files frozen and its credentials masked', () => {
    const dir = realpathSync(mkdtempSync(path.join(tmpdir(), 'airlock-homes-')));
    try {
      const ws = path.join(dir, 'ws');
      const other = path.join(dir, 'other');
      mkdirSync(path.join(ws, '.airlock'), { recursive: true });
      writeFileSync(path.join(ws, '.airlock/policy.json'), JSON.stringify({ version: 1, rules: [], outside: 'deny' }));
      mkdirSync(path.join(other, '.ssh'), { recursive: true });
      writeFileSync(path.join(other, '.bashrc'), '');
      const s = buildSandboxSpec({ engine: loadPolicy(ws, { env: {} }), workspace: workspaceRoot(ws), home: null, extraHomes: [other] });
      assert.ok(s.readOnly.some((r) => r.path === path.join(other, '.bashrc')));
      assert.ok(s.masks.some((m) => m.path === path.join(other, '.ssh')));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
