// Warms the hook bundle before its V8 code cache is made (launcher install): V8 stores only the
// functions compiled so far, so a cache made right after compiling still leaves every function a
// decision calls to be compiled on each tool call. This runs real decisions (file reads, a denied
// read, a shell search, an edit) against a throw-away workspace, twice (the compiled-policy cache
// missed, then hit). Everything it writes stays in that temp folder, deleted afterwards. Only the
// cache maker's own process calls it: it points the process's cache folder at the temp folder.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { STARTER_POLICY } from '../core/policy/starterPolicy';
import { hookCommand } from './commands/hookCommand';

function events(ws: string): Array<{ client: string; payload: object }> {
  const claude = (tool: string, input: object): object => ({ session_id: 'prime', transcript_path: join(ws, 't.jsonl'), cwd: ws, hook_event_name: 'PreToolUse', tool_name: tool, tool_input: input, tool_use_id: 'prime' });
  return [
    { client: 'claude-code', payload: claude('Read', { file_path: join(ws, 'src/app.ts') }) },
    { client: 'claude-code', payload: claude('Read', { file_path: join(ws, '.env') }) },
    { client: 'claude-code', payload: claude('Edit', { file_path: join(ws, 'src/app.ts'), old_string: 'a', new_string: 'b' }) },
    { client: 'claude-code', payload: claude('Bash', { command: 'grep -rn formatAmount src && git status' }) },
    { client: 'copilot-cli', payload: { sessionId: 'prime', timestamp: 1, cwd: ws, toolName: 'bash', toolArgs: { command: 'cat src/app.ts | wc -l' } } },
  ];
}

/** Exit codes of each round's calls, in order (for tests: real answers were made). */
export async function prime(): Promise<number[]> {
  const base = mkdtempSync(join(tmpdir(), 'airlock-prime-'));
  try {
    const ws = join(base, 'ws');
    mkdirSync(join(ws, '.airlock'), { recursive: true });
    mkdirSync(join(ws, 'src'));
    writeFileSync(join(ws, '.airlock/policy.json'), STARTER_POLICY);
    writeFileSync(join(ws, 'src/app.ts'), 'export const a = 1;\n');
    writeFileSync(join(ws, '.env'), 'X=1\n');
    process.env.XDG_CACHE_HOME = join(base, 'cache');
    const env = { ...process.env, AIRLOCK_BASELINE: '', AIRLOCK_ROOT: ws };
    const codes: number[] = [];
    for (let round = 0; round < 2; round++) {
      for (const e of events(ws)) {
        codes.push(await hookCommand({ argv: ['--client', e.client], cwd: ws, env, stdout: () => undefined, stderr: () => undefined, readStdin: () => Promise.resolve(JSON.stringify(e.payload)), now: () => new Date() }));
      }
    }
    return codes;
  } finally {
    rmSync(base, { recursive: true, force: true });
  }
}
