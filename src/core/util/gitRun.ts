// The one local git runner: stdout of one git command, git's own error (with its stderr) when it
// fails. Callers that must not throw catch; callers that stream or batch use spawnSync directly.
import { execFileSync } from 'node:child_process';

export interface GitRunOptions {
  readonly input?: string;
  readonly env?: NodeJS.ProcessEnv;
}

/** Large enough for `git log` over a long history of records and notes. */
const MAX_OUTPUT = 512 * 1024 * 1024;

export function runGit(cwd: string, args: readonly string[], options: GitRunOptions = {}): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', input: options.input, env: options.env, stdio: ['pipe', 'pipe', 'pipe'], maxBuffer: MAX_OUTPUT });
}
