// The governed model path with the real opencode and Copilot CLI clients, no Airlock hooks:
// - opencode under `airlock run --gateway`: the client runs in the sandbox, the gateway in
//   Airlock's process outside it, with the only copy of the endpoint key;
// - the Copilot CLI through `airlock gateway`: every route (a program that opens the protected
//   file, a copy made before the policy existed, the read tool) ends without the canary at the
//   model, a live secret in an ordinary file arrives masked, and an endpoint a class may not
//   reach gets nothing of it while the allowed endpoint does.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FakeTokens } from '../unit/secrets/fakeTokens';
import { AIRLOCK_CLI, airlockSync, assertCliBuilt, builtHookCommand } from './airlockSetup';
import { claudeArgs, claudeEnv } from './claudeRun';
import { ensureClaudeCode } from './claudeInstall';
import { startFakeAnthropicServer } from './fakeAnthropicServer';
import { CLAUDE_TOOLS } from './probeSteps';
import { copilotClient } from './copilotClient';
import { createE2eWorkspace, type E2eWorkspace } from './e2eWorkspace';
import { startGatewayProcess } from './gatewayRun';
import { runAgentProcess } from './agentProcess';
import { codexClient } from './codexClient';
import { opencodeClient } from './opencodeClient';
import { type FakeModelServer, startFakeModel } from './scriptedModel';
import { freePort } from '../helpers/freePort';

const TIMEOUT_MS = 150_000;
const CORP_KEY = `corp-upstream-${randomBytes(12).toString('hex')}`;

function policy(endpoints: Record<string, string>, classes: string): string {
  const eps = Object.entries(endpoints).map(([name, url]) => `"${name}": { "api": "openai", "url": "${url}/v1", "keyEnv": "CORP_KEY", "models": ["fake-model"] }`).join(', ');
  return `{
  "version": 1,
  "rules": [
    { "paths": ["**/.env", "secrets/"], "class": "secret" },
    { "paths": ["src/internal/"], "class": "restricted" }
  ],
  "models": { "endpoints": { ${eps} }, "classes": { ${classes} } }
}`;
}

function leaks(fake: FakeModelServer, needle: string): string[] {
  return fake.requests.filter((r) => r.body.includes(needle)).map((r) => `${r.method} ${r.path} (${r.kind})`);
}

/** The workspace of the scenario: a copy of the canary made before the policy, a live secret in an ordinary file. */
function workspace(cleanup: Array<() => unknown>, kind: 'github' | 'gitlab' = 'github'): { ws: E2eWorkspace; liveToken: string } {
  const ws = createE2eWorkspace({ withPolicy: false });
  cleanup.push(() => ws.dispose());
  mkdirSync(join(ws.root, 'backup'), { recursive: true });
  writeFileSync(join(ws.root, 'backup', 'old-token.txt'), `saved earlier:\nAPI_TOKEN=AIRLOCK_E2E_CANARY_${ws.canary}\n`);
  const liveToken = kind === 'github' ? new FakeTokens(0x9a7e).github() : new FakeTokens(0x9a7e).gitlab();
  writeFileSync(join(ws.root, 'src', 'settings.ini'), `[github]\ntoken = ${liveToken}\n`);
  mkdirSync(join(ws.root, '.airlock'), { recursive: true });
  return { ws, liveToken };
}

/** `airlock run --gateway -- <agent>` as a user starts it; resolves with its exit and output. */
function airlockRun(root: string, agent: readonly string[], env: NodeJS.ProcessEnv, timeoutMs: number): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child: ChildProcess = spawn(process.execPath, [AIRLOCK_CLI, 'run', '--gateway', '--root', root, '--', ...agent], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (c: Buffer) => { stdout += c.toString('utf8'); });
    child.stderr?.on('data', (c: Buffer) => { stderr += c.toString('utf8'); });
    const timer = setTimeout(() => { try { process.kill(-(child.pid ?? 0), 'SIGKILL'); } catch { /* gone */ } }, timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe('opencode under `airlock run --gateway` (real client in the sandbox, gateway outside)', function () {
  this.timeout(TIMEOUT_MS + 600_000);
  const cleanup: Array<() => unknown> = [];
  afterEach(async () => {
    for (const f of cleanup.splice(0).reverse()) await f();
  });

  it('no route brings the canary to the model; the live secret never arrives; the key never enters the sandbox', async () => {
    assertCliBuilt();
    const { executable } = opencodeClient.install();
    const { ws, liveToken } = workspace(cleanup);
    const call = (id: string, action: Parameters<typeof opencodeClient.toolCall>[0]) => ({ id, ...opencodeClient.toolCall(action) });
    const steps = [
      call('call_run_1', { kind: 'shell', command: `node -e "process.stdout.write(require('fs').readFileSync('secrets/prod-token.txt', 'utf8'))"` }),
      call('call_run_2', { kind: 'shell', command: 'cat backup/old-token.txt' }),
      call('call_run_3', { kind: 'read', path: join(ws.root, 'src', 'settings.ini') }),
      call('call_run_4', { kind: 'shell', command: 'env' }),
      call('call_run_5', { kind: 'read', path: join(ws.root, ws.allowedFile) }),
    ];
    const fake = await startFakeModel(opencodeClient.adapter(), steps, 'GW_RUN_DONE');
    cleanup.push(() => fake.close());
    writeFileSync(join(ws.root, '.airlock', 'policy.json'), policy({ corp: fake.url }, '"secret": { "endpoints": [], "onMatch": "redact" }'));
    const launch = opencodeClient.launch({ root: ws.root, homeDir: ws.homeDir, baseUrl: fake.url, prompt: 'Inspect the project files.', executable });
    // The user's own provider config is what `airlock run --gateway` replaces; the rest of the launch stays.
    const { OPENCODE_CONFIG_CONTENT: _own, ...agentEnv } = launch.env;
    const env = { ...agentEnv, CORP_KEY, XDG_CACHE_HOME: join(ws.scratch, 'cache') };
    const run = await airlockRun(ws.root, [launch.command, ...launch.args], env, TIMEOUT_MS);
    const context = `\nexit ${run.code}\nstdout: ${run.stdout.slice(-1500)}\nstderr: ${run.stderr.slice(-2500)}`;
    assert.match(run.stderr, /opencode talks to the model only through the gateway at http:\/\/127\.0\.0\.1:\d+.*removed from its environment: CORP_KEY/, context);
    for (const s of steps) assert.ok(fake.toolResult(s.id), `no tool result for ${s.id}${context}`);
    assert.deepEqual(leaks(fake, ws.canary), [], `the canary reached the model${context}`);
    assert.deepEqual(leaks(fake, liveToken), [], `the live secret reached the model${context}`);
    assert.deepEqual(leaks(fake, CORP_KEY), [], `the endpoint key was visible inside the sandbox${context}`);
    assert.match(fake.toolResult('call_run_2')?.text ?? '', /«protected:secret content removed by Airlock»/, context);
    // A file with a live secret is masked by the sandbox itself (read as empty): the gateway is the second wall.
    assert.match(fake.toolResult('call_run_3')?.text ?? '', /total 0 lines/, context);
    assert.match(fake.toolResult('call_run_4')?.text ?? '', /OPENCODE_CONFIG_CONTENT=/, `the env probe did not run${context}`);
    assert.ok(fake.toolResult('call_run_5')?.text.includes(ws.allowedMarker), `ordinary work must reach the model${context}`);
    // Every request reached the model through the gateway, with the endpoint's own key.
    assert.ok(fake.requests.length > 0);
    assert.ok(fake.requests.every((r) => r.headers.authorization === `Bearer ${CORP_KEY}`), context);
  });
});

describe('GitHub Copilot CLI through `airlock gateway` (real client, no hooks): every route', function () {
  this.timeout(2 * TIMEOUT_MS + 600_000);
  const cleanup: Array<() => unknown> = [];
  afterEach(async () => {
    for (const f of cleanup.splice(0).reverse()) await f();
  });

  async function runCopilot(ws: E2eWorkspace, gwUrl: string, token: string, endpoint: string, prompt: string) {
    const { executable } = copilotClient.install();
    const launch = copilotClient.launch({ root: ws.root, homeDir: ws.homeDir, baseUrl: `${gwUrl}/e/${endpoint}`, prompt, executable });
    return runAgentProcess({ command: launch.command, args: launch.args, cwd: ws.root, env: { ...launch.env, COPILOT_PROVIDER_API_KEY: token }, timeoutMs: TIMEOUT_MS });
  }

  it('a program, a copy made before the policy and the read tool: no canary; a live secret arrives masked', async () => {
    assertCliBuilt();
    // A GitLab token: the Copilot CLI masks GitHub tokens in tool output by itself, which would hide the gateway's work.
    const { ws, liveToken } = workspace(cleanup, 'gitlab');
    const call = (id: string, action: Parameters<typeof copilotClient.toolCall>[0]) => ({ id, ...copilotClient.toolCall(action) });
    const steps = [
      call('call_cp_1', { kind: 'shell', command: `node -e "process.stdout.write(require('fs').readFileSync('secrets/prod-token.txt', 'utf8'))"` }),
      call('call_cp_2', { kind: 'shell', command: 'cat backup/old-token.txt' }),
      call('call_cp_3', { kind: 'read', path: join(ws.root, '.env') }),
      call('call_cp_4', { kind: 'read', path: join(ws.root, 'src', 'settings.ini') }),
      call('call_cp_5', { kind: 'read', path: join(ws.root, ws.allowedFile) }),
    ];
    const fake = await startFakeModel(copilotClient.adapter(), steps, 'GW_CP_DONE');
    cleanup.push(() => fake.close());
    writeFileSync(join(ws.root, '.airlock', 'policy.json'), policy({ corp: fake.url }, '"secret": { "endpoints": [], "onMatch": "redact" }'));
    const gw = await startGatewayProcess(ws.root, { XDG_CACHE_HOME: join(ws.scratch, 'cache'), CORP_KEY });
    cleanup.push(() => gw.stop());
    const run = await runCopilot(ws, gw.url, gw.token, 'corp', 'Inspect the project files.');
    const context = `\nexit ${run.exitCode}\nstdout: ${run.stdout.slice(-1500)}\nstderr: ${run.stderr.slice(-1500)}\ngateway: ${gw.log().slice(-2000)}`;
    for (const s of steps) assert.ok(fake.toolResult(s.id), `no tool result for ${s.id}${context}`);
    // The client itself did read the canary (three passages): the gateway is what stood between it and the model.
    assert.match(gw.log(), /[3-9] protected passage\(s\) removed/, `the gateway never saw the canary${context}`);
    assert.deepEqual(leaks(fake, ws.canary), [], `the canary reached the model${context}`);
    assert.deepEqual(leaks(fake, liveToken), [], `the live secret reached the model${context}`);
    for (const id of ['call_cp_1', 'call_cp_2', 'call_cp_3']) {
      assert.match(fake.toolResult(id)?.text ?? '', /«protected:secret content removed by Airlock»/, `${id} was not redacted${context}`);
    }
    assert.match(fake.toolResult('call_cp_4')?.text ?? '', /token = «secret:gitlab[a-z-]*#1»/, `${fake.toolResult('call_cp_4')?.text ?? ''}${context}`);
    assert.ok(fake.toolResult('call_cp_5')?.text.includes(ws.allowedMarker), `the allowed file must reach the model${context}`);
    assert.ok(fake.requests.every((r) => r.headers.authorization === `Bearer ${CORP_KEY}`), 'the upstream got the endpoint key, never the client token');
  });

  it('an endpoint a class may not reach gets nothing of it; the allowed endpoint gets it', async () => {
    assertCliBuilt();
    const { ws } = workspace(cleanup);
    const marker = `INTERNAL_ONLY_${randomBytes(12).toString('hex')}`;
    mkdirSync(join(ws.root, 'src', 'internal'), { recursive: true });
    writeFileSync(join(ws.root, 'src', 'internal', 'pricing.ts'), `// ${marker}\nexport const margin = 0.42;\n`);
    const steps = [{ id: 'call_cp_11', ...copilotClient.toolCall({ kind: 'shell', command: 'cat src/internal/pricing.ts' }) }];
    const cloud = await startFakeModel(copilotClient.adapter(), steps, 'DONE_CLOUD');
    const internal = await startFakeModel(copilotClient.adapter(), steps, 'DONE_INTERNAL');
    cleanup.push(() => cloud.close(), () => internal.close());
    writeFileSync(join(ws.root, '.airlock', 'policy.json'), policy({ cloud: cloud.url, internal: internal.url }, '"restricted": ["internal"]'));
    const gw = await startGatewayProcess(ws.root, { XDG_CACHE_HOME: join(ws.scratch, 'cache'), CORP_KEY });
    cleanup.push(() => gw.stop());
    const toCloud = await runCopilot(ws, gw.url, gw.token, 'cloud', 'Show me the pricing.');
    const context = `\nexit ${toCloud.exitCode}\nstdout: ${toCloud.stdout.slice(-1500)}\nstderr: ${toCloud.stderr.slice(-1000)}\ngateway: ${gw.log().slice(-2000)}`;
    assert.ok(cloud.requests.some((r) => r.kind === 'main-turn'), `the cloud endpoint was never used${context}`);
    assert.deepEqual(leaks(cloud, marker), [], `restricted content reached the cloud endpoint${context}`);
    assert.match(gw.log(), /request refused: .*src\/internal\/pricing\.ts/, context);
    const toInternal = await runCopilot(ws, gw.url, gw.token, 'internal', 'Show me the pricing.');
    assert.ok(internal.toolResult('call_cp_11')?.text.includes(marker), `the allowed endpoint did not get the restricted content\nexit ${toInternal.exitCode}\n${gw.log().slice(-2000)}`);
  });
});


describe('Claude Code pointed at the gateway only by what `airlock sync` wrote (real client)', function () {
  this.timeout(TIMEOUT_MS + 600_000);
  const cleanup: Array<() => unknown> = [];
  afterEach(async () => {
    for (const f of cleanup.splice(0).reverse()) await f();
  });

  it('settings env.ANTHROPIC_BASE_URL + apiKeyHelper send every request through the gateway on the policy port', async () => {
    assertCliBuilt();
    const { executable } = ensureClaudeCode();
    const { ws } = workspace(cleanup);
    const steps = [{ id: 'toolu_sync_1', name: 'Bash', input: { command: 'cat backup/old-token.txt', description: 'Show the backup' } }];
    const fake = await startFakeAnthropicServer(steps, 'GW_SYNC_DONE');
    cleanup.push(() => fake.close());
    const port = await freePort();
    writeFileSync(join(ws.root, '.airlock', 'policy.json'), JSON.stringify({
      version: 1,
      sync: { targets: ['claude-code'] },
      rules: [{ paths: ['**/.env', 'secrets/'], class: 'secret' }],
      models: {
        endpoints: { cloud: { api: 'anthropic', url: fake.url, keyEnv: 'CLOUD_KEY' } },
        classes: { secret: { endpoints: [], onMatch: 'redact' } },
        gateway: { port, sync: true },
      },
    }, null, 2));
    airlockSync(ws.root, builtHookCommand());
    const written = readFileSync(join(ws.root, '.claude', 'settings.json'), 'utf8');
    assert.ok(written.includes(`http://127.0.0.1:${port}/e/cloud`), written);
    // The gateway on the policy's port makes the per-user token file under this HOME.
    const gw = await startGatewayProcess(ws.root, { HOME: ws.homeDir, XDG_CACHE_HOME: join(ws.scratch, 'cache'), CLOUD_KEY: 'key-cloud' });
    cleanup.push(() => gw.stop());
    assert.equal(gw.url, `http://127.0.0.1:${port}`);
    // No base URL or key in the environment: only the written settings can route the client.
    const { ANTHROPIC_BASE_URL: _url, ANTHROPIC_API_KEY: _key, ...env } = claudeEnv({ homeDir: ws.homeDir, baseUrl: 'unused' });
    const run = await runAgentProcess({ command: executable, args: claudeArgs('Show the backup.', ['--tools', CLAUDE_TOOLS]), cwd: ws.root, env, timeoutMs: TIMEOUT_MS });
    const context = `\nexit ${run.exitCode}\nstdout: ${run.stdout.slice(-1500)}\nstderr: ${run.stderr.slice(-1500)}\ngateway: ${gw.log().slice(-1500)}`;
    assert.ok(fake.requests.some((r) => r.kind === 'main-turn'), `the client never reached the model through the gateway${context}`);
    assert.ok(fake.requests.every((r) => r.headers['x-api-key'] === 'key-cloud'), context);
    assert.match(gw.log(), /POST \/e\/cloud\/v1\/messages/, context);
    assert.match(fake.toolResult('toolu_sync_1')?.text ?? '', /«protected:secret content removed by Airlock»/, context);
    assert.deepEqual(leaks(fake, ws.canary), [], `the canary reached the model${context}`);
  });
});

describe('opencode pointed at the gateway only by the opencode.json `airlock sync` wrote (real client)', function () {
  this.timeout(TIMEOUT_MS + 600_000);
  const cleanup: Array<() => unknown> = [];
  afterEach(async () => {
    for (const f of cleanup.splice(0).reverse()) await f();
  });

  it('provider baseURL + the token file route every request through the gateway on the policy port', async () => {
    assertCliBuilt();
    const { executable } = opencodeClient.install();
    const { ws } = workspace(cleanup);
    const steps = [{ id: 'call_ocsync_1', ...opencodeClient.toolCall({ kind: 'shell', command: 'cat backup/old-token.txt' }) }];
    const fake = await startFakeModel(opencodeClient.adapter(), steps, 'GW_OCSYNC_DONE');
    cleanup.push(() => fake.close());
    const port = await freePort();
    writeFileSync(join(ws.root, '.airlock', 'policy.json'), JSON.stringify({
      version: 1,
      // The opencode plugin (hooks) is left out: only the provider settings are under test.
      sync: { targets: ['opencode'] },
      rules: [{ paths: ['**/.env', 'secrets/'], class: 'secret' }],
      models: {
        endpoints: { corp: { api: 'openai', url: `${fake.url}/v1`, keyEnv: 'CORP_KEY', models: ['fake-model'] } },
        classes: { secret: { endpoints: [], onMatch: 'redact' } },
        gateway: { port, sync: true },
      },
    }, null, 2));
    airlockSync(ws.root, builtHookCommand());
    rmSync(join(ws.root, '.opencode'), { recursive: true, force: true });
    const gw = await startGatewayProcess(ws.root, { HOME: ws.homeDir, XDG_CACHE_HOME: join(ws.scratch, 'cache'), CORP_KEY });
    cleanup.push(() => gw.stop());
    const launch = opencodeClient.launch({ root: ws.root, homeDir: ws.homeDir, baseUrl: 'http://127.0.0.1:9', prompt: 'Show the backup.', executable });
    // No provider of the user's: only the project's opencode.json can route the client.
    const { OPENCODE_CONFIG_CONTENT: _own, ...env } = launch.env;
    const run = await runAgentProcess({ command: launch.command, args: launch.args, cwd: ws.root, env, timeoutMs: TIMEOUT_MS });
    const context = `\nexit ${run.exitCode}\nstdout: ${run.stdout.slice(-1500)}\nstderr: ${run.stderr.slice(-1500)}\ngateway: ${gw.log().slice(-1500)}\nopencode.json: ${readFileSync(join(ws.root, 'opencode.json'), 'utf8')}`;
    assert.ok(fake.toolResult('call_ocsync_1'), `the client never ran the script through the gateway${context}`);
    assert.ok(fake.requests.every((r) => r.headers.authorization === `Bearer ${CORP_KEY}`), context);
    assert.match(fake.toolResult('call_ocsync_1')?.text ?? '', /«protected:secret content removed by Airlock»/, context);
    assert.deepEqual(leaks(fake, ws.canary), [], `the canary reached the model${context}`);
  });
});

describe('Claude Code, the Copilot CLI and Codex under `airlock run --gateway` (real clients in the sandbox, gateway outside)', function () {
  this.timeout(2 * TIMEOUT_MS + 600_000);
  const cleanup: Array<() => unknown> = [];
  afterEach(async () => {
    for (const f of cleanup.splice(0).reverse()) await f();
  });

  it('Claude Code: a copy made before the policy arrives redacted; the key is not in its environment', async () => {
    assertCliBuilt();
    const { executable } = ensureClaudeCode();
    const { ws } = workspace(cleanup);
    const steps = [
      { id: 'toolu_run_1', name: 'Read', input: { file_path: join(ws.root, 'backup', 'old-token.txt') } },
      { id: 'toolu_run_2', name: 'Bash', input: { command: 'env', description: 'Show the environment' } },
    ];
    const fake = await startFakeAnthropicServer(steps, 'GW_RUN_CLAUDE_DONE');
    cleanup.push(() => fake.close());
    writeFileSync(join(ws.root, '.airlock', 'policy.json'), JSON.stringify({
      version: 1,
      rules: [{ paths: ['**/.env', 'secrets/'], class: 'secret' }],
      models: { endpoints: { cloud: { api: 'anthropic', url: fake.url, keyEnv: 'CLOUD_KEY' } }, classes: { secret: { endpoints: [], onMatch: 'redact' } } },
    }));
    // The user's own provider settings (the fake's URL and a key) are what the gateway's replace.
    const env = { ...claudeEnv({ homeDir: ws.homeDir, baseUrl: fake.url }), CLOUD_KEY: CORP_KEY, XDG_CACHE_HOME: join(ws.scratch, 'cache') };
    const run = await airlockRun(ws.root, [executable, ...claudeArgs('Inspect the backup.', ['--tools', CLAUDE_TOOLS])], env, TIMEOUT_MS);
    const context = `\nexit ${run.code}\nstdout: ${run.stdout.slice(-1500)}\nstderr: ${run.stderr.slice(-1500)}`;
    assert.match(run.stderr, /claude-code talks to the model only through the gateway.*removed from its environment: CLOUD_KEY/, context);
    for (const s of steps) assert.ok(fake.toolResult(s.id), `no tool result for ${s.id}${context}`);
    assert.match(fake.toolResult('toolu_run_1')?.text ?? '', /«protected:secret content removed by Airlock»/, context);
    assert.match(fake.toolResult('toolu_run_2')?.text ?? '', /ANTHROPIC_BASE_URL=http:\/\/127\.0\.0\.1:\d+\/e\/cloud/, context);
    assert.deepEqual(leaks(fake, ws.canary), [], `the canary reached the model${context}`);
    assert.deepEqual(leaks(fake, CORP_KEY), [], `the endpoint key was visible inside the sandbox${context}`);
    assert.ok(fake.requests.every((r) => r.headers['x-api-key'] === CORP_KEY), context);
  });

  it('the Copilot CLI (BYOK variables): a copy made before the policy arrives redacted; the key is not in its environment', async () => {
    assertCliBuilt();
    const { executable } = copilotClient.install();
    const { ws } = workspace(cleanup);
    const steps = [
      { id: 'call_run_cp_1', ...copilotClient.toolCall({ kind: 'shell', command: 'cat backup/old-token.txt' }) },
      { id: 'call_run_cp_2', ...copilotClient.toolCall({ kind: 'shell', command: 'env' }) },
    ];
    const fake = await startFakeModel(copilotClient.adapter(), steps, 'GW_RUN_COPILOT_DONE');
    cleanup.push(() => fake.close());
    writeFileSync(join(ws.root, '.airlock', 'policy.json'), policy({ corp: fake.url }, '"secret": { "endpoints": [], "onMatch": "redact" }'));
    const launch = copilotClient.launch({ root: ws.root, homeDir: ws.homeDir, baseUrl: fake.url, prompt: 'Inspect the backup.', executable });
    const env = { ...launch.env, CORP_KEY, XDG_CACHE_HOME: join(ws.scratch, 'cache') };
    const run = await airlockRun(ws.root, [launch.command, ...launch.args], env, TIMEOUT_MS);
    const context = `\nexit ${run.code}\nstdout: ${run.stdout.slice(-1500)}\nstderr: ${run.stderr.slice(-1500)}`;
    assert.match(run.stderr, /copilot-cli talks to the model only through the gateway.*removed from its environment: CORP_KEY/, context);
    for (const s of steps) assert.ok(fake.toolResult(s.id), `no tool result for ${s.id}${context}`);
    assert.match(fake.toolResult('call_run_cp_1')?.text ?? '', /«protected:secret content removed by Airlock»/, context);
    // The CLI keeps its provider variables out of its shells; the probe ran, and holds no key.
    assert.match(fake.toolResult('call_run_cp_2')?.text ?? '', /^HOME=/m, context);
    assert.doesNotMatch(fake.toolResult('call_run_cp_2')?.text ?? '', /CORP_KEY=/, context);
    assert.deepEqual(leaks(fake, ws.canary), [], `the canary reached the model${context}`);
    assert.deepEqual(leaks(fake, CORP_KEY), [], `the endpoint key was visible inside the sandbox${context}`);
    assert.ok(fake.requests.every((r) => r.headers.authorization === `Bearer ${CORP_KEY}`), context);
  });

  it('Codex (Responses API): a copy made before the policy arrives redacted; the key is not in its environment', async () => {
    assertCliBuilt();
    const { executable } = codexClient.install();
    const { ws } = workspace(cleanup);
    const steps = [
      { id: 'call_run_cx_1', ...codexClient.toolCall({ kind: 'shell', command: 'cat backup/old-token.txt' }) },
      { id: 'call_run_cx_2', ...codexClient.toolCall({ kind: 'shell', command: 'env' }) },
    ];
    const fake = await startFakeModel(codexClient.adapter(), steps, 'GW_RUN_CODEX_DONE');
    cleanup.push(() => fake.close());
    writeFileSync(join(ws.root, '.airlock', 'policy.json'), policy({ corp: fake.url }, '"secret": { "endpoints": [], "onMatch": "redact" }'));
    const launch = codexClient.launch({ root: ws.root, homeDir: ws.homeDir, baseUrl: fake.url, prompt: 'Inspect the backup.', executable });
    const env = { ...launch.env, CORP_KEY, XDG_CACHE_HOME: join(ws.scratch, 'cache') };
    const run = await airlockRun(ws.root, [launch.command, ...launch.args], env, TIMEOUT_MS);
    const context = `\nexit ${run.code}\nstdout: ${run.stdout.slice(-1500)}\nstderr: ${run.stderr.slice(-1500)}`;
    assert.match(run.stderr, /codex talks to the model only through the gateway.*removed from its environment: CORP_KEY/, context);
    for (const s of steps) assert.ok(fake.toolResult(s.id), `no tool result for ${s.id}${context}`);
    assert.match(fake.toolResult('call_run_cx_1')?.text ?? '', /«protected:secret content removed by Airlock»/, context);
    assert.match(fake.toolResult('call_run_cx_2')?.text ?? '', /AIRLOCK_GATEWAY_KEY=/, context);
    assert.deepEqual(leaks(fake, ws.canary), [], `the canary reached the model${context}`);
    assert.deepEqual(leaks(fake, CORP_KEY), [], `the endpoint key was visible inside the sandbox${context}`);
    assert.ok(fake.requests.every((r) => r.headers.authorization === `Bearer ${CORP_KEY}`), context);
  });
});

describe('why `airlock sync` writes no gateway settings for Codex (real client)', function () {
  this.timeout(TIMEOUT_MS + 600_000);
  it('Codex ignores a model provider set in a trusted project\'s .codex/config.toml', async () => {
    const cleanup: Array<() => unknown> = [];
    try {
      const { ws } = workspace(cleanup);
      const { executable } = codexClient.install();
      const user = await startFakeModel(codexClient.adapter(), [], 'FROM_USER_PROVIDER');
      const project = await startFakeModel(codexClient.adapter(), [], 'FROM_PROJECT_PROVIDER');
      cleanup.push(() => user.close(), () => project.close());
      // The user's config names the first fake and trusts the project; the project names the second.
      const launch = codexClient.launch({ root: ws.root, homeDir: ws.homeDir, baseUrl: user.url, prompt: 'hi', executable });
      mkdirSync(join(ws.root, '.codex'), { recursive: true });
      writeFileSync(join(ws.root, '.codex', 'config.toml'), `model_provider = "proj"\n[model_providers.proj]\nname = "Project"\nbase_url = "${project.url}/v1"\nwire_api = "responses"\nenv_key = "FAKE_MODEL_KEY"\n`);
      const run = await runAgentProcess({ command: launch.command, args: launch.args, cwd: ws.root, env: launch.env, timeoutMs: TIMEOUT_MS });
      assert.ok(user.requests.length > 0, `the run reached no model\nexit ${run.exitCode}\n${run.stderr.slice(-1500)}`);
      assert.equal(project.requests.length, 0, 'Codex used the project\'s provider: `airlock sync` could write one now');
    } finally {
      for (const f of cleanup.reverse()) await f();
    }
  });
});
