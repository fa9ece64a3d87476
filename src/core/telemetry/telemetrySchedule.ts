// The schedule of the telemetry flush and the signed checkpoint, so export and anchoring happen
// without a human. Whoever notices the run is due (the hook after answering, `airlock telemetry
// serve`, the extension) claims it with one stat and one write; the run itself holds a lock so
// two never send at once. The audit log stays the durable buffer: a run that fails (offline, a
// crash) leaves the cursor where it was and the next run sends the rest.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CHECKPOINT_FILE, createAuditCheckpoint, type CheckpointResult } from '../audit/auditCheckpoint';
import { readAuditLeaves } from '../audit/auditLeaves';
import { tryExclusiveLock } from '../audit/auditLock';
import { parseCheckpoint, type NoteSigner } from '../audit/signedNote';
import { writeAtomic } from '../util/atomicWrite';
import { errorMessage } from '../util/errorMessage';
import { flushTelemetry, type FlushResult } from './flushTelemetry';

/** Held for the whole run (network included). */
export const FLUSH_LOCK = 'otlp-flush.lock';
/** The outcome of the last scheduled run, for `airlock telemetry status` and for people. */
export const LAST_RUN_FILE = 'otlp-last-run.json';
/** Which checkpoint the endpoint last acknowledged: one signed while offline is sent later. */
export const CHECKPOINT_SENT_FILE = 'otlp-checkpoint-sent.json';
/** A run's lock older than this (a hung process on another host) is broken. */
const FLUSH_LOCK_STALE_MS = 10 * 60_000;

export interface ScheduledRunOptions {
  /** The audit log folder. */
  readonly dir: string;
  /** Where Airlock's records go; null to only sign and anchor a checkpoint. */
  readonly endpoint: string | null;
  readonly signer: NoteSigner | null;
  /** The repository whose refs/airlock/audit-checkpoints anchors checkpoints, or null. */
  readonly gitRoot: string | null;
  readonly serviceVersion: string;
  readonly timeoutMs?: number;
}

export interface ScheduledRunResult {
  readonly time: string;
  /** False when another run held the lock (nothing was done). */
  readonly ran: boolean;
  readonly flush: FlushResult | null;
  readonly checkpointSize: number | null;
  readonly error: string | null;
}

/** The signed checkpoint kept next to the log, or null. */
function localCheckpoint(dir: string): CheckpointResult | null {
  try {
    const note = fs.readFileSync(path.join(dir, CHECKPOINT_FILE), 'utf8');
    const body = note.slice(0, note.indexOf('\n\n') + 1);
    return { checkpoint: parseCheckpoint(body), note, sshSignature: null, anchor: null };
  } catch {
    return null;
  }
}

/** The size of the last checkpoint `endpoint` acknowledged, or -1. */
function checkpointSent(dir: string, endpoint: string): number {
  try {
    const v = JSON.parse(fs.readFileSync(path.join(dir, CHECKPOINT_SENT_FILE), 'utf8')) as { endpoint?: unknown; size?: unknown };
    return v.endpoint === endpoint && typeof v.size === 'number' ? v.size : -1;
  } catch {
    return -1;
  }
}

function writeLastRun(dir: string, result: ScheduledRunResult): void {
  try {
    writeAtomic(path.join(dir, LAST_RUN_FILE), `${JSON.stringify(result, null, 2)}\n`);
  } catch {
    // the record of the run is a convenience; the cursor and the checkpoint are what count
  }
}

/**
 * One scheduled run: ships what the endpoint has not acknowledged and signs (and anchors) a
 * checkpoint when the log grew since the last one. Never throws: the outcome is returned and kept
 * in otlp-last-run.json next to the log.
 */
export async function runScheduledTelemetry(options: ScheduledRunOptions): Promise<ScheduledRunResult> {
  const { dir } = options;
  const time = new Date().toISOString();
  if (!fs.existsSync(dir)) return { time, ran: false, flush: null, checkpointSize: null, error: null };
  const release = tryExclusiveLock(path.join(dir, FLUSH_LOCK), FLUSH_LOCK_STALE_MS);
  if (!release) return { time, ran: false, flush: null, checkpointSize: null, error: null };
  let result: ScheduledRunResult;
  let made: CheckpointResult | null = null;
  try {
    // Sign and anchor first, locally: anchoring must not wait for the network.
    const last = localCheckpoint(dir);
    const size = readAuditLeaves(dir).hashes.length;
    made = options.signer && (!last || last.checkpoint.size !== size) ? createAuditCheckpoint(dir, options.signer, { gitRoot: options.gitRoot }) : null;
    const current = made ?? last;
    if (options.endpoint) {
      const endpoint = options.endpoint;
      const pending = current && current.checkpoint.size !== checkpointSent(dir, endpoint) ? current : null;
      const flush = await flushTelemetry(dir, { endpoint, serviceVersion: options.serviceVersion, checkpoint: pending ? () => pending : null, timeoutMs: options.timeoutMs });
      if (pending) writeAtomic(path.join(dir, CHECKPOINT_SENT_FILE), `${JSON.stringify({ endpoint, size: pending.checkpoint.size })}\n`);
      result = { time, ran: true, flush, checkpointSize: made?.checkpoint.size ?? null, error: null };
    } else {
      result = { time, ran: true, flush: null, checkpointSize: made?.checkpoint.size ?? null, error: null };
    }
  } catch (err) {
    result = { time, ran: true, flush: null, checkpointSize: made?.checkpoint.size ?? null, error: errorMessage(err) };
  } finally {
    release();
  }
  writeLastRun(dir, result);
  return result;
}
