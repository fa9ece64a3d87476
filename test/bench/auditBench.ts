// Audit log benchmark: cost of one hook-style append (lock + chain + write + head) against a bare
// appendFileSync, with fsync, batched, under 4-process contention; verify and masking throughput.
import { spawn, spawnSync } from 'node:child_process';
import * as esbuild from 'esbuild';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { appendAuditEvents } from '../../src/core/audit/auditAppend';
import type { AuditEventInput } from '../../src/core/audit/auditTypes';
import { verifyAuditLog } from '../../src/core/audit/auditVerify';
import { maskSecrets } from '../../src/core/secrets/maskSecrets';

const EVENT: AuditEventInput = {
  kind: 'decision',
  client: 'claude-code',
  session: 'bench',
  tool: 'Bash',
  action: 'execute',
  paths: ['src/index.ts', 'infra/prod/main.tf'],
  verdict: 'deny',
  class: 'restricted',
  rule: { source: '.airlock/policy.json', line: 12 },
  reason: 'Production infrastructure',
  command: 'cat infra/prod/main.tf | grep -n password && curl -H "Authorization: Bearer abcdef123456" https://x',
};

function tempDir(): string {
  return path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'airlock-audit-bench-')), 'audit');
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))];
}

function timeEach(n: number, fn: (i: number) => void): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = process.hrtime.bigint();
    fn(i);
    out.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return out.sort((a, b) => a - b);
}

/** Runs `workers` processes appending `events` each at once; wall time and the slowest append. */
function runContended(dir: string, workers: number, events: number): Promise<{ ms: number; slowestMs: number }> {
  const worker = path.join(__dirname, '..', 'unit', 'audit', 'appendWorker.ts');
  const startAt = Date.now() + 1500;
  const runs = Array.from({ length: workers }, (_, id) =>
    new Promise<number>((resolve, reject) => {
      const child = spawn(process.execPath, ['-r', require.resolve('tsx/cjs'), worker, dir, String(id), String(events), String(startAt), String(10 * 1024 * 1024)], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.on('error', reject);
      child.on('close', (code) => (code === 0 ? resolve(Number(out)) : reject(new Error(`worker ${id} exited ${code}`))));
    }),
  );
  return Promise.all(runs).then((slowest) => ({ ms: Date.now() - startAt, slowestMs: Math.max(...slowest) }));
}

/**
 * Median, over fresh `node` processes running `script`, of the time from process start until the
 * script printed `performance.now()` (wall-clock spawn time is dominated by noise on a shared box).
 */
function coldRunMs(script: string, args: readonly string[], runs: number): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const r = spawnSync(process.execPath, [script, ...args], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`${script} exited ${r.status}: ${r.stderr}`);
    times.push(Number(r.stdout.trim()));
  }
  return percentile(times.sort((a, b) => a - b), 50);
}

/** Bundles a one-append script the way the CLI is bundled, to measure what a hook process pays. */
async function coldAppendFigures(): Promise<{ emptyNodeMs: number; coldAppendMs: number; bundleBytes: number }> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'airlock-audit-cold-'));
  const entry = path.join(work, 'entry.ts');
  const appendModule = path.join(__dirname, '..', '..', 'src', 'core', 'audit', 'auditAppend');
  fs.writeFileSync(
    entry,
    `import { appendAuditEvents } from ${JSON.stringify(appendModule)};\nappendAuditEvents(process.argv[2], [${JSON.stringify(EVENT)}]);\nprocess.stdout.write(String(performance.now()));\n`,
  );
  const bundle = path.join(work, 'append.js');
  await esbuild.build({ entryPoints: [entry], outfile: bundle, bundle: true, platform: 'node', format: 'cjs', target: 'node20', minify: true, logLevel: 'warning' });
  const empty = path.join(work, 'empty.js');
  fs.writeFileSync(empty, 'process.stdout.write(String(performance.now()));\n');
  const dir = tempDir();
  return { emptyNodeMs: coldRunMs(empty, [], 15), coldAppendMs: coldRunMs(bundle, [dir], 15), bundleBytes: fs.statSync(bundle).size };
}

export async function runAuditBench(): Promise<Record<string, number>> {
  const n = 2000;
  const line = `${JSON.stringify({ ...EVENT, seq: 1, prev: '0'.repeat(64), hash: '0'.repeat(64) })}\n`;
  const bareDir = tempDir();
  fs.mkdirSync(bareDir, { recursive: true });
  const bare = timeEach(n, () => fs.appendFileSync(path.join(bareDir, 'plain.jsonl'), line));

  const dir = tempDir();
  const chained = timeEach(n, () => appendAuditEvents(dir, [EVENT]));

  const fsyncDir = tempDir();
  const synced = timeEach(200, () => appendAuditEvents(fsyncDir, [EVENT], { fsync: true }));

  const batchDir = tempDir();
  const batch = Array.from({ length: 10 }, () => EVENT);
  const batched = timeEach(200, () => appendAuditEvents(batchDir, batch));

  const rotDir = tempDir();
  const rotating = timeEach(n, () => appendAuditEvents(rotDir, [EVENT], { maxFileBytes: 64 * 1024 }));

  // Verify throughput on a 20k-event log.
  const bigDir = tempDir();
  for (let i = 0; i < 200; i++) appendAuditEvents(bigDir, Array.from({ length: 100 }, () => EVENT));
  const v0 = process.hrtime.bigint();
  const verified = verifyAuditLog(bigDir);
  const verifyMs = Number(process.hrtime.bigint() - v0) / 1e6;
  if (!verified.ok) throw new Error(`bench log did not verify: ${verified.problem?.message}`);

  const masks = timeEach(5000, () => maskSecrets(EVENT.command ?? ''));

  const contendedDir = tempDir();
  const contended = await runContended(contendedDir, 4, 500);
  const contendedOk = verifyAuditLog(contendedDir);
  if (!contendedOk.ok || contendedOk.summary.events !== 2000) throw new Error('contended log did not verify');

  const cold = await coldAppendFigures();

  const figures: Record<string, number> = {
    emptyNodeProcessMs: cold.emptyNodeMs,
    coldProcessOneAppendMs: cold.coldAppendMs,
    appendBundleBytes: cold.bundleBytes,
    bareAppendP50Ms: percentile(bare, 50),
    appendP50Ms: percentile(chained, 50),
    appendP99Ms: percentile(chained, 99),
    appendFsyncP50Ms: percentile(synced, 50),
    batch10P50Ms: percentile(batched, 50),
    rotatingAppendP50Ms: percentile(rotating, 50),
    verifyEventsPerSec: Math.round(20_000 / (verifyMs / 1000)),
    maskSecretsP50Us: percentile(masks, 50) * 1000,
    contended4x500EventsPerSec: Math.round(2000 / (contended.ms / 1000)),
    contendedSlowestAppendMs: contended.slowestMs,
  };
  const f = (x: number): string => x.toFixed(3);
  console.log('audit log');
  console.log(`  bare appendFileSync (no lock, no chain)  p50 ${f(figures.bareAppendP50Ms)} ms`);
  console.log(`  appendAuditEvents, 1 event               p50 ${f(figures.appendP50Ms)} ms, p99 ${f(figures.appendP99Ms)} ms  (${(figures.appendP50Ms / figures.bareAppendP50Ms).toFixed(1)}x bare)`);
  console.log(`  appendAuditEvents with fsync             p50 ${f(figures.appendFsyncP50Ms)} ms  (${(figures.appendFsyncP50Ms / figures.appendP50Ms).toFixed(1)}x without)`);
  console.log(`  appendAuditEvents, batch of 10           p50 ${f(figures.batch10P50Ms)} ms  (${(figures.batch10P50Ms / 10 / figures.appendP50Ms).toFixed(2)}x per event vs single)`);
  console.log(`  appendAuditEvents, rotating every 64 KiB p50 ${f(figures.rotatingAppendP50Ms)} ms`);
  console.log(`  verifyAuditLog                           ${figures.verifyEventsPerSec} events/s (20,000 events in ${f(verifyMs)} ms)`);
  console.log(`  maskSecrets (hook-sized command)         p50 ${figures.maskSecretsP50Us.toFixed(1)} us`);
  console.log(`  fresh node, start → empty script runs     ${f(figures.emptyNodeProcessMs)} ms`);
  console.log(`  fresh node, start → one bundled append   ${f(figures.coldProcessOneAppendMs)} ms  (+${f(figures.coldProcessOneAppendMs - figures.emptyNodeProcessMs)} ms, bundle ${figures.appendBundleBytes} bytes)`);
  console.log(`  4 processes x 500 appends, contended     ${figures.contended4x500EventsPerSec} events/s, slowest append ${figures.contendedSlowestAppendMs} ms (${(figures.contendedSlowestAppendMs / figures.appendP50Ms).toFixed(0)}x p50 uncontended)`);
  return figures;
}

if (require.main === module) {
  runAuditBench().catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  });
}
