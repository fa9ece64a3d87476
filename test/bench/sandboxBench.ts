// Masked execution in numbers: how many ordinary operations go ahead (benign corpus), how many
// adversarial forms leak (must be 0), what the hook answer costs with the sandbox check, and what
// `airlock exec` adds to a command's start-up. Timings are medians of interleaved runs.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { installLauncher } from '../../src/core/launcher/launcherInstall';
import type { ClientId } from '../../src/core/words/clientTypes';
import { BENIGN_CORPUS, hookAll, hookOnly, NEEDS_SANDBOX, SHELL_TOOLS } from '../helpers/benignCorpus';
import { buildCli, CLI, runCli } from '../helpers/builtCli';
import { outcome, rewrittenCommand } from '../helpers/hookAnswers';
import { hookPayload } from '../helpers/hookPayloads';
import { leakedCanaries, sandboxTemplate } from '../helpers/sandboxWorkspace';

const RUNS = 31;
const ENV = { ...process.env, AIRLOCK_BASELINE: '' };

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((s.length - 1) * p))];
}

function timed(file: string, args: string[], cwd: string, input = '', env: NodeJS.ProcessEnv = ENV): number {
  const t = performance.now();
  spawnSync(file, args, { cwd, input, env, stdio: ['pipe', 'ignore', 'ignore'] });
  return performance.now() - t;
}

function rate(results: ReturnType<typeof hookAll>): { proceeded: number; total: number } {
  return { proceeded: results.filter((r) => outcome(r.client, r) === 'proceed').length, total: results.length };
}

export async function runSandboxBench(): Promise<Record<string, number>> {
  buildCli();
  const template = sandboxTemplate();
  try {
    const figures: Record<string, number> = {};
    console.log('\n== Masked execution ==');

    // AIRLOCK_BENCH_TIMING_ONLY=1: only the timings below (the corpora take minutes).
    if (!process.env.AIRLOCK_BENCH_TIMING_ONLY) corpusRates(template, figures);
    timings(template, figures);
    return figures;
  } finally {
    template.dispose();
  }
}

function corpusRates(template: ReturnType<typeof sandboxTemplate>, figures: Record<string, number>): void {
  // Benign operations.
  const inside = rate(hookAll(template.fresh(), true));
  const outsideAll = hookAll(template.fresh(), false);
  const outside = rate(outsideAll);
  // Inline code goes ahead only where a sandbox confines it: the hook-alone rate leaves it out.
  const alone = rate(hookAll(hookOnly(template.fresh()), false).filter((r) => !NEEDS_SANDBOX.has(r.id)));
  const byId = new Map(BENIGN_CORPUS.operations.map((o) => [o.id, o]));
  const shellOnly = rate(outsideAll.filter((r) => SHELL_TOOLS.has(byId.get(r.id)?.tool ?? '') && r.client !== 'claude-code'));
  console.log(`  benign ops proceeding, agent inside airlock run     ${inside.proceeded}/${inside.total} (${((100 * inside.proceeded) / inside.total).toFixed(1)}%, target ≥97%)`);
  console.log(`  benign ops proceeding, hook + shell rewrite        ${outside.proceeded}/${outside.total} (${((100 * outside.proceeded) / outside.total).toFixed(1)}%)`);
  console.log(`  benign ops proceeding, hook alone (no rewrite)     ${alone.proceeded}/${alone.total} (${((100 * alone.proceeded) / alone.total).toFixed(1)}%, target ≥97%; searches checked by pattern; the ${NEEDS_SANDBOX.size} inline-code ops left out)`);
  console.log(`  benign shell ops proceeding, hook + rewrite        ${shellOnly.proceeded}/${shellOnly.total}`);
  Object.assign(figures, {
    benign_total: inside.total,
    benign_proceed_run: inside.proceeded,
    benign_rate_run: Number((inside.proceeded / inside.total).toFixed(4)),
    benign_proceed_rewrite: outside.proceeded,
    benign_rate_rewrite: Number((outside.proceeded / outside.total).toFixed(4)),
    benign_proceed_hook_only: alone.proceeded,
    benign_rate_hook_only: Number((alone.proceeded / alone.total).toFixed(4)),
  });

  // Adversarial leaks: real airlock exec, and the hook's rewrite as the client runs it.
  const adversarial = (JSON.parse(readFileSync(path.join(__dirname, '../fixtures/sandbox-corpus/adversarial.json'), 'utf8')) as { operations: { command: string }[] }).operations;
  const clients: ClientId[] = ['copilot-cli', 'codex', 'opencode', 'vscode'];
  const tools: Record<string, string> = { 'copilot-cli': 'bash', codex: 'Bash', opencode: 'bash', vscode: 'run_in_terminal' };
  let execLeaks = 0;
  let hookLeaks = 0;
  let aloneLeaks = 0;
  let blocked = 0;
  adversarial.forEach((op, i) => {
    const ws = template.fresh();
    const r = runCli(['exec', '--', '/bin/bash', '-c', op.command], { cwd: ws, timeout: 30_000 });
    if (leakedCanaries(`${r.stdout}${r.stderr}`).length) execLeaks++;
    const client = clients[i % clients.length];
    const ws2 = template.fresh();
    const h = runCli(['hook', '--client', client], { cwd: ws2, input: JSON.stringify(hookPayload({ client, tool: tools[client], input: { command: op.command } }, ws2, i)) });
    const v = rewrittenCommand(client, h);
    if (v.kind === 'blocked') blocked++;
    const ran = v.kind === 'rewrite' ? spawnSync('/bin/bash', ['-c', v.command], { cwd: ws2, encoding: 'utf8', timeout: 30_000 }) : v.kind === 'allow' ? spawnSync('/bin/bash', ['-c', op.command], { cwd: ws2, encoding: 'utf8', timeout: 30_000 }) : null;
    if (leakedCanaries(`${h.stdout}${h.stderr}${ran?.stdout ?? ''}${ran?.stderr ?? ''}`).length) hookLeaks++;
    // The hook alone (no rewrite; Claude Code's Bash without its sandbox): what it allows runs as written.
    const ws3 = hookOnly(template.fresh());
    const a = runCli(['hook', '--client', 'claude-code'], { cwd: ws3, input: JSON.stringify(hookPayload({ client: 'claude-code', tool: 'Bash', input: { command: op.command } }, ws3, i)) });
    const av = rewrittenCommand('claude-code', a);
    const aran = av.kind === 'allow' ? spawnSync('/bin/bash', ['-c', op.command], { cwd: ws3, encoding: 'utf8', timeout: 30_000 }) : null;
    if (av.kind === 'rewrite' || leakedCanaries(`${a.stdout}${a.stderr}${aran?.stdout ?? ''}${aran?.stderr ?? ''}`).length) aloneLeaks++;
  });
  console.log(`  adversarial forms leaking, airlock exec            ${execLeaks}/${adversarial.length}`);
  console.log(`  adversarial forms leaking, hook + rewrite          ${hookLeaks}/${adversarial.length} (${blocked} refused by the parser first)`);
  console.log(`  adversarial forms leaking, hook alone (Claude Bash) ${aloneLeaks}/${adversarial.length}`);
  Object.assign(figures, { adversarial_total: adversarial.length, adversarial_leaks_exec: execLeaks, adversarial_leaks_hook: hookLeaks, adversarial_leaks_hook_alone: aloneLeaks, adversarial_refused_by_parser: blocked });
}

function timings(template: ReturnType<typeof sandboxTemplate>, figures: Record<string, number>): void {

  // Hook answer time, including the sandbox check, against bare node; exec start-up vs bash.
  const ws = template.fresh();
  const grep = JSON.stringify(hookPayload({ client: 'claude-code', tool: 'Grep', input: { pattern: 'x', path: ws } }, ws));
  const read = JSON.stringify(hookPayload({ client: 'claude-code', tool: 'Read', input: { file_path: path.join(ws, 'src/app.ts') } }, ws));
  const shell = JSON.stringify(hookPayload({ client: 'copilot-cli', tool: 'bash', input: { command: 'grep -rn formatAmount .' } }, ws));
  const series: Record<string, number[]> = { node: [], read: [], shellRewrite: [], grepInsideRun: [], nodeInsideRun: [], bash: [], bwrap: [], exec: [], execLauncher: [] };
  // What the generated hooks run by default: the per-user launcher (hash check, V8 code cache of exec.js).
  const launcherHome = mkdtempSync(path.join(tmpdir(), 'airlock-bench-home-'));
  const launcherEnv = { ...ENV, HOME: launcherHome, XDG_CACHE_HOME: path.join(launcherHome, '.cache') };
  installLauncher(path.dirname(CLI), launcherEnv);
  const launcher = path.join(launcherHome, '.airlock', 'bin', 'airlock');
  // Before/after in the same rounds: AIRLOCK_BENCH_BASELINE_DIST names another build's dist/.
  const baseDist = process.env.AIRLOCK_BENCH_BASELINE_DIST;
  const baseCli = baseDist ? path.join(baseDist, 'cli.js') : null;
  if (baseCli) Object.assign(series, { baseRead: [], baseShellRewrite: [], baseGrepInsideRun: [], baseExec: [] });
  const bwrapArgs = ['--die-with-parent', '--cap-drop', 'ALL', '--bind', '/', '/', '--dev', '/dev', '--unshare-pid', '--proc', '/proc', '--', '/bin/bash', '-c', 'true'];
  runCli(['run', '--', '/bin/true'], { cwd: ws }); // warm the code cache
  for (let i = 0; i < RUNS; i++) {
    series.node.push(timed(process.execPath, ['-e', '0'], ws));
    series.read.push(timed(process.execPath, [CLI, 'hook'], ws, read));
    series.shellRewrite.push(timed(process.execPath, [CLI, 'hook', '--client', 'copilot-cli'], ws, shell));
    if (baseCli) {
      series.baseRead.push(timed(process.execPath, [baseCli, 'hook'], ws, read));
      series.baseShellRewrite.push(timed(process.execPath, [baseCli, 'hook', '--client', 'copilot-cli'], ws, shell));
    }
    series.bash.push(timed('/bin/bash', ['-c', 'true'], ws));
    series.bwrap.push(timed('/usr/bin/bwrap', bwrapArgs, ws));
    series.exec.push(timed(process.execPath, [CLI, 'exec', '--', '/bin/bash', '-c', 'true'], ws));
    series.execLauncher.push(timed(process.execPath, [launcher, 'exec', '--', '/bin/bash', '-c', 'true'], ws, '', launcherEnv));
    if (baseCli) series.baseExec.push(timed(process.execPath, [baseCli, 'exec', '--', '/bin/bash', '-c', 'true'], ws));
  }
  rmSync(launcherHome, { recursive: true, force: true });
  // A bigger work tree (3,000 more folders): the sandbox's walk and the end-of-command check
  // (new repositories, new protected names) grow with the number of folders.
  const big = template.fresh();
  for (let i = 0; i < 60; i++) for (let j = 0; j < 50; j++) mkdirSync(path.join(big, `tree/d${i}/e${j}`), { recursive: true });
  series.execBigTree = [];
  if (baseCli) series.baseExecBigTree = [];
  for (let i = 0; i < RUNS; i++) {
    series.execBigTree.push(timed(process.execPath, [CLI, 'exec', '--', '/bin/bash', '-c', 'true'], big));
    if (baseCli) series.baseExecBigTree.push(timed(process.execPath, [baseCli, 'exec', '--', '/bin/bash', '-c', 'true'], big));
  }
  // The verified-sandbox path: hooks run by an agent inside `airlock run` (one sandbox, many
  // hooks), interleaved there with bare node and, when given, the baseline build.
  const clis = [CLI, ...(baseCli ? [baseCli] : [])];
  const script = `const {spawnSync}=require('node:child_process');const t=(a,i)=>{const s=performance.now();spawnSync(process.execPath,a,i===undefined?{}:{input:i});return performance.now()-s;};const out={node:[],hooks:${JSON.stringify(clis.map(() => []))}};for(let i=0;i<${RUNS};i++){out.node.push(t(['-e','0']));${JSON.stringify(clis)}.forEach((c,k)=>out.hooks[k].push(t([c,'hook'],${JSON.stringify(grep)})));}process.stdout.write(JSON.stringify(out));`;
  const inner = runCli(['run', '--', process.execPath, '-e', script], { cwd: ws, env: ENV, timeout: 300_000 });
  const inRun = JSON.parse(inner.stdout || '{"node":[],"hooks":[]}') as { node: number[]; hooks: number[][] };
  series.nodeInsideRun = inRun.node;
  series.grepInsideRun = inRun.hooks[0] ?? [];
  if (baseCli) series.baseGrepInsideRun = inRun.hooks[1] ?? [];
  const show = (label: string, xs: number[], base?: number[]): void => {
    const ratio = base ? `   ${(pct(xs, 0.5) / pct(base, 0.5)).toFixed(2)}× p50` : '';
    console.log(`  ${label.padEnd(50)} p50 ${pct(xs, 0.5).toFixed(1)} ms  p99 ${pct(xs, 0.99).toFixed(1)} ms${ratio}`);
  };
  show('node -e 0', series.node);
  show('airlock hook, Read (allowed)', series.read, series.node);
  show('airlock hook, shell rewrite (copilot-cli)', series.shellRewrite, series.node);
  show('node -e 0 inside airlock run', series.nodeInsideRun);
  show('airlock hook inside airlock run, repo Grep (verified)', series.grepInsideRun, series.nodeInsideRun);
  if (baseCli) {
    show('baseline build: Read', series.baseRead, series.node);
    show('baseline build: shell rewrite', series.baseShellRewrite, series.node);
    show('baseline build: repo Grep inside airlock run', series.baseGrepInsideRun, series.nodeInsideRun);
  }
  show('bash -c true', series.bash);
  show('bwrap … bash -c true', series.bwrap, series.bash);
  show('airlock exec -- bash -c true (dist/cli.js)', series.exec, series.bash);
  show('airlock exec -- bash -c true (launcher)', series.execLauncher, series.bash);
  if (baseCli) show('baseline build: airlock exec -- bash -c true', series.baseExec, series.bash);
  show('airlock exec, work tree of 3,000 more folders', series.execBigTree, series.bash);
  if (baseCli) show('baseline build: the same', series.baseExecBigTree, series.bash);
  for (const [k, xs] of Object.entries(series)) {
    if (xs.length === 0) continue;
    figures[`${k}_p50_ms`] = Number(pct(xs, 0.5).toFixed(2));
    figures[`${k}_p99_ms`] = Number(pct(xs, 0.99).toFixed(2));
  }
  figures.hook_read_vs_node = Number((pct(series.read, 0.5) / pct(series.node, 0.5)).toFixed(3));
  figures.hook_shell_rewrite_vs_node = Number((pct(series.shellRewrite, 0.5) / pct(series.node, 0.5)).toFixed(3));
  figures.hook_grep_inside_run_vs_node = Number((pct(series.grepInsideRun, 0.5) / pct(series.nodeInsideRun, 0.5)).toFixed(3));
  figures.exec_overhead_ms = Number((pct(series.exec, 0.5) - pct(series.bash, 0.5)).toFixed(2));
  figures.exec_launcher_overhead_ms = Number((pct(series.execLauncher, 0.5) - pct(series.bash, 0.5)).toFixed(2));
}

if (require.main === module) {
  runSandboxBench().then((r) => console.log(JSON.stringify(r)));
}
