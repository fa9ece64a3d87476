// Risk for a 100k-file workspace: the full model (verdicts, reasons, folder aggregates) beside
// the bare policy verdicts it is built on (decideWorkspacePath for read and edit), measured in
// the same run; the sliced build the editor runs (total time, longest synchronous stretch); a
// policy change (recompute without a walk); one file's update after a provenance change.
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decideWorkspacePath } from '../../src/core/decide/decide';
import { loadPolicy } from '../../src/core/policy/loadPolicy';
import { RiskModel } from '../../src/core/risk/riskModel';
import { runInSlices } from '../../src/core/risk/runInSlices';
import { generatePaths, generateRules, policyJson } from './benchCorpus';

const FILES = 100_000;
const RULES = 200;

function loadBenchPolicy(dir: string, rules: ReturnType<typeof generateRules>): ReturnType<typeof loadPolicy> {
  mkdirSync(join(dir, '.airlock'), { recursive: true });
  writeFileSync(join(dir, '.airlock/policy.json'), policyJson(rules));
  const engine = loadPolicy(dir, { env: {} });
  if (!engine.valid) throw new Error(`bench policy invalid: ${engine.error?.message}`);
  return engine;
}

export async function runRiskBench(): Promise<Record<string, number>> {
  const dir = mkdtempSync(join(tmpdir(), 'airlock-risk-bench-'));
  try {
    const paths = generatePaths(FILES);
    const engine = loadBenchPolicy(dir, generateRules(RULES));

    // Warm up the JIT on a slice of the work, so the first measured run is not the cold one.
    const warm = new RiskModel(engine);
    for (const p of paths.slice(0, 5000)) warm.upsert(p);

    let t = performance.now();
    let denied = 0;
    for (const p of paths) {
      if (decideWorkspacePath(engine, p, false, 'read').verdict === 'deny') denied++;
      decideWorkspacePath(engine, p, false, 'edit');
    }
    const decideMs = performance.now() - t;

    const model = new RiskModel(engine);
    t = performance.now();
    for (const p of paths) model.upsert(p);
    const buildMs = performance.now() - t;

    // The editor's way: 8 ms slices with the event loop handed back between them.
    const sliced = new RiskModel(engine);
    let slices = 0;
    let longest = 0;
    let sliceStart = performance.now();
    t = performance.now();
    await runInSlices(paths, (p) => sliced.upsert(p), {
      onSlice: () => {
        slices++;
        longest = Math.max(longest, performance.now() - sliceStart);
      },
      yieldFn: () =>
        new Promise<void>((resolve) =>
          setImmediate(() => {
            sliceStart = performance.now();
            resolve();
          }),
        ),
    });
    const slicedMs = performance.now() - t;

    // A policy change: every file recomputed against the new engine, no walk.
    const engine2 = loadBenchPolicy(dir, generateRules(RULES, 3));
    model.setEngine(engine2);
    t = performance.now();
    model.recompute();
    const recomputeMs = performance.now() - t;

    // One provenance change: one file recomputed, its folders updated.
    const sample = paths.filter((_, i) => i % 100 === 0);
    t = performance.now();
    for (const p of sample) model.setAiLines(p, { total: 10, unreviewed: 4, modified: 0 });
    const updateUs = ((performance.now() - t) * 1000) / sample.length;

    const critical = model.atLevel('critical').size;
    const root = model.folder('');
    const perFileUs = (buildMs * 1000) / FILES;
    console.log(
      `risk: ${FILES} files, ${RULES} rules: full model ${buildMs.toFixed(0)} ms (${perFileUs.toFixed(1)} µs/file); ` +
        `bare read+edit verdicts ${decideMs.toFixed(0)} ms (model costs ${(buildMs / decideMs).toFixed(2)}x the verdicts alone; ${denied} read-denied)`,
    );
    console.log(
      `risk: sliced build ${slicedMs.toFixed(0)} ms in ${slices} slices, longest synchronous stretch ${longest.toFixed(1)} ms ` +
        `(${(slicedMs / buildMs).toFixed(2)}x the unsliced build)`,
    );
    console.log(
      `risk: policy change recompute ${recomputeMs.toFixed(0)} ms (${(recomputeMs / buildMs).toFixed(2)}x the first build); ` +
        `one file after a provenance change ${updateUs.toFixed(1)} µs; ${critical} critical, root level ${root?.level}`,
    );
    return {
      files: FILES,
      build_ms: buildMs,
      decide_only_ms: decideMs,
      model_vs_decide: buildMs / decideMs,
      sliced_build_ms: slicedMs,
      slices,
      longest_slice_ms: longest,
      policy_recompute_ms: recomputeMs,
      file_update_us: updateUs,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  void runRiskBench();
}
