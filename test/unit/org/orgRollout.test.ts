import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
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
    const copilotHooks = readJson('etc/github-copilot/policy.d/airlock.json') as { version: number; hooks: Record<string, { bash: string; powershell: string }[]> };
    assert.equal(copilotHooks.version, 1);
    // PascalCase events: the form whose answers (deny, the rewrite into airlock exec) the Copilot CLI honours.
    assert.deepEqual(Object.keys(copilotHooks.hooks), ['PreToolUse', 'UserPromptSubmit', 'PostToolUse', 'Stop']);
    assert.match(copilotHooks.hooks['PreToolUse'][0].bash, /^AIRLOCK_BASELINE=\/etc\/airlock\/baseline\.json \/opt\/airlock hook --client vscode \|\| \{/);
    assert.match(copilotHooks.hooks['PreToolUse'][0].powershell, /\$env:AIRLOCK_BASELINE='\/etc\/airlock\/baseline\.json'/);
    assert.deepEqual(readJson('etc/github-copilot/managed-settings.json'), { strictPluginOnlyCustomization: ['hooks'], allowManagedHooksOnly: true });
    assert.deepEqual(readJson('vscode/settings.json'), { 'chat.pluginLocations': { '/etc/airlock/claude-marketplace/airlock': true } });
  });

  it('without --managed-hooks-only leaves allowManagedHooksOnly to the organisation', async () => {
    await compile();
    assert.equal(readJson('etc/claude-code/managed-settings.json')['allowManagedHooksOnly'], undefined);
    assert.deepEqual(readJson('etc/github-copilot/managed-settings.json'), {});
    assert.ok(fs.existsSync(path.join(out(), 'etc/github-copilot/policy.d/airlock.json')), 'the Copilot policy hook is written either way');
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

  it('doctor: Copilot drift is named (hook file gone or rewritten, lockdown loosened); "lock everything" counts as strict enough', async () => {
    await compile('--managed-hooks-only');
    const settings = path.join(out(), 'etc/github-copilot/managed-settings.json');
    fs.writeFileSync(settings, JSON.stringify({ strictPluginOnlyCustomization: true, allowManagedHooksOnly: true, companyAnnouncements: ['hi'] }));
    assert.equal((await doctor('--managed-hooks-only')).code, 0, 'true locks every surface, hooks included');
    // What a user with write access (or a careless admin) might do to get rid of Airlock.
    fs.writeFileSync(settings, JSON.stringify({ strictPluginOnlyCustomization: ['skills'], allowManagedHooksOnly: false }));
    const hookFile = path.join(out(), 'etc/github-copilot/policy.d/airlock.json');
    fs.writeFileSync(hookFile, JSON.stringify({ version: 1, hooks: { PreToolUse: [{ type: 'command', bash: 'true' }] } }));
    const r = await doctor('--managed-hooks-only');
    assert.equal(r.code, 1);
    const messages = (JSON.parse(r.stdout) as { differences: { path: string; message: string }[] }).differences.map((d) => `${d.path}: ${d.message}`);
    assert.deepEqual(messages.filter((m) => m.startsWith('/etc/github-copilot/managed-settings.json')).sort(), [
      '/etc/github-copilot/managed-settings.json: "allowManagedHooksOnly" is false, expected true',
      '/etc/github-copilot/managed-settings.json: "strictPluginOnlyCustomization" lacks "hooks"',
    ]);
    const hookMessages = messages.filter((m) => m.startsWith('/etc/github-copilot/policy.d/airlock.json'));
    assert.ok(hookMessages.some((m) => /"hooks\.PreToolUse" lacks .*airlock hook --client vscode/.test(m)), hookMessages.join('\n'));
    assert.ok(hookMessages.some((m) => /"hooks\.UserPromptSubmit" is missing/.test(m)), hookMessages.join('\n'));
    fs.rmSync(hookFile);
    assert.match((await doctor('--managed-hooks-only')).stdout, /policy\.d\/airlock\.json",\s*"message": "is missing"/);
  });

  it('doctor: a policy hook file anyone may write, and Copilot files installed as symbolic links, are named', async () => {
    await compile('--managed-hooks-only');
    assert.equal((await doctor('--managed-hooks-only')).code, 0);
    const hookFile = path.join(out(), 'etc/github-copilot/policy.d/airlock.json');
    fs.chmodSync(hookFile, 0o666);
    // A symlink to an identical copy: same content, but the Copilot CLI refuses to read it.
    const settings = path.join(out(), 'etc/github-copilot/managed-settings.json');
    fs.copyFileSync(settings, path.join(dir, 'settings-copy.json'));
    fs.rmSync(settings);
    fs.symlinkSync(path.join(dir, 'settings-copy.json'), settings);
    const r = await doctor('--managed-hooks-only');
    assert.equal(r.code, 1);
    const messages = (JSON.parse(r.stdout) as { differences: { path: string; message: string }[] }).differences.map((d) => `${d.path}: ${d.message}`);
    assert.deepEqual(messages.sort(), [
      '/etc/github-copilot/managed-settings.json: is a symbolic link, which the Copilot CLI ignores: install the file itself',
      '/etc/github-copilot/policy.d/airlock.json: is writable by everyone (mode 666): only root may change what Airlock enforces',
    ]);
  });

  it('--platform macos writes the macOS paths (quoted where they hold spaces) and doctor reads them back', async () => {
    const r = await compile('--platform', 'macos', '--managed-hooks-only');
    assert.equal(r.code, 0, r.stderr);
    const claude = readJson('Library/Application Support/ClaudeCode/managed-settings.json') as { extraKnownMarketplaces: Record<string, { source: { path: string } }> };
    assert.equal(claude.extraKnownMarketplaces['airlock-org'].source.path, '/Library/Application Support/Airlock/claude-marketplace');
    assert.deepEqual(readJson('Library/Application Support/GitHubCopilot/managed-settings.json'), { strictPluginOnlyCustomization: ['hooks'], allowManagedHooksOnly: true });
    const copilotHooks = readJson('etc/github-copilot/policy.d/airlock.json') as { hooks: Record<string, { bash: string }[]> };
    assert.match(copilotHooks.hooks['PreToolUse'][0].bash, /^AIRLOCK_BASELINE='\/Library\/Application Support\/Airlock\/baseline\.json' \/opt\/airlock hook/);
    assert.equal(fs.readFileSync(path.join(out(), 'Library/Application Support/Airlock/baseline.json'), 'utf8'), BASELINE);
    assert.equal(fs.existsSync(path.join(out(), 'etc/claude-code')), false);
    assert.match(r.stdout, /\/Library\/Application Support\/ClaudeCode\/managed-settings\.json/);
    const clean = await doctor('--platform', 'macos', '--managed-hooks-only');
    assert.equal(clean.code, 0, clean.stdout);
  });

  it('the quoted baseline assignment really reaches the hook through sh', async () => {
    const probe = `sh -c 'printf %s "$AIRLOCK_BASELINE"'`;
    await runAirlock(['org', 'compile', 'baseline.json', '--out', 'out', '--platform', 'macos', '--hook-command', probe], { cwd: dir, env });
    const hooks = readJson('Library/Application Support/Airlock/claude-marketplace/airlock/hooks/hooks.json') as { hooks: Record<string, { hooks: { command: string }[] }[]> };
    // The probe reads no input: writing some could race its exit (EPIPE).
    const printed = execFileSync('sh', ['-c', hooks.hooks['PreToolUse'][0].hooks[0].command], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    assert.equal(printed, '/Library/Application Support/Airlock/baseline.json');
  });

  it('--platform windows writes below C/ (Program Files, ProgramData) with Windows paths inside', async () => {
    const r = await compile('--platform', 'windows', '--managed-hooks-only');
    assert.equal(r.code, 0, r.stderr);
    const claude = readJson('C/Program Files/ClaudeCode/managed-settings.json') as { extraKnownMarketplaces: Record<string, { source: { path: string } }> };
    assert.equal(claude.extraKnownMarketplaces['airlock-org'].source.path, 'C:\\ProgramData\\Airlock\\claude-marketplace');
    assert.ok(fs.existsSync(path.join(out(), 'C/ProgramData/Airlock/claude-marketplace/airlock/hooks/hooks.json')));
    assert.deepEqual(readJson('C/Program Files/GitHubCopilot/managed-settings.json'), { strictPluginOnlyCustomization: ['hooks'], allowManagedHooksOnly: true });
    const copilotHooks = readJson('C/ProgramData/GitHub/Copilot/policy.d/airlock.json') as { hooks: Record<string, { powershell: string }[]> };
    assert.match(copilotHooks.hooks['PreToolUse'][0].powershell, /\$env:AIRLOCK_BASELINE='C:\\ProgramData\\Airlock\\baseline\.json'; & /);
    assert.deepEqual(readJson('vscode/settings.json'), { 'chat.pluginLocations': { 'C:\\ProgramData\\Airlock\\claude-marketplace\\airlock': true } });
    assert.equal((await doctor('--platform', 'windows', '--managed-hooks-only')).code, 0);
    const wrongPlatform = await doctor('--managed-hooks-only', '--platform', 'linux');
    assert.equal(wrongPlatform.code, 1, 'a Windows layout is not a Linux machine');
  });

  it('an unknown --platform is a usage error and writes nothing', async () => {
    const r = await compile('--platform', 'beos');
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--platform must be linux, macos, windows/);
    assert.equal(fs.existsSync(out()), false);
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
