// The one local git runner: stdout of one git command, git's own error (with its stderr) when it
// fails. Every git command Airlock runs goes through gitArgv() (and refuses a redirected
// repository), because Airlock runs git outside the sandbox in folders the AI could configure.
import { execFile, execFileSync } from 'node:child_process';
import { redirectedRepository } from './gitRepoLayout';

export interface GitRunOptions {
  readonly input?: string;
  readonly env?: NodeJS.ProcessEnv;
  /** Leaves `core.hooksPath` as configured: only to ask git where hooks live (`rev-parse --git-path hooks`). */
  readonly askingForHooksPath?: boolean;
}

/** Large enough for `git log` over a long history of records and notes. */
const MAX_OUTPUT = 512 * 1024 * 1024;

/**
 * Command-line settings (they win over every config file) that stop git from running programs a
 * repository names: no fsmonitor (it runs on any index read), no hooks (`reference-transaction`
 * fires on every ref Airlock writes), no automatic gc (and its `pre-auto-gc` hook), no signature
 * check by `git log` (it runs `gpg.program`), and no bare repository found by walking up (a planted
 * `HEAD`/`objects`/`refs`/`config` in a sub-folder). Filter drivers are named by the repository:
 * commands that hash work-tree files add neutralFilterArgs().
 */
const NEUTRAL_CONFIG = ['core.fsmonitor=false', 'gc.auto=0', 'maintenance.auto=false', 'log.showSignature=false', 'safe.bareRepository=explicit'];
const NO_HOOKS = 'core.hooksPath=/dev/null';

/** The argument list for one git command as Airlock runs it (`git ...gitArgv(args)`). */
export function gitArgv(args: readonly string[], options: Pick<GitRunOptions, 'askingForHooksPath'> = {}): string[] {
  const config = options.askingForHooksPath === true ? NEUTRAL_CONFIG : [...NEUTRAL_CONFIG, NO_HOOKS];
  return [...config.flatMap((c) => ['-c', c]), ...args];
}

/**
 * `-c` settings that empty every filter driver the repository configures (clean, smudge, process),
 * for commands that may hash work-tree files (`git status`): git then compares raw content. Null
 * when the drivers cannot be listed or named on a command line (then do not run the command).
 */
export function neutralFilterArgs(cwd: string): string[] | null {
  try {
    return neutralFilterArgsFrom(execFileSync('git', gitArgv(FILTER_LIST_ARGS), { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }));
  } catch (err) {
    return neutralFilterArgsFrom(null, err);
  }
}

/** neutralFilterArgs() without blocking (the hook decides while git lists and walks). */
export async function neutralFilterArgsLater(cwd: string): Promise<string[] | null> {
  try {
    return neutralFilterArgsFrom(await startGit(cwd, FILTER_LIST_ARGS).output);
  } catch (err) {
    return neutralFilterArgsFrom(null, err);
  }
}

/** Every configured `filter.<driver>.<key>`, NUL-separated (reading config runs nothing). */
const FILTER_LIST_ARGS = ['config', '-z', '--name-only', '--get-regexp', '^filter\\.'];

function neutralFilterArgsFrom(listed: string | null, err?: unknown): string[] | null {
  // Exit 1: no filter configured at all. Any other failure: unknown.
  if (listed === null) return (err as { status?: number; code?: number }).status === 1 || (err as { code?: number }).code === 1 ? [] : null;
  const drivers = new Set<string>();
  for (const key of listed.split('\0')) {
    if (key === '') continue;
    const name = key.slice('filter.'.length, key.lastIndexOf('.'));
    if (name === '' || /[=\n]/.test(name)) return null;
    drivers.add(name);
  }
  return [...drivers].flatMap((d) => ['-c', `filter.${d}.clean=`, '-c', `filter.${d}.smudge=`, '-c', `filter.${d}.process=`, '-c', `filter.${d}.required=false`]);
}

/** Throws when git in `cwd` would read a repository the AI could have redirected. */
export function assertGitRepositoryTrusted(cwd: string): void {
  const why = redirectedRepository(cwd);
  if (why !== null) throw new Error(`Airlock runs no git command here: ${why}`);
}

export function runGit(cwd: string, args: readonly string[], options: GitRunOptions = {}): string {
  assertGitRepositoryTrusted(cwd);
  return execFileSync('git', gitArgv(args, options), { cwd, encoding: 'utf8', input: options.input, env: options.env, stdio: ['pipe', 'pipe', 'pipe'], maxBuffer: MAX_OUTPUT });
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
    const child = execFile('git', gitArgv(args, options), { cwd, encoding: 'utf8', env: options.env, maxBuffer: MAX_OUTPUT }, (err, out) => (err ? reject(err) : resolve(out)));
    child.stdin?.end(options.input);
    cancel = () => {
      child.kill();
    };
  });
  return { output, cancel: () => cancel() };
}
