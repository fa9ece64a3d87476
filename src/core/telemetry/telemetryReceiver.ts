// `airlock telemetry serve`: a loopback OTLP/HTTP receiver (JSON or protobuf) the assistants' own
// OpenTelemetry exporters can point at. Each incoming log record, and each span that names a tool
// call, is joined with Airlock's audit decision for the same tool-call id (else session and tool,
// the newest at or before the event), annotated with Airlock's why (verdict, rule, class, record
// seq), appended to a timeline file and forwarded in the encoding it came in. Metrics pass through.
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { readAuditLeaves } from '../audit/auditLeaves';
import { decodeOtlpProtobuf, encodeOtlpProtobuf, type OtlpSignal } from './otlpProtobuf';
import { ForwardSpool, SpoolFullError, type ForwardSpoolOptions } from './forwardSpool';
import type { AuditRecord } from '../audit/auditTypes';
import { errorMessage } from '../util/errorMessage';
import { toolKind } from '../hook/toolCatalog';

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
  body?: AnyValue;
  attributes?: KeyValue[];
}
interface SpanJson {
  name?: string;
  startTimeUnixNano?: string;
  attributes?: KeyValue[];
}
interface ResourceJson {
  attributes?: KeyValue[];
}
interface LogsRequestJson {
  resourceLogs?: { resource?: ResourceJson; scopeLogs?: { logRecords?: LogRecordJson[] }[] }[];
}
interface TracesRequestJson {
  resourceSpans?: { resource?: ResourceJson; scopeSpans?: { spans?: SpanJson[] }[] }[];
}

export interface ReceiverOptions {
  /** The audit log folder whose decisions are joined. */
  readonly auditDir: string;
  /** Where joined events are appended as JSON Lines. */
  readonly timelineFile: string;
  /** An OTLP/HTTP logs URL (…/v1/logs; traces and metrics go to …/v1/traces, …/v1/metrics) the annotated requests are forwarded to, or null. */
  readonly forward?: string | null;
  readonly port?: number;
  /** The durable forwarding queue (default: `otlp-forward/` in the audit folder) and its bounds. */
  readonly spool?: Omit<ForwardSpoolOptions, 'forward' | 'dir'> & { readonly dir?: string };
  /** Told each time a batch is refused because the forwarding queue is full. */
  readonly onRefused?: (message: string) => void;
}

/** One line of the timeline file (JSON Lines): an assistant's tool event and the decision it joined. */
export interface TimelineLine {
  readonly time: string;
  readonly source: string | null;
  readonly event: string | null;
  readonly session: string | null;
  readonly tool: string | null;
  readonly toolUseId: string | null;
  readonly airlock: Pick<AuditRecord, 'seq' | 'verdict' | 'class' | 'rule' | 'reason'> | null;
}

export interface ReceiverStats {
  received: number;
  /** Requests that came in as protobuf. */
  protobuf: number;
  joined: number;
}

export interface RunningReceiver {
  readonly url: string;
  readonly stats: ReceiverStats;
  /** The forwarding queue, or null without a forward URL. */
  readonly spool: ForwardSpool | null;
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
    // An event naming neither a call nor a tool (a prompt, an API request) is about no decision.
    if (!session || tool === undefined) return null;
    const list = this.bySession.get(session);
    if (!list) return null;
    // The assistants name one tool differently (Copilot's `view` and its hook's `Read`, Codex's
    // `exec_command` and `Bash`): the catalog's kind makes them one.
    const kind = toolKind(tool);
    const sameTool = (r: AuditRecord): boolean => r.tool === tool || (kind !== undefined && r.tool !== null && toolKind(r.tool) === kind);
    // The newest decision at or before the event; then, for two processes' clocks, a second later.
    for (const skew of [0, 1000]) {
      for (let i = list.length - 1; i >= 0; i--) {
        const r = list[i];
        if (sameTool(r) && Date.parse(r.time) <= timeMs + skew) return r;
      }
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

/** The first of these attribute keys that is set: the assistants name the same thing differently. */
function pick(attrs: Map<string, AnyValue>, keys: readonly string[]): string | undefined {
  for (const k of keys) {
    const v = scalar(attrs.get(k));
    if (v !== undefined && v !== '') return v;
  }
  return undefined;
}

// Claude Code (session.id, tool_name, tool_use_id), Codex (conversation.id, tool_name, call_id),
// the GenAI semantic conventions (Copilot CLI, VS Code Copilot Chat).
const SESSION_KEYS = ['session.id', 'gen_ai.conversation.id', 'conversation.id'];
const TOOL_KEYS = ['tool_name', 'gen_ai.tool.name', 'tool.name'];
const CALL_KEYS = ['tool_use_id', 'gen_ai.tool.call.id', 'call_id', 'tool_call_id'];

function nanosToMs(nanos: string | undefined): number {
  try {
    return Number(BigInt(nanos ?? '0') / 1_000_000n) || Date.now();
  } catch {
    return Date.now();
  }
}

const SIGNAL_OF_PATH: Record<string, OtlpSignal> = { '/v1/logs': 'logs', '/v1/traces': 'traces', '/v1/metrics': 'metrics' };

export function startTelemetryReceiver(options: ReceiverOptions): Promise<RunningReceiver> {
  const index = new DecisionIndex(options.auditDir);
  const stats: ReceiverStats = { received: 0, protobuf: 0, joined: 0 };
  const spool = options.forward ? new ForwardSpool({ ...options.spool, dir: options.spool?.dir ?? path.join(options.auditDir, 'otlp-forward'), forward: options.forward }) : null;
  spool?.start();
  const lines: string[] = [];
  /** Joins one record (log or span) and notes it for the timeline. */
  const join = (attributes: KeyValue[] | undefined, timeMs: number, event: string | null, service: string | undefined): KeyValue[] => {
    const list = attributes ?? [];
    const attrs = new Map(list.map((a) => [a.key, a.value]));
    const session = pick(attrs, SESSION_KEYS);
    const tool = pick(attrs, TOOL_KEYS);
    const toolUseId = pick(attrs, CALL_KEYS);
    stats.received++;
    const d = index.match(toolUseId, session, tool, timeMs);
    if (d) stats.joined++;
    const rec: LogRecordJson = { attributes: list };
    annotate(rec, d);
    const line: TimelineLine = {
      time: new Date(timeMs).toISOString(),
      source: service ?? null,
      event,
      session: session ?? null,
      tool: tool ?? null,
      toolUseId: toolUseId ?? null,
      airlock: d ? { seq: d.seq, verdict: d.verdict, class: d.class, rule: d.rule, reason: d.reason } : null,
    };
    lines.push(JSON.stringify(line));
    return rec.attributes ?? list;
  };
  const serviceOf = (resource: ResourceJson | undefined): string | undefined => scalar((resource?.attributes ?? []).find((a) => a.key === 'service.name')?.value);

  const handle = async (signal: OtlpSignal, raw: Buffer, protobuf: boolean): Promise<Buffer> => {
    const body = (protobuf ? decodeOtlpProtobuf(signal, raw) : JSON.parse(raw.toString('utf8'))) as LogsRequestJson & TracesRequestJson;
    if (protobuf) stats.protobuf++;
    index.refresh();
    lines.length = 0;
    if (signal === 'logs') {
      for (const rl of body.resourceLogs ?? []) {
        const service = serviceOf(rl.resource);
        for (const sl of rl.scopeLogs ?? []) {
          for (const rec of sl.logRecords ?? []) {
            const attrs = new Map((rec.attributes ?? []).map((a) => [a.key, a.value]));
            rec.attributes = join(rec.attributes, nanosToMs(rec.timeUnixNano ?? rec.observedTimeUnixNano), rec.eventName ?? scalar(attrs.get('event.name')) ?? scalar(rec.body) ?? null, service);
          }
        }
      }
    } else if (signal === 'traces') {
      for (const rs of body.resourceSpans ?? []) {
        const service = serviceOf(rs.resource);
        for (const ss of rs.scopeSpans ?? []) {
          for (const span of ss.spans ?? []) {
            // Only spans about a tool call are joined (Copilot Chat's execute_tool spans, say).
            const attrs = new Map((span.attributes ?? []).map((a) => [a.key, a.value]));
            if (pick(attrs, [...CALL_KEYS, ...TOOL_KEYS]) === undefined) continue;
            span.attributes = join(span.attributes, nanosToMs(span.startTimeUnixNano), span.name ?? null, service);
          }
        }
      }
    }
    const out = signal === 'metrics' ? raw : protobuf ? Buffer.from(encodeOtlpProtobuf(signal, body)) : Buffer.from(JSON.stringify(body));
    // Queued durably before the exporter hears "ok" (a full queue throws: the exporter retries),
    // and only then on the timeline, so a refused batch is not recorded twice.
    spool?.enqueue(signal, out, protobuf);
    if (lines.length) fs.appendFileSync(options.timelineFile, `${lines.join('\n')}\n`);
    return out;
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (d: Buffer) => chunks.push(d));
    req.on('end', () => {
      const signal = SIGNAL_OF_PATH[(req.url ?? '').split('?')[0]];
      if (req.method !== 'POST' || !signal) {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('airlock telemetry serves POST /v1/logs, /v1/traces and /v1/metrics (OTLP/HTTP)\n');
        return;
      }
      const type = String(req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
      const protobuf = type === 'application/x-protobuf' || type === 'application/protobuf';
      if (!protobuf && type !== 'application/json') {
        res.writeHead(415, { 'content-type': 'text/plain' }).end('airlock telemetry accepts OTLP/HTTP protobuf (application/x-protobuf) or JSON (application/json)\n');
        return;
      }
      const encoding = String(req.headers['content-encoding'] ?? 'identity').toLowerCase();
      if (encoding !== 'identity' && encoding !== 'gzip') {
        res.writeHead(415, { 'content-type': 'text/plain' }).end('airlock telemetry takes gzip or uncompressed bodies\n');
        return;
      }
      let raw: Buffer;
      try {
        raw = encoding === 'gzip' ? zlib.gunzipSync(Buffer.concat(chunks)) : Buffer.concat(chunks);
      } catch (err) {
        res.writeHead(400, { 'content-type': 'text/plain' }).end(`not gzip: ${errorMessage(err)}\n`);
        return;
      }
      handle(signal, raw, protobuf).then(
        // An empty ExportServiceResponse means full success in both encodings.
        () => res.writeHead(200, { 'content-type': protobuf ? 'application/x-protobuf' : 'application/json' }).end(protobuf ? Buffer.alloc(0) : '{}'),
        (err: unknown) =>
          err instanceof SpoolFullError
            ? (options.onRefused?.(err.message), res.writeHead(503, { 'content-type': 'text/plain', 'retry-after': '30' }).end(`airlock telemetry: ${err.message}\n`))
            : res.writeHead(400, { 'content-type': 'text/plain' }).end(`${errorMessage(err)}\n`),
      );
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    // Loopback only: the receiver is for this machine's assistants.
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      const port = (server.address() as AddressInfo).port;
      const close = async (): Promise<void> => {
        await new Promise<void>((r) => server.close(() => r()));
        await spool?.stop();
      };
      resolve({ url: `http://127.0.0.1:${port}/v1/logs`, stats, spool, close });
    });
  });
}
