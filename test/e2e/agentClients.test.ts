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
import { fsmonitorPlanted, fsmonitorStarts, naiveHookGitStatusStarts, personGitStatusStarts, sub2State } from './nestedGitProbes';
import { opencodeClient } from './opencodeClient';
import { readAllRecords } from '../../src/core/provenance/recordStore';
import { CLAUDE_PERMISSION_DENIAL, FROZEN_EDIT_REASON, GUARDED_REASON, infraMarker, MASKED_READ_REASON, MIGRATION_FILE, SECRET_REASON, SHELL_READS } from './runHonesty';

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

/**
 * Airlock's own git runs never started the program the AI planted as `sub/`'s fsmonitor; where
 * the AI could not plant it, it was refused; where it did, the trap was live (a naive hook-style
 * `git status` there starts it, and is told apart). Under `airlock run` nothing started it outside
 * the sandbox.
 */
function assertGitTrapHeld(r: AgentScenarioResult, ws: E2eWorkspace, mode: string, wholeClientSandboxed: boolean): void {
  const starts = fsmonitorStarts(ws);
  assert.equal(starts.byAirlock, 0, `Airlock's own git run started the AI's fsmonitor ${starts.byAirlock}×\n${describeAgentRun(r)}`);
  if (wholeClientSandboxed) assert.equal(starts.unconfinedByOthers, 0, `the AI's fsmonitor ran outside the sandbox under airlock run\n${describeAgentRun(r)}`);
  const planted = fsmonitorPlanted(ws);
  if (!planted) {
    for (const form of ['git -C sub config core.fsmonitor', 'append core.fsmonitor to sub/.git/config'] as const) {
      assert.match(r.toolResult(r.probe(form))?.text ?? '', /Airlock policy: run denied|Read-only file system/, `${form}: not planted, yet not refused\n${describeAgentRun(r)}`);
    }
  }
  // A repository made and configured in one command: under masked execution its config is moved
  // aside when the command ends (or within seconds under `airlock run`), so a person's git there
  // afterwards starts nothing; without Airlock it does (the control proves the probe live).
  const person = personGitStatusStarts(ws);
  if (mode === 'control') assert.ok(person > 0, `a person's git status in sub2/ does not start the program planted in one command, so the probe proves nothing\n${describeAgentRun(r)}`);
  log(`${r.client.id} ${mode}: sub2/ (made and configured in one command): ${sub2State(ws)}; a person's git status there afterwards starts the program ${person}×`);
  // Claude Code's Bash runs in Claude Code's own sandbox under the rewrite mode (the hook does not
  // nest Airlock's): nothing of Airlock's runs when the command ends there (README, not covered).
  const airlockWraps = mode === 'airlock run' || (/rewrite/.test(mode) && r.client.id !== 'claude');
  if (airlockWraps) assert.equal(person, 0, `a person's git status in sub2/ ran the program the AI planted in one command\n${describeAgentRun(r)}`);
  const naive = planted ? naiveHookGitStatusStarts(ws) : 0;
  if (planted) assert.ok(naive > 0, `a naive git status in sub/ does not start the planted fsmonitor, so the probe proves nothing\n${describeAgentRun(r)}`);
  if (process.env.AIRLOCK_E2E_DEBUG) for (const p of r.probes.filter((x) => x.role === 'git-plant' || x.role === 'git-trigger')) log(`  ${p.form}: ${JSON.stringify(r.toolResult(p)?.text.slice(0, 300))}`);
  log(`${r.client.id} ${mode}: sub/ fsmonitor ${planted ? 'planted' : 'refused'}; started by Airlock's git 0×, by other git (the AI's commands, the client's own) ${starts.byOthers}×, ${starts.unconfinedByOthers} of them outside the sandbox${starts.unconfinedStarters.length > 0 ? ` (git started by ${starts.unconfinedStarters.join(', ')})` : ''}; a naive hook-style git status there starts it ${naive}×`);
}

/**
 * Inside `airlock run` the client's file tools meet a denial that says why, never an approval
 * into the empty mask or a read-only error; nothing masked reaches the model; the frozen file is
 * unchanged. Claude Code's permission rules (written by `airlock sync`) stop its file tools on the
 * policy's deny paths before the hook runs: its own denial is the answer there. Codex reads
 * through its shell (SHELL_READS).
 */
function assertHonestUnderRun(r: AgentScenarioResult, ws: E2eWorkspace, migrationBefore: string): void {
  const text = (form: Parameters<AgentScenarioResult['probe']>[0]): string => r.toolResult(r.probe(form))?.text ?? '';
  if (process.env.AIRLOCK_E2E_DEBUG) for (const p of r.probes.filter((x) => x.role === 'approval')) log(`  ${p.form}: ${JSON.stringify(r.toolResult(p)?.text.slice(0, 300))}`);
  assert.ok(!r.requests.some((q) => q.body.includes(infraMarker(ws))), `the masked infra file's content reached the model\n${describeAgentRun(r)}`);
  assert.equal(readFileSync(join(ws.root, MIGRATION_FILE), 'utf8'), migrationBefore, `the frozen migration changed\n${describeAgentRun(r)}`);
  const denied = (form: Parameters<AgentScenarioResult['probe']>[0], reason: RegExp, policyDeny = false): void => {
    const answer = policyDeny && r.client.id === 'claude' ? new RegExp(`${reason.source}|${CLAUDE_PERMISSION_DENIAL.source}`) : reason;
    assert.match(text(form), answer, `${form}: not a denial that says why\n${describeAgentRun(r)}`);
    assert.doesNotMatch(text(form), /read-only file system|EROFS/i, `${form} was let through into a read-only error\n${describeAgentRun(r)}`);
  };
  denied('read-tool .env', SECRET_REASON, true);
  denied('edit .airlock/policy.json', GUARDED_REASON, true);
  denied('read-tool infra/main.tf (read: ask)', SHELL_READS[r.client.id] ?? MASKED_READ_REASON);
  denied('edit db/migrations (edit: ask)', FROZEN_EDIT_REASON);
}

/** Outside `airlock run` no sandbox stands behind the client's file tools: an ask stays an ask (the run-only denial never shows). */
function assertNoRunOnlyDenial(r: AgentScenarioResult): void {
  for (const p of r.probes.filter((x) => x.role === 'approval')) {
    assert.doesNotMatch(r.toolResult(p)?.text ?? '', /denied, not asked: inside `airlock run`/, `${p.form}: the run-only denial outside airlock run\n${describeAgentRun(r)}`);
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
      // Without Airlock the AI plants the git trap (assertGitTrapHeld then proves it live).
      assert.ok(fsmonitorPlanted(ws), `the AI could not plant sub/'s fsmonitor even without Airlock\n${describeAgentRun(r)}`);
      assertGitTrapHeld(r, ws, 'control', false);
    });

    for (const mode of agentModes()) {
      it(`${mode.name}: no canary reaches the model, nothing guarded changes, ordinary work succeeds`, async function () {
        const ws = workspace(true);
        mode.setup(ws, client);
        const migrationBefore = readFileSync(join(ws.root, MIGRATION_FILE), 'utf8');
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
        assertGitTrapHeld(r, ws, mode.name, mode.wholeClientSandboxed === true);
        // The client's edit of the ordinary file is an AI edit: its provenance record is stored
        // (under `airlock run` through run's relay: `.airlock/` is read-only inside).
        const aiRecords = readAllRecords(ws.root).records.filter((x) => x.kind === 'ai' && x.file === ws.allowedFile);
        log(`${client.id} ${mode.name}: ${aiRecords.length} AI-line record(s) for ${ws.allowedFile}`);
        // In every mode. Codex sends no PostToolUse for its apply_patch edit: the session's next
        // hook event records it (captureUnanswered.ts).
        assert.ok(aiRecords.length > 0, `the AI's edit of ${ws.allowedFile} (${mode.name}) was not recorded\n${describeAgentRun(r)}`);
        if (mode.wholeClientSandboxed) assertHonestUnderRun(r, ws, migrationBefore);
        else assertNoRunOnlyDenial(r);
        if (pending.leaks.length + pending.overBlocked.length + pending.changes.length > 0) {
          log(`${client.id} ${mode.name}: pending on colleagues' work — leaks: ${leaked.join(', ') || 'none'}; over-blocked: ${pending.overBlocked.join(', ') || 'none'}; guarded files changed: ${r.changedGuarded.join(', ') || 'none'}`);
        }
      });
    }
  });
}
