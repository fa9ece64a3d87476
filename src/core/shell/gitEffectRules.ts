// What a git subcommand prints from history or rewrites in the work tree, beyond the paths named
// on its command line: `git log -p`, `git show`, `git archive` print content of every commit;
// `git switch`, `git stash`, `git apply` replace files with content Airlock cannot read off the
// command line. These become GitEffects that decide() judges against the repository itself.
import { hasOption, optionValues, parseArgs, type ParsedArgs } from './argParser';
import type { CommandContext, ResolvedWord } from './commandContext';
import { GIT_GREP_SPEC } from './searchSpecs';

/** Options that make log/show/diff print file content (patches, pickaxe searches, line logs). */
const CONTENT_OPTION = /^(-p|-u|--patch|--patch-with-raw|--patch-with-stat|-U\d*|--unified|--word-diff|--color-words|-S.*|-G.*|--pickaxe-regex|--pickaxe-all|--find-object|-L.*|--binary|--full-diff|--cc|-c|-m|--remerge-diff|--diff-merges|--text|-a|--textconv|--function-context|-W)$/;
/** Options that make show/diff print names or counts only. */
const NAMES_ONLY = /^(-s|--no-patch|--stat|--numstat|--shortstat|--name-only|--name-status|--summary|--dirstat|--raw|--quiet|--exit-code|--check|--compact-summary)$/;

const DIFF_SPEC = { short: 'nSGLOUMCl', long: ['max-count', 'since', 'until', 'after', 'before', 'author', 'committer', 'grep', 'format', 'pretty', 'diff-filter', 'output', 'output-directory', 'skip', 'encoding', 'relative', 'word-diff-regex', 'anchored', 'find-object', 'contents', 'ignore-revs-file', 'color-moved', 'unified', 'src-prefix', 'dst-prefix', 'stat', 'abbrev'] } as const;

function text(w: ResolvedWord | undefined): string | null {
  return w !== undefined && w.unknown.length === 0 && w.values.length === 1 ? w.values[0].literal : null;
}

function optionNames(parsed: ParsedArgs): string[] {
  return parsed.options.map((o) => o.name + (o.value !== null && o.name.length === 2 ? o.value.text : ''));
}

function showsContent(parsed: ParsedArgs, byDefault: boolean): boolean {
  const names = optionNames(parsed);
  if (names.some((n) => CONTENT_OPTION.test(n))) return true;
  if (!byDefault) return false;
  return !names.some((n) => NAMES_ONLY.test(n));
}

/** Paths after `--`, plus path-looking operands before it (`git log -p src/`, `git blame f`). */
function pathspecs(parsed: ParsedArgs, looksLikePath: (w: ResolvedWord) => boolean): string[] {
  const out: string[] = [];
  parsed.operands.forEach((w, i) => {
    const t = text(w);
    if (t === null) return;
    if (i >= parsed.operandsBeforeDashDash) out.push(t);
    else if (t.includes(':') && !/^[a-z][a-z0-9+.-]*:\/\//i.test(t)) out.push(t.slice(t.indexOf(':') + 1).replace(/^\d:/, ''));
    else if (looksLikePath(w)) out.push(t);
  });
  return out.filter((p) => p !== '');
}

/** Revisions spelled as object ids (`a1b2c3d`, `a1b2c3d^`, `a1b2c3d:path`): they may name objects no ref reaches. */
const OBJECT_ID = /^([0-9a-f]{7,64})(?=$|[\^~:])/i;

function history(ctx: CommandContext, specs: readonly string[], words: readonly ResolvedWord[] = []): void {
  const objects = words.map((w) => OBJECT_ID.exec(text(w) ?? '')?.[1]).filter((id): id is string => id !== undefined);
  ctx.gitEffect({ kind: 'history', pathspecs: specs, ...(objects.length > 0 ? { objects } : {}) });
}

function diffTo(ctx: CommandContext, to: string, specs: readonly string[] = [], from = 'HEAD'): void {
  ctx.gitEffect({ kind: 'rewrite', pathspecs: specs, source: { type: 'diff', from, to } });
}

/** Records the history reads and work-tree rewrites of one git subcommand. */
export function gitEffects(ctx: CommandContext, sub: string, rest: readonly ResolvedWord[], looksLikePath: (w: ResolvedWord) => boolean): void {
  switch (sub) {
    case 'log': case 'whatchanged': case 'shortlog': case 'reflog': {
      const parsed = parseArgs(rest, DIFF_SPEC);
      if (showsContent(parsed, false) || (sub === 'whatchanged' && showsContent(parsed, false))) history(ctx, pathspecs(parsed, looksLikePath), parsed.operands);
      return;
    }
    case 'show': case 'diff': case 'diff-tree': case 'diff-index': case 'diff-files': case 'range-diff': case 'difftool': {
      const parsed = parseArgs(rest, DIFF_SPEC);
      if (hasOption(parsed, '--no-index')) return; // plain files, named on the command line
      if (!showsContent(parsed, sub === 'show' || sub === 'diff' || sub === 'range-diff' || sub === 'difftool')) return;
      const revs = parsed.operands.slice(0, parsed.operandsBeforeDashDash).filter((w) => !looksLikePath(w));
      // `git diff` / `git diff --cached` without a revision print the changed tracked files only.
      if ((sub === 'diff' || sub === 'difftool' || sub === 'diff-files') && revs.length === 0) ctx.gitEffect({ kind: 'history', changedOnly: true, pathspecs: pathspecs(parsed, looksLikePath) });
      else history(ctx, pathspecs(parsed, looksLikePath), parsed.operands);
      return;
    }
    case 'blame': case 'annotate': {
      const parsed = parseArgs(rest, DIFF_SPEC);
      const specs = pathspecs(parsed, looksLikePath);
      const last = text(parsed.operands[parsed.operands.length - 1]);
      history(ctx, specs.length > 0 ? specs : last !== null ? [last] : []);
      return;
    }
    case 'archive': case 'format-patch': case 'fast-export': case 'cat-file': case 'bundle': {
      if (sub === 'bundle' && text(rest[0]) !== 'create') return;
      const parsed = parseArgs(rest, { short: 'o', long: ['output', 'format', 'prefix', 'remote', 'exec', 'filters', 'path'] });
      if (sub === 'cat-file' && (hasOption(parsed, '--batch-all-objects') || parsed.options.some((o) => o.name.startsWith('--batch')))) {
        // Every object, or ids read from standard input: unreachable ones included.
        ctx.gitEffect({ kind: 'history', pathspecs: [], allObjects: true });
        return;
      }
      history(ctx, sub === 'archive' || sub === 'format-patch' ? parsed.operands.slice(1).map(text).filter((t): t is string => t !== null) : [], parsed.operands);
      return;
    }
    case 'grep': {
      const parsed = parseArgs(rest, GIT_GREP_SPEC);
      // Over the work tree git takes no revision (it refuses one): every operand is a path.
      if (hasOption(parsed, '--untracked', '--no-index') && !hasOption(parsed, '--cached')) return;
      const hasPattern = optionValues(parsed, '-e', '--regexp', '-f', '--file').length > 0;
      const before = parsed.operands.slice(hasPattern ? 0 : 1, parsed.operandsBeforeDashDash);
      const revs = before.filter((w) => !looksLikePath(w));
      if (revs.length > 0 || hasOption(parsed, '--cached')) {
        history(ctx, [...before.filter(looksLikePath), ...parsed.operands.slice(parsed.operandsBeforeDashDash)].map(text).filter((t): t is string => t !== null));
      }
      return;
    }
    case 'worktree': {
      if (text(rest[0]) === 'add') history(ctx, []);
      return;
    }
    case 'clone': {
      const parsed = parseArgs(rest, { short: 'bcou', long: ['branch', 'config', 'origin', 'upload-pack', 'depth', 'reference', 'separate-git-dir', 'template', 'filter', 'jobs'] });
      const source = text(parsed.operands[0]);
      if (source === null || !/^[a-z][a-z0-9+.-]*:\/\/|^[\w.-]+@[\w.-]+:/i.test(source) || /^file:/i.test(source)) history(ctx, []);
      return;
    }
    case 'stash':
      stashEffects(ctx, rest);
      return;
    case 'apply': case 'am': {
      const parsed = parseArgs(rest, { short: 'pC', long: ['exclude', 'include', 'directory', 'whitespace', 'build-fake-ancestor', 'patch-format', 'resolvemsg', 'quoted-cr', 'empty'] });
      if (sub === 'apply' && hasOption(parsed, '--stat', '--numstat', '--summary', '--check') && !hasOption(parsed, '--apply')) return;
      if (hasOption(parsed, '--abort', '--quit', '--show-current-patch')) return;
      if (hasOption(parsed, '--continue', '--resolved', '-r', '--skip', '--retry')) {
        ctx.gitEffect({ kind: 'rewrite', pathspecs: [], source: { type: 'unknown', why: `git ${sub} resumes a patch series Airlock cannot see` } });
        return;
      }
      const files = parsed.operands.map(text);
      const fromStdin = files.length === 0 || files.some((f) => f === null || f === '-');
      ctx.gitEffect({ kind: 'rewrite', pathspecs: [], source: { type: 'patch', files: fromStdin ? null : (files as string[]) } });
      return;
    }
    case 'switch': case 'checkout': {
      const parsed = parseArgs(rest, { short: 'bBcC', long: ['orphan', 'conflict', 'pathspec-from-file', 'create', 'force-create', 'track'] });
      if (hasOption(parsed, '--orphan')) {
        ctx.gitEffect({ kind: 'rewrite', pathspecs: [], source: { type: 'all' } });
        return;
      }
      const creating = optionValues(parsed, '-b', '-B', '-c', '-C', '--create', '--force-create').length > 0;
      const before = parsed.operands.slice(0, parsed.operandsBeforeDashDash);
      const after = parsed.operands.slice(parsed.operandsBeforeDashDash).map(text).filter((t): t is string => t !== null);
      const target = before[0];
      if (target !== undefined) {
        const t = text(target) ?? '(computed)';
        // `checkout X` without `--`: X is a revision, or a path (then the path rule judges it).
        diffTo(ctx, t === '-' ? '@{-1}' : t, [...before.slice(1).map(text).filter((x): x is string => x !== null), ...after]);
      } else if (!creating && sub === 'switch') {
        ctx.gitEffect({ kind: 'rewrite', pathspecs: [], source: { type: 'unknown', why: 'git switch without a target' } });
      }
      if (hasOption(parsed, '-f', '--force', '--discard-changes')) ctx.gitEffect({ kind: 'rewrite', pathspecs: after, source: { type: 'dirty', untracked: false, ignored: false } });
      return;
    }
    case 'reset': {
      const parsed = parseArgs(rest, { long: ['pathspec-from-file'] });
      if (!hasOption(parsed, '--hard', '--merge', '--keep')) return; // index only
      const rev = text(parsed.operands[0]) ?? 'HEAD';
      diffTo(ctx, rev);
      if (hasOption(parsed, '--hard')) ctx.gitEffect({ kind: 'rewrite', pathspecs: [], source: { type: 'dirty', untracked: false, ignored: false } });
      return;
    }
    case 'read-tree': case 'checkout-index': {
      const parsed = parseArgs(rest, { long: ['prefix', 'index-output', 'exclude-per-directory'] });
      if (sub === 'checkout-index' ? hasOption(parsed, '-a', '--all') : hasOption(parsed, '-u', '--reset')) ctx.gitEffect({ kind: 'rewrite', pathspecs: [], source: { type: 'all' } });
      return;
    }
    case 'merge': case 'rebase': {
      const parsed = parseArgs(rest, { short: 'sXmFx', long: ['strategy', 'strategy-option', 'message', 'file', 'onto', 'exec', 'into-name', 'cleanup', 'gpg-sign', 'empty', 'rebase-merges'] });
      if (hasOption(parsed, '--abort', '--quit', '--edit-todo', '--show-current-patch')) return;
      if (hasOption(parsed, '--continue', '--skip')) {
        ctx.gitEffect({ kind: 'rewrite', pathspecs: [], source: { type: 'unknown', why: `git ${sub} --continue applies changes chosen earlier` } });
        return;
      }
      const onto = optionValues(parsed, '--onto').map(text);
      const revs = onto.length > 0 ? onto : parsed.operands.map(text).slice(0, sub === 'rebase' ? 1 : undefined);
      for (const r of revs.length > 0 ? revs : ['@{upstream}']) diffTo(ctx, r ?? '(computed)');
      return;
    }
    case 'cherry-pick': case 'revert': {
      const parsed = parseArgs(rest, { short: 'mSX', long: ['mainline', 'strategy', 'strategy-option', 'gpg-sign', 'cleanup'] });
      if (hasOption(parsed, '--abort', '--quit')) return;
      if (hasOption(parsed, '--continue', '--skip')) {
        ctx.gitEffect({ kind: 'rewrite', pathspecs: [], source: { type: 'unknown', why: `git ${sub} --continue applies changes chosen earlier` } });
        return;
      }
      for (const w of parsed.operands) {
        const t = text(w) ?? '(computed)';
        const range = /^(.*?)\.\.\.?(.*)$/.exec(t);
        if (range !== null) diffTo(ctx, range[2] || 'HEAD', [], range[1] || 'HEAD');
        else diffTo(ctx, t, [], `${t}^`);
      }
      return;
    }
    case 'pull':
      ctx.gitEffect({ kind: 'rewrite', pathspecs: [], source: { type: 'unknown', why: 'git pull merges whatever the remote holds' } });
      return;
    case 'clean': {
      const parsed = parseArgs(rest, { short: 'e', long: ['exclude'] });
      if (hasOption(parsed, '-n', '--dry-run')) return;
      const ignored = hasOption(parsed, '-x');
      const onlyIgnored = hasOption(parsed, '-X');
      ctx.gitEffect({ kind: 'rewrite', pathspecs: parsed.operands.map(text).filter((t): t is string => t !== null), source: { type: 'dirty', untracked: !onlyIgnored, ignored: ignored || onlyIgnored, onlyIgnored } });
      return;
    }
    default:
      return;
  }
}

function stashEffects(ctx: CommandContext, rest: readonly ResolvedWord[]): void {
  const first = text(rest[0]);
  const SUBS = ['push', 'save', 'pop', 'apply', 'drop', 'clear', 'show', 'list', 'branch', 'create', 'store'];
  const sub = first !== null && SUBS.includes(first) ? first : 'push';
  const args = sub === 'push' && first !== 'push' ? rest : rest.slice(1);
  const parsed = parseArgs(args, { short: 'm', long: ['message', 'pathspec-from-file'] });
  const refs = parsed.operands.slice(0, parsed.operandsBeforeDashDash).map(text);
  switch (sub) {
    case 'push': case 'save': {
      if (sub === 'push' && hasOption(parsed, '--pathspec-from-file')) {
        ctx.gitEffect({ kind: 'rewrite', pathspecs: [], source: { type: 'dirty', untracked: true, ignored: true } });
        return;
      }
      const specs = sub === 'push' ? parsed.operands.map(text).filter((t): t is string => t !== null) : [];
      const all = hasOption(parsed, '-a', '--all');
      ctx.gitEffect({ kind: 'rewrite', pathspecs: specs, source: { type: 'dirty', untracked: all || hasOption(parsed, '-u', '--include-untracked'), ignored: all } });
      return;
    }
    case 'pop': case 'apply':
      diffTo(ctx, refs[0] ?? 'stash@{0}');
      return;
    case 'branch':
      diffTo(ctx, refs[1] ?? 'stash@{0}');
      return;
    case 'show':
      history(ctx, []);
      return;
    default:
      return; // drop, clear, list, create, store change no file
  }
}
