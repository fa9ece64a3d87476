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

  it('writes Claude Code env and Copilot Chat settings, detects a redirected exporter, and removes them when turned off', async () => {
    fs.mkdirSync(path.join(root, '.claude'));
    fs.writeFileSync(path.join(root, '.claude', 'settings.json'), JSON.stringify({ env: { MY_VAR: 'kept' } }, null, 2));
    fs.writeFileSync(path.join(root, '.airlock', 'policy.json'), POLICY({ assistants: true, receiverPort: 4999 }));
    const r = await runAirlock(['sync'], { cwd: root, env });
    assert.equal(r.code, 0, r.stderr);
    const claude = readJson('.claude/settings.json') as { env: Record<string, string> };
    assert.deepEqual(claude.env, {
      MY_VAR: 'kept',
      CLAUDE_CODE_ENABLE_TELEMETRY: '1',
      OTEL_LOGS_EXPORTER: 'otlp',
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4999',
      OTEL_LOGS_EXPORT_INTERVAL: '1000',
    });
    const vscode = readJson('.vscode/settings.json');
    assert.equal(vscode['github.copilot.chat.otel.enabled'], true);
    assert.equal(vscode['github.copilot.chat.otel.otlpEndpoint'], 'http://127.0.0.1:4999');
    assert.equal(vscode['github.copilot.chat.otel.captureContent'], false, 'no prompt or tool content is exported');
    assert.equal((await runAirlock(['sync', '--check'], { cwd: root, env })).code, 0);

    // An AI (or anyone) redirecting the exporter elsewhere is drift.
    const tampered = { ...claude, env: { ...claude.env, OTEL_EXPORTER_OTLP_ENDPOINT: 'https://evil.example' } };
    fs.writeFileSync(path.join(root, '.claude', 'settings.json'), JSON.stringify(tampered, null, 2));
    const check = await runAirlock(['sync', '--check'], { cwd: root, env });
    assert.equal(check.code, 1);
    assert.match(check.stdout + check.stderr, /\.claude\/settings\.json/);
    assert.equal((await runAirlock(['sync'], { cwd: root, env })).code, 0);
    assert.equal((readJson('.claude/settings.json') as { env: Record<string, string> }).env.OTEL_EXPORTER_OTLP_ENDPOINT, 'http://127.0.0.1:4999');

    fs.writeFileSync(path.join(root, '.airlock', 'policy.json'), POLICY({ assistants: false }));
    assert.equal((await runAirlock(['sync'], { cwd: root, env })).code, 0);
    assert.deepEqual((readJson('.claude/settings.json') as { env: Record<string, string> }).env, { MY_VAR: 'kept' });
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

  it('org compile puts the same env in Claude Code managed settings', async () => {
    const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'airlock-otelorg-')));
    fs.writeFileSync(path.join(dir, 'baseline.json'), JSON.stringify({ version: 1, rules: [{ paths: ['**/.env'], class: 'secret' }], telemetry: { assistants: true } }));
    const r = await runAirlock(['org', 'compile', 'baseline.json', '--out', 'out', '--hook-command', '/opt/airlock hook'], { cwd: dir, env: { HOME: path.join(dir, 'home'), PATH: '/usr/bin:/bin', AIRLOCK_BASELINE: '' } });
    assert.equal(r.code, 0, r.stderr);
    const managed = JSON.parse(fs.readFileSync(path.join(dir, 'out', 'etc', 'claude-code', 'managed-settings.json'), 'utf8')) as { env: Record<string, string> };
    assert.equal(managed.env.OTEL_EXPORTER_OTLP_ENDPOINT, 'http://127.0.0.1:4318');
    assert.equal(managed.env.CLAUDE_CODE_ENABLE_TELEMETRY, '1');
  });
});
