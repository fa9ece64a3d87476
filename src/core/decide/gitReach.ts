// Judges what a git command would print from history or rewrite in the work tree (GitEffects from
// the shell analyzer) against the repository itself: `git log -p` is allowed when no protected
// path was ever committed, `git switch main` when main does not change a guarded or protected
// file, `git apply x.patch` by the files the patch names. What cannot be known is the policy's
// `shell` verdict; without repository facts, the whole tree counts.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { WorkspaceRoot } from '../paths/canonicalPath';
import type { PolicyEngine } from '../policy/policyEngine';
import type { Verdict } from '../policy/policyTypes';
import { extractPatchPaths } from '../shell/patchPaths';
import type { GitEffect, GitRewriteSource } from '../shell/shellTypes';
import type { GitFacts } from '../workspace/gitFacts';
import type { PathDecision } from './decisionTypes';
import { isStricter } from '../policy/verdictOrder';
import { unparsedShellDecision } from './unparsedShell';

/** What decide() hands this module: how to judge one path, and the verdict for the unknown. */
export interface GitReachContext {
  readonly engine: PolicyEngine;
  readonly ws: WorkspaceRoot;
  readonly cwd: string;
  readonly git: GitFacts | undefined;
  /** decide()'s judgement of one path (workspace-relative or as given), with directory scopes. */
  readonly judge: (given: string, action: 'read' | 'edit' | 'search', cwd: string) => PathDecision;
  /** decide()'s judgement of the path itself, without looking inside a directory. */
  readonly judgeSelf: (given: string, action: 'read' | 'edit', cwd: string) => PathDecision;
  /** decide()'s fast judgement of a canonical workspace-relative path. */
  readonly judgeRel: (rel: string, isDir: boolean, action: 'read' | 'edit') => PathDecision;
}

const GLOB = /[*?[\]]/;

function wsRelative(ctx: GitReachContext, effectCwd: string, spec: string): string | null {
  const abs = path.resolve(effectCwd, spec.replace(/^:\(top\)|^:\//, ctx.ws.root + '/'));
  const rel = path.relative(ctx.ws.root, abs);
  if (rel.startsWith('..') || path.isAbsolute(rel)) return null;
  return rel.split(path.sep).join('/');
}

/** Keeps the paths a pathspec list selects (no pathspec: all); a glob pathspec selects all. */
function selectBy(ctx: GitReachContext, effectCwd: string, specs: readonly string[], paths: readonly string[]): readonly string[] {
  if (specs.length === 0 || specs.some((s) => GLOB.test(s) || s.startsWith(':'))) return paths;
  const prefixes = specs.map((s) => wsRelative(ctx, effectCwd, s)).filter((p): p is string => p !== null);
  if (prefixes.some((p) => p === '' || p === '.')) return paths;
  return paths.filter((p) => prefixes.some((pre) => p === pre || p.startsWith(`${pre.replace(/\/$/, '')}/`)));
}

function strictestOf(decisions: readonly PathDecision[]): PathDecision | null {
  let best: PathDecision | null = null;
  for (const d of decisions) if (best === null || isStricter(d.verdict, best.verdict)) best = d;
  return best;
}

function unknown(effect: GitEffect, verdict: Verdict, why: string, shell: Verdict = verdict): PathDecision {
  const reason = `\`${effect.command}\` ${why}; ${verdict === shell ? `the policy's verdict for what Airlock cannot check is ${verdict} ("shell")` : 'denied, since it could change Airlock\'s own files'}`;
  return unparsedShellDecision(`(git ${effect.kind === 'history' ? 'history' : 'work tree'})`, verdict, reason);
}

function summarize(effect: GitEffect, found: PathDecision, count: number): PathDecision {
  const what = effect.kind === 'history' ? (effect.trackedOnly === true ? 'searches tracked files, among them' : effect.changedOnly === true ? 'prints the changes of' : 'prints history that holds') : 'would rewrite';
  const more = count > 1 ? ` (one of ${count} paths it reaches)` : '';
  return { ...found, path: found.relative ?? found.path, reason: `\`${effect.command}\` ${what} ${found.reason}${more}` };
}

/** Unified-diff and git headers of a patch file, including renames and copies that carry no hunk. */
function patchTargets(text: string): string[] {
  const out = new Set(extractPatchPaths(text));
  for (const m of text.matchAll(/^diff --git a\/(.+?) b\/(.+)$/gm)) {
    out.add(m[1]);
    out.add(m[2]);
  }
  for (const m of text.matchAll(/^(?:rename|copy) (?:from|to) (.+)$/gm)) out.add(m[1]);
  return [...out];
}

function rewritePaths(ctx: GitReachContext, effect: GitEffect & { kind: 'rewrite' }, effectCwd: string): { paths: readonly string[] } | { unknown: string } | { skip: true } {
  const git = ctx.git;
  const source: GitRewriteSource = effect.source;
  switch (source.type) {
    case 'unknown':
      return { unknown: source.why };
    case 'patch': {
      if (source.files === null) return { unknown: 'applies a patch read from standard input or a computed file' };
      const out: string[] = [];
      for (const f of source.files) {
        let text: string;
        try {
          text = readFileSync(path.resolve(effectCwd, f), 'utf8');
        } catch {
          return { unknown: `applies ${f}, which Airlock cannot read now (written by the same command?)` };
        }
        const targets = patchTargets(text);
        if (targets.length === 0) return { unknown: `applies ${f}, in which Airlock finds no file headers` };
        out.push(...targets);
      }
      return { paths: out };
    }
    default:
      break;
  }
  if (git === undefined) return { unknown: 'rewrites the work tree, and Airlock has no repository to ask what it would change' };
  if (source.type === 'diff') {
    if (source.to.includes('(computed)') || source.from.includes('(computed)')) return { unknown: 'names a computed revision' };
    const changed = git.changedPaths(source.from, source.to);
    if (changed === null) {
      // `git checkout src/a.ts` (no `--`): not a revision but a path, which the path rule judges.
      const asPath = path.resolve(effectCwd, source.to);
      try {
        readFileSync(asPath, { flag: 'r' });
        return { skip: true };
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'EISDIR') return { skip: true };
      }
      return { unknown: `names ${source.to}, which git cannot resolve` };
    }
    if (/^stash(@\{\d+\})?$/.test(source.to)) {
      // A stash made with -u/-a also restores the untracked files of its third parent.
      const untracked = git.treePaths(`${source.to}^3`);
      if (untracked !== null) return { paths: [...changed, ...untracked] };
    }
    return { paths: changed };
  }
  if (source.type === 'dirty') {
    const dirty = git.dirtyPaths(source.untracked, source.ignored);
    return dirty === null ? { unknown: 'changes files git cannot list now' } : { paths: dirty };
  }
  const tracked = git.trackedPaths();
  return tracked === null ? { unknown: 'replaces every tracked file' } : { paths: tracked };
}

function specsAsSearch(ctx: GitReachContext, effect: GitEffect, effectCwd: string): PathDecision[] {
  const specs = effect.pathspecs.length > 0 && !effect.pathspecs.some((s) => GLOB.test(s)) ? effect.pathspecs : ['.'];
  const found = strictestOf(specs.map((s) => ctx.judge(s, 'search', effectCwd)));
  return found === null ? [] : [summarize(effect, found, specs.length)];
}

/** One PathDecision per effect: the strictest path it reaches, or the `shell` verdict for the unknown. */
export function decideGitEffects(ctx: GitReachContext, effects: readonly GitEffect[]): PathDecision[] {
  const out: PathDecision[] = [];
  const shell = ctx.engine.shellVerdict;
  for (const effect of effects) {
    const effectCwd = effect.cwd === null ? ctx.cwd : path.resolve(ctx.cwd, effect.cwd);
    if (effect.kind === 'history') {
      if (!ctx.engine.hasProtectedPaths) continue;
      if (ctx.git === undefined) {
        // Without the repository, judge what it would print as a search of the named paths.
        const specs = effect.pathspecs.length > 0 && !effect.pathspecs.some((s) => GLOB.test(s)) ? effect.pathspecs : ['.'];
        const found = strictestOf(specs.map((s) => ctx.judge(s, 'search', effectCwd)));
        if (found !== null) out.push(summarize(effect, found, specs.length));
        if (effect.trackedOnly !== true && effect.changedOnly !== true) out.push(unknown(effect, shell, 'prints content from git history, which Airlock has no repository to check'));
        continue;
      }
      if (effect.trackedOnly === true || effect.changedOnly === true) {
        const tracked = effect.changedOnly === true ? ctx.git.dirtyPaths(false, false) : ctx.git.trackedPaths();
        if (tracked === null) {
          out.push(...specsAsSearch(ctx, effect, effectCwd));
          continue;
        }
        const reach = selectBy(ctx, effectCwd, effect.pathspecs, tracked);
        const found = strictestOf(reach.map((p) => ctx.judgeRel(p, false, 'read')));
        if (found !== null) out.push(summarize(effect, found, reach.length));
        continue;
      }
      const history = ctx.git.historyPaths();
      if (history === null || history.truncated) {
        out.push(unknown(effect, shell, 'prints content from git history, which is too large to check in time'));
        continue;
      }
      const tracked = ctx.git.trackedPaths() ?? [];
      // Objects named by id or read in bulk may be ones no ref reaches (a dropped stash).
      const extra: string[] = [];
      let nameless: string | null = null;
      for (const id of effect.objects ?? []) {
        const paths = ctx.git.objectPaths(id);
        if (paths === null) nameless = `prints object ${id}, whose file name Airlock cannot know`;
        else extra.push(...paths);
      }
      if (effect.allObjects === true) {
        const lost = ctx.git.unreachable();
        if (lost === null) nameless = 'prints every object in the repository, and Airlock cannot list the unreachable ones in time';
        else {
          extra.push(...lost.paths);
          if (lost.namelessBlobs > 0) nameless = `prints every object, including ${lost.namelessBlobs} unreachable file version(s) whose names Airlock cannot know`;
        }
      }
      if (nameless !== null) out.push(unknown(effect, shell, nameless));
      const reach = selectBy(ctx, effectCwd, effect.pathspecs, [...new Set([...history.paths, ...tracked, ...extra])]);
      const found = strictestOf(reach.map((p) => ctx.judgeRel(p, false, 'read')));
      if (found !== null) out.push(summarize(effect, found, reach.length));
      continue;
    }
    if (ctx.git === undefined && effect.source.type !== 'patch' && effect.source.type !== 'unknown') {
      // No repository facts: the whole tree (or the named paths) may change.
      const specs = effect.pathspecs.length > 0 ? effect.pathspecs : ['.'];
      const found = strictestOf(specs.map((s) => ctx.judge(s, 'edit', effectCwd)));
      if (found !== null) out.push(summarize(effect, found, specs.length));
      continue;
    }
    // A named pathspec counts itself: `git stash -- .airlock` aims at Airlock's files even when
    // nothing there has changed yet.
    const named = strictestOf(effect.pathspecs.filter((s) => !GLOB.test(s)).map((s) => ctx.judgeSelf(s, 'edit', effectCwd)));
    if (named !== null && named.verdict !== 'allow') out.push(summarize(effect, named, effect.pathspecs.length));
    const reach = rewritePaths(ctx, effect, effectCwd);
    if ('skip' in reach) continue;
    if ('unknown' in reach) {
      // A patch Airlock cannot read could rewrite the policy itself: write it to a file first.
      const verdict = effect.source.type === 'patch' ? 'deny' : shell;
      out.push(unknown(effect, verdict, effect.source.type === 'patch' ? `${reach.unknown} (write the patch to a file so Airlock can check which files it changes)` : reach.unknown, shell));
      continue;
    }
    const selected = selectBy(ctx, effectCwd, effect.pathspecs, reach.paths);
    const found = strictestOf(selected.map((p) => (p.endsWith('/') ? ctx.judge(p, 'edit', ctx.ws.root) : ctx.judgeRel(p, false, 'edit'))));
    if (found !== null) out.push(summarize(effect, found, selected.length));
  }
  return out;
}
