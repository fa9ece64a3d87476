// Model gateway benchmark: latency a 100 KB request gains by going through `airlock gateway`
// (p50/p99 against the same request sent straight to the upstream, i.e. forwarding alone), and
// the inspection engine's throughput (MB/s) against JSON parse + serialise alone. The workspace
// holds 300 protected files, so every request is matched against a realistic fingerprint index.
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import { request } from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { startGateway } from '../../src/core/gateway/gatewayServer';
import { livePolicy } from '../../src/core/models/livePolicy';
import { OutboundInspector } from '../../src/core/models/outboundInspector';
import { startFakeUpstream } from '../unit/gateway/fakeUpstream';

const REQUESTS = 200;
const WARMUP = 20;
const ROUNDS = 3;

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function post(url: string, body: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const t = process.hrtime.bigint();
    const req = request(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, agent: keepAlive }, (res) => {
      res.resume();
      res.on('end', () => resolve(Number(process.hrtime.bigint() - t) / 1e6));
    });
    req.on('error', reject);
    req.end(body);
  });
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const keepAlive = new (require('node:http') as typeof import('node:http')).Agent({ keepAlive: true, maxSockets: 1 });

function codeLine(i: number): string {
  return `  const value${i} = computeSomething(input.field${i % 17}, options.level${i % 5}) + ${i};`;
}

/** An Anthropic request of about `bytes`: system prompt, turns and a large tool result of code. */
function requestBody(bytes: number): string {
  const lines: string[] = [];
  let size = 0;
  for (let i = 0; size < bytes - 2000; i++) {
    const l = codeLine(i);
    lines.push(l);
    size += l.length + 1;
  }
  return JSON.stringify({
    model: 'bench', max_tokens: 64, system: 'You are a coding assistant.',
    messages: [
      { role: 'user', content: 'Refactor this file.' },
      { role: 'assistant', content: [{ type: 'tool_use', id: 't1', name: 'Read', input: { file_path: 'src/big.ts' } }] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't1', content: lines.join('\n') }] },
    ],
  });
}

/** Each request differs from the last (a fresh first line), so no cached inspection result helps. */
async function timeRequests(url: string, body: string, headers: Record<string, string>, fresh = true): Promise<number[]> {
  const vary = (i: number): string => (fresh ? body.replace('Refactor this file.', `Refactor this file (${i}).`).replace('const value0 ', `const value0_${i} `) : body);
  for (let i = 0; i < WARMUP; i++) await post(url, vary(-i - 1), headers);
  const out: number[] = [];
  for (let i = 0; i < REQUESTS; i++) out.push(await post(url, vary(i), headers));
  return out.sort((a, b) => a - b);
}

export async function runGatewayBench(): Promise<Record<string, number>> {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'airlock-gw-bench-')));
  const storeDir = path.join(root, '..', `${path.basename(root)}-fp`);
  const upstream = await startFakeUpstream();
  try {
    fs.mkdirSync(path.join(root, '.airlock'), { recursive: true });
    fs.mkdirSync(path.join(root, 'secrets'), { recursive: true });
    for (let f = 0; f < 300; f++) {
      const text = Array.from({ length: 120 }, (_, i) => `SETTING_${f}_${i}=${randomBytes(12).toString('hex')} # protected line ${i} of file ${f}`).join('\n');
      fs.writeFileSync(path.join(root, 'secrets', `s${f}.env`), text);
    }
    fs.writeFileSync(path.join(root, '.airlock', 'policy.json'), JSON.stringify({
      version: 1, rules: [{ paths: ['secrets/'], class: 'secret' }],
      models: { endpoints: { up: { api: 'anthropic', url: upstream.url } } },
    }));
    const body = requestBody(100 * 1024);
    const inspector = new OutboundInspector({ engine: livePolicy(root), storeDir, refreshMs: 60_000 });
    const tIndex = process.hrtime.bigint();
    const { index } = inspector.state();
    const indexMs = Number(process.hrtime.bigint() - tIndex) / 1e6;
    const gateway = await startGateway({ inspector, env: {} });
    try {
      // Three rounds, forwarding alone and the gateway interleaved, so a neighbour's burst of load
      // lands on both; each figure is reported as the minimum and the median of the rounds.
      const perRequestCpuMs = (u: NodeJS.CpuUsage): number => (u.user + u.system) / 1000 / (REQUESTS + WARMUP);
      const rounds: Record<string, number>[] = [];
      // CPU time of this thread, not wall time: on a shared machine wall time measures the neighbours.
      const cpuMs = (f: () => void, n = 100): number => {
        for (let i = 0; i < 20; i++) f();
        const t = process.cpuUsage();
        for (let i = 0; i < n; i++) f();
        const d = process.cpuUsage(t);
        return (d.user + d.system) / 1000 / n;
      };
      const quiet = new OutboundInspector({ engine: livePolicy(root), storeDir, refreshMs: 60_000, audit: false });
      quiet.state();
      const mb = Buffer.byteLength(body) / 1e6;
      let n = 0;
      for (let round = 0; round < ROUNDS; round++) {
        let cpu = process.cpuUsage();
        const direct = await timeRequests(`${upstream.url}/v1/messages`, body, {});
        const directCpu = process.cpuUsage(cpu);
        cpu = process.cpuUsage();
        const viaGateway = await timeRequests(`${gateway.url}/e/up/v1/messages`, body, {});
        const gatewayCpu = process.cpuUsage(cpu);
        // A conversation re-sent unchanged (what an agent does every turn): inspection results are reused.
        const resent = await timeRequests(`${gateway.url}/e/up/v1/messages`, body, {}, false);
        // Inspection alone, in-process, against parse + serialise alone (what any proxy that reads JSON pays).
        const jsonMs = cpuMs(() => JSON.stringify(JSON.parse(body)));
        const inspectMs = cpuMs(() => quiet.inspect('up', 'anthropic', JSON.parse(body.replace('const value0 ', `const value0_${n++} `)), { channel: 'bench' }));
        rounds.push({
          directP50Ms: percentile(direct, 50),
          directP99Ms: percentile(direct, 99),
          gatewayP50Ms: percentile(viaGateway, 50),
          gatewayP99Ms: percentile(viaGateway, 99),
          addedP50Ms: percentile(viaGateway, 50) - percentile(direct, 50),
          addedP99Ms: percentile(viaGateway, 99) - percentile(direct, 99),
          addedCpuMsPerRequest: perRequestCpuMs(gatewayCpu) - perRequestCpuMs(directCpu),
          resentAddedP50Ms: percentile(resent, 50) - percentile(direct, 50),
          inspectMs,
          inspectMBps: mb / (inspectMs / 1000),
          jsonOnlyMBps: mb / (jsonMs / 1000),
        });
      }
      const min = (k: string): number => Math.min(...rounds.map((r) => r[k]));
      const median = (k: string): number => [...rounds.map((r) => r[k])].sort((a, b) => a - b)[Math.floor(rounds.length / 2)];
      const figures: Record<string, number> = {
        requestKb: Math.round(Buffer.byteLength(body) / 1024),
        protectedFiles: index.files.length,
        fingerprints: index.size,
        indexBuildMs: Math.round(indexMs),
        rounds: ROUNDS,
      };
      for (const k of Object.keys(rounds[0])) {
        figures[k] = median(k);
        figures[`${k}Min`] = min(k);
      }
      const f = (k: string): string => `${min(k).toFixed(2)} / ${median(k).toFixed(2)}`;
      console.log(`gateway: ${figures.requestKb} KB Anthropic request, ${ROUNDS} interleaved rounds of ${REQUESTS} sequential requests, fingerprint index of ${figures.protectedFiles} protected files (${figures.fingerprints} fingerprints, built in ${figures.indexBuildMs} ms); figures are min / median of the rounds`);
      console.log(`  straight to the upstream (forwarding alone) p50 ${f('directP50Ms')} ms, p99 ${f('directP99Ms')} ms`);
      console.log(`  through airlock gateway (inspect + audit)   p50 ${f('gatewayP50Ms')} ms, p99 ${f('gatewayP99Ms')} ms`);
      console.log(`  added by the gateway, every request new     p50 ${f('addedP50Ms')} ms, p99 ${f('addedP99Ms')} ms (target p50 <= 5 ms)`);
      console.log(`  added CPU time per request (all processes here share one thread) ${f('addedCpuMsPerRequest')} ms: the latency on an idle core`);
      console.log(`  added, the same conversation re-sent        p50 ${f('resentAddedP50Ms')} ms (inspection results reused)`);
      console.log(`  machine load average ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} cores (wall-time latencies include waiting for a core)`);
      console.log(`  inspection alone ${f('inspectMs')} CPU ms per request = ${rounds.map((r) => r.inspectMBps).sort((a, b) => b - a)[0].toFixed(0)} MB/s best, ${median('inspectMBps').toFixed(0)} MB/s median; JSON parse+serialise alone ${median('jsonOnlyMBps').toFixed(0)} MB/s median`);
      return figures;
    } finally {
      await gateway.close();
    }
  } finally {
    keepAlive.destroy();
    await upstream.close();
    fs.rmSync(root, { recursive: true, force: true });
    fs.rmSync(storeDir, { recursive: true, force: true });
  }
}
