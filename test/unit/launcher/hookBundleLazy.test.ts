// The shipped hook bundle sets up some modules only on first use (esbuild.config.mjs LAZY_MODULES:
// the secret rules, the shell parser, policy validation, provenance capture). A Read loads none of
// them; these calls, run through the real launcher (hash check and code cache), must each load
// theirs and answer exactly as before — an attacker's call must not find a stand-in that fails open.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { installLauncher } from '../../../src/core/launcher/launcherInstall';
import { buildCli } from '../../helpers/builtCli';
import { readPreTool } from '../hook/clientReaders';
import { FakeTokens } from '../secrets/fakeTokens';

const POLICY = '{ "version": 1, "rules": [ { "paths": ["**/.env"], "class": "secret" } ] }';

describe('hook bundle: modules set up on first use', function () {
  this.timeout(120_000);
  let home: string;
  let ws: string;
  let env: NodeJS.ProcessEnv;
  const gen = new FakeTokens(7);

  before(() => {
    buildCli();
    home = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'airlock-lazy-home-')));
    ws = path.join(home, 'ws');
    const files: Record<string, string> = {
      '.airlock/policy.json': POLICY,
      'src/app.ts': 'export const a = 1;\n',
      '.env': 'API=1\n',
      'deploy/aws.env': `AWS_ACCESS_KEY_ID=${gen.awsKeyId()}\nAWS_SECRET_ACCESS_KEY=${gen.awsSecretKey()}\n`,
    };
    for (const [rel, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(ws, rel)), { recursive: true });
      fs.writeFileSync(path.join(ws, rel), text);
    }
    spawnSync('git', ['init', '-q'], { cwd: ws });
    env = { HOME: home, PATH: `${path.dirname(process.execPath)}:/usr/bin:/bin`, XDG_CACHE_HOME: path.join(home, '.cache'), AIRLOCK_BASELINE: '' };
    installLauncher(path.resolve(__dirname, '../../../dist'), env);
  });
  after(() => fs.rmSync(home, { recursive: true, force: true }));

  function call(tool: string, input: object, event = 'PreToolUse', extraEnv: NodeJS.ProcessEnv = {}): { verdict: string; status: number | null; stderr: string } {
    const payload = { session_id: 's', transcript_path: path.join(home, 't.jsonl'), cwd: ws, hook_event_name: event, tool_name: tool, tool_input: input, tool_use_id: `t-${tool}-${Math.random()}` };
    const r = spawnSync(path.join(home, '.airlock', 'bin', 'airlock'), ['hook'], { input: JSON.stringify(payload), env: { ...env, ...extraEnv }, encoding: 'utf8', timeout: 60_000 });
    assert.ok(!/internal error/.test(r.stderr), r.stderr);
    return { verdict: event === 'PreToolUse' ? readPreTool('claude-code', { stdout: r.stdout, stderr: r.stderr, exitCode: r.status ?? -1, enforced: true }) : String(r.status), status: r.status, stderr: r.stderr };
  }

  it('attack: nothing outside the hash-checked bundle is ever required — a file planted beside it or on a module path is not loaded', () => {
    const bundle = fs.readFileSync(path.resolve(__dirname, '../../../dist/hook.js'), 'utf8');
    // Lazily set-up modules are initialisers inside the bundle, not files: every require names a Node built-in.
    const required = [...bundle.matchAll(/\brequire\(("[^"]*")\)/g)].map((m) => JSON.parse(m[1]) as string);
    assert.ok(required.length > 0);
    assert.deepEqual(required.filter((id) => !id.startsWith('node:')), []);
    assert.equal(/\brequire\((?!["'])/.test(bundle), false, 'no require of a computed name');
    const lib = fs.readdirSync(path.join(home, '.airlock', 'lib'))[0];
    for (const planted of ['scanText.js', 'analyzeShellCommand.js', 'jsonc-parser.js', path.join('node_modules', 'jsonc-parser', 'index.js')]) {
      const file = path.join(home, '.airlock', 'lib', lib, planted);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, "require('node:fs').writeFileSync(process.env.HOME + '/pwned', 'x'); module.exports = {};\n");
    }
    assert.equal(call('Bash', { command: 'cat .env' }).verdict, 'deny');
    assert.equal(call('Read', { file_path: path.join(ws, 'deploy/aws.env') }).verdict, 'deny');
    assert.equal(fs.existsSync(path.join(home, 'pwned')), false, 'a planted module ran');
  });

  it('a Read is allowed and a protected Read denied, with the policy validated (cache off) and from the cache', () => {
    assert.equal(call('Read', { file_path: path.join(ws, 'src/app.ts') }, 'PreToolUse', { AIRLOCK_NO_POLICY_CACHE: '1' }).verdict, 'none', 'allowed: no objection');
    assert.equal(call('Read', { file_path: path.join(ws, 'src/app.ts') }).verdict, 'none', 'allowed: no objection');
    assert.equal(call('Read', { file_path: path.join(ws, 'src/app.ts') }).verdict, 'none', 'allowed: no objection');
    assert.equal(call('Read', { file_path: path.join(ws, '.env') }).verdict, 'deny');
  });

  it('attack: a Read of a file holding a live AWS key pair is denied (the secret rules load on first scan)', () => {
    assert.equal(call('Read', { file_path: path.join(ws, 'deploy/aws.env') }).verdict, 'deny');
  });

  it('attack: a shell read of the protected file is denied, and harmless commands pass (the shell parser loads)', () => {
    assert.equal(call('Bash', { command: 'cat .env | base64' }).verdict, 'deny');
    assert.equal(call('Bash', { command: 'git -C . show HEAD:.env' }).verdict, 'deny');
    assert.notEqual(call('Bash', { command: 'ls src' }).verdict, 'deny');
  });

  it('an edit is snapshotted before it runs and captured after (provenance capture loads)', () => {
    const file = path.join(ws, 'src/app.ts');
    const edit = { file_path: file, old_string: 'a = 1', new_string: 'a = 2' };
    assert.equal(call('Edit', edit).verdict, 'none', 'allowed: no objection');
    const snapshots = path.join(ws, '.airlock', 'cache', 'provenance');
    assert.ok(fs.readdirSync(snapshots, { recursive: true }).length > 0, 'the pre hook left a snapshot');
    fs.writeFileSync(file, 'export const a = 2;\n');
    assert.equal(call('Edit', edit, 'PostToolUse').status, 0);
  });
});
