// git: paths named in `REV:path`, after `--`, and path-looking operands of the subcommands that take
// paths; `-C dir` moves; aliases and `-c` settings that run commands make the analysis uncertain.
import { hasOption, optionValues, parseArgs, sliceWord, type ParsedArgs } from './argParser';
import type { CommandContext, ResolvedWord } from './commandContext';
import { gitEffects } from './gitEffectRules';
import { emitAll, emitFileOptions, type Rule } from './ruleHelpers';
import { gitGrepContentSearch } from './searchOptions';
import { GIT_GREP_SPEC } from './searchSpecs';
import type { ShellAccess } from './shellTypes';

/** Subcommands that run no user-supplied code and name no worktree files beyond those handled. */
const KNOWN = new Set(['add', 'am', 'annotate', 'apply', 'archive', 'bisect', 'blame', 'branch', 'bundle', 'cat-file', 'check-attr', 'check-ignore', 'check-ref-format', 'checkout', 'cherry', 'cherry-pick', 'clean', 'clone', 'commit', 'config', 'count-objects', 'describe', 'diff', 'diff-files', 'diff-index', 'diff-tree', 'difftool', 'fetch', 'for-each-ref', 'format-patch', 'fsck', 'gc', 'grep', 'hash-object', 'help', 'init', 'log', 'ls-files', 'ls-remote', 'ls-tree', 'merge', 'merge-base', 'mergetool', 'mv', 'name-rev', 'notes', 'pull', 'push', 'range-diff', 'rebase', 'reflog', 'remote', 'reset', 'restore', 'rev-list', 'rev-parse', 'revert', 'rm', 'shortlog', 'show', 'show-branch', 'show-ref', 'sparse-checkout', 'stage', 'stash', 'status', 'submodule', 'switch', 'symbolic-ref', 'tag', 'update-index', 'version', 'whatchanged', 'worktree', 'lfs', 'blame', 'verify-commit', 'verify-tag', 'write-tree', 'read-tree', 'update-ref', 'var', 'maintenance', 'prune', 'repack', 'shortlog', 'checkout-index', 'fast-export', 'cherry-pick']);

/** Settings whose value is a command git runs. */
const COMMAND_SETTINGS = /^(alias\.|core\.(pager|editor|sshcommand|fsmonitor|hookspath|askpass|gitproxy|worktree|attributesfile)|diff\.(external|tool|guitool)\b|diff\..*\.(textconv|command)|difftool\.|mergetool\.|merge\.tool\b|filter\.|merge\..*\.driver|credential\.|sequence\.editor|gpg\.|ssh\.|pager\.|uploadpack\.|remote\..*\.(uploadpack|receivepack|proxy)|protocol\.|interactive\.difffilter|sendemail\.|web\.browser|browser\.|man\.|help\.browser|init\.templatedir|include\.path|includeif\.)/i;

/** Settings that say who wrote or signed a commit: an AI must not set them (forged sign-offs). */
const IDENTITY_SETTINGS = /^(user\.|author\.|committer\.|gpg\.|commit\.gpgsign|tag\.gpgsign|include\.|includeif\.)/i;

const REVISION_RANGE = /^[^/]*\.\.[^/]*$/;

function looksLikePath(w: ResolvedWord): boolean {
  const t = w.text;
  if (w.unknown.length > 0) return true;
  if (REVISION_RANGE.test(t) && !t.startsWith('.')) return false;
  return t.includes('/') || t.startsWith('.') || /\.[A-Za-z0-9_-]+$/.test(t);
}

/** `HEAD:path`, `:path`, `:0:path`, `origin/main:dir/file`: the path after the revision. */
function revisionPath(w: ResolvedWord): ResolvedWord | null {
  const t = w.text;
  if (w.unknown.length > 0 || /^[a-z][a-z0-9+.-]*:\/\//i.test(t)) return null;
  const colon = t.indexOf(':');
  if (colon < 0) return null;
  const stage = /^:[0-3]:/.exec(t);
  const start = stage !== null ? stage[0].length : colon + 1;
  return start < t.length ? sliceWord(w, start) : null;
}

export const gitRule: Rule = (ctx) => {
  const global = parseArgs(ctx.args, { short: 'Cc', long: ['git-dir', 'work-tree', 'namespace', 'super-prefix', 'config-env', 'exec-path', 'list-cmds', 'attr-source'], stopAtOperand: true });
  for (const c of optionValues(global, '-c')) {
    if (c.unknown.length > 0 || COMMAND_SETTINGS.test(c.text) || IDENTITY_SETTINGS.test(c.text)) ctx.deny(`git -c ${c.raw} overrides a setting that runs a command or names who wrote a commit; an AI may not set it`);
  }
  if (optionValues(global, '--git-dir', '--work-tree').length > 0 || global.options.some((o) => o.name === '--bare')) {
    ctx.deny('git --git-dir/--work-tree point git at another repository or work tree; an AI may not redirect it');
  }
  if (optionValues(global, '--config-env', '--exec-path').length > 0) ctx.uncertain('git settings from the environment can run commands');
  const [sub, ...rest] = global.operands;
  if (sub === undefined) return;
  const dirs = [...optionValues(global, '-C'), ...optionValues(global, '--work-tree')];
  const run = (): void => gitSubcommand(ctx, sub, rest);
  const nest = (k: number): void => {
    if (k >= dirs.length) run();
    else ctx.inDirectory(dirs[k], () => nest(k + 1));
  };
  nest(0);
};

function gitSubcommand(ctx: CommandContext, subWord: ResolvedWord, rest: readonly ResolvedWord[]): void {
  const sub = subWord.text;
  if (subWord.unknown.length > 0) { ctx.uncertain(`git subcommand is computed (${subWord.raw})`); return; }
  if (!KNOWN.has(sub)) { ctx.uncertain(`git ${sub} may be an alias or an external command`); return; }
  gitEffects(ctx, sub, rest, looksLikePath);
  const emitRevisionPaths = (parsed: ParsedArgs, access: ShellAccess): void => {
    parsed.operands.slice(0, parsed.operandsBeforeDashDash).forEach((w) => {
      const p = revisionPath(w);
      if (p !== null) ctx.emit(p, access);
    });
  };
  const afterDashDash = (parsed: ParsedArgs): ResolvedWord[] => parsed.operands.slice(parsed.operandsBeforeDashDash);
  const beforeDashDash = (parsed: ParsedArgs): ResolvedWord[] => parsed.operands.slice(0, parsed.operandsBeforeDashDash);
  switch (sub) {
    case 'show': case 'cat-file': {
      const parsed = parseArgs(rest, { long: ['format', 'pretty', 'encoding', 'textconv'] });
      emitRevisionPaths(parsed, 'read');
      emitAll(ctx, afterDashDash(parsed), 'read');
      return;
    }
    case 'diff': case 'log': case 'whatchanged': case 'shortlog': case 'format-patch': case 'difftool': case 'range-diff': case 'annotate': case 'blame': {
      const parsed = parseArgs(rest, { short: 'nSGLOUMCo', long: ['max-count', 'since', 'until', 'after', 'before', 'author', 'committer', 'grep', 'format', 'pretty', 'diff-filter', 'output', 'output-directory', 'skip', 'encoding', 'relative', 'word-diff-regex', 'anchored', 'find-object', 'contents', 'ignore-revs-file', 'color-moved'] });
      emitFileOptions(ctx, parsed, { '--output': 'write', '-o': 'write', '--output-directory': 'write', '-O': 'read', '--contents': 'read', '--ignore-revs-file': 'read' });
      for (const range of optionValues(parsed, '-L')) {
        const colon = range.text.lastIndexOf(':');
        if (colon > 0) ctx.emit(sliceWord(range, colon + 1), 'read');
      }
      emitRevisionPaths(parsed, 'read');
      const before = beforeDashDash(parsed);
      const noIndex = hasOption(parsed, '--no-index');
      before.forEach((w, i) => {
        const lastOfBlame = (sub === 'blame' || sub === 'annotate') && i === before.length - 1 && !parsed.dashDash;
        if (noIndex || lastOfBlame || (revisionPath(w) === null && looksLikePath(w))) ctx.emit(w, 'read');
      });
      emitAll(ctx, afterDashDash(parsed), 'read');
      if (sub === 'difftool') ctx.uncertain('git difftool runs a configured tool');
      return;
    }
    case 'grep': {
      const parsed = parseArgs(rest, GIT_GREP_SPEC);
      emitFileOptions(ctx, parsed, { '-f': 'read', '--file': 'read' });
      if (hasOption(parsed, '-O', '--open-files-in-pager')) ctx.uncertain('git grep -O runs a pager');
      const hasPattern = optionValues(parsed, '-e', '--regexp', '-f', '--file').length > 0;
      const before = beforeDashDash(parsed).slice(hasPattern ? 0 : 1).filter((w) => looksLikePath(w) || revisionPath(w) !== null);
      const paths = [...before.map((w) => revisionPath(w) ?? w), ...afterDashDash(parsed)];
      const roots = paths.length > 0 ? paths : [ctx.literalWord('.')];
      // Over the work tree's files, git grep is judged like grep -r, by its pattern.
      if (hasOption(parsed, '--untracked', '--no-index', '--no-exclude-standard')) {
        const search = hasOption(parsed, '--cached') || before.some((w) => revisionPath(w) !== null) ? undefined : gitGrepContentSearch(parsed);
        // git takes no revision here: every operand after the pattern is a path.
        const paths = hasOption(parsed, '--cached') ? roots : parsed.operands.slice(hasPattern ? 0 : 1);
        for (const r of paths.length > 0 ? paths : [ctx.literalWord('.')]) ctx.emit(r, 'search', search);
        // A pattern Airlock understood is not a file (`git grep --untracked -n .env` searches for the text).
        if (search !== undefined && search.opaque === undefined) {
          for (const w of optionValues(parsed, '-e', '--regexp')) ctx.patternWord(w);
          if (!hasPattern && parsed.operands[0] !== undefined) ctx.patternWord(parsed.operands[0]);
        }
      }
      // Over the work tree git grep reads tracked files only: judged against the index (gitEffects).
      else if (!before.some((w) => revisionPath(w) !== null)) ctx.gitEffect({ kind: 'history', trackedOnly: true, pathspecs: roots.map((w) => w.text) });
      else emitAll(ctx, roots, 'search');
      ctx.listsPathsUnder(roots);
      return;
    }
    case 'add': case 'stage': case 'hash-object': case 'apply': case 'am': case 'commit': case 'update-index': {
      const parsed = parseArgs(rest, { short: 'mFtCc', long: ['message', 'file', 'template', 'chmod', 'pathspec-from-file', 'author', 'date', 'fixup', 'squash', 'reuse-message', 'reedit-message', 'cleanup', 'directory', 'exclude', 'include'] });
      emitFileOptions(ctx, parsed, { '-F': 'read', '--file': 'read', '-t': 'read', '--template': 'read', '--pathspec-from-file': 'read' });
      if (optionValues(parsed, '--author').length > 0) ctx.deny('git commit --author names someone else as the author; an AI may not set it');
      // update-index can hide a file's changes from git (--assume-unchanged, --skip-worktree).
      emitAll(ctx, parsed.operands, ...(sub === 'update-index' ? ['read', 'write'] as const : ['read'] as const));
      return;
    }
    case 'rm': case 'checkout': case 'restore': case 'clean': case 'mv': case 'reset': case 'switch': {
      const parsed = parseArgs(rest, { short: 'bBsep', long: ['source', 'orphan', 'conflict', 'pathspec-from-file', 'exclude'] });
      emitFileOptions(ctx, parsed, { '--pathspec-from-file': 'read' });
      if (sub === 'reset' || sub === 'switch') return;
      const before = beforeDashDash(parsed);
      const candidates = sub === 'checkout' ? before.filter(looksLikePath) : before;
      const paths = [...candidates, ...afterDashDash(parsed)];
      if (sub === 'clean' && paths.length === 0) return; // judged by what it would delete (gitEffects)
      // `git checkout -- PATHS` / `git restore PATHS` put back the index's version of the changed
      // files under PATHS: judged by those files (gitEffects), so `git restore .` is not a write
      // of the whole tree.
      const fromIndex = (sub === 'checkout' && before.every(looksLikePath)) || (sub === 'restore' && optionValues(parsed, '-s', '--source').length === 0);
      if (fromIndex && paths.length > 0 && paths.every((w) => w.unknown.length === 0 && w.values.length === 1)) {
        ctx.gitEffect({ kind: 'rewrite', pathspecs: paths.map((w) => w.values[0].literal), source: { type: 'dirty', untracked: false, ignored: false } });
        return;
      }
      emitAll(ctx, paths, ...(sub === 'mv' ? ['read', 'write'] as const : ['write'] as const));
      return;
    }
    case 'archive': {
      const parsed = parseArgs(rest, { short: 'o', long: ['output', 'format', 'prefix', 'remote', 'exec'] });
      emitFileOptions(ctx, parsed, { '-o': 'write', '--output': 'write' });
      return;
    }
    case 'clone': {
      const parsed = parseArgs(rest, { short: 'bcou', long: ['branch', 'config', 'origin', 'upload-pack', 'depth', 'reference', 'separate-git-dir', 'template', 'filter', 'jobs', 'shallow-since', 'shallow-exclude'] });
      if (parsed.operands.length >= 2) ctx.emit(parsed.operands[parsed.operands.length - 1], 'write');
      if (optionValues(parsed, '-u', '--upload-pack', '-c', '--config').length > 0) ctx.uncertain('git clone runs a configured command');
      return;
    }
    case 'config': {
      const parsed = parseArgs(rest, { short: 'f', long: ['file', 'blob', 'type', 'default', 'comment', 'value'] });
      emitFileOptions(ctx, parsed, { '-f': 'read', '--file': 'read' });
      if (configWrites(parsed)) {
        ctx.deny('git config changes settings git runs with (hooks, fsmonitor, aliases, includes, identity); an AI may not change them');
        return;
      }
      const key = parsed.operands[0];
      if (key !== undefined && parsed.operands.length >= 2 && (key.unknown.length > 0 || COMMAND_SETTINGS.test(key.text))) {
        ctx.uncertain(`git config ${key.raw} sets a command git will run`);
        const value = parsed.operands[1];
        const text = value.unknown.length > 0 ? value.sketch : value.text;
        if (text.startsWith('!')) ctx.runScript(text.slice(1));
      }
      return;
    }
    case 'ls-files': case 'ls-tree': {
      const parsed = parseArgs(rest, { short: 'xX', long: ['exclude', 'exclude-from', 'format', 'abbrev'] });
      emitFileOptions(ctx, parsed, { '-X': 'read', '--exclude-from': 'read' });
      const paths = sub === 'ls-tree' ? parsed.operands.slice(1) : parsed.operands;
      ctx.listsPathsUnder(paths.length > 0 ? paths : [ctx.literalWord('.')]);
      return;
    }
    case 'notes': case 'update-ref': {
      // Notes hold provenance (git-ai's refs/notes/ai): an AI may read them, never write them.
      const words = rest.map((w) => (w.unknown.length > 0 ? '(computed)' : w.text));
      const noteWrite = sub === 'notes' && words.some((t) => /^(add|append|copy|edit|merge|remove|prune)$/.test(t));
      const refWrite = sub === 'update-ref' && words.some((t) => t === '(computed)' || /^refs\/notes\//.test(t));
      // refs/airlock/ holds the signed audit checkpoints the log is verified against.
      const anchorWrite = sub === 'update-ref' && words.some((t) => /^refs\/airlock\//.test(t));
      if (anchorWrite) ctx.deny('git update-ref would change refs/airlock/, where the signed audit checkpoints are anchored; only a person may change them');
      else if (noteWrite || refWrite) ctx.deny(`git ${sub} would change git notes, where provenance is kept; only a person may change them`);
      return;
    }
    case 'bisect': case 'rebase': case 'submodule': case 'mergetool': case 'filter-branch':
      if (rest.some((w) => /^(run|--exec|-x|foreach|--tool)$/.test(w.text))) ctx.uncertain(`git ${sub} runs a command`);
      return;
    default:
      return;
  }
}

/** True when a `git config` call would change a setting (rather than read one). */
function configWrites(parsed: ParsedArgs): boolean {
  const writes = ['--add', '--unset', '--unset-all', '--replace-all', '--rename-section', '--remove-section', '-e', '--edit'];
  if (hasOption(parsed, ...writes)) return true;
  const reads = ['--get', '--get-all', '--get-regexp', '--get-urlmatch', '--get-color', '--get-colorbool', '-l', '--list'];
  if (hasOption(parsed, ...reads)) return false;
  const [first, ...more] = parsed.operands;
  const verb = first?.text;
  if (verb === 'set' || verb === 'unset' || verb === 'rename-section' || verb === 'remove-section' || verb === 'edit') return true;
  if (verb === 'get' || verb === 'list') return false;
  return first !== undefined && (first.unknown.length > 0 || more.length > 0);
}
