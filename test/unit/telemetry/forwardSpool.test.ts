// The receiver's forwarding is durable: with the collector down, batches are still accepted and
// wait on disk; a receiver that stops (or crashes) and starts again sends what was left, in order;
// a full queue refuses new batches with 503 and a clear error rather than dropping any; a batch
// the collector calls malformed is set aside, not lost, and does not stall the rest.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { ForwardSpool } from '../../../src/core/telemetry/forwardSpool';
import { startTelemetryReceiver } from '../../../src/core/telemetry/telemetryReceiver';

/** A collector on a fixed port that can be started, stopped and told to answer with a status. */
class Collector {
  readonly bodies: { url: string; body: string }[] = [];
  status = 200;
  private server: http.Server | null = null;
  constructor(readonly port: number) {}
  get url(): string {
    return `http://127.0.0.1:${this.port}/v1/logs`;
  }
  async start(): Promise<void> {
    this.server = http.createServer((req, res) => {
      let raw = '';
      req.on('data', (d: Buffer) => (raw += d.toString()));
      req.on('end', () => {
        if (this.status === 200) this.bodies.push({ url: req.url ?? '', body: raw });
        res.writeHead(this.status, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((r) => this.server?.listen(this.port, '127.0.0.1', r));
  }
  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
    this.server = null;
  }
}

async function freePort(): Promise<number> {
  const s = http.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

const logsBody = (n: number): string => JSON.stringify({ resourceLogs: [{ scopeLogs: [{ logRecords: [{ eventName: `event-${n}`, attributes: [{ key: 'n', value: { intValue: n } }] }] }] }] });

async function waitUntil(cond: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 500 && !cond(); i++) await new Promise((r) => setTimeout(r, 20));
  assert.ok(cond(), `never: ${what}`);
}

describe('telemetry serve: durable forwarding', function () {
  this.timeout(60_000);
  let dir: string;
  beforeEach(() => {
    dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'airlock-spool-')), 'audit');
    fs.mkdirSync(dir, { recursive: true });
  });

  it('accepts while the collector is down, keeps the batches across a restart, and delivers them in order', async () => {
    const collector = new Collector(await freePort());
    const opts = { auditDir: dir, timelineFile: path.join(dir, 'timeline.jsonl'), forward: collector.url, spool: { minBackoffMs: 20, maxBackoffMs: 100 } };
    let rx = await startTelemetryReceiver(opts);
    for (let n = 1; n <= 5; n++) {
      const res = await fetch(rx.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: logsBody(n) });
      assert.equal(res.status, 200, 'the exporter is told ok: the batch is on disk');
    }
    await waitUntil(() => (rx.spool?.stats.retries ?? 0) >= 2, 'retries against the closed port');
    assert.equal(rx.spool?.pending().length, 5);
    assert.match(rx.spool?.stats.lastError ?? '', /fetch failed|ECONNREFUSED/);
    // The receiver goes away (a crash leaves the same files: each was written before the 200).
    await rx.close();
    assert.equal(fs.readdirSync(path.join(dir, 'otlp-forward')).filter((f) => f.endsWith('.json')).length, 5);

    await collector.start();
    rx = await startTelemetryReceiver(opts);
    try {
      await rx.spool?.idle();
      assert.deepEqual(collector.bodies.map((b) => (JSON.parse(b.body) as { resourceLogs: { scopeLogs: { logRecords: { eventName: string }[] }[] }[] }).resourceLogs[0].scopeLogs[0].logRecords[0].eventName), ['event-1', 'event-2', 'event-3', 'event-4', 'event-5']);
      assert.ok(collector.bodies.every((b) => b.url === '/v1/logs'));
      assert.deepEqual(rx.spool?.pending(), []);
      assert.equal(rx.spool?.queuedBytes, 0);
    } finally {
      await rx.close();
      await collector.stop();
    }
  });

  it('a full queue refuses new batches with 503 and says why; nothing already queued is lost', async () => {
    const collector = new Collector(await freePort());
    const refusals: string[] = [];
    const rx = await startTelemetryReceiver({ auditDir: dir, timelineFile: path.join(dir, 'timeline.jsonl'), forward: collector.url, spool: { maxBytes: 1000, minBackoffMs: 20, maxBackoffMs: 50 }, onRefused: (m) => refusals.push(m) });
    try {
      const statuses: number[] = [];
      for (let n = 1; n <= 20; n++) statuses.push((await fetch(rx.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: logsBody(n) })).status);
      const accepted = statuses.filter((s) => s === 200).length;
      assert.ok(accepted > 0 && accepted < 20, statuses.join(','));
      assert.ok(statuses.slice(accepted).every((s) => s === 503), 'once full, every batch is refused (the exporter keeps it)');
      const res = await fetch(rx.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: logsBody(99) });
      assert.equal(res.status, 503);
      assert.equal(res.headers.get('retry-after'), '30');
      assert.match(await res.text(), /forwarding queue is full \(\d+ of 1000 bytes in .*otlp-forward\).*127\.0\.0\.1:\d+\/v1\/logs has not taken batches/);
      assert.equal(refusals.length, 20 - accepted + 1);
      assert.ok((rx.spool?.queuedBytes ?? 0) <= 1000);
      // Refused batches are not on the timeline (the exporter will send them again).
      assert.equal(fs.readFileSync(path.join(dir, 'timeline.jsonl'), 'utf8').trim().split('\n').length, accepted);

      await collector.start();
      await rx.spool?.idle();
      assert.equal(collector.bodies.length, accepted);
      const after = await fetch(rx.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: logsBody(100) });
      assert.equal(after.status, 200, 'drained: accepted again');
    } finally {
      await rx.close();
      await collector.stop();
    }
  });

  it('a batch the collector calls malformed (400) is set aside under rejected/ and the queue moves on; 503 is retried', async () => {
    const collector = new Collector(await freePort());
    await collector.start();
    const spool = new ForwardSpool({ dir: path.join(dir, 'q'), forward: collector.url, minBackoffMs: 20, maxBackoffMs: 40 });
    try {
      collector.status = 503;
      spool.enqueue('logs', Buffer.from(logsBody(1)), false);
      await waitUntil(() => spool.stats.retries >= 2, 'retries on 503');
      assert.equal(spool.pending().length, 1);
      collector.status = 400;
      await waitUntil(() => spool.stats.rejected === 1, 'the 400 sets the batch aside');
      assert.deepEqual(fs.readdirSync(path.join(dir, 'q', 'rejected')).length, 1);
      collector.status = 200;
      spool.enqueue('traces', Buffer.from('{"resourceSpans":[]}'), false);
      await spool.idle();
      assert.deepEqual(collector.bodies.map((b) => b.url), ['/v1/traces']);
      assert.equal(spool.stats.sent, 1);
    } finally {
      await spool.stop();
      await collector.stop();
    }
  });
});
