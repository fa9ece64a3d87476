// The one local git runner: stdout of one git command, git's own error (with its stderr) when it
// fails. Every git command Airlock runs goes through gitArgv() (and refuses a redirected
// repository), because Airlock runs git outside the sandbox in folders the AI could configure.
import { execFile, execFileSync } from 'node:child_process';
import { redirectedRepository } from './gitRepoLayout';

export interface GitRunOptions {
  readonly input?: string;
  readonly env?: NodeJS.ProcessEnv;
}

/** Large enough for `git log` over a long history of records and notes. */
const MAX_OUTPUT = 512 * 1024 * 1024;

/**
 * Command-line settings (they win over every config file) that stop git from running programs a
 * repository names: no fsmonitor (it runs on any index read), no hooks (`reference-transaction`
 * fires on every ref Airlock writes), no automatic gc (and its `pre-auto-gc` hook), and no bare
 * repository found by walking up (a planted `HEAD`/`objects`/`refs`/`config` in a sub-folder).
 * Filter drivers cannot be switched off by name: callers keep worktree-reading commands to
 * repositories whose config is frozen (see gitFacts and redirectedRepository()).
 */
const NEUTRAL_CONFIG = ['core.fsmonitor=false', 'core.hooksPath=/dev/null', 'gc.auto=0', 'maintenance.auto=false', 'safe.bareRepository=explicit'];

/** The argument list for one git command as Airlock runs it (`git ...gitArgv(args)`). */
export function gitArgv(args: readonly string[]): string[] {
  return [...NEUTRAL_CONFIG.flatMap((c) => ['-c', c]), ...args];
}

/** Throws when git in `cwd` would read a repository the AI could have redirected. */
export function assertGitRepositoryTrusted(cwd: string): void {
  const why = redirectedRepository(cwd);
  if (why !== null) throw new Error(`Airlock runs no git command here: ${why}`);
}

export function runGit(cwd: string, args: readonly string[], options: GitRunOptions = {}): string {
  assertGitRepositoryTrusted(cwd);
  return execFileSync('git', gitArgv(args), { cwd, encoding: 'utf8', input: options.input, env: options.env, stdio: ['pipe', 'pipe', 'pipe'], maxBuffer: MAX_OUTPUT });
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
    assertGitRepositoryTrusted(cwd);
    const child = execFile('git', gitArgv(args), { cwd, encoding: 'utf8', env: options.env, maxBuffer: MAX_OUTPUT }, (err, out) => (err ? reject(err) : resolve(out)));
    child.stdin?.end(options.input);
    cancel = () => {
      child.kill();
    };
  });
  return { output, cancel: () => cancel() };
}
