// The hook as teammates run it: through the per-user launcher (hash check included) that `sync`
// now defaults to, against bare `node -e 0`, with the npx path (a repository devDependency) beside
// it. Interleaved in each of 3 rounds, so machine load hits every engine alike.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { installLauncher } from '../../src/core/launcher/launcherInstall';
import { type Engine, figureLine, installBaselineLauncher, interleavedRounds, median, ratios } from './benchRounds';

const RUNS_PER_ROUND = 11;
const NPX_RUNS = 7;

function time(cmd: string, args: string[], opts: { input?: string; cwd?: string; env?: NodeJS.ProcessEnv }): number {
  const t = performance.now();
  const r = spawnSync(cmd, args, { input: opts.input, cwd: opts.cwd, env: opts.env, stdio: ['pipe', 'pipe', 'pipe'] });
  const ms = performance.now() - t;
  if (r.error) throw r.error;
  return ms;
}

export async function runLauncherBench(): Promise<Record<string, number>> {
  const repo = join(__dirname, '../..');
  const base = mkdtempSync(join(tmpdir(), 'airlock-bench-launcher-'));
  try {
    const home = join(base, 'home');
    mkdirSync(home);
    const env = { ...process.env, HOME: home, AIRLOCK_BASELINE: '' };
    installLauncher(join(repo, 'dist'), env);
    const ws = join(base, 'ws');
    cpSync(join(repo, 'example'), ws, { recursive: true });
    // The npx path: the packed CLI as a devDependency of the repository.
    const tarball = execFileSync(process.execPath, [join(repo, 'scripts/packCli.mjs'), '--out', join(base, 'pack')], { encoding: 'utf8' }).trim();
    writeFileSync(join(ws, 'package.json'), '{ "name": "bench-ws", "private": true }\n');
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--offline', '--save-dev', tarball], { cwd: ws, env, stdio: 'ignore' });
    const event = JSON.stringify({ session_id: 's', transcript_path: join(base, 't.jsonl'), cwd: ws, permission_mode: 'default', hook_event_name: 'PreToolUse', tool_name: 'Read', tool_input: { file_path: join(ws, 'src/app.ts') }, tool_use_id: 'toolu_1' });
    const launcher = join(home, '.airlock', 'bin', 'airlock');
    const engines: Engine[] = [
      { key: 'bare', label: 'node -e 0', run: () => time(process.execPath, ['-e', '0'], { env }) },
      { key: 'launcher', label: '~/.airlock/bin/airlock hook (default)', run: () => time(launcher, ['hook', '--client', 'claude-code'], { input: event, cwd: ws, env }) },
      { key: 'direct', label: 'node dist/cli.js hook (build-time code cache, no hash check)', run: () => time(process.execPath, [join(repo, 'dist/cli.js'), 'hook', '--client', 'claude-code'], { input: event, cwd: ws, env }) },
    ];
    // Before/after: AIRLOCK_BENCH_BASELINE_DIST names another build's dist/ to interleave with this one.
    const baseDist = process.env.AIRLOCK_BENCH_BASELINE_DIST;
    if (baseDist) {
      const baseEnv = { ...env, HOME: join(base, 'base-home') };
      mkdirSync(baseEnv.HOME);
      installBaselineLauncher(baseDist, baseEnv);
      const baseLauncher = join(baseEnv.HOME, '.airlock', 'bin', 'airlock');
      engines.push({ key: 'base_launcher', label: 'baseline build: launcher hook', run: () => time(baseLauncher, ['hook', '--client', 'claude-code'], { input: event, cwd: ws, env: baseEnv }) });
    }
    const rounds = interleavedRounds(engines, RUNS_PER_ROUND);
    // npx costs ~10× a hook: a few runs, interleaved with bare node, are enough to show the gap.
    const npx: number[] = [];
    const npxBare: number[] = [];
    for (let i = 0; i < NPX_RUNS; i++) {
      npxBare.push(time(process.execPath, ['-e', '0'], { env }));
      npx.push(time('npx', ['--no-install', '--loglevel=silent', 'airlock', 'hook', '--client', 'claude-code'], { input: event, cwd: ws, env }));
    }
    const at = (k: string): number[] => rounds.get(k) ?? [];
    console.log(`\n== Hook through the launcher (p50 of ${RUNS_PER_ROUND} per round, interleaved, ${at('bare').length} rounds) ==`);
    for (const e of engines) console.log(figureLine(e.label, at(e.key)));
    const l = ratios(at('launcher'), at('bare'));
    const d = ratios(at('direct'), at('bare'));
    console.log(`  launcher / node -e 0 per round: ${l.map((x) => `${x.toFixed(2)}×`).join(', ')} (target ≤1.5×); direct: ${d.map((x) => `${x.toFixed(2)}×`).join(', ')}`);
    if (baseDist) console.log(`  baseline build's launcher / node -e 0 per round: ${ratios(at('base_launcher'), at('bare')).map((x) => `${x.toFixed(2)}×`).join(', ')}`);
    const n = median(npx);
    console.log(`  npx --no-install airlock hook: p50 ${n.toFixed(1)} ms, ${(n / median(npxBare)).toFixed(2)}× bare node (${npx.length} runs)`);
    return {
      bare_node_ms: Number(median(at('bare')).toFixed(2)),
      launcher_p50_ms: Number(median(at('launcher')).toFixed(2)),
      launcher_min_ms: Number(Math.min(...at('launcher')).toFixed(2)),
      launcher_vs_node: Number(median(l).toFixed(3)),
      direct_p50_ms: Number(median(at('direct')).toFixed(2)),
      direct_vs_node: Number(median(d).toFixed(3)),
      npx_p50_ms: Number(n.toFixed(2)),
      npx_vs_node: Number((n / median(npxBare)).toFixed(3)),
    };
  } finally {
    rmSync(base, { recursive: true, force: true });
  }
}

if (require.main === module) {
  runLauncherBench().then((r) => console.log(JSON.stringify(r)));
}
