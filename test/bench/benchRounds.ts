// How every start-up benchmark compares engines on a shared machine (one pass each swings several-
// fold run to run): all engines interleaved in every round, several rounds, each round's p50 kept,
// and each figure printed as the min and median of those round p50s.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

export interface Engine {
  readonly key: string;
  readonly label: string;
  /** One run; returns milliseconds. */
  readonly run: () => number;
}

export const ROUNDS = 3;

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** Per engine key, the p50 of each round. Every engine runs once first (caches filled). */
export function interleavedRounds(engines: readonly Engine[], runsPerRound: number, rounds = ROUNDS): Map<string, number[]> {
  for (const e of engines) e.run();
  const out = new Map(engines.map((e) => [e.key, [] as number[]]));
  for (let r = 0; r < rounds; r++) {
    const series = new Map(engines.map((e) => [e.key, [] as number[]]));
    for (let i = 0; i < runsPerRound; i++) for (const e of engines) series.get(e.key)?.push(e.run());
    for (const [key, xs] of series) out.get(key)?.push(median(xs));
  }
  return out;
}

export function figureLine(label: string, rounds: readonly number[], unit = 'ms'): string {
  return `  ${label.padEnd(50)} min ${Math.min(...rounds).toFixed(1).padStart(8)} ${unit}   median ${median(rounds).toFixed(1).padStart(8)} ${unit}`;
}

/** "1.23×, 1.31×, 1.19×": an engine against the baseline engine, round by round. */
export function ratios(rounds: readonly number[], base: readonly number[]): number[] {
  return rounds.map((x, i) => x / base[i]);
}

/**
 * The launcher of another build (`AIRLOCK_BENCH_BASELINE_DIST`), installed by that build's own CLI:
 * an older build has other bundles (no `exec.js` before it had its own) and its own launcher text.
 */
export function installBaselineLauncher(baseDist: string, env: NodeJS.ProcessEnv): void {
  const r = spawnSync(process.execPath, [join(baseDist, 'cli.js'), 'launcher', 'install'], { env, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`the baseline build's launcher install failed: ${r.stderr}`);
}
