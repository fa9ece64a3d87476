// Hook adapter benchmark: what the adapters add to one tool call. In process: detect + parse +
// answer per payload against a bare JSON.parse of the same stdin. Start-up: a bundled hook entry in
// a fresh `node` against a `node` that only parses stdin.
import { spawnSync } from 'node:child_process';
import * as esbuild from 'esbuild';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { detectClient } from '../../src/core/hook/detectClient';
import { formatHookAnswer } from '../../src/core/hook/hookAnswer';
import { parseHookEvent } from '../../src/core/hook/parseHookEvent';
import { loadPayloadFixtures } from '../unit/hook/hookFixtures';

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 0;
}

/** Microseconds per call of `fn` over every stdin text, best of a few rounds. */
function perCall(texts: readonly string[], rounds: number, fn: (text: string) => void): number {
  const results: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < 200; i++) for (const t of texts) fn(t);
    results.push(Number(process.hrtime.bigint() - t0) / 1000 / (200 * texts.length));
  }
  return Math.min(...results);
}

/** Ms from process start to the script's end, as the script itself reports it. */
function startupOnce(script: string, stdin: string): number {
  const r = spawnSync(process.execPath, [script], { input: stdin, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${script} failed: ${r.stderr}`);
  return Number(r.stdout.trim().split('\n').pop());
}

/** Medians for two scripts, run alternately so load on a shared machine hits both alike. */
function startupPair(a: string, b: string, stdin: string, runs: number): [number, number] {
  const ta: number[] = [];
  const tb: number[] = [];
  for (let i = 0; i < runs; i++) {
    ta.push(startupOnce(a, stdin));
    tb.push(startupOnce(b, stdin));
  }
  return [median(ta), median(tb)];
}

export async function runHookBench(): Promise<Record<string, number>> {
  const { payloads } = loadPayloadFixtures();
  const texts = payloads.map((p) => JSON.stringify(p.payload));

  const bareUs = perCall(texts, 5, (t) => JSON.parse(t));
  const fullUs = perCall(texts, 5, (t) => {
    const payload = JSON.parse(t) as unknown;
    const client = detectClient(payload);
    const ev = parseHookEvent(payload, client);
    formatHookAnswer(client, ev, { verdict: ev.requests.length > 0 ? 'deny' : 'allow', reason: 'bench' });
  });
  console.log(`hook: ${payloads.length} real payloads; JSON.parse ${bareUs.toFixed(2)} µs/call, detect+parse+answer ${fullUs.toFixed(2)} µs/call (${(fullUs / bareUs).toFixed(1)}x JSON.parse, +${(fullUs - bareUs).toFixed(2)} µs)`);

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'airlock-hook-bench-'));
  try {
    const entry = path.join(dir, 'entry.ts');
    const src = path.resolve(__dirname, '../../src/core/hook');
    fs.writeFileSync(entry, [
      `import { detectClient } from ${JSON.stringify(path.join(src, 'detectClient'))};`,
      `import { parseHookEvent } from ${JSON.stringify(path.join(src, 'parseHookEvent'))};`,
      `import { formatHookAnswer } from ${JSON.stringify(path.join(src, 'hookAnswer'))};`,
      "import { readFileSync } from 'node:fs';",
      'const payload = JSON.parse(readFileSync(0, \'utf8\'));',
      'const client = detectClient(payload); const ev = parseHookEvent(payload, client);',
      "process.stderr.write(formatHookAnswer(client, ev, { verdict: 'deny', reason: 'x' }).stderr);",
      'console.log(performance.now());',
    ].join('\n'));
    const bundle = path.join(dir, 'hook.js');
    await esbuild.build({ entryPoints: [entry], bundle: true, platform: 'node', format: 'cjs', target: 'node20', minify: true, outfile: bundle, logLevel: 'error' });
    const bare = path.join(dir, 'bare.js');
    fs.writeFileSync(bare, "JSON.parse(require('node:fs').readFileSync(0, 'utf8')); console.log(performance.now());");
    const stdin = texts.find((t) => t.includes('"Read"')) ?? texts[0] ?? '{}';
    startupPair(bare, bundle, stdin, 2); // warm the disk cache
    const [bareStart, hookStart] = startupPair(bare, bundle, stdin, 21);
    const bundleKb = fs.statSync(bundle).size / 1024;
    console.log(`hook: start-up to answer ${hookStart.toFixed(1)} ms vs ${bareStart.toFixed(1)} ms for node + JSON.parse (${(hookStart / bareStart).toFixed(2)}x, +${(hookStart - bareStart).toFixed(1)} ms); bundle ${bundleKb.toFixed(1)} KiB minified`);
    return {
      'hook.jsonParseUs': bareUs,
      'hook.detectParseAnswerUs': fullUs,
      'hook.inProcessRatio': fullUs / bareUs,
      'hook.startupMs': hookStart,
      'hook.bareNodeStartupMs': bareStart,
      'hook.startupRatio': hookStart / bareStart,
      'hook.bundleKiB': bundleKb,
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  runHookBench().catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  });
}
