// Warms the exec bundle before its V8 code cache is made (launcher install), as hookPrime.ts does
// for the hook: V8 stores only the functions compiled so far. This builds a throw-away
// workspace's sandbox twice (compiled-policy cache missed, then hit) and runs `/bin/true` in it, so
// the policy load, the walk, the secret checks and the bubblewrap start are in the cache. Nothing
// outside the temp folder is written: the process's cache folder points into it.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeStarterPolicy } from '../core/policy/writeStarterPolicy';
import { execCommand } from './commands/execCommand';

/** Exit codes of the calls, in order (for tests: real sandboxes were built). */
export async function prime(): Promise<number[]> {
  const base = mkdtempSync(join(tmpdir(), 'airlock-prime-'));
  try {
    const ws = join(base, 'ws');
    mkdirSync(join(ws, 'src'), { recursive: true });
    writeStarterPolicy(ws);
    writeFileSync(join(ws, 'src/app.ts'), 'export const a = 1;\n');
    writeFileSync(join(ws, '.env'), 'X=1\n');
    process.env.XDG_CACHE_HOME = join(base, 'cache');
    const env = { ...process.env, AIRLOCK_BASELINE: '' };
    const calls = [['--root', ws, '--explain'], ['--root', ws, '--explain'], ['--root', ws, '--', '/bin/true']];
    const codes: number[] = [];
    for (const argv of calls) {
      codes.push(await execCommand({ argv, cwd: ws, env, stdout: () => undefined, stderr: () => undefined, readStdin: () => Promise.resolve(''), now: () => new Date() }));
    }
    return codes;
  } finally {
    rmSync(base, { recursive: true, force: true });
  }
}
