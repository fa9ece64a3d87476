// The real, bundled `airlock` (dist/cli.js), built once per test process: sandbox and hook-rewrite
// tests run it as the assistants do, as a separate process.
import { execFileSync, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import * as path from 'node:path';

const REPO = path.resolve(__dirname, '../..');
export const CLI = path.join(REPO, 'dist', 'cli.js');
let built = false;

export function buildCli(): string {
  if (!built) {
    execFileSync(process.execPath, ['esbuild.config.mjs'], { cwd: REPO, stdio: 'pipe' });
    built = true;
  }
  return CLI;
}

export function runCli(args: readonly string[], options: { cwd: string; input?: string; env?: NodeJS.ProcessEnv; timeout?: number }): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [CLI, ...args], {
    cwd: options.cwd,
    input: options.input ?? '',
    env: options.env ?? { ...process.env, AIRLOCK_BASELINE: '' },
    encoding: 'utf8',
    timeout: options.timeout ?? 60_000,
  });
}
