import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runAirlock } from '../../helpers/runCliInProcess';

const BASELINE = '{ "version": 1, "rules": [ { "paths": ["**/.env"], "class": "secret" } ] }\n';
const POLICY = 'etc/vscode/policy.json';
const INSTALLED = 'vscode/user-home/.copilot/installed-plugins/airlock-org/airlock';

describe('org compile and doctor: VS Code policy file and installed plugin', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  const out = (rel: string): string => path.join(dir, 'out', rel);
  const readJson = (rel: string): Record<string, unknown> => JSON.parse(fs.readFileSync(out(rel), 'utf8')) as Record<string, unknown>;
  const compile = (...extra: string[]): ReturnType<typeof runAirlock> => runAirlock(['org', 'compile', 'baseline.json', '--out', 'out', '--hook-command', '/opt/airlock hook', ...extra], { cwd: dir, env });
  const doctor = async (...extra: string[]): Promise<{ code: number; messages: string[] }> => {
    const r = await runAirlock(['org', 'doctor', 'baseline.json', '--system-root', 'out', '--hook-command', '/opt/airlock hook', '--json', ...extra], { cwd: dir, env });
    const messages = (JSON.parse(r.stdout) as { differences: { path: string; message: string }[] }).differences.map((d) => `${d.path}: ${d.message}`);
    return { code: r.code, messages };
  };

  beforeEach(() => {
    dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'airlock-org-vscode-')));
    fs.writeFileSync(path.join(dir, 'baseline.json'), BASELINE);
    env = { HOME: path.join(dir, 'home'), PATH: '/usr/bin:/bin', AIRLOCK_BASELINE: '' };
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('writes /etc/vscode/policy.json with the plugin enabled as a JSON string, and managed hooks only when asked', async () => {
    assert.equal((await compile('--managed-hooks-only')).code, 0);
    const policy = readJson(POLICY);
    assert.deepEqual(policy, { ChatEnabledPlugins: '{"airlock@airlock-org":true}', ChatAllowManagedHooksOnly: true });
    // VS Code JSON-parses a string policy value for an object setting: the string must parse to the setting's value.
    assert.deepEqual(JSON.parse(policy['ChatEnabledPlugins'] as string), { 'airlock@airlock-org': true });
    fs.rmSync(path.join(dir, 'out'), { recursive: true });
    assert.equal((await compile()).code, 0);
    assert.deepEqual(readJson(POLICY), { ChatEnabledPlugins: '{"airlock@airlock-org":true}' });
  });

  it('writes the plugin in the installed-plugins layout, the same files as the machine plugin folder', async () => {
    assert.equal((await compile('--managed-hooks-only')).code, 0);
    for (const rel of ['.claude-plugin/plugin.json', 'hooks/hooks.json']) {
      assert.equal(fs.readFileSync(out(`${INSTALLED}/${rel}`), 'utf8'), fs.readFileSync(out(`etc/airlock/claude-marketplace/airlock/${rel}`), 'utf8'), rel);
    }
    const hooks = readJson(`${INSTALLED}/hooks/hooks.json`) as { hooks: Record<string, { hooks: { command: string }[] }[]> };
    assert.match(hooks.hooks['PreToolUse'][0].hooks[0].command, /^AIRLOCK_BASELINE=\/etc\/airlock\/baseline\.json \/opt\/airlock hook/);
  });

  it('macOS and Windows get no policy file (MDM profiles and the registry are not written), but the installed plugin', async () => {
    for (const platform of ['macos', 'windows']) {
      fs.rmSync(path.join(dir, 'out'), { recursive: true, force: true });
      assert.equal((await compile('--platform', platform, '--managed-hooks-only')).code, 0, platform);
      assert.equal(fs.existsSync(out('etc/vscode')), false, platform);
      assert.ok(fs.existsSync(out(`${INSTALLED}/hooks/hooks.json`)), platform);
    }
  });

  it('doctor reads the policy file back: other plugins an admin enables are fine; a dropped, disabled or non-string value is named', async () => {
    await compile('--managed-hooks-only');
    assert.deepEqual(await doctor('--managed-hooks-only'), { code: 0, messages: [] });
    const file = out(POLICY);
    fs.writeFileSync(file, JSON.stringify({ ChatEnabledPlugins: JSON.stringify({ 'other@corp': true, 'airlock@airlock-org': true }), ChatAllowManagedHooksOnly: true, ChatAgentMode: false }));
    assert.deepEqual(await doctor('--managed-hooks-only'), { code: 0, messages: [] });
    // What someone who wants Airlock's hooks gone might write.
    fs.writeFileSync(file, JSON.stringify({ ChatEnabledPlugins: JSON.stringify({ 'airlock@airlock-org': false }), ChatAllowManagedHooksOnly: false }));
    let r = await doctor('--managed-hooks-only');
    assert.equal(r.code, 1);
    assert.deepEqual(r.messages.sort(), [
      '/etc/vscode/policy.json: "ChatAllowManagedHooksOnly" is false, expected true',
      '/etc/vscode/policy.json: "ChatEnabledPlugins.airlock@airlock-org" is false, expected true',
    ]);
    // An object value (not a JSON string), and a string that is not JSON.
    fs.writeFileSync(file, JSON.stringify({ ChatEnabledPlugins: { 'airlock@airlock-org': true }, ChatAllowManagedHooksOnly: true }));
    r = await doctor('--managed-hooks-only');
    assert.deepEqual(r.messages, ['/etc/vscode/policy.json: "ChatEnabledPlugins" is {"airlock@airlock-org":true}, expected a JSON string holding {"airlock@airlock-org":true}']);
    fs.writeFileSync(file, JSON.stringify({ ChatEnabledPlugins: '{airlock@airlock-org: true', ChatAllowManagedHooksOnly: true }));
    r = await doctor('--managed-hooks-only');
    assert.equal(r.code, 1);
    assert.match(r.messages.join('\n'), /"ChatEnabledPlugins" is "\{airlock@airlock-org: true", expected a JSON string/);
    fs.rmSync(file);
    assert.deepEqual((await doctor('--managed-hooks-only')).messages, ['/etc/vscode/policy.json: is missing']);
  });

  it('doctor names a policy file anyone may write', async () => {
    await compile();
    fs.chmodSync(out(POLICY), 0o666);
    const r = await doctor();
    assert.deepEqual(r.messages, ['/etc/vscode/policy.json: is writable by everyone (mode 666): only root may change what Airlock enforces']);
  });
});
