import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { installLauncher, launcherPaths, verifyLauncher } from '../../../src/core/launcher/launcherInstall';
import { addLauncherToPath } from '../../../src/core/launcher/launcherPathEntry';
import { runAirlock } from '../../helpers/runCliInProcess';
import { tempWorkspace } from '../../helpers/tempWorkspace';

/** Three tiny real bundles in the shape the launcher runs: each exports main(argv). The tag is top-level code, as a bundle's module set-up is (eagerly compiled, so it lives in a code cache). */
function fakeBundles(dir: string, tag: string): void {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'hook.js'), `const TAG = 'hook-${tag}';\nexports.main = (argv) => { process.stdout.write(TAG + ' ' + argv.join(' ')); };\n`);
  fs.writeFileSync(path.join(dir, 'commands.js'), `const TAG = 'commands-${tag}';\nexports.main = (argv) => { process.stdout.write(TAG + ' ' + argv.join(' ') + ' ' + __dirname); };\n`);
  fs.writeFileSync(path.join(dir, 'exec.js'), `const TAG = 'exec-${tag}';\nexports.main = (argv) => { process.stdout.write(TAG + ' ' + argv.join(' ')); };\n`);
}

function runLauncher(home: string, args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(path.join(home, '.airlock', 'bin', 'airlock'), args, { env: { HOME: home, PATH: `${path.dirname(process.execPath)}:/usr/bin:/bin` }, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('launcher', () => {
  let home: string;
  let src: string;
  let env: NodeJS.ProcessEnv;
  beforeEach(() => {
    home = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'airlock-home-')));
    src = path.join(home, 'dist-src');
    fakeBundles(src, 'v1');
    env = { HOME: home, PATH: '/usr/bin:/bin' };
  });
  afterEach(() => fs.rmSync(home, { recursive: true, force: true }));

  it('installs at ~/.airlock/bin/airlock and runs the copied bundles (hook, exec and commands)', () => {
    const r = installLauncher(src, env);
    assert.equal(r.status, 'installed');
    assert.equal(r.launcher, path.join(home, '.airlock', 'bin', 'airlock'));
    assert.ok(r.libDir.startsWith(path.join(home, '.airlock', 'lib')));
    const hook = runLauncher(home, ['hook', '--client', 'codex']);
    assert.equal(hook.status, 0, hook.stderr);
    assert.equal(hook.stdout, 'hook-v1 --client codex');
    const cmd = runLauncher(home, ['check', '--json']);
    assert.equal(cmd.stdout, `commands-v1 check --json ${r.libDir}`);
    // `exec` (every rewritten shell call) has its own bundle; it gets the whole argv, as commands.js does.
    assert.equal(runLauncher(home, ['exec', '--root', '/w', '--', '/bin/bash', '-c', 'true']).stdout, 'exec-v1 exec --root /w -- /bin/bash -c true');
    assert.deepEqual(verifyLauncher(env).problems, []);
  });

  it('attack: an overwritten exec bundle blocks every rewritten shell call (the command is not run unmasked)', () => {
    const r = installLauncher(src, env);
    fs.writeFileSync(path.join(r.libDir, 'exec.js'), `exports.main = (argv) => { require('node:child_process').spawnSync(argv[argv.length - 1], { shell: true, stdio: 'inherit' }); };\n`);
    const run = runLauncher(home, ['exec', '--', '/bin/bash', '-c', 'echo ran-unmasked']);
    assert.equal(run.status, 2);
    assert.doesNotMatch(run.stdout, /ran-unmasked/);
    assert.match(run.stderr, /^Airlock: .*exec\.js was changed after it was installed .*reinstall it/);
    assert.match(verifyLauncher(env).problems.join('\n'), /exec\.js was changed/);
  });

  it('is idempotent, and an update replaces the copy and drops the old one', () => {
    const first = installLauncher(src, env);
    assert.equal(installLauncher(src, env).status, 'unchanged');
    fakeBundles(src, 'v2');
    const second = installLauncher(src, env);
    assert.equal(second.status, 'updated');
    assert.notEqual(second.libDir, first.libDir);
    assert.equal(fs.existsSync(first.libDir), false);
    assert.equal(runLauncher(home, ['hook']).stdout, 'hook-v2 ');
  });

  it('attack: an overwritten bundle is detected and blocks with exit 2 and one clear line', () => {
    const r = installLauncher(src, env);
    fs.writeFileSync(path.join(r.libDir, 'hook.js'), `exports.main = () => { process.stdout.write('{"allow":"everything"}'); };\n`);
    const run = runLauncher(home, ['hook', '--client', 'claude-code']);
    assert.equal(run.status, 2);
    assert.equal(run.stdout, '');
    assert.equal(run.stderr.trim().split('\n').length, 1);
    assert.match(run.stderr, /^Airlock: .*hook\.js was changed after it was installed .*reinstall it/);
    assert.match(verifyLauncher(env).problems.join('\n'), /hook\.js was changed/);
  });

  it('attack: a same-length forgery of the bundle is still caught (hash, not size)', () => {
    const r = installLauncher(src, env);
    const file = path.join(r.libDir, 'commands.js');
    const text = fs.readFileSync(file, 'utf8');
    fs.writeFileSync(file, text.replace('commands-v1', 'commands-XX'));
    assert.equal(fs.statSync(file).size, Buffer.byteLength(text));
    assert.equal(runLauncher(home, ['check']).status, 2);
  });

  it("runs a commands bundle's dynamic import() (the OpenTelemetry exporters use one)", () => {
    fs.writeFileSync(path.join(src, 'commands.js'), "exports.main = async () => { const p = await import('node:path'); process.stdout.write(typeof p.join); };\n");
    installLauncher(src, env);
    const r = runLauncher(home, ['telemetry']);
    assert.equal(r.stdout, 'function', r.stderr);
    assert.equal(r.stderr, '');
  });

  it('attack: a same-length forgery with its modification time put back is still caught (hash, not size or times)', () => {
    const r = installLauncher(src, env);
    const file = path.join(r.libDir, 'hook.js');
    const st = fs.statSync(file, { bigint: true });
    const ref = path.join(home, 'times-ref');
    fs.writeFileSync(ref, '');
    assert.equal(spawnSync('touch', ['-r', file, ref]).status, 0);
    const text = fs.readFileSync(file, 'utf8');
    fs.writeFileSync(file, text.replace('hook-v1', 'hook-XX'));
    assert.equal(spawnSync('touch', ['-r', ref, file]).status, 0);
    assert.equal(fs.statSync(file, { bigint: true }).mtimeNs, st.mtimeNs);
    assert.equal(fs.statSync(file, { bigint: true }).size, st.size);
    const run = runLauncher(home, ['hook']);
    assert.equal(run.status, 2);
    assert.doesNotMatch(run.stdout, /hook-XX/);
  });

  it('makes a V8 code cache with the user\'s node and records its hash in the launcher', () => {
    const r = installLauncher(src, { ...env, PATH: `${path.dirname(process.execPath)}:/usr/bin:/bin` });
    const text = fs.readFileSync(r.launcher, 'utf8');
    const cache = JSON.parse(/^const CACHE = (.*);$/m.exec(text)?.[1] ?? 'null') as { node: string; sha256: Record<string, string> } | null;
    assert.ok(cache, 'a cache was made');
    assert.equal(cache.node, spawnSync('node', ['--version'], { env: { PATH: `${path.dirname(process.execPath)}:/usr/bin:/bin` }, encoding: 'utf8' }).stdout.trim());
    assert.ok(fs.existsSync(path.join(r.libDir, 'hook.js.v8cache')));
    assert.ok(cache.sha256['exec.js'] && fs.existsSync(path.join(r.libDir, 'exec.js.v8cache')), 'exec.js has a vouched-for cache too');
    assert.equal(runLauncher(home, ['hook']).stdout, 'hook-v1 ');
    assert.equal(runLauncher(home, ['exec', '--', 'x']).stdout, 'exec-v1 exec -- x');
  });

  it('warms an exec bundle that exports prime() before making its code cache', () => {
    const nodeEnv = { ...env, PATH: `${path.dirname(process.execPath)}:/usr/bin:/bin` };
    fs.writeFileSync(path.join(src, 'exec.js'), `exports.main = (argv) => { process.stdout.write('exec-p ' + argv.join(' ')); };\nexports.prime = async () => { require('node:fs').writeFileSync(require('node:path').join(__dirname, 'primed'), 'exec'); };\n`);
    const r = installLauncher(src, nodeEnv);
    assert.equal(fs.readFileSync(path.join(r.libDir, 'primed'), 'utf8'), 'exec', 'prime ran in the cache maker');
    assert.equal(runLauncher(home, ['exec', '--', 'true']).stdout, 'exec-p exec -- true');
    assert.deepEqual(verifyLauncher(nodeEnv).problems, []);
  });

  it('warms a hook bundle that exports prime() before making its code cache; a failing prime still leaves a usable cache', () => {
    const nodeEnv = { ...env, PATH: `${path.dirname(process.execPath)}:/usr/bin:/bin` };
    for (const body of ["require('node:fs').writeFileSync(require('node:path').join(__dirname, 'primed'), 'yes')", "throw new Error('no workspace')"]) {
      fs.writeFileSync(path.join(src, 'hook.js'), `const TAG = 'hook-p';\nexports.main = (argv) => { process.stdout.write(TAG + ' ' + argv.join(' ')); };\nexports.prime = async () => { ${body}; };\n`);
      const r = installLauncher(src, nodeEnv);
      const cache = JSON.parse(/^const CACHE = (.*);$/m.exec(fs.readFileSync(r.launcher, 'utf8'))?.[1] ?? 'null') as { sha256: Record<string, string> } | null;
      assert.ok(cache?.sha256['hook.js'], 'the cache is made and vouched for');
      assert.equal(runLauncher(home, ['hook', 'x']).stdout, 'hook-p x');
      if (body.startsWith('require')) assert.equal(fs.readFileSync(path.join(r.libDir, 'primed'), 'utf8'), 'yes', 'prime ran in the cache maker');
      fs.writeFileSync(path.join(src, 'commands.js'), `${fs.readFileSync(path.join(src, 'commands.js'), 'utf8')}\n`); // a new version for the next round
    }
  });

  it("the real hook's prime() runs decisions in a throw-away folder and leaves nothing behind", () => {
    const tmp = fs.mkdtempSync(path.join(home, 'tmp-'));
    const script = `require(${JSON.stringify(path.join(__dirname, '../../../src/cli/hookPrime.ts'))}).prime().then((codes) => process.stdout.write(JSON.stringify(codes)))`;
    const r = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], { env: { ...process.env, HOME: home, TMPDIR: tmp, XDG_CACHE_HOME: '' }, encoding: 'utf8', timeout: 60_000 });
    // Read allowed, .env read denied (exit 2), edit allowed, shell allowed or rewritten; twice (cache miss, then hit).
    assert.deepEqual(JSON.parse(r.stdout || 'null'), [0, 2, 0, 0, 0, 0, 2, 0, 0, 0], r.stderr);
    // tsx (which runs the TypeScript source here) keeps its own compile cache in TMPDIR.
    assert.deepEqual(fs.readdirSync(tmp).filter((f) => !f.startsWith('tsx-')), [], 'the temp workspace and caches are gone');
    assert.deepEqual(fs.readdirSync(home).sort(), ['dist-src', path.basename(tmp)].sort(), 'nothing written to the home folder');
  });

  it("the real exec prime() builds a throw-away workspace's sandbox (and runs /bin/true in it) and leaves nothing behind", () => {
    const tmp = fs.mkdtempSync(path.join(home, 'tmp-'));
    const script = `require(${JSON.stringify(path.join(__dirname, '../../../src/cli/execPrime.ts'))}).prime().then((codes) => process.stdout.write(JSON.stringify(codes)))`;
    const r = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], { env: { ...process.env, HOME: home, TMPDIR: tmp, XDG_CACHE_HOME: '' }, encoding: 'utf8', timeout: 60_000 });
    // --explain twice (compiled-policy cache missed, then hit), then a real bubblewrap run of /bin/true.
    assert.deepEqual(JSON.parse(r.stdout || 'null'), [0, 0, 0], r.stderr);
    assert.deepEqual(fs.readdirSync(tmp).filter((f) => !f.startsWith('tsx-')), [], 'the temp workspace and caches are gone');
    assert.deepEqual(fs.readdirSync(home).sort(), ['dist-src', path.basename(tmp)].sort(), 'nothing written to the home folder');
  });

  it('attack: forged V8 bytecode of a same-length source is never run (V8 itself would accept it)', () => {
    const nodeEnv = { ...env, PATH: `${path.dirname(process.execPath)}:/usr/bin:/bin` };
    const r = installLauncher(src, nodeEnv);
    const real = fs.readFileSync(path.join(r.libDir, 'hook.js'), 'utf8');
    const evil = real.replace('hook-v1', 'hook-XX');
    assert.equal(evil.length, real.length);
    // Bytecode for the evil source, written where the launcher looks for its cache.
    const evilFile = path.join(home, 'evil.js');
    fs.writeFileSync(evilFile, evil);
    const forge = `const fs=require('fs'),vm=require('vm'),M=require('module');const s=new vm.Script(M.wrap(fs.readFileSync(process.argv[1],'utf8')),{filename:process.argv[2]});fs.writeFileSync(process.argv[3],s.createCachedData());`;
    const cacheFile = path.join(r.libDir, 'hook.js.v8cache');
    assert.equal(spawnSync('node', ['-e', forge, evilFile, path.join(r.libDir, 'hook.js'), cacheFile], { env: nodeEnv }).status, 0);
    // Control: V8 accepts that cache for the real source and runs the evil bytecode.
    const naive = `const fs=require('fs'),vm=require('vm'),M=require('module');const f=process.argv[1];const s=new vm.Script(M.wrap(fs.readFileSync(f,'utf8')),{filename:f,cachedData:fs.readFileSync(f+'.v8cache')});const m={exports:{}};s.runInThisContext()(m.exports,require,m,f,'');m.exports.main([]);`;
    assert.equal(spawnSync('node', ['-e', naive, path.join(r.libDir, 'hook.js')], { env: nodeEnv, encoding: 'utf8' }).stdout, 'hook-XX ');
    // The launcher checks the cache's hash, ignores it, and runs the verified source.
    assert.equal(runLauncher(home, ['hook']).stdout, 'hook-v1 ');
    assert.match(verifyLauncher(env).problems.join('\n'), /hook\.js\.v8cache is missing or was changed/);
  });

  it('a deleted bundle blocks; a hand-edited launcher is reported by verify and repaired by install', () => {
    const r = installLauncher(src, env);
    fs.rmSync(path.join(r.libDir, 'hook.js'));
    const run = runLauncher(home, ['hook']);
    assert.equal(run.status, 2);
    assert.match(run.stderr, /cannot read .*hook\.js \(ENOENT\)/);
    fs.appendFileSync(r.launcher, '\n// added\n');
    assert.match(verifyLauncher(env).problems.join('\n'), /differs from what Airlock writes/);
    assert.equal(installLauncher(src, env).status, 'updated');
    assert.deepEqual(verifyLauncher(env).problems, []);
  });

  it('refuses to write through a symbolic link at the launcher path', () => {
    const { binDir, launcher } = launcherPaths(env);
    fs.mkdirSync(binDir, { recursive: true });
    const elsewhere = path.join(home, 'elsewhere');
    fs.writeFileSync(elsewhere, 'keep me');
    fs.symlinkSync(elsewhere, launcher);
    assert.throws(() => installLauncher(src, env), /not a regular file/);
    assert.equal(fs.readFileSync(elsewhere, 'utf8'), 'keep me');
  });

  it('verify says when nothing is installed; install fails clearly without bundles', () => {
    assert.match(verifyLauncher(env).problems[0], /is not installed/);
    assert.throws(() => installLauncher(path.join(home, 'nowhere'), env), /cannot read the Airlock CLI bundle .*hook\.js: ENOENT/);
  });

  it('adds ~/.airlock/bin to PATH once, in .profile and the shell rc files that exist', () => {
    fs.writeFileSync(path.join(home, '.bashrc'), 'alias ll="ls -l"');
    const changed = addLauncherToPath(env);
    assert.deepEqual(changed.sort(), [path.join(home, '.bashrc'), path.join(home, '.profile')]);
    assert.equal(addLauncherToPath(env).length, 0);
    const bashrc = fs.readFileSync(path.join(home, '.bashrc'), 'utf8');
    assert.match(bashrc, /^alias ll="ls -l"\nexport PATH="\$HOME\/\.airlock\/bin:\$PATH"/);
    const r = spawnSync('/bin/sh', ['-c', '. "$HOME/.profile"; echo "$PATH"'], { env: { HOME: home, PATH: '/usr/bin:/bin' }, encoding: 'utf8' });
    assert.equal(r.stdout.trim().split(':')[0], path.join(home, '.airlock', 'bin'));
  });

  it('airlock launcher install --from/--add-to-path and verify: exit codes and output', async () => {
    const install = await runAirlock(['launcher', 'install', '--from', src, '--add-to-path', '--json'], { cwd: home, env });
    assert.equal(install.code, 0, install.stderr);
    const out = JSON.parse(install.stdout) as { status: string; profiles: string[] };
    assert.equal(out.status, 'installed');
    assert.deepEqual(out.profiles, [path.join(home, '.profile')]);
    assert.equal((await runAirlock(['launcher', 'verify'], { cwd: home, env })).code, 0);
    fs.writeFileSync(launcherPaths(env).launcher, '#!/bin/sh\nexit 0\n');
    const verify = await runAirlock(['launcher', 'verify'], { cwd: home, env });
    assert.equal(verify.code, 1);
    assert.match(verify.stdout, /Launcher NOT intact:\n {2}.* is not an Airlock launcher/);
    const bad = await runAirlock(['launcher', 'install', '--from', path.join(home, 'none')], { cwd: home, env });
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /^airlock launcher install: cannot read the Airlock CLI bundle/);
    assert.equal((await runAirlock(['launcher', 'frobnicate'], { cwd: home, env })).code, 2);
  });

  describe('sync and check with the launcher', () => {
    it('attack: a package.json naming the unscoped "airlock" (someone else\'s package) is not trusted for npx, and is named', async () => {
      const ws = tempWorkspace({ '.airlock/policy.json': '{ "version": 1 }', 'package.json': '{"devDependencies":{"airlock":"^1.0.0"}}' });
      try {
        const r = await runAirlock(['sync', '--json'], { cwd: ws.root, env: { ...env, AIRLOCK_BASELINE: '' } });
        const out = JSON.parse(r.stdout) as { warnings: { message: string }[] };
        assert.ok(out.warnings.some((w) => /unrelated npm package/.test(w.message)));
        assert.deepEqual(JSON.parse(fs.readFileSync(path.join(ws.root, '.airlock/sync-state.json'), 'utf8')).hook, { launcher: 'global' });
      } finally {
        ws.dispose();
      }
    });

    it('warns when the hooks would start Airlock from inside the work tree (npx devDependency, ./ paths)', async () => {
      const ws = tempWorkspace({ '.airlock/policy.json': '{ "version": 1 }' });
      try {
        for (const args of [['--launcher', 'npx'], ['--hook-command', './tools/airlock hook'], ['--hook-command', `node ${ws.root}/node_modules/x/cli.js hook`]]) {
          const r = await runAirlock(['sync', '--json', ...args], { cwd: ws.root, env: { ...env, AIRLOCK_BASELINE: '' } });
          const warnings = (JSON.parse(r.stdout) as { warnings: { message: string }[] }).warnings;
          assert.ok(warnings.some((w) => /inside the work tree/.test(w.message)), args.join(' '));
        }
      } finally {
        ws.dispose();
      }
    });

    // Every target: these tests read files of several assistants (sync writes only detected ones by default).
    const POLICY = '{ "version": 1, "sync": { "targets": "all" }, "rules": [{ "paths": ["**/.env"], "class": "secret" }] }';

    it('sync defaults to the launcher when installed and records it; check on a machine without it reports no drift', async () => {
      const ws = tempWorkspace({ '.airlock/policy.json': POLICY, 'package.json': '{"devDependencies":{"@airlock-dev/airlock":"^0.1.0"}}' });
      try {
        installLauncher(src, env);
        const sync = await runAirlock(['sync'], { cwd: ws.root, env: { ...env, AIRLOCK_BASELINE: '' } });
        assert.equal(sync.code, 0, sync.stderr);
        const settings = fs.readFileSync(path.join(ws.root, '.claude/settings.json'), 'utf8');
        assert.match(settings, /\$HOME\/\.airlock\/bin\/airlock\\" hook --client claude-code/);
        assert.deepEqual(JSON.parse(fs.readFileSync(path.join(ws.root, '.airlock/sync-state.json'), 'utf8')).hook, { launcher: 'launcher' });
        // CI: another HOME with no launcher, and a package.json that would otherwise pick npx.
        const ci = { HOME: path.join(home, 'ci-home'), PATH: '/usr/bin:/bin', AIRLOCK_BASELINE: '' };
        const check = await runAirlock(['sync', '--check'], { cwd: ws.root, env: ci });
        assert.equal(check.code, 0, check.stdout);
        // On this machine a tampered launcher copy is named by `check`.
        fs.appendFileSync(path.join(launcherPaths(env).root, 'lib', fs.readdirSync(path.join(launcherPaths(env).root, 'lib'))[0], 'hook.js'), '\n');
        const local = await runAirlock(['check'], { cwd: ws.root, env: { ...env, AIRLOCK_BASELINE: '' } });
        assert.match(local.stdout, /note: the hooks run ~\/\.airlock\/bin\/airlock, which is not intact on this machine \(.*hook\.js was changed/);
      } finally {
        ws.dispose();
      }
    });

    it('--hook-command is recorded, so a later sync and check keep it (no false drift)', async () => {
      const ws = tempWorkspace({ '.airlock/policy.json': POLICY });
      try {
        const sync = await runAirlock(['sync', '--hook-command', '/opt/airlock/bin/airlock hook'], { cwd: ws.root, env: { ...env, AIRLOCK_BASELINE: '' } });
        assert.equal(sync.code, 0, sync.stderr);
        assert.equal((await runAirlock(['sync', '--check'], { cwd: ws.root, env: { ...env, AIRLOCK_BASELINE: '' } })).code, 0);
        const check = await runAirlock(['check', '--json'], { cwd: ws.root, env: { ...env, AIRLOCK_BASELINE: '' } });
        const violations = (JSON.parse(check.stdout) as { violations: { kind: string }[] }).violations;
        assert.deepEqual(violations.filter((v) => v.kind.startsWith('native')), []);
        // A plain re-sync does not fall back to the default launcher.
        await runAirlock(['sync'], { cwd: ws.root, env: { ...env, AIRLOCK_BASELINE: '' } });
        assert.match(fs.readFileSync(path.join(ws.root, '.codex/hooks.json'), 'utf8'), /\/opt\/airlock\/bin\/airlock hook --client codex/);
        assert.deepEqual((JSON.parse((await runAirlock(['sync', '--check', '--json'], { cwd: ws.root, env: { ...env, AIRLOCK_BASELINE: '' } })).stdout) as { warnings: { message: string }[] }).warnings.filter((w) => /inside the work tree/.test(w.message)), []);
        // Changing the recorded choice explicitly is drift until synced.
        assert.equal((await runAirlock(['sync', '--check', '--launcher', 'global'], { cwd: ws.root, env: { ...env, AIRLOCK_BASELINE: '' } })).code, 1);
      } finally {
        ws.dispose();
      }
    });
  });
});
