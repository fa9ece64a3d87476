// One timeline, proved with the real client: Claude Code's own OpenTelemetry exporter (pointed at
// `airlock telemetry serve` by `airlock org compile`'s managed settings env, placed over /etc in a
// private mount namespace; http/protobuf as it defaults to) runs through the
// canary scenario; every tool decision in its telemetry must carry Airlock's matching decision
// (same tool_use_id). Airlock's own export (started by the hook after it answers, and by serve's
// schedule) reaches a second receiver, which decodes both encodings with the official generated
// OTLP message classes and is checked field by field against the audit log.
import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { auditDirFor } from '../../src/core/audit/auditLocation';
import { readAuditLeaves } from '../../src/core/audit/auditLeaves';
import type { AuditRecord } from '../../src/core/audit/auditTypes';
import { loadAuditSigner } from '../../src/core/audit/auditKeys';
import { openNote, parseCheckpoint, parseVerifierKey } from '../../src/core/audit/signedNote';
import { AIRLOCK_CLI, airlockSync, assertCliBuilt, builtHookCommand, editClaudeSettings } from './airlockSetup';
import { ensureClaudeCode } from './claudeInstall';
import { createE2eWorkspace, type E2eWorkspace } from './e2eWorkspace';
import { describeRun, leaks, RUN_TIMEOUT_MS, runScenario } from './e2eScenario';
import { assertSandboxTools } from './sandboxTools';
import { etcNamespaceWrapper } from './etcNamespace';
import { freePort, OfficialReceiver, plain, waitFor } from './officialOtlpReceiver';
import { readTimeline } from '../helpers/telemetryTimeline';

describe('one timeline: Claude Code\'s OpenTelemetry joined with Airlock\'s decisions (real client)', function () {
  this.timeout(RUN_TIMEOUT_MS + 120_000);
  let executable = '';
  let ws: E2eWorkspace | null = null;
  let serve: ChildProcess | null = null;
  let collector: OfficialReceiver | null = null;

  before(function () {
    this.timeout(600_000);
    assertCliBuilt();
    assertSandboxTools();
    assert.equal(process.getuid?.(), 0, 'this test needs root (mount namespaces); run it as root as .ci/run does');
    assert.equal(spawnSync('unshare', ['--mount', 'true']).status, 0, 'unshare --mount failed');
    executable = ensureClaudeCode().executable;
  });

  after(async () => {
    serve?.kill('SIGTERM');
    await collector?.close();
    ws?.dispose();
  });

  it('every tool decision in Claude Code\'s telemetry has Airlock\'s matching record; Airlock\'s export checks out field by field', async function () {
    ws = createE2eWorkspace({ withPolicy: true });
    const receiver = new OfficialReceiver();
    collector = receiver;
    const collectorUrl = await receiver.listen();
    const port = await freePort();
    const policyFile = join(ws.root, '.airlock', 'policy.json');
    const policy = readFileSync(policyFile, 'utf8');
    assert.ok(policy.includes('"version": 1,'));
    writeFileSync(policyFile, policy.replace('"version": 1,', `"version": 1,\n  "telemetry": { "assistants": true, "receiverPort": ${port}, "otlpEndpoint": "${collectorUrl}", "intervalSeconds": 10 },`));
    airlockSync(ws.root, builtHookCommand());
    // Claude Code 2.1.331 ignores OTel env in a repository's settings (tried: the events never
    // come, trusted folder or not), so sync writes none there; `org compile` puts it in managed
    // settings, which this test places over /etc in a private mount namespace (root only).
    assert.equal((JSON.parse(readFileSync(join(ws.root, '.claude', 'settings.json'), 'utf8')) as { env?: Record<string, string> }).env?.OTEL_EXPORTER_OTLP_ENDPOINT, undefined);
    // Every call must reach the hook (permission rules would refuse Reads before it is asked).
    editClaudeSettings(ws.root, (s) => { delete s.permissions; });
    // The baseline protects a path the scenario never touches, so its managed permission rules
    // refuse none of the scenario's calls before Airlock's (managed plugin) hook sees them.
    const baseline = join(ws.scratch, 'baseline.json');
    writeFileSync(baseline, `{ "version": 1, "rules": [{ "paths": ["**/org-only.key"], "class": "secret" }], "telemetry": { "assistants": true, "receiverPort": ${port}, "otlpEndpoint": "${collectorUrl}", "intervalSeconds": 10 } }\n`);
    const orgOut = join(ws.scratch, 'org');
    execFileSync(process.execPath, [AIRLOCK_CLI, 'org', 'compile', baseline, '--out', orgOut, '--hook-command', builtHookCommand(), '--managed-hooks-only'], { stdio: 'pipe' });
    const env = (JSON.parse(readFileSync(join(orgOut, 'etc', 'claude-code', 'managed-settings.json'), 'utf8')) as { env: Record<string, string> }).env;
    assert.equal(env.OTEL_EXPORTER_OTLP_ENDPOINT, `http://127.0.0.1:${port}`);
    assert.equal(env.OTEL_EXPORTER_OTLP_PROTOCOL, 'http/protobuf');

    // The receiver runs as users run it (the built CLI), with the workspace's HOME so it signs
    // checkpoints with the same key as the hook.
    let serveOut = '';
    serve = spawn(process.execPath, [AIRLOCK_CLI, 'telemetry', 'serve', '--root', ws.root], { env: { PATH: process.env.PATH, HOME: ws.homeDir }, stdio: ['ignore', 'pipe', 'pipe'] });
    serve.stdout?.on('data', (d: Buffer) => (serveOut += d.toString()));
    serve.stderr?.on('data', (d: Buffer) => (serveOut += d.toString()));
    await waitFor('airlock telemetry serve to listen', () => serveOut.includes(`127.0.0.1:${port}`), 30_000, () => serveOut);

    // Managed hooks only: Airlock's decisions come from the managed plugin alone (one per call).
    const r = await runScenario(etcNamespaceWrapper(ws.scratch, orgOut, executable), ws, { extraEnv: { CLAUDE_CODE_SYNC_PLUGIN_INSTALL: '1' } });
    assert.equal(r.run.exitCode, 0, describeRun(r));
    assert.deepEqual(leaks(r, ws.canary), [], describeRun(r));
    assert.ok(r.sessionId, "no session id");

    const dir = auditDirFor(ws.root);
    const timelineFile = join(dir, 'telemetry-timeline.jsonl');
    const decisionsInTelemetry = (): ReturnType<typeof readTimeline> => readTimeline(timelineFile).filter((l) => /tool_decision$/.test(l.event ?? ''));
    const attacks = r.script.attacks.length;
    await waitFor("Claude Code's tool_decision events at the receiver", () => decisionsInTelemetry().length >= r.script.all.length, 30_000, () => `${serveOut}\n${readFileSync(timelineFile, 'utf8')}`);

    const records = readAuditLeaves(dir).records.map((l) => JSON.parse(l) as AuditRecord);
    const byToolUse = new Map(records.filter((d) => d.kind === 'decision' && d.toolUseId).map((d) => [d.toolUseId as string, d]));
    const told = decisionsInTelemetry();
    assert.ok(told.length >= attacks + 1, `expected a decision event per call, got ${told.length}`);
    for (const t of told) {
      assert.equal(t.session, r.sessionId, JSON.stringify(t));
      assert.ok(t.toolUseId, `Claude Code's event names no tool_use_id: ${JSON.stringify(t)}`);
      const mine = byToolUse.get(t.toolUseId);
      assert.ok(mine, `no Airlock decision for ${t.toolUseId} (${t.tool})`);
      assert.ok(t.airlock, `the receiver did not join ${t.toolUseId}`);
      assert.equal(t.airlock.seq, mine.seq, `joined to the wrong record: ${JSON.stringify(t)}`);
      assert.equal(t.airlock.verdict, mine.verdict);
      assert.equal(t.tool, mine.tool);
    }
    // Each attack Claude Code reported as decided was refused by Airlock under its rule.
    for (const p of r.script.attacks) {
      const t = told.find((x) => x.toolUseId === p.id);
      if (t) assert.equal(t.airlock?.verdict, 'deny', `${p.id} ${p.what}`);
    }

    // Claude's events were forwarded (protobuf, as they came) with Airlock's why attached.
    await waitFor('the forwarded assistant events', () => receiver.records.some((x) => x.attrs['airlock.joined'] === true), 30_000, () => serveOut);
    const forwarded = receiver.records.filter((x) => x.attrs['airlock.joined'] === true);
    assert.ok(forwarded.every((x) => x.encoding.startsWith('application/x-protobuf')));
    assert.ok(forwarded.some((x) => x.attrs['tool_use_id'] !== undefined && x.attrs['airlock.verdict'] === 'deny'));

    // Airlock's own records: every decision of the session, each once, plus a signed checkpoint.
    const mineAll = records.filter((d) => d.kind === 'decision' && d.session === r.sessionId);
    const seqs = new Set(mineAll.map((d) => d.seq));
    const airlockLogs = (): typeof receiver.records => receiver.records.filter((x) => x.service === 'airlock' && x.record.eventName === 'airlock.decision');
    await waitFor("Airlock's export of the session's decisions", () => [...seqs].every((s) => airlockLogs().some((x) => x.attrs['airlock.record.seq'] === s)), 60_000, () => `${serveOut}\n${existsSync(join(dir, 'otlp-last-run.json')) ? readFileSync(join(dir, 'otlp-last-run.json'), 'utf8') : 'no run yet'}`);
    const leavesHex = readAuditLeaves(dir).hashes.map((h) => h.toString('hex'));
    for (const d of mineAll) {
      const got = airlockLogs().filter((x) => x.attrs['airlock.record.seq'] === d.seq);
      assert.equal(new Set(got.map((x) => x.attrs['log.record.uid'])).size, 1, `seq ${d.seq} arrived under different ids`);
      const { record, attrs, scope, encoding } = got[0];
      assert.equal(scope, 'dev.airlock.audit');
      assert.ok(encoding.startsWith('application/json'));
      assert.equal(record.timeUnixNano, String(BigInt(Date.parse(d.time)) * 1_000_000n));
      assert.equal(record.severityText, d.verdict === 'deny' ? 'WARN' : 'INFO');
      assert.equal(attrs['log.record.uid'], leavesHex[d.seq - 1]);
      assert.equal(attrs['airlock.record.leaf_hash'], leavesHex[d.seq - 1]);
      assert.equal(attrs['gen_ai.agent.name'], 'claude-code');
      assert.equal(attrs['gen_ai.conversation.id'], r.sessionId);
      assert.equal(attrs['gen_ai.tool.name'], d.tool);
      assert.equal(attrs['gen_ai.tool.call.id'], d.toolUseId ?? undefined);
      assert.equal(attrs['gen_ai.operation.name'], d.tool && !/prompt/i.test(d.tool) ? 'execute_tool' : undefined);
      assert.equal(attrs['airlock.verdict'], d.verdict);
      assert.equal(attrs['airlock.class'], d.class ?? undefined);
      assert.equal(attrs['airlock.rule.line'], d.rule?.line ?? undefined);
      assert.equal(attrs['airlock.policy.source'], d.rule?.source ?? undefined);
      assert.deepEqual(attrs['airlock.paths'], d.paths.length ? [...d.paths] : undefined);
      assert.equal(attrs['airlock.duration_ms'], d.durationMs);
      assert.equal(attrs['airlock.input.sha256'] !== undefined, d.command !== null);
    }
    assert.equal(receiver.records.some((x) => JSON.stringify(x.record).includes(ws?.canary ?? '\0')), false, 'the canary reached the collector');
    const checkpoints = receiver.records.filter((x) => x.record.eventName === 'airlock.audit.checkpoint');
    assert.ok(checkpoints.length > 0, 'no signed checkpoint in the stream');
    const verifier = parseVerifierKey(loadAuditSigner({ HOME: ws.homeDir }, false)?.verifierKey ?? '');
    const last = parseCheckpoint(openNote(String(plain(checkpoints[checkpoints.length - 1].record.body)), verifier));
    assert.ok(last.size >= 1 && last.size <= leavesHex.length);
  });
});
