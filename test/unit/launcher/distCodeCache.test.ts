// dist/cli.js compiles its bundles with the V8 code caches the build made beside them, but only
// while each cache has the SHA-256 the build wrote into cli.js and this is the Node that made it.
// V8 itself accepts bytecode made for any source of the same length, so these tests forge such a
// cache and show that cli.js never runs it, and that the pin is what decides.
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildCli } from '../../helpers/builtCli';

const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

/** Writes V8 bytecode for `source` compiled under `asFile`'s name, the way a forger would. */
function forgeCache(source: string, asFile: string, out: string): void {
  const forge = `const fs=require('fs'),vm=require('vm'),M=require('module');const s=new vm.Script(M.wrap(fs.readFileSync(process.argv[1],'utf8')),{filename:process.argv[2]});fs.writeFileSync(process.argv[3],s.createCachedData());`;
  const evilFile = `${out}.src`;
  fs.writeFileSync(evilFile, source);
  const r = spawnSync(process.execPath, ['-e', forge, evilFile, asFile, out]);
  assert.equal(r.status, 0, String(r.stderr));
}

describe('dist/cli.js: build-time code caches', function () {
  this.timeout(120_000);
  let dir: string;
  let ws: string;
  let dist: string;
  const denyEvent = (): string => JSON.stringify({ session_id: 's', transcript_path: path.join(ws, 't.jsonl'), cwd: ws, hook_event_name: 'PreToolUse', tool_name: 'Read', tool_input: { file_path: path.join(ws, '.env') }, tool_use_id: 't1' });
  const hook = (): ReturnType<typeof spawnSync> & { stdout: string } =>
    spawnSync(process.execPath, [path.join(dist, 'cli.js'), 'hook', '--client', 'claude-code'], { input: denyEvent(), encoding: 'utf8', env: { ...process.env, AIRLOCK_BASELINE: '', XDG_CACHE_HOME: path.join(dir, 'cache') } }) as ReturnType<typeof spawnSync> & { stdout: string };

  before(() => buildCli());
  beforeEach(() => {
    dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'airlock-distcache-')));
    dist = path.join(dir, 'dist');
    fs.mkdirSync(dist);
    for (const f of ['cli.js', 'hook.js', 'hook.js.v8cache']) fs.copyFileSync(path.join(__dirname, '../../../dist', f), path.join(dist, f));
    ws = path.join(dir, 'ws');
    fs.mkdirSync(path.join(ws, '.airlock'), { recursive: true });
    fs.writeFileSync(path.join(ws, '.airlock/policy.json'), '{ "version": 1, "rules": [ { "paths": [".env"], "class": "secret" } ] }\n');
    fs.writeFileSync(path.join(ws, '.env'), 'API_KEY=canary\n');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('the build writes a cache beside each bundle and pins its SHA-256 and Node version in cli.js', () => {
    const cli = fs.readFileSync(path.join(__dirname, '../../../dist/cli.js'), 'utf8');
    for (const bundle of ['hook.js', 'exec.js', 'commands.js']) {
      const cache = fs.readFileSync(path.join(__dirname, '../../../dist', `${bundle}.v8cache`));
      assert.ok(cli.includes(sha256(cache)), `cli.js pins ${bundle}.v8cache`);
    }
    assert.ok(cli.includes(JSON.stringify(process.version)), 'cli.js names the Node version that made the caches');
    const r = hook();
    assert.equal(r.status, 2);
    assert.match(r.stdout, /"permissionDecision":"deny"/);
  });

  it('attack: forged bytecode of a same-length source in hook.js.v8cache is never run (V8 itself would accept it)', () => {
    const real = fs.readFileSync(path.join(dist, 'hook.js'), 'utf8');
    // Top-level code: its bytecode is what the cache holds (a function body would be compiled lazily, from the real source).
    const head = 'process.stdout.write("FORGED");process.exit(0);/*';
    const evil = head + ' '.repeat(real.length - head.length - 2) + '*/';
    assert.equal(evil.length, real.length);
    forgeCache(evil, path.join(dist, 'hook.js'), path.join(dist, 'hook.js.v8cache'));
    // Control: a loader that trusts the cache runs the forged bytecode for the real source.
    const naive = `const fs=require('fs'),vm=require('vm'),M=require('module');const f=process.argv[1];const s=new vm.Script(M.wrap(fs.readFileSync(f,'utf8')),{filename:f,cachedData:fs.readFileSync(f+'.v8cache')});const m={exports:{}};s.runInThisContext()(m.exports,require,m,f,'');m.exports.main([]);`;
    assert.equal(spawnSync(process.execPath, ['-e', naive, path.join(dist, 'hook.js')], { encoding: 'utf8' }).stdout, 'FORGED');
    // cli.js checks the pinned hash, ignores the cache and runs the real hook: .env stays denied.
    const r = hook();
    assert.equal(r.status, 2);
    assert.doesNotMatch(r.stdout, /FORGED/);
    assert.match(r.stdout, /"permissionDecision":"deny"/);
  });

  it('the pin decides: a cache whose hash cli.js pins is used, and only on the Node version pinned with it', () => {
    const real = fs.readFileSync(path.join(dist, 'hook.js'), 'utf8');
    const head = 'process.stdout.write("PINNED");process.exit(0);/*';
    forgeCache(head + ' '.repeat(real.length - head.length - 2) + '*/', path.join(dist, 'hook.js'), path.join(dist, 'hook.js.v8cache'));
    const cliFile = path.join(dist, 'cli.js');
    const pinned = sha256(fs.readFileSync(path.join(__dirname, '../../../dist/hook.js.v8cache')));
    const cli = fs.readFileSync(cliFile, 'utf8');
    // Someone who can rewrite cli.js can run anything anyway; rewriting the pin shows it is the only gate.
    fs.writeFileSync(cliFile, cli.replace(pinned, sha256(fs.readFileSync(path.join(dist, 'hook.js.v8cache')))));
    assert.equal(hook().stdout, 'PINNED');
    fs.writeFileSync(cliFile, cli.replace(pinned, sha256(fs.readFileSync(path.join(dist, 'hook.js.v8cache')))).replace(JSON.stringify(process.version), '"v0.0.0"'));
    const other = hook();
    assert.equal(other.status, 2);
    assert.match(other.stdout, /"permissionDecision":"deny"/);
  });

  it('the bundles loaded from a code cache use no dynamic import() (a cached script cannot resolve one; commands.js, which does, is loaded by require)', () => {
    for (const bundle of ['hook.js', 'exec.js']) assert.doesNotMatch(fs.readFileSync(path.join(__dirname, '../../../dist', bundle), 'utf8'), /\bimport\(/, bundle);
    assert.match(fs.readFileSync(path.join(__dirname, '../../../dist/commands.js'), 'utf8'), /\bimport\(/, 'the check above would notice a dynamic import');
  });

  it('a missing cache falls back to compiling the bundle', () => {
    fs.rmSync(path.join(dist, 'hook.js.v8cache'));
    const r = hook();
    assert.equal(r.status, 2);
    assert.match(r.stdout, /"permissionDecision":"deny"/);
  });
});
