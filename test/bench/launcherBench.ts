// The hook as teammates run it: through the per-user launcher (hash check included) that `sync`
// now defaults to, against bare `node -e 0`, with the npx path (a repository devDependency) beside
// it. Interleaved, so machine load hits every engine alike.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { installLauncher } from '../../src/core/launcher/launcherInstall';

const RUNS = 31;
const NPX_EVERY = 3;

function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(s.length * q))];
}

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
    const bare: number[] = [];
    const viaLauncher: number[] = [];
    const direct: number[] = [];
    const npx: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      bare.push(time(process.execPath, ['-e', '0'], { env }));
      viaLauncher.push(time(launcher, ['hook', '--client', 'claude-code'], { input: event, cwd: ws, env }));
      direct.push(time(process.execPath, [join(repo, 'dist/cli.js'), 'hook', '--client', 'claude-code'], { input: event, cwd: ws, env }));
      if (i % NPX_EVERY === 0) npx.push(time('npx', ['--no-install', '--loglevel=silent', 'airlock', 'hook', '--client', 'claude-code'], { input: event, cwd: ws, env }));
    }
    const b = quantile(bare, 0.5);
    const l = quantile(viaLauncher, 0.5);
    const d = quantile(direct, 0.5);
    const n = quantile(npx, 0.5);
    console.log(`\n== Hook through the launcher (p50 of ${RUNS}, interleaved; npx every ${NPX_EVERY}rd run) ==`);
    console.log(`  node -e 0                               ${b.toFixed(1)} ms (min ${Math.min(...bare).toFixed(1)})`);
    console.log(`  ~/.airlock/bin/airlock hook (default)   ${l.toFixed(1)} ms (min ${Math.min(...viaLauncher).toFixed(1)}, p99 ${quantile(viaLauncher, 0.99).toFixed(1)})   ${(l / b).toFixed(2)}× bare node (target ≤1.5×)`);
    console.log(`  node dist/cli.js hook (no hash check)   ${d.toFixed(1)} ms   ${(d / b).toFixed(2)}× bare node`);
    console.log(`  npx --no-install airlock hook           ${n.toFixed(1)} ms   ${(n / b).toFixed(2)}× bare node (${npx.length} runs)`);
    return {
      bare_node_ms: Number(b.toFixed(2)),
      launcher_p50_ms: Number(l.toFixed(2)),
      launcher_p99_ms: Number(quantile(viaLauncher, 0.99).toFixed(2)),
      launcher_vs_node: Number((l / b).toFixed(3)),
      direct_p50_ms: Number(d.toFixed(2)),
      npx_p50_ms: Number(n.toFixed(2)),
      npx_vs_node: Number((n / b).toFixed(3)),
    };
  } finally {
    rmSync(base, { recursive: true, force: true });
  }
}

if (require.main === module) {
  runLauncherBench().then((r) => console.log(JSON.stringify(r)));
}
