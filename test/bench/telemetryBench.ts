// Signed-checkpoint and OTLP export benchmark. The hook never loads the OpenTelemetry SDK (the unit
// suite proves the hook bundle holds no @opentelemetry module); after answering it does one stat
// of the schedule stamp (measured here per call) and, once per interval, starts the detached flush.
// Also measured: the off-path work, checkpointing and shipping, and the receiver's sustained rate
// (JSON and protobuf, 3 runs each, min and median).
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { build } from 'esbuild';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { appendAuditEvents } from '../../src/core/audit/auditAppend';
import { checkAgainstCheckpoint, createAuditCheckpoint } from '../../src/core/audit/auditCheckpoint';
import { readAuditLeaves } from '../../src/core/audit/auditLeaves';
import { inclusionProof, treeRoot } from '../../src/core/audit/merkleTree';
import { generateSignerKey, parseSignerKey, parseVerifierKey } from '../../src/core/audit/signedNote';
import { flushTelemetry } from '../../src/core/telemetry/flushTelemetry';
import { startTelemetryReceiver } from '../../src/core/telemetry/telemetryReceiver';
import { claimScheduledRun, claimScheduledStart } from '../../src/core/telemetry/telemetryDue';
import { loadPolicyCached } from '../../src/core/policy/compiledPolicyCache';
import { encodeOtlpProtobuf } from '../../src/core/telemetry/otlpProtobuf';

function ms(t0: bigint): number {
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

export async function runTelemetryBench(): Promise<Record<string, number>> {
  const events = 20_000;
  const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'airlock-telemetry-bench-')), 'audit');
  const ev = { kind: 'decision' as const, client: 'claude-code', session: 'bench', tool: 'Read', action: 'read' as const, paths: ['src/a.ts'], verdict: 'allow' as const };
  for (let i = 0; i < events / 100; i++) appendAuditEvents(dir, Array.from({ length: 100 }, () => ev));
  const signer = parseSignerKey(generateSignerKey('bench'));

  let t0 = process.hrtime.bigint();
  const leaves = readAuditLeaves(dir);
  const readMs = ms(t0);
  t0 = process.hrtime.bigint();
  treeRoot(leaves.hashes);
  const rootMs = ms(t0);
  t0 = process.hrtime.bigint();
  const cp = createAuditCheckpoint(dir, signer);
  const checkpointMs = ms(t0);
  t0 = process.hrtime.bigint();
  inclusionProof(leaves.hashes, 12_345);
  const proofMs = ms(t0);
  t0 = process.hrtime.bigint();
  const check = checkAgainstCheckpoint(dir, cp.note, parseVerifierKey(signer.verifierKey));
  const anchorVerifyMs = ms(t0);
  if (!check.ok) throw new Error('bench checkpoint did not verify');

  let received = 0;
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (d: Buffer) => (raw += d.toString()));
    req.on('end', () => {
      for (const rl of (JSON.parse(raw) as { resourceLogs: { scopeLogs: { logRecords: unknown[] }[] }[] }).resourceLogs) for (const s of rl.scopeLogs) received += s.logRecords.length;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/logs`;
  t0 = process.hrtime.bigint();
  const sent = await flushTelemetry(dir, { endpoint, serviceVersion: 'bench' });
  const flushMs = ms(t0);
  await new Promise<void>((r) => server.close(() => r()));
  if (sent.exported !== events || received !== events) throw new Error(`flush sent ${sent.exported}, receiver got ${received}`);

  // The hook's added work per call when no run is due: one stat of the stamp.
  claimScheduledRun(dir, 3_600_000);
  const calls = 20_000;
  t0 = process.hrtime.bigint();
  for (let i = 0; i < calls; i++) claimScheduledRun(dir, 3_600_000);
  const dueCheckUs = (ms(t0) * 1000) / calls;

  // The receiver: assistant events posted in batches of 500, each joined against the
  // 20,000-decision log, written to the timeline and forwarded nowhere. 3 runs per encoding.
  const request = {
    resourceLogs: [{ scopeLogs: [{ logRecords: Array.from({ length: 500 }, () => ({ timeUnixNano: String(Date.now() * 1e6), attributes: [{ key: 'session.id', value: { stringValue: 'bench' } }, { key: 'tool_name', value: { stringValue: 'Read' } }] })) }] }],
  };
  const bodies = { json: Buffer.from(JSON.stringify(request)), protobuf: Buffer.from(encodeOtlpProtobuf('logs', request)) };
  const batches = 40;
  const rates: Record<'json' | 'protobuf', number[]> = { json: [], protobuf: [] };
  for (const enc of ['json', 'protobuf'] as const) {
    for (let run = 0; run < 3; run++) {
      const rx = await startTelemetryReceiver({ auditDir: dir, timelineFile: path.join(dir, 'timeline.jsonl') });
      t0 = process.hrtime.bigint();
      for (let i = 0; i < batches; i++) {
        const res = await fetch(rx.url, { method: 'POST', headers: { 'content-type': enc === 'json' ? 'application/json' : 'application/x-protobuf' }, body: bodies[enc] });
        if (!res.ok) throw new Error(`receiver answered ${res.status}`);
      }
      const rxMs = ms(t0);
      await rx.close();
      if (rx.stats.joined !== batches * 500) throw new Error(`receiver joined ${rx.stats.joined}`);
      rates[enc].push(Math.round((batches * 500) / (rxMs / 1000)));
    }
  }
  const med = (xs: number[]): number => [...xs].sort((a, b) => a - b)[1];

  // The same with durable forwarding (protobuf): each batch fsync'd into the spool before the
  // 200, then delivered to a loopback sink. Accepted = until the last 200; delivered = spool empty.
  const sink = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(200, { 'content-type': 'application/x-protobuf' }).end());
  });
  await new Promise<void>((r) => sink.listen(0, '127.0.0.1', r));
  const sinkUrl = `http://127.0.0.1:${(sink.address() as AddressInfo).port}/v1/logs`;
  const fwdAccepted: number[] = [];
  const fwdDelivered: number[] = [];
  for (let run = 0; run < 3; run++) {
    const rx = await startTelemetryReceiver({ auditDir: dir, timelineFile: path.join(dir, 'timeline.jsonl'), forward: sinkUrl, spool: { dir: path.join(dir, `spool-${run}`) } });
    t0 = process.hrtime.bigint();
    for (let i = 0; i < batches; i++) {
      const res = await fetch(rx.url, { method: 'POST', headers: { 'content-type': 'application/x-protobuf' }, body: bodies.protobuf });
      if (!res.ok) throw new Error(`receiver answered ${res.status}`);
    }
    fwdAccepted.push(Math.round((batches * 500) / (ms(t0) / 1000)));
    await rx.spool?.idle();
    fwdDelivered.push(Math.round((batches * 500) / (ms(t0) / 1000)));
    if (rx.spool?.stats.sent !== batches) throw new Error(`delivered ${rx.spool?.stats.sent} of ${batches}`);
    await rx.close();
  }
  sink.closeAllConnections();
  await new Promise<void>((r) => sink.close(() => r()));

  // The shipped hook, A/B: the same workspace and call with and without a "telemetry" section
  // (not due: the stamp is fresh), interleaved, 21 runs each; wall time as the client waits.
  const hookDir = fs.mkdtempSync(path.join(os.tmpdir(), 'airlock-hook-ab-'));
  const src = path.join(__dirname, '..', '..', 'src', 'cli');
  await build({ entryPoints: { cli: path.join(src, 'main.ts'), hook: path.join(src, 'hookMain.ts'), commands: path.join(src, 'commandsMain.ts') }, outdir: hookDir, bundle: true, platform: 'node', format: 'cjs', target: 'node20', minify: true, mainFields: ['module', 'main'], logLevel: 'silent' });
  const repo = (name: string, telemetry: boolean): string => {
    const root = path.join(hookDir, name);
    fs.mkdirSync(path.join(root, '.airlock'), { recursive: true });
    execFileSync('git', ['init', '-q', root]);
    fs.writeFileSync(path.join(root, '.airlock', 'policy.json'), JSON.stringify({ version: 1, classes: { public: { read: 'allow', edit: 'allow', risk: 'low' } }, default: 'public', rules: [], ...(telemetry ? { telemetry: { otlpEndpoint: 'http://127.0.0.1:9/v1/logs', intervalSeconds: 86_400 } } : {}) }));
    return root;
  };
  const plainRoot = repo('plain', false);
  const telRoot = repo('telemetry', true);
  const hookOnce = (root: string): number => {
    const payload = JSON.stringify({ session_id: 'b', cwd: root, hook_event_name: 'PreToolUse', tool_name: 'Read', tool_input: { file_path: path.join(root, 'README.md') }, tool_use_id: 't' });
    const t = process.hrtime.bigint();
    const r = spawnSync(process.execPath, [path.join(hookDir, 'cli.js'), 'hook', '--client', 'claude-code'], { input: payload, env: { PATH: process.env.PATH, HOME: hookDir, CLAUDE_PROJECT_DIR: root }, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`hook failed: ${r.stderr}`);
    return ms(t);
  };
  for (let i = 0; i < 3; i++) {
    hookOnce(plainRoot);
    hookOnce(telRoot); // the first call is due and starts one detached run; the rest are not due
  }
  const tPlain: number[] = [];
  const tTel: number[] = [];
  for (let i = 0; i < 21; i++) {
    tPlain.push(hookOnce(plainRoot));
    tTel.push(hookOnce(telRoot));
  }
  const p50 = (xs: number[]): number => [...xs].sort((a, b) => a - b)[10];
  // What an event that decides nothing (post-tool, stop, session start) adds after its answer:
  // the cached policy, for its telemetry section, then the due check (not due: the stamp is fresh).
  const postEnv = { HOME: hookDir };
  const postCalls = 2_000;
  claimScheduledStart(telRoot, loadPolicyCached(telRoot, { env: postEnv, lazyRecords: true }), postEnv, true);
  t0 = process.hrtime.bigint();
  for (let i = 0; i < postCalls; i++) claimScheduledStart(telRoot, loadPolicyCached(telRoot, { env: postEnv, lazyRecords: true }), postEnv, true);
  const postToolDueUs = (ms(t0) * 1000) / postCalls;
  fs.rmSync(hookDir, { recursive: true, force: true });

  const figures = {
    hookP50MsWithoutTelemetry: p50(tPlain),
    hookP50MsWithTelemetry: p50(tTel),
    receiverJsonEventsPerSecMin: Math.min(...rates.json),
    receiverJsonEventsPerSecMedian: med(rates.json),
    receiverProtobufEventsPerSecMin: Math.min(...rates.protobuf),
    receiverProtobufEventsPerSecMedian: med(rates.protobuf),
    receiverForwardAcceptedEventsPerSecMedian: med(fwdAccepted),
    receiverForwardDeliveredEventsPerSecMedian: med(fwdDelivered),
    hookDueCheckUsPerCall: dueCheckUs,
    hookPostToolDueUsPerCall: postToolDueUs,
    leavesReadMs20k: readMs,
    merkleRootMs20k: rootMs,
    signedCheckpointMs20k: checkpointMs,
    inclusionProofMs20k: proofMs,
    verifyAgainstCheckpointMs20k: anchorVerifyMs,
    otlpFlushEventsPerSec: Math.round(events / (flushMs / 1000)),
  };
  const f = (x: number): string => x.toFixed(1);
  console.log('audit checkpoints and OTLP export (20,000 events)');
  console.log(`  hook after answering: due check ${dueCheckUs.toFixed(2)} µs per call (one stat); a detached flush starts once per interval; no OTel code, no network`);
  console.log(`  an event that decides nothing (post-tool, stop, session start), after answering: cached policy + due check ${postToolDueUs.toFixed(1)} µs per call`);
  console.log(`  shipped hook p50 (21 interleaved runs): ${figures.hookP50MsWithoutTelemetry.toFixed(1)} ms without a telemetry section, ${figures.hookP50MsWithTelemetry.toFixed(1)} ms with one (not due)`);
  console.log(`  read leaves ${f(readMs)} ms, Merkle root ${f(rootMs)} ms, signed checkpoint (locked read + root + Ed25519) ${f(checkpointMs)} ms`);
  console.log(`  inclusion proof ${f(proofMs)} ms, verify against checkpoint (consistency + 3 inclusions) ${f(anchorVerifyMs)} ms`);
  console.log(`  telemetry flush to a loopback OTLP/HTTP receiver: ${figures.otlpFlushEventsPerSec} events/s`);
  console.log(`  receiver, joined + timeline written (batches of 500, 3 runs): JSON min ${figures.receiverJsonEventsPerSecMin} median ${figures.receiverJsonEventsPerSecMedian} events/s; protobuf min ${figures.receiverProtobufEventsPerSecMin} median ${figures.receiverProtobufEventsPerSecMedian} events/s`);
  console.log(`  receiver with durable forwarding (protobuf, fsync'd spool, loopback sink, 3 runs): accepted min ${Math.min(...fwdAccepted)} median ${figures.receiverForwardAcceptedEventsPerSecMedian} events/s; delivered upstream min ${Math.min(...fwdDelivered)} median ${figures.receiverForwardDeliveredEventsPerSecMedian} events/s`);
  return figures;
}

if (require.main === module) {
  runTelemetryBench().catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  });
}
