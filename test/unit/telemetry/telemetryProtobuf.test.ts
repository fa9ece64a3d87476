// The receiver takes OTLP/HTTP protobuf, as Claude Code's exporter sends by default: bodies made by
// the official OpenTelemetry JS serializer (@opentelemetry/otlp-transformer), plain and gzip; the
// joined records are forwarded as protobuf and decoded on the collector side with the official
// generated message classes. Spans naming a tool call (Copilot Chat's execute_tool) are joined too.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { InMemoryLogRecordExporter, LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { ProtobufLogsSerializer } from '@opentelemetry/otlp-transformer';
import * as protoRoot from 'otlp-transformer-protobuf/build/src/generated/root';
import { appendAuditEvents } from '../../../src/core/audit/auditAppend';
import { startTelemetryReceiver } from '../../../src/core/telemetry/telemetryReceiver';
import { readTimeline } from '../../helpers/telemetryTimeline';

interface Kv {
  key: string;
  value: { stringValue?: string; intValue?: string; boolValue?: boolean };
}
interface Decoded {
  resourceLogs?: { scopeLogs: { logRecords: { attributes: Kv[] }[] }[] }[];
  resourceSpans?: { scopeSpans: { spans: { attributes: Kv[] }[] }[] }[];
}

const collectorProto = (protoRoot as unknown as { opentelemetry: { proto: { collector: Record<string, { v1: Record<string, { decode(b: Uint8Array): object; toObject(m: object, o: object): object }> }> } } }).opentelemetry.proto.collector;

function attr(list: Kv[], key: string): unknown {
  const v = list.find((a) => a.key === key)?.value;
  if (!v) return undefined;
  return v.stringValue ?? (v.intValue !== undefined ? Number(v.intValue) : v.boolValue);
}

describe('airlock telemetry serve: OTLP/HTTP protobuf', function () {
  this.timeout(60_000);

  it('joins protobuf log records (plain and gzip) and forwards them as protobuf; joins tool spans', async () => {
    const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'airlock-rxpb-')), 'audit');
    appendAuditEvents(dir, [
      { kind: 'decision', client: 'claude-code', session: 's-p', tool: 'Read', toolUseId: 'toolu_P1', action: 'read', paths: ['.env'], verdict: 'deny', class: 'secret', rule: { source: '.airlock/policy.json', line: 7 }, reason: 'Secrets' },
      { kind: 'decision', client: 'copilot', session: 'c-1', tool: 'read_file', toolUseId: 'call_9', action: 'read', paths: ['src/a.ts'], verdict: 'allow', class: 'public' },
    ]);
    const forwarded: { type: string; url: string; body: Decoded }[] = [];
    const collector = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (d: Buffer) => chunks.push(d));
      req.on('end', () => {
        const type = String(req.headers['content-type']);
        const signal = req.url === '/v1/traces' ? 'trace' : 'logs';
        const cls = collectorProto[signal].v1[signal === 'trace' ? 'ExportTraceServiceRequest' : 'ExportLogsServiceRequest'];
        const body = type === 'application/x-protobuf' ? (cls.toObject(cls.decode(Buffer.concat(chunks)), { longs: String }) as Decoded) : (JSON.parse(Buffer.concat(chunks).toString()) as Decoded);
        forwarded.push({ type, url: req.url ?? '', body });
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((r) => collector.listen(0, '127.0.0.1', r));
    const forward = `http://127.0.0.1:${(collector.address() as AddressInfo).port}/v1/logs`;
    const timeline = path.join(dir, 'telemetry-timeline.jsonl');
    const rx = await startTelemetryReceiver({ auditDir: dir, timelineFile: timeline, forward });
    try {
      const memory = new InMemoryLogRecordExporter();
      const provider = new LoggerProvider({ processors: [new SimpleLogRecordProcessor({ exporter: memory })] });
      const logger = provider.getLogger('com.anthropic.claude_code.events');
      logger.emit({ eventName: 'claude_code.tool_decision', attributes: { 'event.name': 'tool_decision', 'session.id': 's-p', tool_name: 'Read', tool_use_id: 'toolu_P1', decision: 'reject', source: 'hook' } });
      await provider.forceFlush();
      const body = ProtobufLogsSerializer.serializeRequest(memory.getFinishedLogRecords());
      assert.ok(body && body.length > 0);

      const plain = await fetch(rx.url, { method: 'POST', headers: { 'content-type': 'application/x-protobuf' }, body });
      assert.equal(plain.status, 200);
      assert.equal(plain.headers.get('content-type'), 'application/x-protobuf');
      const gz = await fetch(rx.url, { method: 'POST', headers: { 'content-type': 'application/x-protobuf', 'content-encoding': 'gzip' }, body: zlib.gzipSync(body) });
      assert.equal(gz.status, 200);
      assert.equal(rx.stats.protobuf, 2);
      assert.equal(rx.stats.joined, 2);

      const lines = readTimeline(timeline);
      assert.equal(lines.length, 2);
      assert.equal(lines[0].event, 'claude_code.tool_decision');
      assert.equal(lines[0].toolUseId, 'toolu_P1');
      assert.deepEqual(lines[0].airlock && { seq: lines[0].airlock.seq, verdict: lines[0].airlock.verdict }, { seq: 1, verdict: 'deny' });

      await rx.spool?.idle();
      assert.equal(forwarded.length, 2);
      assert.equal(forwarded[0].type, 'application/x-protobuf');
      const fwd = forwarded[0].body.resourceLogs?.[0].scopeLogs[0].logRecords[0].attributes ?? [];
      assert.equal(attr(fwd, 'decision'), 'reject', "the assistant's own attributes survive the round trip");
      assert.equal(attr(fwd, 'tool_use_id'), 'toolu_P1');
      assert.equal(attr(fwd, 'airlock.joined'), true);
      assert.equal(attr(fwd, 'airlock.verdict'), 'deny');
      assert.equal(attr(fwd, 'airlock.record.seq'), 1);
      assert.equal(attr(fwd, 'airlock.rule.line'), 7);

      // A tool span in OTLP/JSON (the GenAI conventions' execute_tool): joined by gen_ai.tool.call.id.
      const traceUrl = rx.url.replace('/v1/logs', '/v1/traces');
      const span = { traceId: '5b8efff798038103d269b633813fc60c', spanId: 'eee19b7ec3c1b174', name: 'execute_tool read_file', kind: 1, startTimeUnixNano: String(Date.now() * 1e6), endTimeUnixNano: String(Date.now() * 1e6 + 5e6), attributes: [{ key: 'gen_ai.operation.name', value: { stringValue: 'execute_tool' } }, { key: 'gen_ai.tool.call.id', value: { stringValue: 'call_9' } }] };
      const other = { ...span, spanId: 'eee19b7ec3c1b175', name: 'chat gpt-4o', attributes: [{ key: 'gen_ai.operation.name', value: { stringValue: 'chat' } }] };
      const tr = await fetch(traceUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ resourceSpans: [{ resource: { attributes: [{ key: 'service.name', value: { stringValue: 'copilot-chat' } }] }, scopeSpans: [{ spans: [span, other] }] }] }) });
      assert.equal(tr.status, 200);
      assert.equal(rx.stats.received, 3, 'the chat span names no tool call and is only passed on');
      await rx.spool?.idle();
      assert.equal(forwarded[2].url, '/v1/traces');
      const spans = forwarded[2].body.resourceSpans?.[0].scopeSpans[0].spans ?? [];
      assert.equal(attr(spans[0].attributes, 'airlock.verdict'), 'allow');
      assert.equal(attr(spans[0].attributes, 'airlock.record.seq'), 2);
      assert.equal(attr(spans[1].attributes, 'airlock.joined'), undefined);
      const last = readTimeline(timeline).pop();
      assert.equal(last?.source, 'copilot-chat');
      assert.equal(last?.airlock?.seq, 2);
    } finally {
      await rx.close();
      await new Promise<void>((r) => collector.close(() => r()));
    }
  });
});
