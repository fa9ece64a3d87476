// One timeline for Codex and the Copilot CLI, proved with the real clients: `airlock org compile`
// output (Codex's /etc/codex/managed_config.toml [otel], the Copilot CLI's
// /etc/github-copilot/managed-settings.json telemetry) is placed over /etc in a private mount
// namespace, the client runs the cross-client scenario against the fake model, its own exporter
// sends to `airlock telemetry serve`, and every tool event naming a call joins Airlock's decision
// for that call; the annotated events are forwarded to a second receiver built on the official
// OTLP classes. Controls: the same run without the managed file sends nothing.
import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { auditDirFor } from '../../src/core/audit/auditLocation';
import { readAuditLeaves } from '../../src/core/audit/auditLeaves';
import type { AuditRecord } from '../../src/core/audit/auditTypes';
import type { AgentClient } from './agentClient';
import { addAgentFixtures } from './agentProbes';
import { AGENT_RUN_TIMEOUT_MS, describeAgentRun, runAgentScenario } from './agentScenario';
import { toolKind } from '../../src/core/hook/toolCatalog';
import { AIRLOCK_CLI, airlockSync, assertCliBuilt, builtHookCommand } from './airlockSetup';
import { codexClient } from './codexClient';
import { copilotClient } from './copilotClient';
import { createE2eWorkspace, type E2eWorkspace } from './e2eWorkspace';
import { inEtcNamespace } from './etcNamespace';
import { freePort, OfficialReceiver, waitFor } from './officialOtlpReceiver';
import { readTimeline } from '../helpers/telemetryTimeline';

// Codex's tool events carry the call id its hooks send (call_id = tool_use_id): the join is exact.
// The Copilot CLI's hooks send no call id: its execute_tool spans join by session, tool kind and
// time, which parallel tool calls can blur (README: approximate).
const CASES: readonly { client: AgentClient; service: RegExp; exact: boolean }[] = [
  { client: codexClient, service: /codex/i, exact: true },
  { client: copilotClient, service: /copilot/i, exact: false },
];

for (const { client, service, exact } of CASES) {
  describe(`one timeline: ${client.label} ${client.version}'s own OpenTelemetry, pointed at airlock telemetry serve by org compile (real client)`, function () {
    this.timeout(AGENT_RUN_TIMEOUT_MS + 120_000);
    let executable = '';
    const cleanup: (() => Promise<void> | void)[] = [];

    before(function () {
      this.timeout(600_000);
      assertCliBuilt();
      assert.equal(process.getuid?.(), 0, 'this test needs root (mount namespaces); run it as root as .ci/run does');
      assert.equal(spawnSync('unshare', ['--mount', 'true']).status, 0, 'unshare --mount failed');
      executable = client.install().executable;
    });
    after(async () => {
      for (const c of cleanup.reverse()) await c();
    });

    const setup = async (): Promise<{ ws: E2eWorkspace; orgOut: string; port: number; collector: OfficialReceiver; serveOut: () => string }> => {
      const ws = createE2eWorkspace({ withPolicy: true });
      cleanup.push(() => ws.dispose());
      addAgentFixtures(ws);
      const collector = new OfficialReceiver();
      cleanup.push(() => collector.close());
      const collectorUrl = await collector.listen();
      const port = await freePort();
      const telemetry = `"telemetry": { "assistants": true, "receiverPort": ${port}, "otlpEndpoint": "${collectorUrl}", "intervalSeconds": 600 }`;
      const policyFile = join(ws.root, '.airlock', 'policy.json');
      writeFileSync(policyFile, readFileSync(policyFile, 'utf8').replace('"version": 1,', `"version": 1,\n  ${telemetry},`));
      airlockSync(ws.root, builtHookCommand());
      const baseline = join(ws.scratch, 'baseline.json');
      writeFileSync(baseline, `{ "version": 1, "rules": [{ "paths": ["**/.env"], "class": "secret" }], ${telemetry} }\n`);
      const orgOut = join(ws.scratch, 'org');
      execFileSync(process.execPath, [AIRLOCK_CLI, 'org', 'compile', baseline, '--out', orgOut, '--hook-command', builtHookCommand()], { stdio: 'pipe' });
      let out = '';
      const serve: ChildProcess = spawn(process.execPath, [AIRLOCK_CLI, 'telemetry', 'serve', '--root', ws.root], { env: { PATH: process.env.PATH, HOME: ws.homeDir }, stdio: ['ignore', 'pipe', 'pipe'] });
      cleanup.push(() => void serve.kill('SIGTERM'));
      serve.stdout?.on('data', (d: Buffer) => (out += d.toString()));
      serve.stderr?.on('data', (d: Buffer) => (out += d.toString()));
      await waitFor('airlock telemetry serve to listen', () => out.includes(`127.0.0.1:${port}`), 30_000, () => out);
      return { ws, orgOut, port, collector, serveOut: () => out };
    };

    it('its tool events reach the receiver and join Airlock\'s decisions for the same calls', async () => {
      const { ws, orgOut, port, collector, serveOut } = await setup();
      const r = await runAgentScenario(client, executable, ws, { wrap: (l) => ({ ...l, ...inEtcNamespace(orgOut, l.command, l.args) }) });
      assert.equal(r.run.exitCode, 0, describeAgentRun(r));
      assert.deepEqual(r.changedGuarded, [], describeAgentRun(r));
      // The managed files lived in the namespace only.
      for (const f of ['/etc/codex/managed_config.toml', '/etc/github-copilot/managed-settings.json']) assert.equal(existsSync(f) && readFileSync(f, 'utf8').includes(`127.0.0.1:${port}`), false, `${f} leaked out of the namespace`);
      const dir = auditDirFor(ws.root);
      const timelineFile = join(dir, 'telemetry-timeline.jsonl');
      const calls = (): ReturnType<typeof readTimeline> => readTimeline(timelineFile).filter((l) => service.test(l.source ?? '') && (l.toolUseId || l.tool));
      await waitFor(`${client.label}'s tool events at the receiver`, () => calls().length > 0, 30_000, () => `${serveOut()}\n${existsSync(timelineFile) ? readFileSync(timelineFile, 'utf8') : 'no timeline'}`);
      // The client's tool calls: not Airlock's own records (client `cli`: what `airlock exec` moved
      // aside when a command ended, which no tool event of the client's names).
      const decisions = readAuditLeaves(dir).records.map((l) => JSON.parse(l) as AuditRecord).filter((d) => d.kind === 'decision' && d.tool && d.tool !== 'UserPromptSubmit' && d.client !== 'cli');
      assert.ok(decisions.length >= r.probes.length / 2, `Airlock decided only ${decisions.length} calls`);
      const bySeq = new Map(decisions.map((d) => [d.seq, d]));
      const kindOf = (tool: string | null | undefined): string | undefined => (tool ? toolKind(tool) : undefined);
      if (exact) {
        // Every call Airlock decided shows up in Codex's own telemetry, joined to exactly that decision.
        await waitFor('every decision joined', () => decisions.every((d) => calls().some((t) => t.toolUseId === d.toolUseId && t.airlock?.seq === d.seq)), 30_000, () => JSON.stringify({ decisions: decisions.map((d) => [d.seq, d.tool, d.toolUseId]), events: calls().map((t) => [t.event, t.tool, t.toolUseId, t.airlock?.seq]) }));
      } else {
        // Every execute_tool span of a kind Airlock decides joins a decision.
        await waitFor('the tool spans', () => calls().filter((t) => t.event?.startsWith('execute_tool')).length >= r.probes.length / 2, 30_000, () => JSON.stringify(calls()));
        const decided = calls().filter((t) => t.event?.startsWith('execute_tool') && ['read', 'shell', 'edit'].includes(kindOf(t.tool) ?? ''));
        assert.ok(decided.length > 0);
        for (const t of decided) assert.ok(t.airlock, `a ${t.tool} span joined nothing: ${JSON.stringify(t)}`);
      }
      for (const t of calls().filter((x) => x.airlock)) {
        const d = bySeq.get(t.airlock?.seq ?? -1);
        assert.ok(d, `joined to a record that is not a tool decision: ${JSON.stringify(t)}`);
        // Some Codex spans name the call but not the conversation; where one is named it must match.
        if (t.session !== null) assert.equal(t.session, d.session, JSON.stringify(t));
        assert.equal(t.airlock?.verdict, d.verdict);
        if (t.tool !== null) assert.equal(kindOf(t.tool), kindOf(d.tool), `joined across tool kinds: ${JSON.stringify(t)}`);
        if (exact && t.toolUseId && d.toolUseId) assert.equal(t.toolUseId, d.toolUseId, JSON.stringify(t));
      }
      assert.ok(decisions.some((d) => d.verdict === 'deny'), 'the scenario\'s attacks were refused');

      // The events went on to the collector, in the encoding they came in, with Airlock's why attached.
      const annotated = (): { attrs: Record<string, unknown>; encoding: string }[] => [...collector.records, ...collector.spans].filter((x) => service.test(String(x.service)) && x.attrs['airlock.joined'] === true);
      await waitFor('the forwarded, annotated events', () => annotated().some((x) => x.attrs['airlock.verdict'] === 'deny'), 30_000, () => `${collector.records.length} records, ${collector.spans.length} spans`);
      assert.ok(annotated().every((x) => x.encoding.startsWith('application/x-protobuf')));
      const everything = JSON.stringify([...collector.records, ...collector.spans]);
      assert.equal(everything.includes(ws.canary), false, 'the canary reached the collector');
    });

    if (client === codexClient) {
      it('control: the same [otel] in the trusted project\'s .codex/config.toml is ignored (why sync cannot write it)', async () => {
        const { ws, orgOut, port, serveOut } = await setup();
        mkdirSync(join(ws.root, '.codex'), { recursive: true });
        writeFileSync(join(ws.root, '.codex', 'config.toml'), readFileSync(join(orgOut, 'etc', 'codex', 'managed_config.toml'), 'utf8'));
        assert.match(readFileSync(join(ws.root, '.codex', 'config.toml'), 'utf8'), new RegExp(`127\\.0\\.0\\.1:${port}/v1/logs`));
        const r = await runAgentScenario(client, executable, ws);
        assert.equal(r.run.exitCode, 0, describeAgentRun(r));
        // The scenario's decisions are in the log, so the hook ran; Codex's exporter never started.
        assert.ok(readAuditLeaves(auditDirFor(ws.root)).records.some((l) => l.includes('"client":"codex"')));
        await new Promise((res) => setTimeout(res, 3000));
        const timelineFile = join(auditDirFor(ws.root), 'telemetry-timeline.jsonl');
        assert.equal(existsSync(timelineFile) ? readFileSync(timelineFile, 'utf8') : '', '', serveOut());
      });
    }
  });
}
