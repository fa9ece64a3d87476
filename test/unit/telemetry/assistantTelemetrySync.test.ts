// `sync` and `org compile` point the assistants' own OpenTelemetry exporters at `airlock telemetry
// serve` when the policy says "telemetry": { "assistants": true }; `sync --check` catches a setting
// redirected elsewhere; turning it off removes what sync wrote.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runAirlock } from '../../helpers/runCliInProcess';

const POLICY = (telemetry: object | null): string =>
  JSON.stringify({
    version: 1,
    sync: { targets: 'all' },
    classes: { public: { read: 'allow', edit: 'allow', risk: 'low' }, secret: { read: 'deny', edit: 'deny', risk: 'high' } },
    default: 'public',
    rules: [{ class: 'secret', paths: ['.env'] }],
    ...(telemetry ? { telemetry } : {}),
  });

describe('sync: the assistants\' OpenTelemetry exporters point at airlock telemetry serve', function () {
  this.timeout(60_000);
  let root: string;
  let env: NodeJS.ProcessEnv;
  const readJson = (rel: string): Record<string, unknown> => JSON.parse(fs.readFileSync(path.join(root, rel), 'utf8')) as Record<string, unknown>;

  beforeEach(() => {
    const base = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'airlock-otelsync-')));
    root = path.join(base, 'repo');
    fs.mkdirSync(path.join(root, '.airlock'), { recursive: true });
    execFileSync('git', ['init', '-q', root]);
    env = { HOME: path.join(base, 'home'), PATH: process.env.PATH };
  });

  it('writes Copilot Chat settings, detects a redirected exporter, and writes no Claude or Codex exporter settings (ignored there)', async () => {
    // Claude Code 2.1.331 ignores OTel env in a repository's settings: sync writes none (the
    // user's own env stays).
    fs.mkdirSync(path.join(root, '.claude'));
    fs.writeFileSync(path.join(root, '.airlock', 'policy.json'), POLICY({ assistants: true, receiverPort: 4999 }));
    fs.writeFileSync(path.join(root, '.claude', 'settings.json'), JSON.stringify({ env: { MY_VAR: 'kept' } }, null, 2));
    const r = await runAirlock(['sync', '--verbose'], { cwd: root, env });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout + r.stderr, /org compile/, 'sync says where the other assistants\' exporter settings go');
    assert.deepEqual((readJson('.claude/settings.json') as { env: Record<string, string> }).env, { MY_VAR: 'kept' });
    assert.equal(fs.existsSync(path.join(root, '.codex', 'config.toml')), false, 'Codex ignores a project [otel]: nothing written');
    const vscode = readJson('.vscode/settings.json');
    assert.equal(vscode['github.copilot.chat.otel.enabled'], true);
    assert.equal(vscode['github.copilot.chat.otel.otlpEndpoint'], 'http://127.0.0.1:4999');
    assert.equal(vscode['github.copilot.chat.otel.captureContent'], false, 'no prompt or tool content is exported');
    assert.equal((await runAirlock(['sync', '--check'], { cwd: root, env })).code, 0);

    // An AI (or anyone) redirecting the exporter elsewhere is drift.
    fs.writeFileSync(path.join(root, '.vscode', 'settings.json'), JSON.stringify({ ...vscode, 'github.copilot.chat.otel.otlpEndpoint': 'https://evil.example' }, null, 2));
    const check = await runAirlock(['sync', '--check'], { cwd: root, env });
    assert.equal(check.code, 1);
    assert.match(check.stdout + check.stderr, /\.vscode\/settings\.json/);
    assert.equal((await runAirlock(['sync'], { cwd: root, env })).code, 0);
    assert.equal(readJson('.vscode/settings.json')['github.copilot.chat.otel.otlpEndpoint'], 'http://127.0.0.1:4999');
  });

  it('writes nothing telemetry-related without "assistants": true', async () => {
    fs.writeFileSync(path.join(root, '.airlock', 'policy.json'), POLICY({ otlpEndpoint: 'https://collector.example.com/v1/logs' }));
    assert.equal((await runAirlock(['sync'], { cwd: root, env })).code, 0);
    assert.equal((readJson('.claude/settings.json') as { env?: unknown }).env, undefined);
    assert.equal(readJson('.vscode/settings.json')['github.copilot.chat.otel.enabled'], undefined);
  });

  it('rejects bad telemetry settings with a clear error', async () => {
    for (const [bad, what] of [[{ assistants: 'yes' }, /assistants/], [{ receiverPort: 80 }, /receiverPort/], [{ intervalSeconds: 1 }, /intervalSeconds/], [{ collector: 'x' }, /unknown key "collector"/]] as const) {
      fs.writeFileSync(path.join(root, '.airlock', 'policy.json'), POLICY(bad));
      const r = await runAirlock(['check'], { cwd: root, env });
      assert.notEqual(r.code, 0);
      assert.match(r.stdout + r.stderr, what);
    }
  });

  it('org compile writes Claude Code managed env, Codex managed [otel] and Copilot CLI managed telemetry; org doctor reads them back', async () => {
    const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'airlock-otelorg-')));
    fs.writeFileSync(path.join(dir, 'baseline.json'), JSON.stringify({ version: 1, rules: [{ paths: ['**/.env'], class: 'secret' }], telemetry: { assistants: true, receiverPort: 4555 } }));
    const orgEnv = { HOME: path.join(dir, 'home'), PATH: '/usr/bin:/bin', AIRLOCK_BASELINE: '' };
    const r = await runAirlock(['org', 'compile', 'baseline.json', '--out', 'out', '--hook-command', '/opt/airlock hook'], { cwd: dir, env: orgEnv });
    assert.equal(r.code, 0, r.stderr);
    const out = path.join(dir, 'out');
    const managed = JSON.parse(fs.readFileSync(path.join(out, 'etc', 'claude-code', 'managed-settings.json'), 'utf8')) as { env: Record<string, string> };
    assert.equal(managed.env.OTEL_EXPORTER_OTLP_ENDPOINT, 'http://127.0.0.1:4555');
    assert.equal(managed.env.CLAUDE_CODE_ENABLE_TELEMETRY, '1');
    const codex = fs.readFileSync(path.join(out, 'etc', 'codex', 'managed_config.toml'), 'utf8');
    assert.match(codex, /^\[otel\]$/m);
    assert.match(codex, /^exporter = \{ otlp-http = \{ endpoint = "http:\/\/127\.0\.0\.1:4555\/v1\/logs", protocol = "binary" \} \}$/m);
    assert.match(codex, /^log_user_prompt = false$/m);
    const copilot = JSON.parse(fs.readFileSync(path.join(out, 'etc', 'github-copilot', 'managed-settings.json'), 'utf8')) as { telemetry: Record<string, unknown> };
    assert.deepEqual(copilot.telemetry, { enabled: true, endpoint: 'http://127.0.0.1:4555', protocol: 'http/protobuf' });

    // org doctor against a machine root: the compiled tree matches; a redirected Copilot
    // endpoint and an edited Codex file are both reported.
    const doctor = (root: string): Promise<{ code: number; stdout: string; stderr: string }> => runAirlock(['org', 'doctor', 'baseline.json', '--hook-command', '/opt/airlock hook', '--system-root', root], { cwd: dir, env: orgEnv });
    const ok = await doctor(out);
    assert.equal(ok.code, 0, ok.stdout + ok.stderr);
    fs.writeFileSync(path.join(out, 'etc', 'github-copilot', 'managed-settings.json'), JSON.stringify({ telemetry: { ...copilot.telemetry, endpoint: 'https://evil.example' } }));
    fs.writeFileSync(path.join(out, 'etc', 'codex', 'managed_config.toml'), codex.replace('log_user_prompt = false', 'log_user_prompt = true'));
    const bad = await doctor(out);
    assert.equal(bad.code, 1);
    assert.match(bad.stdout, /\/etc\/github-copilot\/managed-settings\.json: "telemetry\.endpoint" is "https:\/\/evil\.example"/);
    assert.match(bad.stdout, /\/etc\/codex\/managed_config\.toml: differs/);
  });

  it('org compile per platform: the telemetry block joins the compiled Copilot settings (the lockdown kept); Windows gets no Codex file', async () => {
    const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'airlock-otelplat-')));
    fs.writeFileSync(path.join(dir, 'baseline.json'), JSON.stringify({ version: 1, rules: [{ paths: ['**/.env'], class: 'secret' }], telemetry: { assistants: true, receiverPort: 4556 } }));
    const orgEnv = { HOME: path.join(dir, 'home'), PATH: '/usr/bin:/bin', AIRLOCK_BASELINE: '' };
    const compile = async (platform: string): Promise<string> => {
      const out = path.join(dir, `out-${platform}`);
      const r = await runAirlock(['org', 'compile', 'baseline.json', '--out', out, '--platform', platform, '--managed-hooks-only', '--hook-command', '/opt/airlock hook'], { cwd: dir, env: orgEnv });
      assert.equal(r.code, 0, r.stderr);
      return out;
    };
    const copilotOf = (file: string): Record<string, unknown> => JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
    const expected = { enabled: true, endpoint: 'http://127.0.0.1:4556', protocol: 'http/protobuf' };

    const linux = await compile('linux');
    const onLinux = copilotOf(path.join(linux, 'etc', 'github-copilot', 'managed-settings.json'));
    assert.deepEqual(onLinux.telemetry, expected);
    assert.equal(onLinux.allowManagedHooksOnly, true, 'the managed-hooks lockdown survives the telemetry merge');
    assert.ok(fs.existsSync(path.join(linux, 'etc', 'codex', 'managed_config.toml')));

    const windows = await compile('windows');
    const onWindows = copilotOf(path.join(windows, 'C', 'Program Files', 'GitHubCopilot', 'managed-settings.json'));
    assert.deepEqual(onWindows.telemetry, expected);
    assert.equal(onWindows.allowManagedHooksOnly, true);
    assert.ok(!fs.existsSync(path.join(windows, 'etc')), 'nothing lands at a Linux path in a Windows layout');
    const all = fs.readdirSync(windows, { recursive: true }).map(String);
    assert.ok(!all.some((f) => f.includes('codex')), `no Codex file for Windows: ${all.join(', ')}`);
  });
});
