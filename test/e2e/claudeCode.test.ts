// The honest test of enforcement: the real Claude Code, run headless against a fake model that
// scripts every route to a protected file. Protected files hold a fresh random canary; the test
// fails if the canary appears in anything the client sends to the model.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AIRLOCK_CLI, airlockSync, assertCliBuilt, builtHookCommand, editClaudeSettings, writeBareHookSettings } from './airlockSetup';
import { ensureClaudeCode } from './claudeInstall';
import { createE2eWorkspace, type E2eWorkspace } from './e2eWorkspace';
import type { Probe } from './probeSteps';
import { describeRun, leaks, readAuditDecisions, RUN_TIMEOUT_MS, runScenario, type ScenarioResult } from './e2eScenario';
import { assertSandboxTools, pathWithoutSandboxTools } from './sandboxTools';

/** What Airlock's hook tells the model when it denies a call, per reason for the denial. */
const AIRLOCK_DENIAL: Record<NonNullable<Probe['denial']>, RegExp> = {
  secret: /^PreToolUse:\w+ hook error: Airlock policy: \w+ denied: .*is class "secret" \(rule at \.airlock\/policy\.json:\d+/,
  unparseable: /^PreToolUse:Bash hook error: Airlock policy: run denied: Airlock cannot tell with confidence which files this shell command reaches/,
};

function airlockDenied(p: Probe, text: string): boolean {
  return AIRLOCK_DENIAL[p.denial ?? 'secret'].test(text);
}
/** What Claude Code says when a `permissions.deny` rule (written by `airlock sync`) refuses a call. */
const PERMISSION_RULE_DENIAL = /denied by your permission settings/;

/** The run went the whole script: otherwise "no canary" could just mean "never got that far". */
function assertCompleted(r: ScenarioResult): void {
  assert.equal(r.run.timedOut, false, `Claude Code timed out\n${describeRun(r)}`);
  assert.equal(r.run.exitCode, 0, `Claude Code failed\n${describeRun(r)}`);
  assert.deepEqual(r.problems, [], `the fake model met requests it could not serve\n${describeRun(r)}`);
  for (const p of r.script.all) assert.ok(r.toolResult(p), `no tool result for ${p.id} (${p.what})\n${describeRun(r)}`);
  assert.equal(r.final?.result, r.script.finalText, `the session did not end on the script's answer\n${describeRun(r)}`);
}

function assertNoLeak(r: ScenarioResult, ws: E2eWorkspace): void {
  const found = leaks(r, ws.canary);
  assert.deepEqual(found, [], `the canary reached the model:\n${found.join('\n')}\n${describeRun(r)}`);
}

/** The prompt never got past UserPromptSubmit: the model was never called. */
function assertPromptBlocked(r: ScenarioResult, ws: E2eWorkspace, why: RegExp): void {
  assert.equal(r.run.timedOut, false, `Claude Code timed out\n${describeRun(r)}`);
  assert.equal(r.run.exitCode, 0, `Claude Code failed\n${describeRun(r)}`);
  assert.deepEqual(r.requests.filter((q) => q.kind === 'main-turn'), [], `the prompt reached the model\n${describeRun(r)}`);
  assertNoLeak(r, ws);
  const result = String(r.final?.result ?? '');
  assert.match(result, /UserPromptSubmit operation blocked by hook/, `the prompt was not blocked by the hook\n${describeRun(r)}`);
  assert.match(result, why, `the block does not say why\n${describeRun(r)}`);
}

describe('Claude Code end to end (real client, fake model on 127.0.0.1)', function () {
  // A case takes seconds; the ceiling covers two client runs that each hit RUN_TIMEOUT_MS.
  this.timeout(2 * RUN_TIMEOUT_MS + 30_000);
  let executable = '';
  const workspaces: E2eWorkspace[] = [];
  const workspace = (withPolicy: boolean): E2eWorkspace => {
    const ws = createE2eWorkspace({ withPolicy });
    workspaces.push(ws);
    return ws;
  };
  const missingAirlock = (ws: E2eWorkspace): string => `${join(ws.scratch, 'not-installed', 'airlock')} hook`;

  before(function () {
    // A cold install downloads the client's native package (a ~185 MB tarball) from the npm registry.
    this.timeout(600_000);
    assertCliBuilt();
    // `sync` turns on Claude Code's sandbox with failIfUnavailable: without its tools the client refuses to start.
    assertSandboxTools();
    executable = ensureClaudeCode().executable;
  });

  after(() => {
    for (const ws of workspaces) ws.dispose();
  });

  it('control: without Airlock every probe puts the canary in front of the model', async function () {
    const ws = workspace(false);
    const r = await runScenario(executable, ws);
    assertCompleted(r);
    // Proves the probes are real threats and that the leak detector sees them.
    for (const p of r.script.attacks) {
      assert.ok(r.toolResult(p)?.text.includes(ws.canary), `${p.id} (${p.what}) did not leak without Airlock, so it proves nothing\n${describeRun(r)}`);
    }
    assert.notDeepEqual(leaks(r, ws.canary), []);
    assert.ok(r.toolResult(r.script.allowed)?.text.includes(ws.allowedMarker));
  });

  it('after `airlock sync`: no protected content reaches the model, allowed content does, every denial says why and is audited', async function () {
    const ws = workspace(true);
    airlockSync(ws.root, builtHookCommand());
    const r = await runScenario(executable, ws);
    assertCompleted(r);
    assertNoLeak(r, ws);

    const hookBlocked: Probe[] = [];
    for (const p of r.script.attacks) {
      const t = r.toolResult(p);
      assert.equal(t?.isError, true, `${p.id} (${p.what}) was not blocked\n${describeRun(r)}`);
      if (airlockDenied(p, t.text)) {
        assert.equal(r.permissionDecision(p), 'reject/hook/hook', describeRun(r));
        hookBlocked.push(p);
        continue;
      }
      // Claude Code checks permission rules before hooks, so the Read() deny rules that sync wrote
      // refuse file reads before Airlock's hook is asked. Nothing else may be the blocker.
      assert.equal(p.name, 'Read', `${p.id} (${p.what}) was blocked, but not with Airlock's reason\n${describeRun(r)}`);
      assert.match(t.text, PERMISSION_RULE_DENIAL, `${p.id} (${p.what}) was blocked by neither Airlock's hook nor its permission rules\n${describeRun(r)}`);
      assert.equal(r.permissionDecision(p), 'reject/config/rule', describeRun(r));
    }
    const allowed = r.toolResult(r.script.allowed);
    assert.equal(allowed?.isError, false, `the allowed read failed\n${describeRun(r)}`);
    assert.ok(allowed.text.includes(ws.allowedMarker), `the allowed file's content did not reach the model\n${describeRun(r)}`);
    assert.ok(leaks(r, ws.allowedMarker).length > 0, 'the allowed marker is missing from the recorded requests');

    const audit = readAuditDecisions(ws.root);
    assert.ok(audit, 'the hook wrote no audit log at .airlock/audit/audit.jsonl');
    const denials = audit.filter((e) => e.verdict === 'deny' && e.client === 'claude-code' && e.session === r.sessionId);
    assert.deepEqual(denials.map((e) => e.tool), hookBlocked.map((p) => p.name), `the audit log's denials do not match the calls the hook blocked\n${JSON.stringify(denials, null, 1)}`);
    denials.forEach((e, i) => {
      if (hookBlocked[i].denial !== 'secret') return;
      assert.equal(e.class, 'secret', JSON.stringify(e));
      assert.equal(e.rule?.source, '.airlock/policy.json', JSON.stringify(e));
    });
    assert.ok(audit.some((e) => e.verdict === 'allow' && e.tool === 'Read' && e.paths.includes(ws.allowedFile)), 'the allowed read is not in the audit log');
    assert.equal(JSON.stringify(audit).includes(ws.canary), false, 'the audit log holds the canary');
    // The chain the hook processes wrote under a real client verifies.
    execFileSync(process.execPath, [AIRLOCK_CLI, 'audit', 'verify', '--root', ws.root], { stdio: 'pipe' });
  });

  it('a prompt that @-mentions a protected file: inlined without Airlock, blocked at submission with it', async function () {
    const prompt = 'What is in @.env and @secrets/prod-token.txt ?';
    const control = workspace(false);
    const leaked = await runScenario(executable, control, { prompt });
    assert.ok(leaks(leaked, control.canary).length > 0, `without Airlock the mention was not inlined, so this proves nothing\n${describeRun(leaked)}`);

    const ws = workspace(true);
    airlockSync(ws.root, builtHookCommand());
    const r = await runScenario(executable, ws, { prompt });
    assertPromptBlocked(r, ws, /Airlock policy: read denied: "\.env" is class "secret".*"secrets\/prod-token\.txt" is class "secret"/);
  });

  it("Airlock's hook alone (no permission rules) blocks every probe with its reason", async function () {
    const ws = workspace(true);
    airlockSync(ws.root, builtHookCommand());
    editClaudeSettings(ws.root, (s) => { delete s.permissions; });
    const r = await runScenario(executable, ws);
    assertCompleted(r);
    assertNoLeak(r, ws);
    for (const p of r.script.attacks) {
      const t = r.toolResult(p);
      assert.equal(t?.isError, true, `${p.id} (${p.what}) was not blocked\n${describeRun(r)}`);
      assert.ok(airlockDenied(p, t.text), `${p.id} (${p.what}) was blocked without Airlock's reason\n${describeRun(r)}`);
    }
    assert.ok(r.toolResult(r.script.allowed)?.text.includes(ws.allowedMarker), `the allowed read failed\n${describeRun(r)}`);
  });

  it('under `claude --bare` (hooks skipped) the permission rules and sandbox that sync wrote still keep the canary out', async function () {
    const ws = workspace(true);
    airlockSync(ws.root, builtHookCommand());
    const r = await runScenario(executable, ws, { extraArgs: ['--bare'] });
    assertCompleted(r);
    assertNoLeak(r, ws);
    for (const p of r.script.attacks) assert.equal(r.toolResult(p)?.isError, true, `${p.id} (${p.what}) succeeded\n${describeRun(r)}`);
    // Proof that the hook really did not run: only the native layers were in play.
    assert.equal((readAuditDecisions(ws.root) ?? []).some((e) => e.session === r.sessionId), false, 'the hook ran under --bare');
    // The shell reads that name no protected path for a permission rule to match were stopped by the sandbox.
    const evalProbe = r.script.attacks.find((p) => p.denial === 'unparseable');
    assert.ok(evalProbe);
    assert.match(r.toolResult(evalProbe)?.text ?? '', /Permission denied/, describeRun(r));
    assert.ok(r.toolResult(r.script.allowed)?.text.includes(ws.allowedMarker), `the allowed read failed\n${describeRun(r)}`);
  });

  if (process.platform === 'linux') {
    it('refuses to start where the sandbox that sync requires is unavailable (no bubblewrap/socat)', async function () {
      const ws = workspace(true);
      airlockSync(ws.root, builtHookCommand());
      const PATH = pathWithoutSandboxTools(join(ws.scratch, 'bin-without-sandbox'));
      const r = await runScenario(executable, ws, { extraEnv: { PATH } });
      assert.equal(r.run.timedOut, false, describeRun(r));
      assert.notEqual(r.run.exitCode, 0, `Claude Code ran without its sandbox\n${describeRun(r)}`);
      assert.match(r.run.stderr, /sandbox required but unavailable/, describeRun(r));
      assert.deepEqual(r.requests, [], `the client reached the model without a sandbox\n${describeRun(r)}`);
    });
  }

  it('fails closed when Airlock is not installed: the prompt is blocked before the model sees it', async function () {
    const ws = workspace(true);
    airlockSync(ws.root, missingAirlock(ws));
    const r = await runScenario(executable, ws);
    assertPromptBlocked(r, ws, /not-installed\/airlock: not found/);
  });

  it('fails closed when Airlock is not installed: every tool call is refused by the PreToolUse hook', async function () {
    const ws = workspace(true);
    airlockSync(ws.root, missingAirlock(ws));
    // Take out the layers that would act first, to reach the PreToolUse hook command as sync wrote it.
    editClaudeSettings(ws.root, (s) => {
      delete s.permissions;
      delete s.hooks?.UserPromptSubmit;
    });
    const r = await runScenario(executable, ws);
    assertCompleted(r);
    assertNoLeak(r, ws);
    // Every call is refused, the harmless one too: nothing runs unchecked.
    for (const p of r.script.all) {
      const t = r.toolResult(p);
      assert.equal(t?.isError, true, `${p.id} (${p.what}) ran although Airlock could not be started\n${describeRun(r)}`);
      assert.match(t.text, /^PreToolUse:\w+ hook error: .*not-installed\/airlock: not found/, `${p.id} was not refused by the hook\n${describeRun(r)}`);
    }
  });

  it('fails closed while the policy is invalid, naming the file, line and column', async function () {
    const ws = workspace(true);
    airlockSync(ws.root, builtHookCommand());
    writeFileSync(join(ws.root, '.airlock', 'policy.json'), '{ "version": 1, "rules": [ { "paths": ["**/.env"], "class": "nope" } ] }\n');
    const r = await runScenario(executable, ws);
    assertPromptBlocked(r, ws, /\.airlock\/policy\.json:1:\d+: error: unknown class "nope"/);
  });

  it('control: a hook command without the fail-closed wrapper lets calls through when Airlock is missing', async function () {
    // Why `sync` appends `|| exit 2`: Claude Code treats exit 127 ("not found") as a non-blocking error.
    const ws = workspace(true);
    writeBareHookSettings(ws.root, `${missingAirlock(ws)} --client claude-code`);
    const r = await runScenario(executable, ws);
    assertCompleted(r);
    const bash = r.script.attacks.find((p) => p.name === 'Bash');
    assert.ok(bash && r.toolResult(bash)?.text.includes(ws.canary), `expected the unwrapped hook to fail open\n${describeRun(r)}`);
  });
});
