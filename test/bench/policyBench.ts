// Policy matching speed: Airlock's compiled policy against the alternatives, measured in the same
// run on the same 100,000 paths (a benchmark, never a test: it prints, it does not fail CI).
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ignore from 'ignore';
import { Minimatch } from 'minimatch';
import { PolicyLayer } from '../../src/core/policy/policyLayer';
import { validatePolicyText } from '../../src/core/policy/validatePolicy';
import type { PolicyDocument } from '../../src/core/policy/policyTypes';
import { generatePaths, generateRules, policyJson, type BenchRule } from './benchCorpus';

const PATHS = 100_000;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** The same meaning in minimatch's language: gitignore anchoring and directory coverage spelled out. */
function toMinimatch(pattern: string): Minimatch[] {
  let p = pattern;
  const dirOnly = p.endsWith('/');
  if (dirOnly) p = p.slice(0, -1);
  const anchored = p.includes('/');
  if (p.startsWith('/')) p = p.slice(1);
  const base = anchored ? p : `**/${p}`;
  const forms = dirOnly ? [`${base}/**`] : [base, `${base}/**`];
  return forms.map((f) => new Minimatch(f, { dot: true }));
}

function docFor(rules: readonly BenchRule[]): { doc: PolicyDocument; parseMs: number } {
  const t = performance.now();
  const v = validatePolicyText('/bench/.airlock/policy.json', policyJson(rules), new Date());
  const parseMs = performance.now() - t;
  if (!v.document) throw new Error(`bench policy invalid: ${v.problems.map((p) => p.message).join('; ')}`);
  const { extendsRaw: _unused, ...doc } = v.document;
  return { doc, parseMs };
}

function timeIt(fn: () => void): number {
  const t = performance.now();
  fn();
  return performance.now() - t;
}

export interface MatchFigures {
  airlockPps: number;
  minimatchPps: number;
  ignorePps: number;
  gitPps: number;
  compileMs: number;
  parseMs: number;
  mismatches: number;
}

function benchRules(count: number, paths: readonly string[]): MatchFigures {
  const rules = generateRules(count);
  const { doc, parseMs } = docFor(rules);
  const now = new Date();
  const compileRuns: number[] = [];
  let layer = new PolicyLayer(doc, now);
  for (let i = 0; i < 21; i++) compileRuns.push(timeIt(() => (layer = new PolicyLayer(doc, now))));
  const compileMs = median(compileRuns);

  // Airlock: warm once, then measure.
  const ours: string[] = new Array(paths.length);
  for (let i = 0; i < 2000; i++) layer.classify(paths[i], false);
  const airlockMs = timeIt(() => {
    for (let i = 0; i < paths.length; i++) ours[i] = layer.classify(paths[i], false)[0].dataClass.name;
  });

  // The minimatch loop: one matcher per pattern, scanning from the last rule, first hit wins.
  const compiled = rules.map((r) => ({ cls: r.class, res: r.paths.flatMap(toMinimatch) }));
  const theirs: string[] = new Array(paths.length);
  const loop = (p: string): string => {
    for (let r = compiled.length - 1; r >= 0; r--) {
      for (const m of compiled[r].res) if (m.match(p)) return compiled[r].cls;
    }
    return doc.defaultClass;
  };
  for (let i = 0; i < 500; i++) loop(paths[i]);
  const minimatchMs = timeIt(() => {
    for (let i = 0; i < paths.length; i++) theirs[i] = loop(paths[i]);
  });
  let mismatches = 0;
  for (let i = 0; i < paths.length; i++) if (ours[i] !== theirs[i]) mismatches++;

  // The `ignore` package: one manager holding every pattern (it answers "ignored?", the same walk).
  const ig = ignore().add(rules.flatMap((r) => r.paths));
  const ignoreMs = timeIt(() => {
    for (let i = 0; i < paths.length; i++) ig.ignores(paths[i]);
  });

  // git check-ignore: one process for all paths.
  const dir = mkdtempSync(join(tmpdir(), 'airlock-bench-git-'));
  let gitMs = NaN;
  try {
    spawnSync('git', ['init', '-q', dir]);
    writeFileSync(join(dir, '.gitignore'), rules.flatMap((r) => r.paths).join('\n') + '\n');
    gitMs = timeIt(() => {
      const run = spawnSync('git', ['check-ignore', '--no-index', '-v', '-n', '--stdin'], { cwd: dir, input: paths.join('\n') + '\n', maxBuffer: 1 << 28 });
      if (run.status !== 0 && run.status !== 1) throw new Error(`git check-ignore failed: ${run.stderr}`);
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const pps = (ms: number): number => Math.round(paths.length / (ms / 1000));
  return { airlockPps: pps(airlockMs), minimatchPps: pps(minimatchMs), ignorePps: pps(ignoreMs), gitPps: pps(gitMs), compileMs, parseMs, mismatches };
}

function checkTreeSeconds(paths: readonly string[]): number {
  const root = mkdtempSync(join(tmpdir(), 'airlock-bench-tree-'));
  try {
    const dirs = new Set<string>();
    for (const p of paths) {
      const d = p.slice(0, p.lastIndexOf('/'));
      if (!dirs.has(d)) {
        mkdirSync(join(root, d), { recursive: true });
        dirs.add(d);
      }
      try {
        writeFileSync(join(root, p), '');
      } catch {
        // A generated path may clash with a generated directory name; skip it.
      }
    }
    mkdirSync(join(root, '.airlock'));
    writeFileSync(join(root, '.airlock/policy.json'), policyJson(generateRules(50)));
    const cli = join(__dirname, '../../dist/cli.js');
    const t = performance.now();
    const run = spawnSync(process.execPath, [cli, 'check', '--json', '--root', root], { maxBuffer: 1 << 28 });
    const ms = performance.now() - t;
    if (run.status !== 0 && run.status !== 1) throw new Error(`airlock check failed (${run.status}): ${run.stderr}`);
    return ms / 1000;
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

export async function runPolicyBench(): Promise<Record<string, number>> {
  const paths = generatePaths(PATHS);
  console.log(`\n== Policy matching: ${PATHS.toLocaleString()} paths ==`);
  const out: Record<string, number> = {};
  for (const count of [50, 500]) {
    const f = benchRules(count, paths);
    const vsMinimatch = f.airlockPps / f.minimatchPps;
    console.log(`${count} rules: compile ${f.compileMs.toFixed(2)} ms (+ parse/validate ${f.parseMs.toFixed(1)} ms)`);
    console.log(`  airlock compiled policy  ${f.airlockPps.toLocaleString().padStart(12)} paths/s`);
    console.log(`  minimatch loop           ${f.minimatchPps.toLocaleString().padStart(12)} paths/s   airlock ${vsMinimatch.toFixed(1)}× (target ≥${count === 50 ? 5 : 10}×)`);
    console.log(`  ignore package           ${f.ignorePps.toLocaleString().padStart(12)} paths/s   airlock ${(f.airlockPps / f.ignorePps).toFixed(1)}×`);
    console.log(`  git check-ignore --stdin ${f.gitPps.toLocaleString().padStart(12)} paths/s   airlock ${(f.airlockPps / f.gitPps).toFixed(1)}×`);
    console.log(`  verdicts differing from the minimatch loop: ${f.mismatches}`);
    Object.assign(out, {
      [`match${count}_airlock_pps`]: f.airlockPps,
      [`match${count}_minimatch_pps`]: f.minimatchPps,
      [`match${count}_ignore_pps`]: f.ignorePps,
      [`match${count}_git_pps`]: f.gitPps,
      [`match${count}_vs_minimatch`]: Number(vsMinimatch.toFixed(2)),
      [`match${count}_compile_ms`]: Number(f.compileMs.toFixed(3)),
      [`match${count}_mismatches`]: f.mismatches,
    });
  }
  const checkSeconds = checkTreeSeconds(paths);
  console.log(`airlock check over a ${PATHS.toLocaleString()}-file tree on disk: ${checkSeconds.toFixed(2)} s`);
  out.check100k_seconds = Number(checkSeconds.toFixed(3));
  return out;
}

if (require.main === module) {
  runPolicyBench().then((r) => console.log(JSON.stringify(r)));
}
