// A fresh machine: the npm tarball of @airlock-dev/airlock (`npm pack` of the allow-listed files)
// installed into a scratch prefix and HOME, used in a repository with no package.json (Python):
// `launcher install`, `init`, `sync`, `check`, and a hook call through the installed launcher.
import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const REPO = path.resolve(__dirname, '..', '..');

describe('fresh machine: npm tarball → non-JavaScript repository', function () {
  this.timeout(180_000);
  let base: string;
  let tarball: string;
  let env: NodeJS.ProcessEnv;
  let repo: string;
  const run = (cmd: string, args: string[], input?: string): { status: number | null; stdout: string; stderr: string } => {
    const r = spawnSync(cmd, args, { cwd: repo, env, input, encoding: 'utf8' });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
  };

  before(() => {
    base = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'airlock-fresh-')));
    // The production build and `npm pack`, exactly as `npm run pack:cli` does them.
    execFileSync(process.execPath, ['esbuild.config.mjs', '--production'], { cwd: REPO, stdio: 'ignore' });
    tarball = execFileSync(process.execPath, ['scripts/packCli.mjs', '--out', path.join(base, 'pack')], { cwd: REPO, encoding: 'utf8' }).trim();
    const home = path.join(base, 'home');
    const prefix = path.join(base, 'prefix');
    fs.mkdirSync(home);
    // Only this Node and the system: no airlock anywhere on PATH but the prefix we install into.
    env = { HOME: home, PATH: `${path.join(prefix, 'bin')}:${path.dirname(process.execPath)}:/usr/bin:/bin`, npm_config_cache: path.join(base, 'npm-cache'), AIRLOCK_BASELINE: '' };
    execFileSync('npm', ['install', '-g', '--prefix', prefix, '--no-audit', '--no-fund', '--offline', tarball], { env, stdio: 'pipe' });
    repo = path.join(base, 'service');
    fs.mkdirSync(repo);
    fs.writeFileSync(path.join(repo, 'main.py'), 'import os\nprint(os.environ.get("HOME"))\n');
    fs.writeFileSync(path.join(repo, 'requirements.txt'), 'requests==2.32.3\n');
    fs.writeFileSync(path.join(repo, '.env'), 'CANARY=fresh-machine-canary-1f3a\n');
    execFileSync('git', ['init', '-q'], { cwd: repo });
  });
  after(() => fs.rmSync(base, { recursive: true, force: true }));

  it('the tarball holds exactly the allow-listed files and no dependency', () => {
    const list = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).trim().split('\n').sort();
    // With the build's code caches for the bundles cli.js loads from a cache (pinned in cli.js).
    assert.deepEqual(list, ['package/CHANGELOG.md', 'package/LICENSE', 'package/README.md', 'package/dist/cli.js', 'package/dist/commands.js', 'package/dist/exec.js', 'package/dist/exec.js.v8cache', 'package/dist/hook.js', 'package/dist/hook.js.v8cache', 'package/package.json']);
    const manifest = JSON.parse(execFileSync('tar', ['-xzOf', tarball, 'package/package.json'], { encoding: 'utf8' })) as { name: string; bin: Record<string, string>; dependencies?: object };
    assert.equal(manifest.name, '@airlock-dev/airlock');
    assert.deepEqual(manifest.bin, { airlock: 'dist/cli.js' });
    assert.deepEqual(manifest.dependencies ?? {}, {});
  });

  it('launcher install, init, sync, check, and a hook call through the launcher', () => {
    assert.equal(fs.existsSync(path.join(repo, 'package.json')), false, 'not a JavaScript repository');
    const install = run('airlock', ['launcher', 'install']);
    assert.equal(install.status, 0, install.stderr);
    const launcher = path.join(env.HOME as string, '.airlock', 'bin', 'airlock');
    assert.ok(fs.existsSync(launcher));
    assert.equal(run('airlock', ['launcher', 'verify']).status, 0);

    assert.equal(run('airlock', ['init']).status, 0);
    const sync = run('airlock', ['sync']);
    assert.equal(sync.status, 0, sync.stderr);
    const settings = JSON.parse(fs.readFileSync(path.join(repo, '.claude', 'settings.json'), 'utf8')) as { hooks: Record<string, { hooks: { command: string }[] }[]> };
    const pre = settings.hooks['PreToolUse'][0].hooks[0].command;
    assert.match(pre, /^\[ -x "\$HOME\/\.airlock\/bin\/airlock" \] && "\$HOME\/\.airlock\/bin\/airlock" hook --client claude-code/);
    const check = run('airlock', ['check']);
    assert.equal(check.status, 0, check.stdout + check.stderr);
    assert.match(check.stdout, /No violations/);

    const event = (file: string): string => JSON.stringify({ session_id: 's', transcript_path: path.join(base, 't.jsonl'), cwd: repo, hook_event_name: 'PreToolUse', tool_name: 'Read', tool_input: { file_path: path.join(repo, file) }, tool_use_id: 'toolu_1' });
    const denied = run('/bin/sh', ['-c', pre], event('.env'));
    assert.equal(denied.status, 2, denied.stderr);
    assert.match(denied.stderr, /read denied: "\.env"/);
    assert.ok(!denied.stdout.includes('fresh-machine-canary'));
    const allowed = run('/bin/sh', ['-c', pre], event('main.py'));
    assert.equal(allowed.status, 0, allowed.stderr);
    // A rewritten shell call's `airlock exec` runs from the packaged exec bundle through the launcher: .env is masked.
    const exec = run(launcher, ['exec', '--root', repo, '--', '/bin/sh', '-c', 'cat .env; echo exec-ran']);
    assert.equal(exec.status, 0, exec.stderr);
    assert.equal(exec.stdout, 'exec-ran\n');

    // The installed package's bundle replaced behind the launcher's copy changes nothing; the copy
    // itself replaced blocks.
    const lib = fs.readdirSync(path.join(env.HOME as string, '.airlock', 'lib'));
    fs.writeFileSync(path.join(env.HOME as string, '.airlock', 'lib', lib[0], 'hook.js'), 'exports.main = () => {};\n');
    const tampered = run('/bin/sh', ['-c', pre], event('.env'));
    assert.equal(tampered.status, 2);
    assert.match(tampered.stderr, /was changed after it was installed/);
  });

  it('a teammate without Airlock gets one line naming Airlock and what to install, and the call is blocked', () => {
    const settings = JSON.parse(fs.readFileSync(path.join(repo, '.claude', 'settings.json'), 'utf8')) as { hooks: Record<string, { hooks: { command: string }[] }[]> };
    const pre = settings.hooks['PreToolUse'][0].hooks[0].command;
    const teammate = path.join(base, 'teammate-home');
    fs.mkdirSync(teammate);
    const r = spawnSync('/bin/sh', ['-c', pre], { cwd: repo, env: { HOME: teammate, PATH: '/usr/bin:/bin' }, input: '{}', encoding: 'utf8' });
    assert.equal(r.status, 2);
    const lines = r.stderr.trim().split('\n');
    assert.equal(lines.length, 1, r.stderr);
    assert.match(lines[0], /^Airlock did not run .*install the VS Code extension airlock-dev\.airlock.*npm install -g @airlock-dev\/airlock/);
  });
});
