// Facts about a workspace's git repository that decide() needs to judge git commands by what they
// would touch: every path in its history, what a checkout would change, what `git stash`/`clean`
// would remove. Each answer is bounded (time, output, entries); a bound hit answers null, which
// callers treat as "unknown" (never as "nothing"). The history listing is cached in the git
// directory, keyed by every ref's object name, so it is walked once per change of history.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { gitArgv, neutralFilterArgs } from '../util/gitRun';
import { nearestDotGit, redirectedRepository } from '../util/gitRepoLayout';

export interface GitFacts {
  /** Workspace-relative paths of every file in any commit reachable from any ref (stash included). */
  historyPaths(): { readonly paths: readonly string[]; readonly truncated: boolean } | null;
  /** Workspace-relative paths that differ between two revisions; null when either does not resolve. */
  changedPaths(from: string, to: string): readonly string[] | null;
  /** Workspace-relative paths changed in the work tree (plus untracked / ignored ones when asked). */
  dirtyPaths(untracked: boolean, ignored: boolean): readonly string[] | null;
  /** Every tracked path (workspace-relative). */
  trackedPaths(): readonly string[] | null;
  /** Every file path in a revision's tree (workspace-relative); null when it does not resolve. */
  treePaths(rev: string): readonly string[] | null;
  /**
   * Objects no ref reaches (a dropped stash, an unstaged `git add`): the paths of unreachable
   * commits and trees, and how many unreachable blobs have no known path. Null when unknown.
   */
  unreachable(): { readonly paths: readonly string[]; readonly namelessBlobs: number } | null;
  /** The paths an object id can print: a commit's tree and its parent's, a tree's; null for a blob or an unknown id. */
  objectPaths(id: string): readonly string[] | null;
}

export interface GitFactsOptions {
  /** Per git call. */
  readonly timeoutMs?: number;
  /** Most paths one answer may hold before it is reported as truncated / unknown. */
  readonly maxPaths?: number;
  /**
   * The governing root: git runs only when `root` is in the same repository. A nested folder that
   * is its own repository has a config the AI could have written (only the governing root's is
   * frozen in the sandbox), and `git status` there would run its fsmonitor or filters; its facts
   * are unknown instead, which makes git commands there need approval.
   */
  readonly sameRepositoryAs?: string;
}

const MAX_BUFFER = 64 * 1024 * 1024;

interface Repo {
  readonly gitDir: string;
  /** The workspace's path below the repository top level ('' or 'sub/dir/'). */
  readonly prefix: string;
}

/** Git facts for the repository holding `root` (every answer is null when it is not in one). */
export function gitFactsFor(root: string, options: GitFactsOptions = {}): GitFacts {
  const timeout = options.timeoutMs ?? 4000;
  const maxPaths = options.maxPaths ?? 200_000;
  let trusted: boolean | undefined;
  const isTrusted = (): boolean => (trusted ??= redirectedRepository(root) === null && (options.sameRepositoryAs === undefined || nearestDotGit(root) === nearestDotGit(options.sameRepositoryAs)));
  const run = (args: readonly string[]): string | null => {
    if (!isTrusted()) return null;
    const r = spawnSync('git', gitArgv(['-c', 'core.quotepath=off', ...args]), { cwd: root, encoding: 'utf8', timeout, maxBuffer: MAX_BUFFER, env: { ...process.env, GIT_OPTIONAL_LOCKS: '0' } });
    return r.status === 0 && typeof r.stdout === 'string' ? r.stdout : null;
  };
  // Asked lazily: most hook calls run no git command and should not pay for a git process.
  let repoCache: Repo | null | undefined;
  const repoOf = (): Repo | null => {
    if (repoCache === undefined) {
      const head = run(['rev-parse', '--absolute-git-dir', '--show-prefix']);
      const [gitDir, prefix = ''] = (head ?? '').split('\n');
      repoCache = head === null ? null : { gitDir, prefix };
    }
    return repoCache;
  };
  const localPaths = (paths: Iterable<string>): string[] | null => local(paths);
  function local(paths: Iterable<string>): string[] | null {
    const repo = repoOf();
    if (repo === null) return null;
    const out: string[] = [];
    for (const p of paths) {
      if (p === '' || !p.startsWith(repo.prefix)) continue;
      out.push(p.slice(repo.prefix.length));
      if (out.length > maxPaths) return null;
    }
    return out;
  }
  const lines = (text: string, sep = '\n'): string[] => text.split(sep).filter((l) => l !== '');
  return {
    historyPaths() {
      const repo = repoOf();
      if (repo === null) return null;
      const refs = run(['for-each-ref', '--format=%(objectname) %(refname)']);
      const headId = run(['rev-parse', '--verify', '-q', 'HEAD']) ?? '';
      if (refs === null) return null;
      const key = createHash('sha256').update(`${headId}\n${refs}\n${repo.prefix}`).digest('hex');
      const cacheFile = join(repo.gitDir, 'airlock', 'history-paths.json');
      try {
        const cached = JSON.parse(readFileSync(cacheFile, 'utf8')) as { key?: string; paths?: string[]; truncated?: boolean };
        if (cached.key === key && Array.isArray(cached.paths)) return { paths: cached.paths, truncated: cached.truncated === true };
      } catch {
        // no cache yet, or a stale / corrupt one: walk again
      }
      // Every object reachable from every ref, with the path it was first seen under.
      const out = run(['rev-list', '--objects', '--all']);
      if (out === null) return null;
      const seen = new Set<string>();
      let truncated = false;
      for (const line of lines(out)) {
        const sp = line.indexOf(' ');
        if (sp < 0) continue;
        seen.add(line.slice(sp + 1));
        if (seen.size > maxPaths) {
          truncated = true;
          break;
        }
      }
      const paths = local(seen) ?? [];
      const result = { paths, truncated: truncated || paths.length > maxPaths };
      try {
        mkdirSync(dirname(cacheFile), { recursive: true });
        writeFileSync(cacheFile, JSON.stringify({ key, ...result }));
      } catch {
        // A read-only git dir only costs the next call another walk.
      }
      return result;
    },
    changedPaths(from, to) {
      const out = run(['diff', '--name-only', '-z', '--no-renames', '--end-of-options', from, to, '--']);
      return out === null ? null : local(lines(out, '\0'));
    },
    dirtyPaths(untracked, ignored) {
      // `git status` hashes changed-looking files through the repository's filters: empty them all,
      // and leave submodules' work trees (git would run there under their own config).
      const filters = isTrusted() ? neutralFilterArgs(root) : null;
      if (filters === null) return null;
      const args = [...filters, 'status', '--ignore-submodules=dirty', '--porcelain=v1', '-z', '--no-renames', `--untracked-files=${untracked || ignored ? 'all' : 'no'}`];
      if (ignored) args.push('--ignored=matching');
      const out = run(args);
      if (out === null) return null;
      return local(lines(out, '\0').map((l) => l.slice(3)));
    },
    unreachable() {
      const out = run(['fsck', '--unreachable', '--no-reflogs', '--no-progress']);
      if (out === null) return null;
      const paths = new Set<string>();
      const blobs = new Set<string>();
      const named = new Set<string>();
      let listed = 0;
      for (const line of lines(out)) {
        const m = /^unreachable (commit|tree|blob) ([0-9a-f]+)$/.exec(line);
        if (m === null) continue;
        if (m[1] === 'blob') {
          blobs.add(m[2]);
          continue;
        }
        if (++listed > 64) return null;
        const tree = run(['ls-tree', '-r', '--full-tree', '-z', m[2]]);
        if (tree === null) return null;
        for (const entry of lines(tree, '\0')) {
          const t = /^\S+ blob ([0-9a-f]+)\t(.*)$/s.exec(entry);
          if (t === null) continue;
          named.add(t[1]);
          paths.add(t[2]);
        }
      }
      const local = localPaths(paths);
      return local === null ? null : { paths: local, namelessBlobs: [...blobs].filter((b) => !named.has(b)).length };
    },
    objectPaths(id) {
      const type = run(['cat-file', '-t', '--end-of-options', id])?.trim();
      if (type === 'commit') {
        const own = run(['ls-tree', '-r', '--name-only', '--full-tree', '-z', '--end-of-options', id]);
        const parent = run(['ls-tree', '-r', '--name-only', '--full-tree', '-z', '--end-of-options', `${id}^`]) ?? '';
        return own === null ? null : localPaths(new Set([...lines(own, '\0'), ...lines(parent, '\0')]));
      }
      if (type === 'tree') {
        const own = run(['ls-tree', '-r', '--name-only', '--full-tree', '-z', '--end-of-options', id]);
        return own === null ? null : localPaths(lines(own, '\0'));
      }
      return null; // a blob (its path is unknown) or nothing git can resolve
    },
    treePaths(rev) {
      const out = run(['ls-tree', '-r', '--name-only', '--full-tree', '-z', '--end-of-options', rev]);
      return out === null ? null : local(lines(out, '\0'));
    },
    trackedPaths() {
      const out = run(['ls-files', '-z', '--full-name']);
      return out === null ? null : local(lines(out, '\0'));
    },
  };
}
