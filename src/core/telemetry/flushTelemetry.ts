// Ships the audit log to an OTLP/HTTP logs endpoint with the official OpenTelemetry JS SDK and
// exporter. Runs outside the hook (`airlock telemetry flush`): the hook only appends to the audit
// log, never loads this module and never waits on the network. Records go out in log order from
// the cursor; each flush ends with a signed checkpoint record so the tree head is anchored off
// the machine as well.
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import { OTLPLogExporter } from '@opentelemetry/exporter-logs-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { LoggerProvider, type LogRecordProcessor, type ReadableLogRecord, type SdkLogRecord } from '@opentelemetry/sdk-logs';
import { readAuditLeaves } from '../audit/auditLeaves';
import type { AuditRecord } from '../audit/auditTypes';
import type { CheckpointResult } from '../audit/auditCheckpoint';
import { otelShapeOf, type OtelLogShape } from './otelAttributes';
import { readCursor, writeCursor } from './telemetryCursor';

export const SCOPE_NAME = 'dev.airlock.audit';
const BATCH = 512;

/** Keeps what the SDK emits so it can be exported by us, with the export result in hand. */
class CollectingProcessor implements LogRecordProcessor {
  readonly records: SdkLogRecord[] = [];
  onEmit(record: SdkLogRecord): void {
    this.records.push(record);
  }
  forceFlush(): Promise<void> {
    return Promise.resolve();
  }
  shutdown(): Promise<void> {
    return Promise.resolve();
  }
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
  const provider = new LoggerProvider({
    resource: resourceFromAttributes({ 'service.name': 'airlock', 'service.version': options.serviceVersion }),
    processors: [processor],
  });
  const exporter = new OTLPLogExporter({ url: options.endpoint, timeoutMillis: options.timeoutMs ?? 10_000 });
  let done = from;
  try {
    for (let start = from; start < leaves.records.length; start += BATCH) {
      processor.records.length = 0;
      const end = Math.min(start + BATCH, leaves.records.length);
      for (let i = start; i < end; i++) emit(provider, shapeOfLine(leaves.records[i], i, leaves.hashes[i].toString('hex')));
      await exportBatch(exporter, [...processor.records]);
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
    return { from, to: done, exported: done - from, checkpointSize };
  } finally {
    await exporter.shutdown();
    await provider.shutdown();
  }
}
