// How an audit record reads as an OpenTelemetry log record: GenAI semantic-convention names where
// one fits (gen_ai.agent.name, gen_ai.conversation.id, gen_ai.tool.name, gen_ai.request.model,
// gen_ai.operation.name) and Airlock's own under `airlock.*` (verdict, policy rule, class,
// exception, hashes). Built from the stored record only, which never holds file contents or
// unmasked commands; the command itself is sent as a hash, never as text.
import { createHash } from 'node:crypto';
import type { AuditRecord } from '../audit/auditTypes';

export type OtelValue = string | number | boolean | string[];

export interface OtelLogShape {
  readonly eventName: string;
  readonly timeMs: number;
  /** OpenTelemetry SeverityNumber: 9 INFO, 13 WARN, 17 ERROR. */
  readonly severityNumber: number;
  readonly severityText: string;
  readonly body: string;
  readonly attributes: Record<string, OtelValue>;
}

function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

function severityOf(r: AuditRecord): { severityNumber: number; severityText: string } {
  if (r.kind === 'policy-error') return { severityNumber: 17, severityText: 'ERROR' };
  if (r.enforcedVerdict === 'deny' || r.verdict === 'deny') return { severityNumber: 13, severityText: 'WARN' };
  return { severityNumber: 9, severityText: 'INFO' };
}

/** `leafHash` is the record's RFC 6962 leaf hash (hex), tying the OTLP record to the signed tree. */
export function otelShapeOf(r: AuditRecord, leafHashHex: string): OtelLogShape {
  const a: Record<string, OtelValue> = {
    'airlock.event.kind': r.kind,
    'airlock.record.seq': r.seq,
    'airlock.record.leaf_hash': leafHashHex,
    // The dedupe id: a resent batch (crash between the answer and the cursor write) repeats it.
    'log.record.uid': leafHashHex,
  };
  const put = (key: string, value: OtelValue | null | undefined): void => {
    if (value !== null && value !== undefined && !(Array.isArray(value) && value.length === 0)) a[key] = value;
  };
  put('gen_ai.agent.name', r.client);
  put('gen_ai.conversation.id', r.session);
  put('gen_ai.tool.name', r.tool);
  put('gen_ai.tool.call.id', r.toolUseId);
  // A prompt decision (UserPromptSubmit and kin) is not a tool execution.
  if (r.kind === 'decision' && r.tool && !/prompt/i.test(r.tool)) a['gen_ai.operation.name'] = 'execute_tool';
  if (r.kind === 'model') a['gen_ai.operation.name'] = 'chat';
  put('gen_ai.request.model', r.model);
  put('airlock.action', r.action);
  put('airlock.paths', [...r.paths]);
  put('airlock.verdict', r.verdict);
  put('airlock.enforced_verdict', r.enforcedVerdict);
  if (r.monitor) a['airlock.monitor'] = true;
  put('airlock.class', r.class);
  if (r.rule) {
    a['airlock.policy.source'] = r.rule.source;
    a['airlock.rule.line'] = r.rule.line;
  }
  if (r.exception) {
    a['airlock.exception.source'] = r.exception.source;
    a['airlock.exception.line'] = r.exception.line;
    a['airlock.exception.owner'] = r.exception.owner;
    a['airlock.exception.expires'] = r.exception.expires;
  }
  put('airlock.reason', r.reason);
  // The input hash: lets an analyst match a command seen elsewhere without shipping its text.
  if (r.command !== null) a['airlock.input.sha256'] = sha256Hex(r.command);
  if (r.ranges.length) a['airlock.ranges'] = r.ranges.map((x) => `${x.path}:${x.start}-${x.end}`);
  if (r.exchange) {
    // Sizes and hashes of what went to (or came from) the model; never its text.
    a['airlock.exchange.direction'] = r.exchange.direction;
    a['airlock.exchange.endpoint'] = r.exchange.endpoint;
    a['airlock.exchange.bytes'] = r.exchange.bytes;
    a['airlock.exchange.sha256'] = r.exchange.sha256;
    a['airlock.exchange.secrets_masked'] = r.exchange.secretsMasked;
    a['airlock.exchange.protected_removed'] = r.exchange.protectedRemoved;
  }
  if (typeof r.durationMs === 'number') a['airlock.duration_ms'] = r.durationMs;
  put('user.name', r.user);
  put('host.name', r.host);
  const body = [r.kind, r.verdict, r.tool, r.paths.join(' ')].filter((x) => x).join(' ');
  return { eventName: `airlock.${r.kind}`, timeMs: Date.parse(r.time), ...severityOf(r), body, attributes: a };
}
