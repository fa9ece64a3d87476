// The receiver's forwarding made durable: each annotated batch is written to a spool folder
// (atomically, fsync'd) before the assistant's exporter gets its 200, and a drain loop sends the
// files upstream in arrival order, deleting each only once the collector acknowledged it. Failures
// retry with exponential backoff; nothing is dropped. The spool is bounded: when full, new batches
// are refused (503, so the exporter keeps them and retries) with a clear error instead of being lost.
// An upstream answer that says the batch itself is bad (4xx other than 408/429) moves the file to
// `rejected/` so one bad batch cannot stall the queue, kept for a person to look at.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { writeAtomic } from '../util/atomicWrite';
import { errorMessage } from '../util/errorMessage';
import type { OtlpSignal } from './otlpProtobuf';

export const DEFAULT_SPOOL_MAX_BYTES = 64 * 1024 * 1024;

export class SpoolFullError extends Error {}

export interface ForwardSpoolOptions {
  /** The spool folder (created if missing). */
  readonly dir: string;
  /** The upstream OTLP/HTTP logs URL (…/v1/logs; traces and metrics go to the sibling paths). */
  readonly forward: string;
  readonly maxBytes?: number;
  /** First retry delay; doubles per failure up to maxBackoffMs. */
  readonly minBackoffMs?: number;
  readonly maxBackoffMs?: number;
  readonly timeoutMs?: number;
}

export interface SpoolStats {
  /** Batches written to the spool. */
  queued: number;
  /** Batches the upstream acknowledged. */
  sent: number;
  /** Failed attempts (each retried later). */
  retries: number;
  /** Batches the upstream refused as malformed (kept under rejected/). */
  rejected: number;
  /** Batches refused because the spool was full. */
  refusedFull: number;
  lastError: string | null;
}

/** The signal URL next to a logs URL (or under a base URL). */
export function signalUrl(forward: string, signal: OtlpSignal): string {
  return /\/v1\/logs\/?$/.test(forward) ? forward.replace(/\/v1\/logs\/?$/, `/v1/${signal}`) : `${forward.replace(/\/$/, '')}/v1/${signal}`;
}

const FILE = /^(\d{15})-(\d+)-(\d+)\.(logs|traces|metrics)\.(pb|json)$/;

export class ForwardSpool {
  readonly stats: SpoolStats = { queued: 0, sent: 0, retries: 0, rejected: 0, refusedFull: 0, lastError: null };
  private bytes = 0;
  private counter = 0;
  private backoff: number;
  private timer: NodeJS.Timeout | null = null;
  private draining: Promise<void> | null = null;
  private stopped = false;

  constructor(private readonly options: ForwardSpoolOptions) {
    fs.mkdirSync(options.dir, { recursive: true });
    // What an earlier run (or a crash) left is sent first.
    for (const name of this.pending()) this.bytes += fs.statSync(path.join(options.dir, name)).size;
    this.backoff = this.minBackoff;
  }

  private get minBackoff(): number {
    return this.options.minBackoffMs ?? 1000;
  }

  /** Spooled batch files, oldest first. */
  pending(): string[] {
    return fs.readdirSync(this.options.dir).filter((n) => FILE.test(n)).sort();
  }

  get queuedBytes(): number {
    return this.bytes;
  }

  /** Durably queues one batch; throws SpoolFullError (nothing written) when it would not fit. */
  enqueue(signal: OtlpSignal, body: Uint8Array, protobuf: boolean): void {
    const max = this.options.maxBytes ?? DEFAULT_SPOOL_MAX_BYTES;
    if (this.bytes + body.byteLength > max) {
      this.stats.refusedFull++;
      throw new SpoolFullError(
        `the forwarding queue is full (${this.bytes} of ${max} bytes in ${this.options.dir}): ${this.options.forward} has not taken batches${this.stats.lastError ? ` (last error: ${this.stats.lastError})` : ''}; new events are refused, so the assistants' exporters keep and retry them, until it drains`,
      );
    }
    const name = `${String(Date.now()).padStart(15, '0')}-${process.pid}-${String(this.counter++).padStart(9, '0')}.${signal}.${protobuf ? 'pb' : 'json'}`;
    writeAtomic(path.join(this.options.dir, name), body, { fsync: true });
    this.bytes += body.byteLength;
    this.stats.queued++;
    this.kick();
  }

  /** Starts sending (also what an earlier run left). */
  start(): void {
    this.stopped = false;
    this.kick();
  }

  /** Stops the loop after the current attempt; spooled files stay for the next start. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.draining;
  }

  /** Resolves once the spool is empty (for tests and a clean shutdown with --drain). */
  async idle(): Promise<void> {
    while (!this.stopped && this.pending().length) {
      this.kick();
      await (this.draining ?? new Promise((r) => setTimeout(r, 20)));
    }
  }

  private kick(): void {
    if (this.stopped || this.draining || this.timer) return;
    this.draining = this.drain().finally(() => {
      this.draining = null;
    });
  }

  private async drain(): Promise<void> {
    for (;;) {
      if (this.stopped) return;
      const name = this.pending()[0];
      if (!name) return;
      const file = path.join(this.options.dir, name);
      const m = FILE.exec(name) as RegExpExecArray;
      const body = fs.readFileSync(file);
      const outcome = await this.send(m[4] as OtlpSignal, body, m[5] === 'pb');
      if (outcome === 'retry') {
        this.stats.retries++;
        const wait = this.backoff;
        this.backoff = Math.min(this.backoff * 2, this.options.maxBackoffMs ?? 60_000);
        this.timer = setTimeout(() => {
          this.timer = null;
          this.kick();
        }, wait);
        this.timer.unref();
        return;
      }
      this.backoff = this.minBackoff;
      if (outcome === 'rejected') {
        this.stats.rejected++;
        fs.mkdirSync(path.join(this.options.dir, 'rejected'), { recursive: true });
        fs.renameSync(file, path.join(this.options.dir, 'rejected', name));
      } else {
        this.stats.sent++;
        fs.rmSync(file, { force: true });
      }
      this.bytes = Math.max(0, this.bytes - body.byteLength);
    }
  }

  private async send(signal: OtlpSignal, body: Buffer, protobuf: boolean): Promise<'sent' | 'retry' | 'rejected'> {
    try {
      const res = await fetch(signalUrl(this.options.forward, signal), {
        method: 'POST',
        headers: { 'content-type': protobuf ? 'application/x-protobuf' : 'application/json' },
        body,
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
      });
      await res.arrayBuffer().catch(() => undefined);
      if (res.ok) return 'sent';
      this.stats.lastError = `HTTP ${res.status} from ${this.options.forward}`;
      // OTLP/HTTP: 429, 502, 503, 504 (and timeouts) are retryable; other 4xx mean the batch is bad.
      return res.status >= 400 && res.status < 500 && res.status !== 408 && res.status !== 429 ? 'rejected' : 'retry';
    } catch (err) {
      this.stats.lastError = errorMessage(err);
      return 'retry';
    }
  }
}
