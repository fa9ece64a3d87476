// `airlock sync` pointing clients at the gateway on the policy's port: Claude Code's settings and
// opencode's config get Airlock's keys and nothing else, no key is ever written, `--check` sees a
// setting pointed elsewhere, and turning "sync" off takes back exactly what was written.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runAirlock } from '../../helpers/runCliInProcess';
import { tempWorkspace, type TempWorkspace } from '../../helpers/tempWorkspace';

const policy = (gateway: string): string => `{
  "version": 1,
  "sync": { "targets": ["claude-code", "opencode"] },
  "rules": [ { "paths": ["secrets/"], "class": "secret" } ],
  "models": {
    "endpoints": {
      "internal": { "api": "openai", "url": "https://llm.internal.example/v1", "keyEnv": "INTERNAL_KEY", "models": ["coder"] },
      "cloud": { "api": "anthropic", "url": "https://api.anthropic.com", "keyEnv": "CLOUD_KEY" }
    },
    "gateway": ${gateway}
  }
}`;

interface ClaudeSettings { env?: Record<string, string>; apiKeyHelper?: string; permissions?: unknown }
interface OpencodeConfig { provider?: Record<string, { options?: { baseURL?: string; apiKey?: string }; models?: Record<string, unknown> }>; model?: string; theme?: string }

describe('airlock sync: client settings for the gateway', () => {
  let ws: TempWorkspace;
  const env = (): NodeJS.ProcessEnv => ({ ...process.env, AIRLOCK_BASELINE: '', INTERNAL_KEY: 'internal-secret-key-value', CLOUD_KEY: 'cloud-secret-key-value' });
  const read = <T>(rel: string): T => JSON.parse(readFileSync(join(ws.root, rel), 'utf8')) as T;
  beforeEach(() => {
    ws = tempWorkspace({
      '.claude/settings.json': '{\n  "env": { "MY_FLAG": "1" }\n}\n',
      'opencode.json': '{\n  "theme": "mine"\n}\n',
    });
  });
  afterEach(() => ws.dispose());

  it('writes ANTHROPIC_BASE_URL + apiKeyHelper and the opencode provider; never a key; --check catches a redirect', async () => {
    ws.policy(policy('{ "port": 8788, "sync": true }'));
    const r = await runAirlock(['sync', '--json'], { cwd: ws.root, env: env() });
    assert.equal(r.code, 0, r.stderr + r.stdout);
    const claude = read<ClaudeSettings>('.claude/settings.json');
    assert.equal(claude.env?.ANTHROPIC_BASE_URL, 'http://127.0.0.1:8788/e/cloud');
    assert.equal(claude.env?.MY_FLAG, '1', 'hand-written keys stay');
    assert.equal(claude.apiKeyHelper, 'cat "$HOME/.config/airlock/gateway-token"');
    const oc = read<OpencodeConfig>('opencode.json');
    assert.equal(oc.theme, 'mine');
    assert.equal(oc.model, 'airlock/coder');
    assert.equal((oc as { small_model?: string }).small_model, 'airlock/coder');
    assert.equal(oc.provider?.airlock?.options?.baseURL, 'http://127.0.0.1:8788/e/internal/v1');
    assert.equal(oc.provider?.airlock?.options?.apiKey, '{file:~/.config/airlock/gateway-token}');
    for (const f of ['.claude/settings.json', 'opencode.json', '.airlock/sync-state.json']) {
      const text = readFileSync(join(ws.root, f), 'utf8');
      assert.ok(!text.includes('secret-key-value'), `${f} holds a key`);
    }
    const again = JSON.parse((await runAirlock(['sync', '--json'], { cwd: ws.root, env: env() })).stdout) as { files: Array<{ status: string }> };
    assert.ok(again.files.every((f) => f.status === 'unchanged'), JSON.stringify(again.files));
    assert.equal((await runAirlock(['sync', '--check'], { cwd: ws.root, env: env() })).code, 0);
    // Someone points Claude Code straight at the provider: drift, shown as a diff.
    writeFileSync(join(ws.root, '.claude/settings.json'), readFileSync(join(ws.root, '.claude/settings.json'), 'utf8').replace('http://127.0.0.1:8788/e/cloud', 'https://api.anthropic.com'));
    const check = await runAirlock(['sync', '--check'], { cwd: ws.root, env: env() });
    assert.equal(check.code, 1);
    assert.match(check.stdout, /^-.*"ANTHROPIC_BASE_URL": "https:\/\/api\.anthropic\.com"/m);
    assert.match(check.stdout, /^\+.*"ANTHROPIC_BASE_URL": "http:\/\/127\.0\.0\.1:8788\/e\/cloud"/m);
  });

  it('"sync": false takes back exactly what it wrote; with it off nothing new is written', async () => {
    ws.policy(policy('{ "port": 8788, "sync": true }'));
    assert.equal((await runAirlock(['sync'], { cwd: ws.root, env: env() })).code, 0);
    ws.policy(policy('{ "port": 8788, "sync": false }'));
    const off = await runAirlock(['sync'], { cwd: ws.root, env: env() });
    assert.equal(off.code, 0, off.stderr);
    const claude = read<ClaudeSettings>('.claude/settings.json');
    assert.deepEqual(claude.env, { MY_FLAG: '1' });
    assert.equal(claude.apiKeyHelper, undefined);
    assert.deepEqual(read<OpencodeConfig>('opencode.json'), { theme: 'mine', provider: {} });
    const bare = tempWorkspace({ '.opencode/plugins/.keep': '' });
    try {
      bare.policy(policy('{ "port": 8788 }'));
      assert.equal((await runAirlock(['sync'], { cwd: bare.root, env: env() })).code, 0);
      assert.equal(existsSync(join(bare.root, 'opencode.json')), false, 'nothing to point: no file created');
    } finally {
      bare.dispose();
    }
  });

  it('says what it could not point: Claude Code needs an Anthropic endpoint, opencode a model id', async () => {
    ws.policy(policy('{ "port": 8788, "sync": true, "endpoint": "cloud" }').replace('"keyEnv": "CLOUD_KEY" }', '"keyEnv": "CLOUD_KEY", "models": [] }'));
    const r = await runAirlock(['sync', '--json'], { cwd: ws.root, env: env() });
    const out = JSON.parse(r.stdout) as { warnings: Array<{ message: string }> };
    assert.ok(out.warnings.some((w) => /opencode is not pointed at the gateway: endpoint "cloud" lists no "models"/.test(w.message)), JSON.stringify(out.warnings));
    ws.policy(policy('{ "port": 8788, "sync": true, "endpoint": "internal" }'));
    const r2 = JSON.parse((await runAirlock(['sync', '--json'], { cwd: ws.root, env: env() })).stdout) as { warnings: Array<{ message: string }> };
    assert.ok(r2.warnings.some((w) => /Claude Code is not pointed at the gateway: it speaks only the Anthropic API and endpoint "internal" is not one/.test(w.message)));
    assert.equal(read<ClaudeSettings>('.claude/settings.json').env?.ANTHROPIC_BASE_URL, undefined);
  });
});
