// The real Claude Code, Copilot CLI, Codex and opencode clients, each driven by a scripted fake
// model on its own wire, against a workspace whose protected files hold a fresh canary. The test reads what
// the model received as tool results: no canary, no changed protected or guarded file, and the
// ordinary operations return real content. One client runs at a time (the machine is shared).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AgentClient, AgentLaunch } from './agentClient';
import { APP_EDIT, addAgentFixtures, FINAL_TEXT, type ProbeForm } from './agentProbes';
import { AGENT_RUN_TIMEOUT_MS, describeAgentRun, leakingForms, runAgentScenario, unexplainedLeaks, type AgentScenarioResult } from './agentScenario';
import { agentModes } from './agentModes';
import { assertCliBuilt } from './airlockSetup';
import { claudeClient } from './claudeClient';
import { codexClient } from './codexClient';
import { copilotClient } from './copilotClient';
import { createE2eWorkspace, type E2eWorkspace } from './e2eWorkspace';
import { readAuditDecisions } from './e2eScenario';
import { opencodeClient } from './opencodeClient';

const CLIENTS: readonly AgentClient[] = [claudeClient, copilotClient, codexClient, opencodeClient];

function log(line: string): void {
  console.log(`      [e2e] ${line}`);
}

/** The run went the whole script: otherwise "no canary" could just mean "never got that far". */
function assertCompleted(r: AgentScenarioResult): void {
  assert.equal(r.run.timedOut, false, `the client timed out\n${describeAgentRun(r)}`);
  assert.equal(r.run.exitCode, 0, `the client failed\n${describeAgentRun(r)}`);
  assert.deepEqual(r.problems, [], `the fake model met requests it could not serve\n${describeAgentRun(r)}`);
  for (const p of r.probes) assert.ok(r.toolResult(p), `no tool result for ${p.form}\n${describeAgentRun(r)}`);
  assert.equal(r.finalAnswer, FINAL_TEXT, `the session did not end on the script's answer\n${describeAgentRun(r)}`);
}

/** Ordinary operations returned real content (and the normal edit landed on disk). */
function assertOrdinaryWorked(r: AgentScenarioResult, ws: E2eWorkspace, excused: readonly ProbeForm[]): void {
  for (const p of r.probes.filter((x) => x.role === 'ordinary' && !excused.includes(x.form))) {
    if (p.expect) assert.ok(r.toolResult(p)?.text.includes(p.expect), `${p.form} did not return real content\n${describeAgentRun(r)}`);
  }
  if (!excused.includes('edit src/app.ts')) {
    assert.ok(readFileSync(join(ws.root, ws.allowedFile), 'utf8').includes(APP_EDIT.newText), `the edit of a normal file did not land\n${describeAgentRun(r)}`);
  }
}

for (const client of CLIENTS) {
  describe(`${client.label} ${client.version} end to end (real client, fake ${client.wire} model on 127.0.0.1)`, function () {
    this.timeout(AGENT_RUN_TIMEOUT_MS + 60_000);
    let executable = '';
    const workspaces: E2eWorkspace[] = [];
    const workspace = (withPolicy: boolean): E2eWorkspace => {
      const ws = createE2eWorkspace({ withPolicy });
      workspaces.push(ws);
      addAgentFixtures(ws);
      return ws;
    };
    const run = async (ws: E2eWorkspace, mode: string, wrap?: (l: AgentLaunch) => AgentLaunch): Promise<AgentScenarioResult> => {
      const r = await runAgentScenario(client, executable, ws, { wrap });
      log(`${client.id} ${mode}: ${r.run.elapsedMs} ms, ${r.requests.length} model requests, canary in: ${leakingForms(r, ws.canary).join(', ') || 'nothing'}`);
      return r;
    };

    before(function () {
      // A cold install downloads the client's native package (~60-200 MB) from the npm registry.
      this.timeout(600_000);
      assertCliBuilt();
      const started = Date.now();
      const install = client.install();
      executable = install.executable;
      log(`${client.id} ${client.npmPackage}@${client.version}: ${install.installed ? 'installed' : 'cached'} in ${Date.now() - started} ms`);
    });

    after(() => {
      for (const ws of workspaces) ws.dispose();
    });

    it('control: without Airlock every attack puts the canary in front of the model', async function () {
      const ws = workspace(false);
      const r = await run(ws, 'control');
      assertCompleted(r);
      // Proves each probe is a real threat and that the leak detector sees it.
      for (const p of r.probes.filter((x) => x.role === 'attack')) {
        assert.ok(r.toolResult(p)?.text.includes(ws.canary), `${p.form} did not leak without Airlock, so it proves nothing\n${describeAgentRun(r)}`);
      }
      assertOrdinaryWorked(r, ws, []);
    });

    for (const mode of agentModes()) {
      it(`${mode.name}: no canary reaches the model, nothing guarded changes, ordinary work succeeds`, async function () {
        const ws = workspace(true);
        mode.setup(ws, client);
        const r = await run(ws, mode.name, mode.wrap?.(ws, client));
        assertCompleted(r);
        if (mode.hookMustRun) {
          // The hook really ran for this client: its decisions are in the audit log.
          const audit = (readAuditDecisions(ws.root) ?? []).filter((e) => client.auditClient.test(e.client));
          assert.ok(audit.some((e) => e.verdict === 'deny'), `the client's hook never denied anything: did it run?\n${describeAgentRun(r)}`);
        }
        const pending = mode.pending(client);
        const leaked = leakingForms(r, ws.canary);
        assert.deepEqual(leaked.filter((f) => !pending.leaks.includes(f)), [], `the canary reached the model\n${describeAgentRun(r)}`);
        assert.deepEqual(unexplainedLeaks(r, ws.canary, pending.leaks), [], `the canary reached the model outside the pending forms\n${describeAgentRun(r)}`);
        assert.deepEqual(r.changedGuarded.filter((f) => !pending.changes.includes(f)), [], `a protected or guarded file changed\n${describeAgentRun(r)}`);
        assertOrdinaryWorked(r, ws, pending.overBlocked);
        if (pending.leaks.length + pending.overBlocked.length + pending.changes.length > 0) {
          log(`${client.id} ${mode.name}: pending on colleagues' work — leaks: ${leaked.join(', ') || 'none'}; over-blocked: ${pending.overBlocked.join(', ') || 'none'}; guarded files changed: ${r.changedGuarded.join(', ') || 'none'}`);
        }
      });
    }
  });
}
