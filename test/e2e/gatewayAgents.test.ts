// The gateway with the real Copilot CLI (Chat Completions) and Codex (Responses API), no Airlock
// hooks: a program the agent runs reads a protected file, and the canary must not reach the model.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import type { AgentClient } from './agentClient';
import { runAgentProcess } from './agentProcess';
import { assertCliBuilt } from './airlockSetup';
import { codexClient } from './codexClient';
import { copilotClient } from './copilotClient';
import { startGatewayProcess } from './gatewayRun';
import { startFakeModel } from './scriptedModel';

const TIMEOUT_MS = 120_000;

for (const client of [copilotClient, codexClient] as AgentClient[]) {
  describe(`${client.label} through \`airlock gateway\` (real client, no hooks)`, function () {
    this.timeout(TIMEOUT_MS + 600_000);
    it('a canary a program reads from a protected file never reaches the model', async function () {
      assertCliBuilt();
      const { executable } = client.install();
      const scratch = realpathSync(mkdtempSync(join(tmpdir(), 'airlock-gw-agent-')));
      const root = join(scratch, 'ws');
      const homeDir = join(scratch, 'home');
      mkdirSync(join(root, 'secrets'), { recursive: true });
      mkdirSync(join(root, '.airlock'), { recursive: true });
      mkdirSync(homeDir, { recursive: true });
      const canary = `AIRLOCK_E2E_CANARY_${randomBytes(16).toString('hex')}`;
      writeFileSync(join(root, 'secrets', 'prod.txt'), `${canary}\n`);
      execFileSync('git', ['init', '-q'], { cwd: root });
      const step = { id: 'call_gw_1', ...client.toolCall({ kind: 'shell', command: `node -e "process.stdout.write(require('fs').readFileSync('secrets/prod.txt', 'utf8'))"` }) };
      const fake = await startFakeModel(client.adapter(), [step], 'GW_AGENT_DONE');
      writeFileSync(join(root, '.airlock', 'policy.json'), JSON.stringify({
        version: 1, rules: [{ paths: ['secrets/'], class: 'secret' }],
        models: { endpoints: { corp: { api: 'openai', url: `${fake.url}/v1`, keyEnv: 'CORP_KEY' } }, classes: { secret: { endpoints: [], onMatch: 'redact' } } },
      }));
      const gw = await startGatewayProcess(root, { XDG_CACHE_HOME: join(scratch, 'cache'), CORP_KEY: 'corp-key' });
      try {
        const launch = client.launch({ root, homeDir, baseUrl: `${gw.url}/e/corp`, prompt: 'Show the token file.', executable });
        // The client presents the gateway's token wherever its launch put the fake's key.
        const env = { ...launch.env, COPILOT_PROVIDER_API_KEY: gw.token, FAKE_MODEL_KEY: gw.token };
        const run = await runAgentProcess({ command: launch.command, args: launch.args, cwd: root, env, timeoutMs: TIMEOUT_MS });
        const context = `\nexit ${run.exitCode}\nstdout: ${run.stdout.slice(-1500)}\nstderr: ${run.stderr.slice(-1500)}\ngateway: ${gw.log().slice(-1500)}`;
        const result = fake.toolResult(step.id);
        assert.ok(result, `the probe never ran${context}`);
        assert.match(result.text, /«protected:secret content removed by Airlock»/, context);
        assert.deepEqual(fake.requests.filter((r) => r.body.includes(canary)).map((r) => r.path), [], `the canary reached the model${context}`);
      } finally {
        await gw.stop();
        await fake.close();
        rmSync(scratch, { recursive: true, force: true });
      }
    });
  });
}
