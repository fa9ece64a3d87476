// The hook runs once per assistant tool call, so its start-up is a product feature: the built
// `airlock hook` answering a typical PreToolUse event in the example workspace, against bare
// `node -e 0`, every engine interleaved in each of 3 rounds (min and median of the round p50s).
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Engine, figureLine, interleavedRounds, median, ratios } from './benchRounds';

const RUNS_PER_ROUND = 11;

function timeRun(args: string[], input?: string): number {
  const t = performance.now();
  const r = spawnSync(process.execPath, args, { input, stdio: ['pipe', 'pipe', 'pipe'] });
  const ms = performance.now() - t;
  if (r.error) throw r.error;
  return ms;
}

export async function runHookStartupBench(): Promise<Record<string, number>> {
  const repo = join(__dirname, '../..');
  const ws = mkdtempSync(join(tmpdir(), 'airlock-bench-hook-'));
  try {
    cpSync(join(repo, 'example'), ws, { recursive: true });
    const cli = join(repo, 'dist/cli.js');
    const allowEvent = JSON.stringify({ session_id: 's', transcript_path: '/tmp/t.jsonl', cwd: ws, permission_mode: 'default', hook_event_name: 'PreToolUse', tool_name: 'Read', tool_input: { file_path: join(ws, 'src/app.ts') }, tool_use_id: 'toolu_1' });
    const denyEvent = allowEvent.replace('src/app.ts', '.env');
    const engines: Engine[] = [
      { key: 'bare', label: 'node -e 0', run: () => timeRun(['-e', '0']) },
      { key: 'allow', label: 'airlock hook, allowed Read', run: () => timeRun([cli, 'hook'], allowEvent) },
      { key: 'deny', label: 'airlock hook, denied Read', run: () => timeRun([cli, 'hook'], denyEvent) },
    ];
    // Before/after: AIRLOCK_BENCH_BASELINE_DIST names another build's dist/ to interleave with this one.
    const baseDist = process.env.AIRLOCK_BENCH_BASELINE_DIST;
    if (baseDist) engines.push({ key: 'base_allow', label: 'baseline build: allowed Read', run: () => timeRun([join(baseDist, 'cli.js'), 'hook'], allowEvent) });
    const rounds = interleavedRounds(engines, RUNS_PER_ROUND);
    const at = (k: string): number[] => rounds.get(k) ?? [];
    console.log(`\n== Hook start-up (p50 of ${RUNS_PER_ROUND} per round, interleaved, ${at('bare').length} rounds) ==`);
    for (const e of engines) console.log(figureLine(e.label, at(e.key)));
    const allowRatio = ratios(at('allow'), at('bare'));
    console.log(`  allowed Read / node -e 0 per round: ${allowRatio.map((x) => `${x.toFixed(2)}×`).join(', ')} (target ≤1.5×)`);
    if (baseDist) console.log(`  baseline build's allowed Read / node -e 0 per round: ${ratios(at('base_allow'), at('bare')).map((x) => `${x.toFixed(2)}×`).join(', ')}`);
    return {
      hook_bare_node_ms: Number(median(at('bare')).toFixed(2)),
      hook_allow_ms: Number(median(at('allow')).toFixed(2)),
      hook_allow_min_ms: Number(Math.min(...at('allow')).toFixed(2)),
      hook_deny_ms: Number(median(at('deny')).toFixed(2)),
      hook_vs_node: Number(median(allowRatio).toFixed(3)),
    };
  } finally {
    rmSync(ws, { recursive: true, force: true });
  }
}

if (require.main === module) {
  runHookStartupBench().then((r) => console.log(JSON.stringify(r)));
}
