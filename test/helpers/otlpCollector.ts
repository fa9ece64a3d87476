// A stand-in for an organisation's OpenTelemetry collector: OTLP/HTTP JSON on 127.0.0.1, keeping
// every request as received and the log records and spans in it, so a test can check what Airlock
// (or an assistant's exporter through `telemetry serve`) sent, and what it did not.
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface OtlpValue {
  stringValue?: string;
  intValue?: string | number;
  boolValue?: boolean;
  doubleValue?: number;
  arrayValue?: { values: OtlpValue[] };
}
export type OtlpAttributes = { key: string; value: OtlpValue }[];

export interface OtlpLog {
  timeUnixNano: string;
  severityNumber: number;
  severityText: string;
  eventName?: string;
  body: OtlpValue;
  attributes: OtlpAttributes;
}

export interface OtlpSpan {
  traceId: string;
  spanId: string;
  name: string;
  kind: number;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  attributes: OtlpAttributes;
}

export interface OtlpJsonRequest {
  resourceLogs?: { resource: { attributes: OtlpAttributes }; scopeLogs: { scope: { name: string }; logRecords: OtlpLog[] }[] }[];
  resourceSpans?: { scopeSpans: { spans: OtlpSpan[] }[] }[];
}

/** An attribute value as JavaScript (ints as numbers). */
export function plain(v: OtlpValue): unknown {
  if (v.stringValue !== undefined) return v.stringValue;
  if (v.intValue !== undefined) return Number(v.intValue);
  if (v.doubleValue !== undefined) return v.doubleValue;
  if (v.boolValue !== undefined) return v.boolValue;
  if (v.arrayValue) return v.arrayValue.values.map(plain);
  return undefined;
}

export function attrsOf(list: OtlpAttributes | undefined): Record<string, unknown> {
  return Object.fromEntries((list ?? []).map((a) => [a.key, plain(a.value)]));
}

export class OtlpCollector {
  readonly requests: { raw: string; body: OtlpJsonRequest; contentType: string }[] = [];
  readonly logs: OtlpLog[] = [];
  readonly spans: OtlpSpan[] = [];
  private readonly server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (d: Buffer) => (raw += d.toString()));
    req.on('end', () => {
      const body = JSON.parse(raw) as OtlpJsonRequest;
      this.requests.push({ raw, body, contentType: String(req.headers['content-type']) });
      for (const rl of body.resourceLogs ?? []) for (const sl of rl.scopeLogs) this.logs.push(...sl.logRecords);
      for (const rs of body.resourceSpans ?? []) for (const ss of rs.scopeSpans) this.spans.push(...ss.spans);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });

  /** Starts listening; resolves with the logs endpoint URL. */
  async listen(port = 0): Promise<string> {
    await new Promise<void>((r) => this.server.listen(port, '127.0.0.1', r));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/v1/logs`;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((r) => this.server.close(() => r()));
  }

  /** Every log record by its event name, with its attributes as JavaScript values. */
  events(): { name: string; attrs: Record<string, unknown> }[] {
    return this.logs.map((l) => ({ name: l.eventName ?? '', attrs: attrsOf(l.attributes) }));
  }
}
