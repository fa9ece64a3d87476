// The e2e side of OTLP: a second receiver that decodes every body, protobuf or JSON, with the
// official generated OTLP message classes, plus the small waits the telemetry tests share.
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as protoRoot from 'otlp-transformer-protobuf/build/src/generated/root';

export interface AnyValue {
  stringValue?: string;
  intValue?: string;
  boolValue?: boolean;
  doubleValue?: number;
  arrayValue?: { values?: AnyValue[] };
}
type Attrs = { key: string; value: AnyValue }[];
export interface LogRecord {
  timeUnixNano?: string;
  severityNumber?: number;
  severityText?: string;
  eventName?: string;
  body?: AnyValue;
  attributes?: Attrs;
}
interface LogsRequest {
  resourceLogs?: { resource?: { attributes?: Attrs }; scopeLogs?: { scope?: { name?: string }; logRecords?: LogRecord[] }[] }[];
}
interface MessageClass {
  decode(b: Uint8Array): object;
  fromObject(o: object): object;
  toObject(m: object, opts: object): object;
}
const collectorProto = (protoRoot as unknown as { opentelemetry: { proto: { collector: { logs: { v1: { ExportLogsServiceRequest: MessageClass } }; trace: { v1: { ExportTraceServiceRequest: MessageClass } } } } } }).opentelemetry.proto.collector;
const ExportLogsServiceRequest = collectorProto.logs.v1.ExportLogsServiceRequest;
const ExportTraceServiceRequest = collectorProto.trace.v1.ExportTraceServiceRequest;
interface TracesRequest {
  resourceSpans?: { resource?: { attributes?: Attrs }; scopeSpans?: { spans?: { name?: string; attributes?: Attrs }[] }[] }[];
}

export function plain(v: AnyValue | undefined): unknown {
  if (!v) return undefined;
  if (v.stringValue !== undefined) return v.stringValue;
  if (v.intValue !== undefined) return Number(v.intValue);
  if (v.boolValue !== undefined) return v.boolValue;
  if (v.doubleValue !== undefined) return v.doubleValue;
  if (v.arrayValue) return (v.arrayValue.values ?? []).map(plain);
  return undefined;
}
export const attrsOf = (list: Attrs | undefined): Record<string, unknown> => Object.fromEntries((list ?? []).map((a) => [a.key, plain(a.value)]));

/** The second receiver: every body, protobuf or JSON, goes through the official message classes. */
export class OfficialReceiver {
  readonly records: { service: unknown; scope: string | undefined; record: LogRecord; attrs: Record<string, unknown>; encoding: string }[] = [];
  readonly spans: { service: unknown; name: string | undefined; attrs: Record<string, unknown>; encoding: string }[] = [];
  private server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (d: Buffer) => chunks.push(d));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const type = String(req.headers['content-type']);
      const cls = req.url === '/v1/logs' ? ExportLogsServiceRequest : req.url === '/v1/traces' ? ExportTraceServiceRequest : null;
      // OTLP/JSON carries 64-bit times as strings, which fromObject takes (verify would not).
      const decode = (c: MessageClass): object => c.toObject(type.startsWith('application/x-protobuf') ? c.decode(raw) : c.fromObject(JSON.parse(raw.toString('utf8')) as object), { longs: String, enums: Number, bytes: String });
      if (cls === ExportLogsServiceRequest) {
        for (const rl of (decode(cls) as LogsRequest).resourceLogs ?? []) {
          const service = attrsOf(rl.resource?.attributes)['service.name'];
          for (const sl of rl.scopeLogs ?? []) for (const record of sl.logRecords ?? []) this.records.push({ service, scope: sl.scope?.name, record, attrs: attrsOf(record.attributes), encoding: type });
        }
      } else if (cls === ExportTraceServiceRequest) {
        for (const rs of (decode(cls) as TracesRequest).resourceSpans ?? []) {
          const service = attrsOf(rs.resource?.attributes)['service.name'];
          for (const ss of rs.scopeSpans ?? []) for (const span of ss.spans ?? []) this.spans.push({ service, name: span.name, attrs: attrsOf(span.attributes), encoding: type });
        }
      }
      res.writeHead(200, { 'content-type': type }).end(type.startsWith('application/json') ? '{}' : undefined);
    });
  });
  async listen(): Promise<string> {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/v1/logs`;
  }
  close(): Promise<void> {
    // Keep-alive connections from the exporters would otherwise hold the server (and mocha) open.
    this.server.closeAllConnections();
    return new Promise((r) => this.server.close(() => r()));
  }
}

export async function freePort(): Promise<number> {
  const s = http.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

export async function waitFor(what: string, cond: () => boolean, ms: number, detail: () => string): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}\n${detail()}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

