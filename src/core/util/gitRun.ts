// The one local git runner: stdout of one git command, git's own error (with its stderr) when it
// fails. Callers that must not throw catch; callers that stream or batch use spawnSync directly.
import { execFile, execFileSync } from 'node:child_process';

export interface GitRunOptions {
  readonly input?: string;
  readonly env?: NodeJS.ProcessEnv;
}

/** Large enough for `git log` over a long history of records and notes. */
const MAX_OUTPUT = 512 * 1024 * 1024;

export function runGit(cwd: string, args: readonly string[], options: GitRunOptions = {}): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', input: options.input, env: options.env, stdio: ['pipe', 'pipe', 'pipe'], maxBuffer: MAX_OUTPUT });
}

/** A git command running in the background; `output` rejects with git's error when it fails. */
export interface GitRunning {
  readonly output: Promise<string>;
  /** Stops git when its answer is no longer wanted. */
  cancel(): void;
}

/** runGit() without blocking: the caller does other work while git runs. */
export function startGit(cwd: string, args: readonly string[], options: GitRunOptions = {}): GitRunning {
  let cancel = (): void => undefined;
  const output = new Promise<string>((resolve, reject) => {
    const child = execFile('git', args, { cwd, encoding: 'utf8', env: options.env, maxBuffer: MAX_OUTPUT }, (err, out) => (err ? reject(err) : resolve(out)));
    child.stdin?.end(options.input);
    cancel = () => {
      child.kill();
    };
  });
  return { output, cancel: () => cancel() };
}
