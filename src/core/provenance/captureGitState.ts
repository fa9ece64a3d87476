// The git work tree around a shell command: which files were already changed before it ran, and
// what a clean file held (the index), so a shell command's changes can be found afterwards.
import { spawnSync } from 'node:child_process';
import { gitArgv, type GitRunning, neutralFilterArgs, neutralFilterArgsLater, runGit, startGit } from '../util/gitRun';
import { redirectedRepository } from '../util/gitRepoLayout';

// Submodules' work trees are not walked: that would run git in them, under their own config.
const STATUS_ARGS = ['--no-optional-locks', 'status', '--porcelain=v1', '-z', '--untracked-files=all', '--no-renames', '--ignore-submodules=dirty'];

/** `git status` as Airlock runs it: every filter driver emptied; null when they cannot be listed. */
function statusArgs(root: string): string[] | null {
  const filters = neutralFilterArgs(root);
  return filters === null ? null : [...filters, ...STATUS_ARGS];
}

/** `git status` of the work tree: changed, added and untracked paths (not ignored ones). */
export function gitDirtyPaths(root: string): string[] | undefined {
  const args = statusArgs(root);
  if (args === null) return undefined;
  let out: string;
  try {
    out = runGit(root, args);
  } catch {
    return undefined; // not a git work tree (or no git)
  }
  return dirtyFrom(out);
}

/** What `GitStatusRun.result` gives: the dirty paths, undefined outside a git work tree. */
export interface GitStatusRun {
  readonly result: Promise<{ readonly dirty: string[] | undefined }>;
  /** Stops git when its answer is no longer wanted (the call was denied). */
  cancel(): void;
}

/**
 * gitDirtyPaths() started in the background: the hook starts it before deciding a shell call, so
 * git walks the tree while the decision is made instead of after it.
 */
export function startGitDirtyPaths(root: string): GitStatusRun {
  let cancelled = false;
  let running: GitRunning | null = null;
  const result = neutralFilterArgsLater(root).then(async (filters) => {
    if (filters === null || cancelled) return { dirty: undefined };
    running = startGit(root, [...filters, ...STATUS_ARGS]);
    return { dirty: dirtyFrom(await running.output) };
  }).catch(() => ({ dirty: undefined }));
  return {
    result,
    cancel: () => {
      cancelled = true;
      running?.cancel();
    },
  };
}

function dirtyFrom(out: string): string[] {
  const paths: string[] = [];
  for (const entry of out.split('\0')) {
    if (entry.length > 3) paths.push(entry.slice(3));
  }
  return paths;
}

/** Index content of each path (`git cat-file --batch` with `:path`); missing ones are absent. */
export function gitIndexContents(root: string, paths: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  const wanted = paths.filter((p) => !p.includes('\n'));
  if (wanted.length === 0 || redirectedRepository(root) !== null) return out;
  const result = spawnSync('git', gitArgv(['cat-file', '--batch']), { cwd: root, input: wanted.map((p) => `:${p}`).join('\n') + '\n', maxBuffer: 256 * 1024 * 1024 });
  if (result.status !== 0 || !result.stdout) return out;
  const buffer = result.stdout;
  let at = 0;
  for (const p of wanted) {
    const lineEnd = buffer.indexOf(0x0a, at);
    if (lineEnd < 0) break;
    const header = buffer.subarray(at, lineEnd).toString('utf8');
    at = lineEnd + 1;
    const match = /^[0-9a-f]+ (\w+) (\d+)$/.exec(header);
    if (!match) continue; // "<spec> missing"
    const size = Number(match[2]);
    if (match[1] === 'blob') out.set(p, buffer.subarray(at, at + size).toString('utf8'));
    at += size + 1;
  }
  return out;
}
