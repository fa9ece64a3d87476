// Which settings in a git config a command inside the sandbox may leave behind in a repository it
// created. Git reads many settings as programs to run (core.fsmonitor on every `git status`,
// core.hooksPath, aliases, filters, diff drivers, includes naming another file, …), and more are
// added in new releases, so the rule is a list of known-inert settings: what `git init`,
// `git clone`, `git submodule` and ordinary `git config` of identity and branches write. The file
// is read by git's own parser (`git config --file`), never by ours: no parsing differences.
import { spawnSync } from 'node:child_process';

/** `section.key` or `section.*.key` (any subsection), lower-case as git prints them. */
const INERT: readonly string[] = [
  'core.repositoryformatversion', 'core.filemode', 'core.bare', 'core.logallrefupdates', 'core.ignorecase',
  'core.precomposeunicode', 'core.symlinks', 'core.autocrlf', 'core.eol', 'core.safecrlf', 'core.worktree',
  'core.sparsecheckout', 'core.sparsecheckoutcone', 'core.quotepath', 'core.longpaths', 'core.untrackedcache',
  'core.splitindex', 'core.compression', 'core.bigfilethreshold', 'core.checkstat', 'core.trustctime',
  'extensions.objectformat', 'extensions.refstorage', 'extensions.worktreeconfig', 'extensions.partialclone',
  'remote.*.url', 'remote.*.pushurl', 'remote.*.fetch', 'remote.*.push', 'remote.*.tagopt', 'remote.*.prune',
  'remote.*.promisor', 'remote.*.partialclonefilter', 'remote.*.mirror',
  'branch.*.remote', 'branch.*.merge', 'branch.*.rebase', 'branch.*.pushremote', 'branch.*.description',
  'submodule.*.url', 'submodule.*.active', 'submodule.*.branch', 'submodule.*.ignore', 'submodule.*.shallow',
  'user.name', 'user.email', 'init.defaultbranch', 'pull.rebase', 'pull.ff', 'push.default',
  'push.autosetupremote', 'fetch.prune', 'merge.ff', 'index.version', 'feature.manyfiles', 'gc.auto',
  'lfs.repositoryformatversion', 'clone.defaultremotename',
];

function inert(name: string): boolean {
  const first = name.indexOf('.');
  const last = name.lastIndexOf('.');
  if (first < 0) return false;
  const section = name.slice(0, first).toLowerCase();
  const key = name.slice(last + 1).toLowerCase();
  return INERT.includes(first === last ? `${section}.${key}` : `${section}.*.${key}`);
}

/** The settings in `file` that are not known to be inert, or why the file could not be read as git reads it. */
export function nonInertSettings(file: string): { settings: string[] } | { error: string } {
  // `--file`: only this file, no includes followed, outside any repository (`cwd` `/`).
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: '/nonexistent', GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null', LC_ALL: 'C' };
  const r = spawnSync('git', ['config', '--file', file, '--no-includes', '--null', '--name-only', '--list'], { cwd: '/', env, encoding: 'utf8', timeout: 10_000 });
  if (r.error) return { error: `git could not be run to read it (${r.error.message})` };
  if (r.status !== 0) return { error: `git could not read it: ${(r.stderr ?? '').trim() || `exit ${String(r.status)}`}` };
  const names = r.stdout.split('\0').filter((n) => n !== '');
  return { settings: [...new Set(names.filter((n) => !inert(n)))] };
}
