// The governed model path end to end: the real Claude Code, with NO Airlock hooks, talks to the
// model only through `airlock gateway`, which forwards to a fake Anthropic model on 127.0.0.1.
// Whatever route a protected file's content takes into the conversation (the Read tool, a program
// that opens the file itself, a copy made before the policy existed), the canary never reaches
// the model; a live secret in an ordinary file arrives masked; an endpoint the class may not
// reach gets nothing of it.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FakeTokens } from '../unit/secrets/fakeTokens';
import { assertCliBuilt } from './airlockSetup';
import { ensureClaudeCode } from './claudeInstall';
import { runClaude } from './claudeRun';
import { createE2eWorkspace, type E2eWorkspace } from './e2eWorkspace';
import { startFakeAnthropicServer } from './fakeAnthropicServer';
import type { FakeModelServer, ScriptedToolCall } from './scriptedModel';
import { type RunningGateway, startGatewayProcess } from './gatewayRun';
import { CLAUDE_TOOLS } from './probeSteps';

const RUN_TIMEOUT_MS = 90_000;

function modelsPolicy(endpoints: Record<string, string>, secretRule: string, extra = ''): string {
  const eps = Object.entries(endpoints).map(([name, url]) => `"${name}": { "api": "anthropic", "url": "${url}", "keyEnv": "E2E_${name.toUpperCase()}_KEY" }`).join(',\n      ');
  return `{
  "version": 1,
  "rules": [
    { "paths": ["**/.env", "secrets/"], "class": "secret", "reason": "Credentials and keys" },
    { "paths": ["src/internal/"], "class": "restricted" }
  ],
  "models": {
    "endpoints": {
      ${eps}
    },
    "classes": { "secret": ${secretRule}${extra} }
  }
}`;
}

function leaks(fake: FakeModelServer, needle: string): string[] {
  return fake.requests.filter((r) => r.body.includes(needle)).map((r) => `${r.method} ${r.path} (${r.kind})`);
}

describe('Claude Code through `airlock gateway` (real client, no hooks, fake model on 127.0.0.1)', function () {
  this.timeout(2 * RUN_TIMEOUT_MS + 30_000);
  let executable = '';
  const cleanup: Array<() => unknown> = [];

  before(function () {
    this.timeout(600_000);
    assertCliBuilt();
    executable = ensureClaudeCode().executable;
  });
  afterEach(async () => {
    for (const f of cleanup.splice(0).reverse()) await f();
  });

  async function setUp(ws: E2eWorkspace, policy: string, fakes: FakeModelServer[]): Promise<RunningGateway> {
    mkdirSync(join(ws.root, '.airlock'), { recursive: true });
    writeFileSync(join(ws.root, '.airlock', 'policy.json'), policy);
    const gw = await startGatewayProcess(ws.root, { XDG_CACHE_HOME: join(ws.scratch, 'cache'), ...Object.fromEntries(['CLOUD', 'INTERNAL'].map((n) => [`E2E_${n}_KEY`, `key-${n}`])) });
    cleanup.push(() => gw.stop());
    for (const f of fakes) cleanup.push(() => f.close());
    return gw;
  }

  it('no route brings a protected canary to the model; a live secret arrives masked; allowed content arrives', async () => {
    const ws = createE2eWorkspace({ withPolicy: false });
    cleanup.push(() => ws.dispose());
    // A copy made before any policy existed, in a folder no rule names.
    mkdirSync(join(ws.root, 'backup'), { recursive: true });
    writeFileSync(join(ws.root, 'backup', 'old-token.txt'), `saved earlier:\nAPI_TOKEN=AIRLOCK_E2E_CANARY_${ws.canary}\n`);
    const liveToken = new FakeTokens(0xe2e).github();
    writeFileSync(join(ws.root, 'src', 'settings.ini'), `[github]\ntoken = ${liveToken}\n`);
    const steps: ScriptedToolCall[] = [
      { id: 'toolu_gw_01', name: 'Read', input: { file_path: join(ws.root, '.env') } },
      // A program that opens the file by itself (node is on every machine that runs these tests).
      { id: 'toolu_gw_02', name: 'Bash', input: { command: `node -e "process.stdout.write(require('fs').readFileSync('secrets/prod-token.txt', 'utf8'))"`, description: 'Read a file with a program' } },
      { id: 'toolu_gw_03', name: 'Bash', input: { command: 'cat backup/old-token.txt', description: 'Show the backup' } },
      { id: 'toolu_gw_04', name: 'Bash', input: { command: 'base64 -d <<< "$(base64 -w0 secrets/prod-token.txt)"', description: 'Round-trip through base64' } },
      { id: 'toolu_gw_05', name: 'Read', input: { file_path: join(ws.root, 'src', 'settings.ini') } },
      { id: 'toolu_gw_06', name: 'Read', input: { file_path: join(ws.root, ws.allowedFile) } },
    ];
    const fake = await startFakeAnthropicServer(steps, 'GW_SCRIPT_DONE');
    // "redact": the session goes on, so every route is tried in one run.
    const gw = await setUp(ws, modelsPolicy({ cloud: fake.url }, '{ "endpoints": [], "onMatch": "redact" }'), [fake]);
    const run = await runClaude({
      executable, workspace: ws.root, homeDir: ws.homeDir, baseUrl: `${gw.url}/e/cloud`, prompt: 'Inspect the project files.', timeoutMs: RUN_TIMEOUT_MS,
      extraArgs: ['--tools', CLAUDE_TOOLS], extraEnv: { ANTHROPIC_API_KEY: gw.token },
    });
    const context = `\nexit ${run.exitCode}, timedOut ${run.timedOut}\nstderr: ${run.stderr.slice(-2000)}\ngateway: ${gw.log().slice(-3000)}`;
    assert.equal(run.timedOut, false, context);
    for (const s of steps) assert.ok(fake.toolResult(s.id), `no tool result for ${s.id}${context}`);
    // The tools really did read the canary (this is what the gateway stood between).
    assert.ok(run.stdout.includes(ws.canary), `the client never saw the canary, so the test proves nothing${context}`);
    assert.deepEqual(leaks(fake, ws.canary), [], `the canary reached the model${context}`);
    assert.deepEqual(leaks(fake, liveToken), [], `the live secret reached the model${context}`);
    for (const id of ['toolu_gw_01', 'toolu_gw_02', 'toolu_gw_03', 'toolu_gw_04']) {
      assert.match(fake.toolResult(id)?.text ?? '', /«protected:secret content removed by Airlock»/, `${id} was not redacted${context}`);
    }
    assert.match(fake.toolResult('toolu_gw_05')?.text ?? '', /token = «secret:github-pat#1»/);
    assert.ok(fake.toolResult('toolu_gw_06')?.text.includes(ws.allowedMarker), 'the allowed file must reach the model');
    // The upstream got the endpoint's own key, never the client's.
    assert.ok(fake.requests.every((r) => r.headers['x-api-key'] === 'key-CLOUD'));
  });

  it('an endpoint a class may not reach gets nothing of it; the allowed endpoint gets it', async () => {
    const ws = createE2eWorkspace({ withPolicy: false });
    cleanup.push(() => ws.dispose());
    const marker = `INTERNAL_ONLY_${randomBytes(12).toString('hex')}`;
    mkdirSync(join(ws.root, 'src', 'internal'), { recursive: true });
    writeFileSync(join(ws.root, 'src', 'internal', 'pricing.ts'), `// ${marker}\nexport const margin = 0.42;\n`);
    const steps: ScriptedToolCall[] = [{ id: 'toolu_gw_11', name: 'Bash', input: { command: 'cat src/internal/pricing.ts', description: 'Show pricing' } }];
    const cloud = await startFakeAnthropicServer(steps, 'DONE_CLOUD');
    const internal = await startFakeAnthropicServer(steps, 'DONE_INTERNAL');
    const gw = await setUp(ws, modelsPolicy({ cloud: cloud.url, internal: internal.url }, '[]', ', "restricted": ["internal"]'), [cloud, internal]);
    const common = { executable, workspace: ws.root, homeDir: ws.homeDir, prompt: 'Show me the pricing.', timeoutMs: RUN_TIMEOUT_MS, extraArgs: ['--tools', CLAUDE_TOOLS], extraEnv: { ANTHROPIC_API_KEY: gw.token } };
    const toCloud = await runClaude({ ...common, baseUrl: `${gw.url}/e/cloud` });
    const context = `\nstdout: ${toCloud.stdout.slice(-1500)}\ngateway: ${gw.log().slice(-2000)}`;
    assert.equal(toCloud.timedOut, false, context);
    assert.ok(cloud.requests.some((r) => r.kind === 'main-turn'), `the cloud endpoint was never used${context}`);
    assert.deepEqual(leaks(cloud, marker), [], `restricted content reached the cloud endpoint${context}`);
    // The client was told why, in its own format.
    assert.match(toCloud.stdout, /Airlock: request refused: .*src\/internal\/pricing\.ts.*class \\?"restricted\\?"/, context);
    const toInternal = await runClaude({ ...common, baseUrl: `${gw.url}/e/internal` });
    assert.equal(toInternal.timedOut, false);
    assert.ok(internal.toolResult('toolu_gw_11')?.text.includes(marker), `the allowed endpoint did not get the restricted content\n${gw.log().slice(-2000)}`);
  });
});
