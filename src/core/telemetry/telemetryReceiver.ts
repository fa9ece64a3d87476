// `airlock telemetry serve`: a loopback OTLP/HTTP (JSON) logs receiver the assistants' own
// OpenTelemetry exporters can point at. Each incoming log record is joined with Airlock's audit
// decision for the same session and tool (the newest at or before the event), annotated with
// Airlock's why (verdict, rule, class, record seq), appended to a timeline file and forwarded.
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { readAuditLeaves } from '../audit/auditLeaves';
import type { AuditRecord } from '../audit/auditTypes';
import { errorMessage } from '../util/errorMessage';

interface AnyValue {
  stringValue?: string;
  intValue?: string | number;
  boolValue?: boolean;
  doubleValue?: number;
}
interface KeyValue {
  key: string;
  value: AnyValue;
}
interface LogRecordJson {
  timeUnixNano?: string;
  observedTimeUnixNano?: string;
  eventName?: string;
  attributes?: KeyValue[];
}
interface LogsRequestJson {
  resourceLogs?: { scopeLogs?: { logRecords?: LogRecordJson[] }[] }[];
}

export interface ReceiverOptions {
  /** The audit log folder whose decisions are joined. */
  readonly auditDir: string;
  /** Where joined events are appended as JSON Lines. */
  readonly timelineFile: string;
  /** An OTLP/HTTP logs URL the annotated request is forwarded to, or null. */
  readonly forward?: string | null;
  readonly port?: number;
}

export interface ReceiverStats {
  received: number;
  joined: number;
  forwardFailures: number;
}

export interface RunningReceiver {
  readonly url: string;
  readonly stats: ReceiverStats;
  close(): Promise<void>;
}

function scalar(v: AnyValue | undefined): string | undefined {
  if (!v) return undefined;
  if (v.stringValue !== undefined) return v.stringValue;
  if (v.intValue !== undefined) return String(v.intValue);
  return undefined;
}

/** Decisions by session, refreshed when the log grows. */
class DecisionIndex {
  private size = -1;
  private bySession = new Map<string, AuditRecord[]>();
  private byToolUse = new Map<string, AuditRecord>();
  constructor(private readonly dir: string) {}

  refresh(): void {
    let size = 0;
    try {
      size = fs.statSync(path.join(this.dir, 'audit.jsonl')).size;
    } catch {
      size = 0;
    }
    if (size === this.size) return;
    this.size = size;
    this.bySession = new Map();
    this.byToolUse = new Map();
    for (const line of readAuditLeaves(this.dir).records) {
      let r: AuditRecord;
      try {
        r = JSON.parse(line) as AuditRecord;
      } catch {
        continue; // a damaged line joins nothing; `audit verify` reports it
      }
      if (r.kind !== 'decision') continue;
      if (r.toolUseId) this.byToolUse.set(r.toolUseId, r);
      if (!r.session) continue;
      const list = this.bySession.get(r.session) ?? [];
      list.push(r);
      this.bySession.set(r.session, list);
    }
  }

  match(toolUseId: string | undefined, session: string | undefined, tool: string | undefined, timeMs: number): AuditRecord | null {
    // The tool-call id names the call exactly; session + tool + time is the fallback.
    const exact = toolUseId ? this.byToolUse.get(toolUseId) : undefined;
    if (exact) return exact;
    if (!session) return null;
    const list = this.bySession.get(session);
    if (!list) return null;
    // Clocks of two processes on one machine: allow a second of skew.
    for (let i = list.length - 1; i >= 0; i--) {
      const r = list[i];
      if ((tool === undefined || r.tool === tool) && Date.parse(r.time) <= timeMs + 1000) return r;
    }
    return null;
  }
}

function annotate(rec: LogRecordJson, d: AuditRecord | null): void {
  const add = (key: string, value: AnyValue): void => {
    (rec.attributes ??= []).push({ key, value });
  };
  add('airlock.joined', { boolValue: d !== null });
  if (!d) return;
  add('airlock.record.seq', { intValue: d.seq });
  if (d.verdict) add('airlock.verdict', { stringValue: d.verdict });
  if (d.class) add('airlock.class', { stringValue: d.class });
  if (d.rule) {
    add('airlock.policy.source', { stringValue: d.rule.source });
    add('airlock.rule.line', { intValue: d.rule.line });
  }
  if (d.reason) add('airlock.reason', { stringValue: d.reason });
}

export function startTelemetryReceiver(options: ReceiverOptions): Promise<RunningReceiver> {
  const index = new DecisionIndex(options.auditDir);
  const stats: ReceiverStats = { received: 0, joined: 0, forwardFailures: 0 };
  const handle = async (raw: string): Promise<void> => {
    const body = JSON.parse(raw) as LogsRequestJson;
    index.refresh();
    const lines: string[] = [];
    for (const rl of body.resourceLogs ?? []) {
      for (const sl of rl.scopeLogs ?? []) {
        for (const rec of sl.logRecords ?? []) {
          stats.received++;
          const attrs = new Map((rec.attributes ?? []).map((a) => [a.key, a.value]));
          const session = scalar(attrs.get('session.id')) ?? scalar(attrs.get('gen_ai.conversation.id'));
          const tool = scalar(attrs.get('tool_name')) ?? scalar(attrs.get('gen_ai.tool.name'));
          const timeMs = Number(BigInt(rec.timeUnixNano ?? rec.observedTimeUnixNano ?? '0') / 1_000_000n) || Date.now();
          const toolUseId = scalar(attrs.get('tool_use_id')) ?? scalar(attrs.get('gen_ai.tool.call.id'));
          const d = index.match(toolUseId, session, tool, timeMs);
          if (d) stats.joined++;
          annotate(rec, d);
          lines.push(
            JSON.stringify({
              time: new Date(timeMs).toISOString(),
              event: rec.eventName ?? scalar(attrs.get('event.name')) ?? null,
              session: session ?? null,
              tool: tool ?? null,
              toolUseId: toolUseId ?? null,
              airlock: d ? { seq: d.seq, verdict: d.verdict, class: d.class, rule: d.rule, reason: d.reason } : null,
            }),
          );
        }
      }
    }
    if (lines.length) fs.appendFileSync(options.timelineFile, `${lines.join('\n')}\n`);
    if (options.forward) {
      try {
        const res = await fetch(options.forward, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
        if (!res.ok) stats.forwardFailures++;
      } catch {
        stats.forwardFailures++;
      }
    }
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (d: Buffer) => chunks.push(d));
    req.on('end', () => {
      if (req.method !== 'POST' || !req.url?.startsWith('/v1/logs')) {
        res.writeHead(404).end();
        return;
      }
      if (!String(req.headers['content-type']).startsWith('application/json')) {
        res.writeHead(415, { 'content-type': 'text/plain' }).end('airlock telemetry accepts OTLP/HTTP JSON: set OTEL_EXPORTER_OTLP_PROTOCOL=http/json\n');
        return;
      }
      handle(Buffer.concat(chunks).toString('utf8')).then(
        () => res.writeHead(200, { 'content-type': 'application/json' }).end('{}'),
        (err: unknown) => res.writeHead(400, { 'content-type': 'text/plain' }).end(`${errorMessage(err)}\n`),
      );
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    // Loopback only: the receiver is for this machine's assistants.
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      const port = (server.address() as AddressInfo).port;
      resolve({ url: `http://127.0.0.1:${port}/v1/logs`, stats, close: () => new Promise((r) => server.close(() => r())) });
    });
  });
}
