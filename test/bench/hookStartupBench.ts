// The hook runs once per assistant tool call, so its start-up is a product feature: median wall
// time of the built `airlock hook` answering a typical PreToolUse event, against bare `node -e 0`
// measured in the same run, interleaved so machine load hits both alike.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const RUNS = 31;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

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
    const bare: number[] = [];
    const allow: number[] = [];
    const deny: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      bare.push(timeRun(['-e', '0']));
      allow.push(timeRun([cli, 'hook'], allowEvent));
      deny.push(timeRun([cli, 'hook'], denyEvent));
    }
    const b = median(bare);
    const a = median(allow);
    const d = median(deny);
    console.log(`\n== Hook start-up (median of ${RUNS}, interleaved) ==`);
    console.log(`  node -e 0                         ${b.toFixed(1)} ms`);
    console.log(`  airlock hook, allowed Read        ${a.toFixed(1)} ms   ${(a / b).toFixed(2)}× bare node (target ≤1.5×)`);
    console.log(`  airlock hook, denied Read         ${d.toFixed(1)} ms   ${(d / b).toFixed(2)}× bare node`);
    return { hook_bare_node_ms: Number(b.toFixed(2)), hook_allow_ms: Number(a.toFixed(2)), hook_deny_ms: Number(d.toFixed(2)), hook_vs_node: Number((a / b).toFixed(3)) };
  } finally {
    rmSync(ws, { recursive: true, force: true });
  }
}

if (require.main === module) {
  runHookStartupBench().then((r) => console.log(JSON.stringify(r)));
}
