// One Claude Code PreToolUse call through `airlock hook` in-process, read the way the client reads
// the answer; and a private per-user cache folder for suites whose hook writes caches.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readPreTool } from '../unit/hook/clientReaders';
import { runAirlock } from './runCliInProcess';

export interface HookCall {
  /** What Claude Code does with the answer: 'deny', 'ask', 'none' (goes on)... */
  readonly decision: string;
  /** Everything the hook printed. */
  readonly said: string;
}

export async function claudePreTool(root: string, tool: string, toolInput: object): Promise<HookCall> {
  const payload = { session_id: 's', transcript_path: '/tmp/t', cwd: root, hook_event_name: 'PreToolUse', tool_name: tool, tool_input: toolInput, tool_use_id: 't1' };
  const run = await runAirlock(['hook'], { cwd: root, stdin: JSON.stringify(payload) });
  return { decision: readPreTool('claude-code', { stdout: run.stdout, stderr: run.stderr, exitCode: run.code, enforced: true }), said: run.stdout + run.stderr };
}

/**
 * Call inside a `describe`: each test gets its own XDG_CACHE_HOME (the per-user caches go to a
 * temporary place, never the developer's own), restored after. Returns the current folder.
 */
export function privateCacheHome(): () => string {
  let cache = '';
  let saved: string | undefined;
  beforeEach(() => {
    saved = process.env.XDG_CACHE_HOME;
    cache = mkdtempSync(join(tmpdir(), 'airlock-cache-'));
    process.env.XDG_CACHE_HOME = cache;
  });
  afterEach(() => {
    rmSync(cache, { recursive: true, force: true });
    if (saved === undefined) delete process.env.XDG_CACHE_HOME;
    else process.env.XDG_CACHE_HOME = saved;
  });
  return () => cache;
}
