// Provenance store figures: `airlock provenance summary` over 1,000 annotated files (the built CLI,
// wall time, target < 2 s), the same resolution in process, and the retention scenario's recall
// and precision after each git step (test/unit/provenance/scenarioRun.ts), measured in fresh clones.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { execFileSync, spawnSync } from 'node:child_process';
import { recordAiLines } from '../../src/core/provenance/captureRecord';
import { loadCurrentAnnotations } from '../../src/core/provenance/summaryCurrent';
import { runScenario } from '../unit/provenance/scenarioRun';

const CLI = path.join(__dirname, '../../dist/cli.js');

function annotatedRepo(files: number): string {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'airlock-summary-bench-')));
  execFileSync('git', ['init', '-q'], { cwd: root });
  fs.mkdirSync(path.join(root, '.airlock'), { recursive: true });
  fs.writeFileSync(path.join(root, '.airlock/policy.json'), '{ "version": 1, "rules": [{ "paths": ["/src/m1*/"], "class": "reviewed" }] }');
  for (let f = 0; f < files; f++) {
    const rel = `src/m${f % 20}/file${f}.ts`;
    const lines = Array.from({ length: 120 }, (_, k) => (k % 9 === 8 ? '}' : `export const v${f}_${k} = compute(${k}, '${rel}');`));
    const text = `${lines.join('\n')}\n`;
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
    // Two AI edits per file: 20 and 10 lines.
    for (const [start, end, n] of [[10, 29, 0], [60, 69, 1]] as const) {
      recordAiLines(root, { file: rel, after: text, ranges: [{ startLine: start, endLine: end }], origin: { tool: 'claude-code', model: 'claude-opus-5-5', session: `s${n}`, time: '2026-11-24T21:35:42.813Z' }, developer: 'dev@example.com' });
    }
  }
  return root;
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 0;
}

export async function runProvenanceStoreBench(): Promise<Record<string, number>> {
  const root = annotatedRepo(1000);
  const cli: number[] = [];
  const inProcess: number[] = [];
  const inProcessCpu: number[] = [];
  for (let n = 0; n < 5; n++) {
    const t0 = process.hrtime.bigint();
    const r = spawnSync(process.execPath, [CLI, 'provenance', 'summary', '--format', 'json'], { cwd: root, maxBuffer: 64 * 1024 * 1024 });
    if (r.status !== 0) throw new Error(`provenance summary exited ${r.status}: ${r.stderr}`);
    cli.push(Number(process.hrtime.bigint() - t0) / 1e6);
    const t1 = process.hrtime.bigint();
    const cpu = process.cpuUsage();
    const current = loadCurrentAnnotations(root);
    const used = process.cpuUsage(cpu);
    inProcess.push(Number(process.hrtime.bigint() - t1) / 1e6);
    inProcessCpu.push((used.user + used.system) / 1000);
    if (current.locatedLines !== 30_000) throw new Error(`expected 30000 located lines, got ${current.locatedLines}`);
  }
  fs.rmSync(root, { recursive: true, force: true });
  const summaryMs = median(cli);
  const resolveMs = median(inProcess);
  const resolveCpuMs = median(inProcessCpu);
  console.log(`provenanceStore: airlock provenance summary, 1,000 annotated files (2,000 records, 30,000 AI lines): median ${summaryMs.toFixed(0)} ms (target < 2000 ms)`);
  // CPU time says what the work costs when other processes share the cores (wall time does not).
  console.log(`provenanceStore: the same resolution in process: median ${resolveMs.toFixed(0)} ms wall, ${resolveCpuMs.toFixed(0)} ms CPU`);

  const figures: Record<string, number> = { summary1000FilesMs: summaryMs, resolve1000FilesInProcessMs: resolveMs, resolve1000FilesCpuMs: resolveCpuMs };
  let minRecall = 1;
  let minPrecision = 1;
  const steps = await runScenario(() => undefined);
  for (const s of steps) {
    console.log(`provenanceStore: scenario ${s.step.padEnd(22)} fresh clone: recall ${s.hit}/${s.truth} (${(s.recall * 100).toFixed(1)}%), precision ${s.hit}/${s.tagged} (${(s.precision * 100).toFixed(1)}%), ${s.lost} AI line(s) reported as changed`);
    minRecall = Math.min(minRecall, s.recall);
    minPrecision = Math.min(minPrecision, s.precision);
  }
  console.log(`provenanceStore: scenario minimum recall ${(minRecall * 100).toFixed(1)}% (target >= 99%), minimum precision ${(minPrecision * 100).toFixed(1)}% (target 100%)`);
  return { ...figures, scenarioMinRecall: minRecall, scenarioMinPrecision: minPrecision };
}

if (require.main === module) {
  void runProvenanceStoreBench();
}
