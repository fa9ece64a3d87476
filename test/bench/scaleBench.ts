// Org-sized policies and real-repository-shaped trees (issue 16): the editor's activation work,
// the hook at 5,000 rules, and `airlock check`'s one walk against `find` on the same tree. Engines
// compared are interleaved in every round (a shared machine swings several-fold run to run); each
// figure is measured in 3 rounds and printed as min and median.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { installLauncher } from '../../src/core/launcher/launcherInstall';
import { loadPolicyCached } from '../../src/core/policy/compiledPolicyCache';
import { loadPolicy } from '../../src/core/policy/loadPolicy';
import { policyReportSteps } from '../../src/core/policy/policyReport';
import { policyNamedPaths } from '../../src/core/policy/policyNamedPaths';
import { walkWorkspace } from '../../src/core/workspace/walkWorkspace';
import { protectedLinks } from '../../src/core/decide/protectedLinks';
import { workspaceRoot } from '../../src/core/paths/canonicalPath';
import { generatePaths, generateRules, policyJson } from './benchCorpus';
import { type Engine, installBaselineLauncher, interleavedRounds } from './benchRounds';
import { buildSandboxSpec } from '../../src/core/sandbox/buildSandboxSpec';
import { bwrapArgs } from '../../src/core/sandbox/bwrapArgs';
import { sandboxAvailability } from '../../src/core/sandbox/sandboxPlatform';
import type { SandboxSpec } from '../../src/core/sandbox/sandboxTypes';
import type { PolicyEngine } from '../../src/core/policy/policyEngine';
import { SandboxWalkCache } from '../../src/core/sandbox/sandboxWalkCache';

const ROUNDS = 3;
const HOOK_RUNS = 9;

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function figure(label: string, rounds: readonly number[], unit = 'ms'): string {
  return `  ${label.padEnd(44)} min ${Math.min(...rounds).toFixed(1).padStart(8)} ${unit}   median ${median(rounds).toFixed(1).padStart(8)} ${unit}`;
}

function write(root: string, rel: string, text = ''): void {
  mkdirSync(dirname(join(root, rel)), { recursive: true });
  writeFileSync(join(root, rel), text);
}

/** A repository as teams have them: source, tests, docs, an ignored node_modules far bigger than the rest. */
export function makeRepoTree(sourceFiles: number, modules: number): string {
  const root = mkdtempSync(join(tmpdir(), 'airlock-bench-repo-'));
  write(root, '.gitignore', 'node_modules/\n.env\ndist/\n*.log\ncoverage/\n');
  write(root, '.env', 'API_KEY=1\n');
  write(root, 'package.json', '{}\n');
  for (const p of generatePaths(sourceFiles, 7)) write(root, p, 'x\n');
  for (let m = 0; m < modules; m++) {
    for (const f of ['package.json', 'README.md', 'index.js', 'lib/a.js', 'lib/b.js', 'lib/util/c.js', 'test/fixture.pem', 'dist/index.min.js']) write(root, `node_modules/pkg-${m}/${f}`, 'x\n');
  }
  for (let i = 0; i < 200; i++) write(root, `dist/chunk-${i}.js`, 'x\n');
  return root;
}

function timed(fn: () => void): number {
  const t = performance.now();
  fn();
  return performance.now() - t;
}

function spawnMs(cmd: string, args: string[], options: { input?: string; env?: NodeJS.ProcessEnv; cwd?: string } = {}): number {
  const t = performance.now();
  const r = spawnSync(cmd, args, { input: options.input, env: options.env ?? process.env, cwd: options.cwd, stdio: ['pipe', 'pipe', 'pipe'], maxBuffer: 1 << 28 });
  if (r.error) throw r.error;
  return performance.now() - t;
}

function policyWorkspace(rules: number): string {
  const root = mkdtempSync(join(tmpdir(), 'airlock-bench-policy-'));
  write(root, '.airlock/policy.json', policyJson(generateRules(rules)));
  return root;
}

/** What activation used to do synchronously, by policy size: now all after activate() returns. */
function activationFigures(out: Record<string, number>): void {
  console.log('\n== Editor activation work by policy size (in process, 3 rounds) ==');
  console.log('  activate() does no policy work itself: the load and the report below run after it returns, the report in slices.');
  for (const n of [50, 500, 5000]) {
    const ws = policyWorkspace(n);
    try {
      const load: number[] = [];
      const cached: number[] = [];
      const report: number[] = [];
      const cacheDir = join(ws, '..', `${ws.split('/').pop() ?? 'ws'}-cache`, 'policy');
      loadPolicyCached(ws, { env: {}, cacheDir, version: 'bench' });
      const slice: number[] = [];
      for (let r = 0; r < ROUNDS; r++) {
        let engine = loadPolicy(ws, { env: {} });
        load.push(timed(() => (engine = loadPolicy(ws, { env: {} }))));
        cached.push(timed(() => loadPolicyCached(ws, { env: {}, cacheDir, version: 'bench' })));
        report.push(
          timed(() => {
            for (const _ of policyReportSteps(engine));
          }),
        );
        // The longest single step: what one slice of the report can hold the editor for.
        let longest = 0;
        const steps = policyReportSteps(engine);
        for (;;) {
          const t = performance.now();
          const s = steps.next();
          longest = Math.max(longest, performance.now() - t);
          if (s.done) break;
        }
        slice.push(longest);
      }
      console.log(`  ${n} rules`);
      console.log(figure('  policy load, uncached (after activate)', load));
      console.log(figure('  policy load, compiled-policy cache hit', cached));
      console.log(figure('  policy report (sliced, after activate)', report));
      console.log(figure('  longest report step', slice));
      out[`activation_load_ms_${n}`] = Number(median(load).toFixed(1));
      out[`activation_cached_load_ms_${n}`] = Number(median(cached).toFixed(1));
      out[`activation_report_ms_${n}`] = Number(median(report).toFixed(1));
      out[`activation_longest_step_ms_${n}`] = Number(median(slice).toFixed(2));
    } finally {
      rmSync(ws, { recursive: true, force: true });
      rmSync(join(ws, '..', `${ws.split('/').pop() ?? 'ws'}-cache`), { recursive: true, force: true });
    }
  }
}

/** Min and median of a series, as printed and recorded. */
function record(out: Record<string, number>, key: string, label: string, rounds: readonly number[]): void {
  console.log(figure(label, rounds));
  out[`${key}_min_ms`] = Number(Math.min(...rounds).toFixed(1));
  out[`${key}_ms`] = Number(median(rounds).toFixed(1));
}

/**
 * The hook at 5,000 rules in a repository-shaped work tree (git, source, an ignored node_modules),
 * every engine interleaved in every round: bare node, the bundle run directly (cache on and off),
 * the per-user launcher teammates run (hash check and V8 code cache), and a shell call the hook
 * rewrites into `airlock exec` (sandbox check and provenance snapshot included).
 */
function hookFigures(out: Record<string, number>): void {
  const dist = join(__dirname, '../../dist');
  const cli = join(dist, 'cli.js');
  const ws = makeRepoTree(2000, 200);
  write(ws, '.airlock/policy.json', policyJson(generateRules(5000)));
  write(ws, 'src/app.ts', 'export const a = 1;\n');
  spawnSync('git', ['init', '-q'], { cwd: ws });
  spawnSync('git', ['add', '-A'], { cwd: ws });
  spawnSync('git', ['-c', 'user.name=bench', '-c', 'user.email=bench@example.com', 'commit', '-qm', 'bench'], { cwd: ws });
  const home = mkdtempSync(join(tmpdir(), 'airlock-bench-home-'));
  try {
    const env = { ...process.env, HOME: home, XDG_CACHE_HOME: join(home, '.cache'), AIRLOCK_BASELINE: '' };
    installLauncher(dist, env);
    const launcher = join(home, '.airlock', 'bin', 'airlock');
    const read = JSON.stringify({ session_id: 's', transcript_path: '/tmp/t.jsonl', cwd: ws, hook_event_name: 'PreToolUse', tool_name: 'Read', tool_input: { file_path: join(ws, 'src/app.ts') }, tool_use_id: 't' });
    const shell = JSON.stringify({ sessionId: 's', timestamp: 1, cwd: ws, toolName: 'bash', toolArgs: { command: 'grep -rn formatAmount src' } });
    const engine = (key: string, label: string, run: () => number): Engine => ({ key, label, run });
    // The command the client then runs: `airlock exec` of the search (sandbox spec, bwrap, and the
    // `git status` the hook leaves to it for the provenance snapshot).
    const rewrittenBy = (entry: string, runEnv: NodeJS.ProcessEnv): string => {
      const answer = spawnSync(entry, ['hook', '--client', 'copilot-cli'], { input: shell, env: runEnv, encoding: 'utf8' });
      return String((JSON.parse(answer.stdout) as { modifiedArgs?: { command?: string } }).modifiedArgs?.command ?? 'false');
    };
    const execLine = rewrittenBy(launcher, env);
    const engines: Engine[] = [
      engine('bare', 'node -e 0', () => spawnMs(process.execPath, ['-e', '0'], { env })),
      engine('direct', 'node dist/cli.js hook, Read (policy cache)', () => spawnMs(process.execPath, [cli, 'hook'], { input: read, env })),
      engine('uncached', 'node dist/cli.js hook, Read, cache off', () => spawnMs(process.execPath, [cli, 'hook'], { input: read, env: { ...env, AIRLOCK_NO_POLICY_CACHE: '1' } })),
      engine('launcher', '~/.airlock/bin/airlock hook, Read', () => spawnMs(launcher, ['hook'], { input: read, env })),
      engine('rewrite', '~/.airlock/bin/airlock hook, shell → airlock exec', () => spawnMs(launcher, ['hook', '--client', 'copilot-cli'], { input: shell, env })),
      engine('exec', 'then the rewritten command (airlock exec … grep)', () => spawnMs('/bin/bash', ['-c', execLine], { env, cwd: ws })),
    ];
    // Before/after: AIRLOCK_BENCH_BASELINE_DIST names another build's dist/ to interleave with this one.
    const baseDist = process.env.AIRLOCK_BENCH_BASELINE_DIST;
    if (baseDist) {
      const baseEnv = { ...env, HOME: join(home, 'baseline'), XDG_CACHE_HOME: join(home, 'baseline', '.cache') };
      mkdirSync(baseEnv.HOME);
      installBaselineLauncher(baseDist, baseEnv);
      const baseLauncher = join(baseEnv.HOME, '.airlock', 'bin', 'airlock');
      engines.push(
        engine('base_direct', 'baseline build: node dist/cli.js hook, Read', () => spawnMs(process.execPath, [join(baseDist, 'cli.js'), 'hook'], { input: read, env: baseEnv })),
        engine('base_launcher', 'baseline build: launcher hook, Read', () => spawnMs(baseLauncher, ['hook'], { input: read, env: baseEnv })),
        engine('base_rewrite', 'baseline build: launcher hook, shell rewrite', () => spawnMs(baseLauncher, ['hook', '--client', 'copilot-cli'], { input: shell, env: baseEnv })),
      );
      const baseExecLine = rewrittenBy(baseLauncher, baseEnv);
      engines.push(engine('base_exec', 'baseline build: the rewritten command', () => spawnMs('/bin/bash', ['-c', baseExecLine], { env: baseEnv, cwd: ws })));
    }
    const rounds = interleavedRounds(engines, HOOK_RUNS, ROUNDS);
    const at = (key: string): number[] => rounds.get(key) ?? [];
    console.log(`\n== Hook at 5,000 rules, repository-shaped tree (p50 of ${HOOK_RUNS} per round, engines interleaved, ${ROUNDS} rounds) ==`);
    for (const { key, label } of engines) record(out, `hook5000_${key}`, label, at(key));
    const bare = at('bare');
    for (const { key, label } of engines.slice(1)) {
      const ratios = at(key).map((x, i) => x / bare[i]);
      const target = key === 'uncached' || key.endsWith('exec') ? '' : ' (target ≤ 1.5×)';
      console.log(`  ${label.padEnd(50)} / node -e 0 per round: ${ratios.map((x) => `${x.toFixed(2)}×`).join(', ')}${target}`);
      out[`hook5000_${key}_vs_node`] = Number(median(ratios).toFixed(3));
      out[`hook5000_${key}_vs_node_min`] = Number(Math.min(...ratios).toFixed(3));
    }
    maskFigures(ws, out);
  } finally {
    rmSync(ws, { recursive: true, force: true });
    rmSync(home, { recursive: true, force: true });
  }
}

/**
 * Where `airlock exec`'s start-up goes on the same tree: the spec's walk (a fresh walk against one
 * remembered by folder identity, in process) and bubblewrap itself by the number of masks it
 * mounts (each mount makes bubblewrap re-read the mount table, so the cost grows faster than the
 * count).
 */
function maskFigures(ws: string, out: Record<string, number>): void {
  const cacheDir = mkdtempSync(join(tmpdir(), 'airlock-bench-walk-'));
  try {
    // As `airlock exec` has it: the policy from the compiled-policy cache (with its classify store),
    // the walk pack beside it. The secret checks are left out (they run per file either way).
    const engine = (): PolicyEngine => loadPolicyCached(ws, { env: {}, cacheDir: join(cacheDir, 'policy'), version: 'bench' });
    const spec = (cache: boolean): SandboxSpec => {
      const e = engine();
      const place = cache ? e.sidePack('walk') : null;
      const walkCache = place ? new SandboxWalkCache(place, BigInt(Date.now() + 60_000) * 1_000_000n) : undefined;
      const s = buildSandboxSpec({ engine: e, workspace: workspaceRoot(ws), home: null, walkCache });
      walkCache?.flush();
      e.flushClassifyStore();
      return s;
    };
    const full = spec(true);
    const walkRounds = interleavedRounds([
      { key: 'fresh', label: 'sandbox spec, fresh walk (in process)', run: () => timed(() => spec(false)) },
      { key: 'remembered', label: 'sandbox spec, walk remembered by folder identity', run: () => timed(() => spec(true)) },
    ], 5, ROUNDS);
    console.log(`\n== airlock exec start-up on this tree (${full.masks.length} masks; p50 of 5 per round, ${ROUNDS} rounds) ==`);
    for (const key of ['fresh', 'remembered']) record(out, `exec_spec_${key}`, key === 'fresh' ? 'sandbox spec, fresh walk (in process)' : 'sandbox spec, walk remembered (in process)', walkRounds.get(key) ?? []);
    if (!sandboxAvailability(process.env).ok) {
      console.log('  bubblewrap not available: no mount figures');
      return;
    }
    const counts = [0, 100, 200, full.masks.length].filter((n, i, all) => n <= full.masks.length && all.indexOf(n) === i);
    const bw = interleavedRounds(counts.map((n) => ({
      key: String(n),
      label: `bwrap … true with ${n} masks`,
      run: () => spawnMs('bwrap', [...bwrapArgs({ ...full, masks: full.masks.slice(0, n) }, { cwd: ws }), '--', '/bin/true']),
    })), 5, ROUNDS);
    for (const n of counts) record(out, `exec_bwrap_masks_${n}`, `bwrap … true with ${n} masks`, bw.get(String(n)) ?? []);
  } finally {
    rmSync(cacheDir, { recursive: true, force: true });
  }
}

function walkFigures(out: Record<string, number>): void {
  const root = makeRepoTree(6000, 1500);
  try {
    write(root, '.airlock/policy.json', policyJson(generateRules(50)));
    spawnSync('git', ['init', '-q'], { cwd: root });
    const engine = loadPolicy(root, { env: {} });
    const find: number[] = [];
    const git: number[] = [];
    const walk: number[] = [];
    let walked = 0;
    for (let r = 0; r < ROUNDS; r++) {
      find.push(spawnMs('find', [root, '-type', 'f']));
      git.push(spawnMs('git', ['ls-files', '--others', '--cached', '--exclude-standard'], { cwd: root }));
      walk.push(
        timed(() => {
          walked = 0;
          for (const e of walkWorkspace(root, { keepIgnored: policyNamedPaths(engine) })) if (!e.isDir) walked++;
        }),
      );
    }
    const total = Number(spawnSync('find', [root, '-type', 'f'], { encoding: 'utf8', maxBuffer: 1 << 28 }).stdout.split('\n').length - 1);
    console.log(`\n== One walk on a repository-shaped tree (${total} files, ${walked} not ignored or named by the policy; 3 rounds, interleaved) ==`);
    console.log(figure('find -type f (every file)', find));
    console.log(figure('git ls-files --exclude-standard', git));
    console.log(figure("airlock's walk (gitignore, policy-named kept)", walk));
    console.log(`  walk / find per round: ${walk.map((w, i) => `${(w / find[i]).toFixed(2)}×`).join(', ')} (target ≤ 1.5×)`);
    out.walk_find_ms = Number(median(find).toFixed(1));
    out.walk_git_ms = Number(median(git).toFixed(1));
    out.walk_airlock_ms = Number(median(walk).toFixed(1));
    out.walk_vs_find = Number(median(walk.map((w, i) => w / find[i])).toFixed(3));
    out.walk_files_total = total;
    out.walk_files_walked = walked;
    // The hook's index of protected files with other hard links (once per hook process that judges a scope).
    const ws = workspaceRoot(root);
    const links: number[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      const fresh = loadPolicy(root, { env: {} });
      links.push(timed(() => protectedLinks(fresh, ws)));
    }
    console.log(figure('hook: index of hard-linked protected files (built once a scope meets a hard link)', links));
    out.hardlink_index_ms = Number(median(links).toFixed(1));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

export async function runScaleBench(): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  activationFigures(out);
  walkFigures(out);
  hookFigures(out);
  // The cached load in process, for comparison with the spawned hook.
  const ws = policyWorkspace(5000);
  const cacheDir = join(mkdtempSync(join(tmpdir(), 'airlock-bench-cache-')), 'policy');
  try {
    loadPolicyCached(ws, { env: {}, cacheDir, version: 'bench' });
    const hit: number[] = [];
    for (let r = 0; r < ROUNDS; r++) hit.push(timed(() => loadPolicyCached(ws, { env: {}, cacheDir, version: 'bench' })));
    console.log(figure('\n  5,000-rule policy from the cache, in process', hit));
    out.policy5000_cache_hit_ms = Number(median(hit).toFixed(1));
  } finally {
    rmSync(ws, { recursive: true, force: true });
    rmSync(dirname(cacheDir), { recursive: true, force: true });
  }
  return out;
}

if (require.main === module) {
  // `tsx test/bench/scaleBench.ts hook`: the hook figures alone.
  if (process.argv[2] === 'hook') {
    const out: Record<string, number> = {};
    hookFigures(out);
    console.log(JSON.stringify(out));
  } else void runScaleBench().then((r) => console.log(JSON.stringify(r)));
}
