// The loopback receiver: an assistant-side OpenTelemetry exporter (the official JS SDK, shaped like
// Claude Code's tool events) sends to `startTelemetryReceiver`; each event must come out joined
// with Airlock's decision for the same session and tool, in the timeline and in what is forwarded.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { OTLPLogExporter } from '@opentelemetry/exporter-logs-otlp-http';
import { LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { appendAuditEvents } from '../../../src/core/audit/auditAppend';
import { startTelemetryReceiver } from '../../../src/core/telemetry/telemetryReceiver';
import { readTimeline } from '../../helpers/telemetryTimeline';

interface Kv {
  key: string;
  value: { stringValue?: string; intValue?: string | number; boolValue?: boolean };
}

function attr(list: Kv[], key: string): unknown {
  const v = list.find((a) => a.key === key)?.value;
  if (!v) return undefined;
  return v.stringValue ?? (v.intValue !== undefined ? Number(v.intValue) : v.boolValue);
}

describe('airlock telemetry serve (loopback OTLP receiver joining assistant events)', function () {
  this.timeout(60_000);

  it('joins each assistant tool event with Airlock\'s decision by session and tool, and forwards it', async () => {
    const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'airlock-rx-')), 'audit');
    appendAuditEvents(dir, [
      { kind: 'decision', time: '2026-03-01T09:00:00.000Z', client: 'claude-code', session: 's-1', tool: 'Read', action: 'read', paths: ['.env'], verdict: 'deny', class: 'secret', rule: { source: '.airlock/policy.json', line: 9 }, reason: 'Secrets' },
      { kind: 'decision', time: '2026-03-01T09:00:05.000Z', client: 'claude-code', session: 's-1', tool: 'Bash', action: 'execute', verdict: 'allow', class: 'public' },
      { kind: 'decision', time: '2026-03-01T09:00:06.000Z', client: 'claude-code', session: 's-2', tool: 'Read', verdict: 'allow', class: 'public' },
      { kind: 'decision', time: '2026-03-01T09:00:08.000Z', client: 'claude-code', session: 's-3', tool: 'Edit', toolUseId: 'toolu_A', verdict: 'ask', class: 'reviewed' },
      { kind: 'decision', time: '2026-03-01T09:00:09.000Z', client: 'claude-code', session: 's-3', tool: 'Edit', toolUseId: 'toolu_B', verdict: 'allow', class: 'public' },
    ]);
    const forwarded: Kv[][] = [];
    const collector = http.createServer((req, res) => {
      let raw = '';
      req.on('data', (d: Buffer) => (raw += d.toString()));
      req.on('end', () => {
        const body = JSON.parse(raw) as { resourceLogs: { scopeLogs: { logRecords: { attributes: Kv[] }[] }[] }[] };
        for (const rl of body.resourceLogs) for (const sl of rl.scopeLogs) for (const r of sl.logRecords) forwarded.push(r.attributes);
        res.writeHead(200).end('{}');
      });
    });
    await new Promise<void>((r) => collector.listen(0, '127.0.0.1', r));
    const forward = `http://127.0.0.1:${(collector.address() as AddressInfo).port}/v1/logs`;
    const timeline = path.join(dir, 'telemetry-timeline.jsonl');
    const rx = await startTelemetryReceiver({ auditDir: dir, timelineFile: timeline, forward });
    try {
      assert.match(rx.url, /^http:\/\/127\.0\.0\.1:\d+\/v1\/logs$/);
      const provider = new LoggerProvider({ processors: [new SimpleLogRecordProcessor({ exporter: new OTLPLogExporter({ url: rx.url }) })] });
      const logger = provider.getLogger('com.anthropic.claude_code.events');
      const at = (iso: string): number => Date.parse(iso);
      logger.emit({ eventName: 'claude_code.tool_decision', timestamp: at('2026-03-01T09:00:00.200Z'), attributes: { 'event.name': 'tool_decision', 'session.id': 's-1', tool_name: 'Read', decision: 'reject' } });
      logger.emit({ eventName: 'claude_code.tool_result', timestamp: at('2026-03-01T09:00:06.000Z'), attributes: { 'event.name': 'tool_result', 'session.id': 's-1', tool_name: 'Bash', success: true } });
      logger.emit({ eventName: 'claude_code.tool_result', timestamp: at('2026-03-01T09:00:07.000Z'), attributes: { 'event.name': 'tool_result', 'session.id': 's-9', tool_name: 'Read' } });
      // Same session and tool twice: the tool-call id picks the right decision, not the newest.
      logger.emit({ eventName: 'claude_code.tool_result', timestamp: at('2026-03-01T09:00:10.000Z'), attributes: { 'session.id': 's-3', tool_name: 'Edit', tool_use_id: 'toolu_A' } });
      // A session event about no call (a prompt, an API request) is not pinned to the newest decision.
      logger.emit({ eventName: 'claude_code.api_request', timestamp: at('2026-03-01T09:00:11.000Z'), attributes: { 'session.id': 's-3', model: 'm' } });
      await provider.forceFlush();
      await provider.shutdown();
      await rx.spool?.idle();

      const lines = readTimeline(timeline);
      assert.equal(lines.length, 5);
      assert.equal(lines[4].airlock, null, 'an event naming neither a call nor a tool joins nothing');
      assert.equal(lines[3].airlock?.seq, 4);
      assert.equal(lines[3].airlock?.verdict, 'ask');
      assert.deepEqual(lines[0].airlock && { seq: lines[0].airlock.seq, verdict: lines[0].airlock.verdict, class: lines[0].airlock.class, line: lines[0].airlock.rule?.line }, { seq: 1, verdict: 'deny', class: 'secret', line: 9 });
      assert.equal(lines[0].event, 'claude_code.tool_decision');
      assert.equal(lines[1].airlock?.seq, 2, 'the Bash result joins the Bash decision, not the later s-2 Read');
      assert.equal(lines[2].airlock, null, 'an unknown session joins nothing');
      assert.equal(rx.stats.received, 5);
      assert.equal(rx.stats.joined, 3);

      assert.equal(forwarded.length, 5);
      assert.equal(attr(forwarded[0], 'session.id'), 's-1');
      assert.equal(attr(forwarded[0], 'decision'), 'reject');
      assert.equal(attr(forwarded[0], 'airlock.joined'), true);
      assert.equal(attr(forwarded[0], 'airlock.verdict'), 'deny');
      assert.equal(attr(forwarded[0], 'airlock.rule.line'), 9);
      assert.equal(attr(forwarded[0], 'airlock.record.seq'), 1);
      assert.equal(attr(forwarded[2], 'airlock.joined'), false);
      assert.equal(rx.spool?.stats.retries, 0);
      assert.deepEqual(rx.spool?.pending(), [], 'every forwarded batch left the queue once acknowledged');

      // Garbage is refused with a reason, not half-read.
      const proto = await fetch(rx.url, { method: 'POST', headers: { 'content-type': 'application/x-protobuf' }, body: new Uint8Array([0x0a, 0xff, 0xff, 0xff]) });
      assert.equal(proto.status, 400);
      const other = await fetch(rx.url, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'x' });
      assert.equal(other.status, 415);
      assert.match(await other.text(), /protobuf/);
    } finally {
      await rx.close();
      await new Promise<void>((r) => collector.close(() => r()));
    }
  });

  it('joins spans that name no call Airlock knows by session, tool kind and time (Copilot CLI: `view` span, `Read` hook)', async () => {
    const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'airlock-rx-')), 'audit');
    appendAuditEvents(dir, [
      { kind: 'decision', time: '2026-03-01T09:00:00.000Z', client: 'copilot-cli', session: 'c-1', tool: 'Read', verdict: 'deny', class: 'secret' },
      { kind: 'decision', time: '2026-03-01T09:00:00.300Z', client: 'copilot-cli', session: 'c-1', tool: 'Read', verdict: 'allow', class: 'public' },
      { kind: 'decision', time: '2026-03-01T09:00:00.600Z', client: 'copilot-cli', session: 'c-1', tool: 'Bash', verdict: 'deny', class: 'secret' },
    ]);
    const timeline = path.join(dir, 'telemetry-timeline.jsonl');
    const rx = await startTelemetryReceiver({ auditDir: dir, timelineFile: timeline });
    try {
      const ns = (iso: string): string => String(BigInt(Date.parse(iso)) * 1_000_000n);
      const span = (name: string, tool: string, start: string): object => ({
        name, startTimeUnixNano: ns(start), endTimeUnixNano: ns(start), traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331',
        attributes: [{ key: 'gen_ai.conversation.id', value: { stringValue: 'c-1' } }, { key: 'gen_ai.tool.name', value: { stringValue: tool } }, { key: 'gen_ai.tool.call.id', value: { stringValue: `call_${name}_${start}` } }],
      });
      const body = { resourceSpans: [{ resource: { attributes: [{ key: 'service.name', value: { stringValue: 'github-copilot' } }] }, scopeSpans: [{ spans: [
        span('execute_tool view', 'view', '2026-03-01T09:00:00.100Z'),
        span('execute_tool view', 'view', '2026-03-01T09:00:00.400Z'),
        span('execute_tool bash', 'bash', '2026-03-01T09:00:00.700Z'),
        span('invoke_agent', 'x', '2026-03-01T09:00:00.800Z'),
      ] }] }] };
      const res = await fetch(rx.url.replace('/v1/logs', '/v1/traces'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      assert.equal(res.status, 200);
      const lines = readTimeline(timeline);
      // Each span joins the newest decision of its kind at or before it, not a later one.
      assert.deepEqual(lines.map((l) => l.airlock?.seq ?? null), [1, 2, 3, null]);
    } finally {
      await rx.close();
    }
  });
});
