import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runAirlock } from '../../helpers/runCliInProcess';

const BASELINE = `{
  // org baseline
  "version": 1,
  "rules": [
    { "paths": ["**/.env", "*.pem"], "class": "secret", "reason": "Org credentials" },
    { "paths": ["/infra/prod/"], "class": "restricted" }
  ]
}
`;

describe('org compile and doctor', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  const out = (): string => path.join(dir, 'out');
  const readJson = (rel: string): Record<string, unknown> => JSON.parse(fs.readFileSync(path.join(out(), rel), 'utf8')) as Record<string, unknown>;
  const compile = (...extra: string[]): ReturnType<typeof runAirlock> => runAirlock(['org', 'compile', 'baseline.json', '--out', 'out', '--hook-command', '/opt/airlock hook', ...extra], { cwd: dir, env });
  const doctor = (...extra: string[]): ReturnType<typeof runAirlock> => runAirlock(['org', 'doctor', 'baseline.json', '--system-root', 'out', '--hook-command', '/opt/airlock hook', '--json', ...extra], { cwd: dir, env });

  beforeEach(() => {
    dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'airlock-org-')));
    fs.writeFileSync(path.join(dir, 'baseline.json'), BASELINE);
    env = { HOME: path.join(dir, 'home'), PATH: '/usr/bin:/bin', AIRLOCK_BASELINE: '' };
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('compiles managed settings with the baseline rules, a force-enabled plugin and allowManagedHooksOnly', async () => {
    const r = await compile('--managed-hooks-only');
    assert.equal(r.code, 0, r.stderr);
    const managed = readJson('etc/claude-code/managed-settings.json') as { permissions: { deny: string[]; ask: string[] }; allowManagedHooksOnly: boolean; enabledPlugins: Record<string, boolean>; extraKnownMarketplaces: Record<string, { source: { source: string; path: string } }>; hooks?: unknown };
    assert.equal(managed.allowManagedHooksOnly, true);
    assert.deepEqual(managed.enabledPlugins, { 'airlock@airlock-org': true });
    assert.deepEqual(managed.extraKnownMarketplaces['airlock-org'].source, { source: 'directory', path: '/etc/airlock/claude-marketplace' });
    // Rules are relative to the session folder: a leading "/" would anchor them at /etc/claude-code.
    assert.ok(managed.permissions.deny.includes('Read(**/.env)'));
    assert.ok(managed.permissions.ask.includes('Read(infra/prod/**)'), managed.permissions.ask.join(' '));
    assert.ok(managed.permissions.deny.every((rule) => !/^\w+\(\/(?!\/)/.test(rule)));
    assert.equal(managed.hooks, undefined, 'hooks come from the plugin, not from managed settings');
    const market = readJson('etc/airlock/claude-marketplace/.claude-plugin/marketplace.json') as { name: string; plugins: { name: string; source: string }[] };
    assert.equal(market.name, 'airlock-org');
    assert.deepEqual(market.plugins.map((p) => [p.name, p.source]), [['airlock', './airlock']]);
    const hooks = readJson('etc/airlock/claude-marketplace/airlock/hooks/hooks.json') as { hooks: Record<string, { hooks: { command: string }[] }[]> };
    const pre = hooks.hooks['PreToolUse'][0].hooks[0].command;
    assert.match(pre, /^AIRLOCK_BASELINE=\/etc\/airlock\/baseline\.json \/opt\/airlock hook --client claude-code \|\| \{/);
    assert.equal(fs.readFileSync(path.join(out(), 'etc/airlock/baseline.json'), 'utf8'), BASELINE);
    assert.match(JSON.stringify(readJson('copilot/policy-hooks/airlock.json')), /AIRLOCK_BASELINE=\/etc\/airlock\/baseline\.json \/opt\/airlock hook --client vscode/);
    assert.deepEqual(readJson('vscode/settings.json'), { 'chat.pluginLocations': { '/etc/airlock/claude-marketplace/airlock': true } });
  });

  it('without --managed-hooks-only leaves allowManagedHooksOnly to the organisation', async () => {
    await compile();
    assert.equal(readJson('etc/claude-code/managed-settings.json')['allowManagedHooksOnly'], undefined);
  });

  it('doctor: a machine that holds the compiled files matches; each kind of drift is named', async () => {
    await compile('--managed-hooks-only');
    const clean = await doctor('--managed-hooks-only');
    assert.equal(clean.code, 0, clean.stdout);
    const file = path.join(out(), 'etc/claude-code/managed-settings.json');
    const managed = JSON.parse(fs.readFileSync(file, 'utf8')) as { permissions: { deny: string[] }; enabledPlugins: Record<string, boolean>; allowManagedHooksOnly?: boolean; companyAnnouncements?: string[] };
    managed.permissions.deny = managed.permissions.deny.filter((r) => r !== 'Read(**/.env)');
    managed.enabledPlugins['airlock@airlock-org'] = false;
    delete managed.allowManagedHooksOnly;
    managed.companyAnnouncements = ['an admin may add keys of their own'];
    fs.writeFileSync(file, JSON.stringify(managed));
    fs.appendFileSync(path.join(out(), 'etc/airlock/baseline.json'), '// edited\n');
    fs.rmSync(path.join(out(), 'etc/airlock/claude-marketplace/airlock/hooks/hooks.json'));
    const r = await doctor('--managed-hooks-only');
    assert.equal(r.code, 1);
    const messages = (JSON.parse(r.stdout) as { differences: { path: string; message: string }[] }).differences.map((d) => `${d.path}: ${d.message}`);
    assert.deepEqual(messages.sort(), [
      '/etc/airlock/baseline.json: differs from the compiled baseline',
      '/etc/airlock/claude-marketplace/airlock/hooks/hooks.json: is missing',
      '/etc/claude-code/managed-settings.json: "allowManagedHooksOnly" is missing (expected true)',
      '/etc/claude-code/managed-settings.json: "enabledPlugins.airlock@airlock-org" is false, expected true',
      '/etc/claude-code/managed-settings.json: "permissions.deny" lacks "Read(**/.env)"',
    ]);
  });

  it('doctor with the default launcher also checks ~/.airlock/bin/airlock', async () => {
    await runAirlock(['org', 'compile', 'baseline.json', '--out', 'out'], { cwd: dir, env });
    const r = await runAirlock(['org', 'doctor', 'baseline.json', '--system-root', 'out'], { cwd: dir, env });
    assert.equal(r.code, 1);
    assert.match(r.stdout, /~\/\.airlock\/bin\/airlock: .*is not installed/);
  });

  it('an invalid baseline writes nothing and names file:line:col; a missing one is a clear error', async () => {
    fs.writeFileSync(path.join(dir, 'baseline.json'), '{ "version": 1, "rules": [ { "paths": ["x"], "class": "nope" } ] }');
    const r = await compile();
    assert.equal(r.code, 2);
    assert.match(r.stderr, /baseline\.json:1:\d+: .*nope/);
    assert.equal(fs.existsSync(out()), false);
    const missing = await runAirlock(['org', 'compile', 'absent.json'], { cwd: dir, env });
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /cannot read the baseline .*absent\.json: ENOENT/);
  });
});
