// Ships the audit log to an OTLP/HTTP logs endpoint with the official OpenTelemetry JS SDK and
// exporters. Runs outside the hook (`airlock telemetry flush`): the hook only appends to the audit
// log, never loads this module and never waits on the network. Records go out in log order from
// the cursor; records with a measured duration (hook decisions, gateway requests) also go out as
// spans to the sibling /v1/traces URL, with ids derived from the record's leaf hash so a resent
// span is the same span. Each flush ends with a signed checkpoint record so the tree head is
// anchored off the machine as well.
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import { SpanKind } from '@opentelemetry/api';
import { OTLPLogExporter } from '@opentelemetry/exporter-logs-otlp-http';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { LoggerProvider, type LogRecordProcessor, type ReadableLogRecord, type SdkLogRecord } from '@opentelemetry/sdk-logs';
import { type IdGenerator, type ReadableSpan, type SpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { readAuditLeaves } from '../audit/auditLeaves';
import type { AuditRecord } from '../audit/auditTypes';
import type { CheckpointResult } from '../audit/auditCheckpoint';
import { otelShapeOf, type OtelLogShape } from './otelAttributes';
import { readCursor, writeCursor } from './telemetryCursor';

export const SCOPE_NAME = 'dev.airlock.audit';
const BATCH = 512;

/** A processor that only keeps what it is given: nothing is buffered, so flush and shutdown are done at once. */
abstract class Keeping {
  forceFlush(): Promise<void> {
    return Promise.resolve();
  }
  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}

/** Keeps what the SDK emits so it can be exported by us, with the export result in hand. */
class CollectingProcessor extends Keeping implements LogRecordProcessor {
  readonly records: SdkLogRecord[] = [];
  onEmit(record: SdkLogRecord): void {
    this.records.push(record);
  }
}

/** Keeps ended spans for export by us. */
class CollectingSpanProcessor extends Keeping implements SpanProcessor {
  readonly spans: ReadableSpan[] = [];
  onStart(): void {}
  onEnd(span: ReadableSpan): void {
    this.spans.push(span);
  }
}

/** Trace and span ids from the record's leaf hash: the same record always makes the same span. */
class LeafIds implements IdGenerator {
  leafHex = '';
  generateTraceId(): string {
    return this.leafHex.slice(0, 32);
  }
  generateSpanId(): string {
    return this.leafHex.slice(32, 48);
  }
}

/** The traces URL beside a logs URL ending in /v1/logs; null otherwise (no spans are sent). */
export function tracesUrlOf(logsUrl: string): string | null {
  const u = new URL(logsUrl);
  if (!/\/v1\/logs\/?$/.test(u.pathname)) return null;
  u.pathname = u.pathname.replace(/\/v1\/logs\/?$/, '/v1/traces');
  return u.toString();
}

function spanName(shape: OtelLogShape): string | null {
  const a = shape.attributes;
  if (typeof a['airlock.duration_ms'] !== 'number') return null;
  const op = a['gen_ai.operation.name'];
  if (op === 'execute_tool') return `execute_tool ${String(a['gen_ai.tool.name'] ?? '')}`.trim();
  if (op === 'chat') return `chat ${String(a['gen_ai.request.model'] ?? a['airlock.exchange.endpoint'] ?? '')}`.trim();
  return shape.eventName;
}

function exportSpans(exporter: OTLPTraceExporter, spans: ReadableSpan[]): Promise<void> {
  return new Promise((resolve, reject) => {
    exporter.export(spans, (result: ExportResult) => {
      if (result.code === ExportResultCode.SUCCESS) resolve();
      else reject(new Error(`OTLP span export failed: ${result.error?.message ?? 'unknown error'}`));
    });
  });
}

export interface FlushOptions {
  readonly endpoint: string;
  readonly serviceVersion: string;
  /** Makes (and anchors) the checkpoint shipped at the end of the flush; null to send none. */
  readonly checkpoint?: (() => CheckpointResult) | null;
  readonly timeoutMs?: number;
}

export interface FlushResult {
  readonly from: number;
  readonly to: number;
  readonly exported: number;
  /** Spans sent (records with a measured duration). */
  readonly spans: number;
  readonly checkpointSize: number | null;
}

function exportBatch(exporter: OTLPLogExporter, batch: ReadableLogRecord[]): Promise<void> {
  return new Promise((resolve, reject) => {
    exporter.export(batch, (result: ExportResult) => {
      if (result.code === ExportResultCode.SUCCESS) resolve();
      else reject(new Error(`OTLP export failed: ${result.error?.message ?? 'unknown error'}`));
    });
  });
}

function emit(provider: LoggerProvider, shape: OtelLogShape): void {
  provider.getLogger(SCOPE_NAME).emit({
    eventName: shape.eventName,
    timestamp: shape.timeMs,
    severityNumber: shape.severityNumber,
    severityText: shape.severityText,
    body: shape.body,
    attributes: shape.attributes,
  });
}

/** A line that no longer parses (damaged or tampered) is still shipped, as what it is. */
function shapeOfLine(line: string, index: number, leafHex: string): OtelLogShape {
  try {
    return otelShapeOf(JSON.parse(line) as AuditRecord, leafHex);
  } catch {
    return {
      eventName: 'airlock.audit.invalid-line',
      timeMs: Date.now(),
      severityNumber: 17,
      severityText: 'ERROR',
      body: `audit record ${index + 1} is not valid JSON`,
      attributes: { 'airlock.record.index': index + 1, 'airlock.record.leaf_hash': leafHex },
    };
  }
}

/** Sends every record past the cursor; the cursor advances batch by batch on success only. */
export async function flushTelemetry(dir: string, options: FlushOptions): Promise<FlushResult> {
  const leaves = readAuditLeaves(dir);
  const from = readCursor(dir, options.endpoint);
  if (from > leaves.records.length) {
    throw new Error(`the audit log holds ${leaves.records.length} record(s) but ${from} were already exported to ${options.endpoint}: records were deleted`);
  }
  const processor = new CollectingProcessor();
  const resource = resourceFromAttributes({ 'service.name': 'airlock', 'service.version': options.serviceVersion });
  const provider = new LoggerProvider({ resource, processors: [processor] });
  const exporter = new OTLPLogExporter({ url: options.endpoint, timeoutMillis: options.timeoutMs ?? 10_000 });
  const tracesUrl = tracesUrlOf(options.endpoint);
  const spanProcessor = new CollectingSpanProcessor();
  const ids = new LeafIds();
  const tracerProvider = new TracerProvider({ resource, idGenerator: ids, spanProcessors: [spanProcessor] });
  const tracer = tracerProvider.getTracer(SCOPE_NAME);
  const traceExporter = tracesUrl ? new OTLPTraceExporter({ url: tracesUrl, timeoutMillis: options.timeoutMs ?? 10_000 }) : null;
  let done = from;
  let spans = 0;
  try {
    for (let start = from; start < leaves.records.length; start += BATCH) {
      processor.records.length = 0;
      spanProcessor.spans.length = 0;
      const end = Math.min(start + BATCH, leaves.records.length);
      for (let i = start; i < end; i++) {
        const leafHex = leaves.hashes[i].toString('hex');
        const shape = shapeOfLine(leaves.records[i], i, leafHex);
        emit(provider, shape);
        const name = traceExporter ? spanName(shape) : null;
        if (name) {
          // The record is written when the work ends: the span ends there and began duration earlier.
          ids.leafHex = leafHex;
          const duration = shape.attributes['airlock.duration_ms'] as number;
          const kind = shape.attributes['gen_ai.operation.name'] === 'chat' ? SpanKind.CLIENT : SpanKind.INTERNAL;
          tracer.startSpan(name, { kind, startTime: shape.timeMs - duration, attributes: shape.attributes }).end(shape.timeMs);
        }
      }
      await exportBatch(exporter, [...processor.records]);
      if (traceExporter && spanProcessor.spans.length) await exportSpans(traceExporter, [...spanProcessor.spans]);
      spans += spanProcessor.spans.length;
      done = end;
      writeCursor(dir, { endpoint: options.endpoint, exported: done });
    }
    let checkpointSize: number | null = null;
    if (options.checkpoint) {
      const cp = options.checkpoint();
      processor.records.length = 0;
      emit(provider, {
        eventName: 'airlock.audit.checkpoint',
        timeMs: Date.now(),
        severityNumber: 9,
        severityText: 'INFO',
        body: cp.note,
        attributes: { 'airlock.checkpoint.size': cp.checkpoint.size, 'airlock.checkpoint.root': cp.checkpoint.root.toString('base64'), 'airlock.checkpoint.origin': cp.checkpoint.origin },
      });
      await exportBatch(exporter, [...processor.records]);
      checkpointSize = cp.checkpoint.size;
    }
    return { from, to: done, exported: done - from, spans, checkpointSize };
  } finally {
    await exporter.shutdown();
    await provider.shutdown();
    await traceExporter?.shutdown();
    await tracerProvider.shutdown();
  }
}
