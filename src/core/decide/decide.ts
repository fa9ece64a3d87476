// decide(): the ONE place a request becomes allow / ask / deny. The hook, the editor, the
// governed tools and the CLI all call it; none of them matches patterns on its own.
import { readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import * as path from 'node:path';
import { canonicalizePath, type CanonicalPath, workspaceRoot, type WorkspaceRoot } from '../paths/canonicalPath';
import { analyzeShellCommand } from '../shell/analyzeShellCommand';
import { expandGlob } from '../shell/expandGlobOperand';
import type { PolicyEngine } from '../policy/policyEngine';
import type { ClassMatch } from '../policy/policyLayer';
import { homeGuarded } from '../policy/guardPaths';
import { gitTopLevel } from '../policy/governingRoot';
import type { SecretsVerdict, Verdict } from '../policy/policyTypes';
import type { SourceLocation } from '../policy/policyRefs';
import { type Action, type Decision, type DecisionCause, type DecisionRequest, type PathDecision } from './decisionTypes';
import type { ContentSearch } from '../search/contentSearch';
import { applySearchContent, SEARCH_CHECK_MAX_FILES } from './searchRelaxation';
import { isStricter, strictest } from '../policy/verdictOrder';
import { applyConfinement, type Confinement, refuseMootApprovals } from './confinement';
import type { DecideBudget } from './decideBudget';
import { decideGitEffects } from './gitReach';
import { linkedProtectedFile, protectedLinkIn, protectedLinks } from './protectedLinks';
import { type ScopeSecrets, type SecretCheck, scanScope, searchGlobFilter } from './scopeScan';
import { unparsedShellDecision } from './unparsedShell';
import { shellSecretVerdicts } from './shellReadVerdict';
import { globListedFolders, metadataDecision } from './metadataAccess';
import type { GitFacts } from '../workspace/gitFacts';

export interface DecideOptions {
  /** Reuse a resolved root across calls (the CLI and the hook resolve it once). */
  readonly workspace?: WorkspaceRoot;
  /** Cap on files examined for a search scope. */
  readonly scopeLimit?: number;
  /**
   * Finds a live (blocking, not baselined) secret in a file, or says the file could not be
   * scanned; null when clean. When given, a read of such a file (directly or inside a search,
   * archive or copy scope) gets the policy's `secrets` or `secretsUnscanned` verdict. Injected so
   * decide() stays free of file contents.
   */
  readonly secretIn?: (absolutePath: string) => SecretCheck | null;
  /** Time the secret check of one search scope may take before the rest counts as unscanned. */
  readonly scopeSecretBudgetMs?: number;
  /** Home directory for `~` in shell commands (default: the OS's). */
  readonly home?: string | null;
  /**
   * Airlock's sandbox standing behind this request (verified from inside, or the shell rewrite
   * into `airlock exec`): searches whose protected paths it masks are allowed. Absent: the
   * parser's verdicts alone, as without a sandbox.
   */
  readonly confinement?: Confinement;
  /**
   * The workspace's git repository, to judge git commands by what they would print from history
   * or rewrite (`git log -p`, `git switch`, `git stash`). Without it those count as reaching the
   * whole tree.
   */
  readonly git?: GitFacts;
  /** A time budget checked per path and inside scope walks; running out throws BudgetExceeded. */
  readonly budget?: DecideBudget;
  /**
   * Set when ripgrep reads a configuration file (`RIPGREP_CONFIG_PATH` in the client's
   * environment) or old greps take options from `GREP_OPTIONS`: those options (`--invert-match`,
   * `--pre`) are unseen, so no content search is relaxed.
   */
  readonly ripgrepConfig?: string;
  /**
   * Set when searches may no longer be checked by their pattern (the hook's per-session limit on
   * searches refused for matching protected content was reached): the reason, shown in answers.
   */
  readonly searchChecksOff?: string;
}

function homeDir(options: DecideOptions): string | null {
  return options.home === undefined ? homedir() : options.home;
}

const VERB: Record<Action, string> = { read: 'read', edit: 'edit', search: 'search', execute: 'run' };

function actionVerdict(m: ClassMatch, action: Action): Verdict {
  return action === 'edit' ? m.dataClass.edit : m.dataClass.read;
}

function describeMatch(m: ClassMatch, rel: string): string {
  if (m.dataClass.name === 'airlock-managed') return `"${rel}": ${m.ruleReason}`;
  let s = `"${rel}" is class "${m.dataClass.name}"`;
  if (m.exception) {
    s += ` by the exception at ${m.exception.source}:${m.exception.line} (owner ${m.exception.owner}, approved by ${m.exception.approvedBy}, expires ${m.exception.expires}: ${m.exception.reason})`;
  } else if (m.rule) {
    s += ` (rule at ${m.rule.source}:${m.rule.line}${m.ruleReason ? `: ${m.ruleReason}` : ''})`;
  } else {
    s += ' (the default class)';
  }
  if (m.byCase) s += '; it differs from a protected path only by letter case';
  return s;
}

function outsideDecision(p: CanonicalPath, verdict: Verdict, why: string): PathDecision {
  return {
    path: p.given,
    relative: null,
    outside: true,
    verdict,
    className: '(outside the workspace)',
    rule: null,
    exception: null,
    reason: `"${p.given}" ${why}; the policy's verdict for such paths is ${verdict} ("outside")`,
  };
}

/**
 * A path outside the workspace can still reach protected content: a folder that holds the
 * workspace (`grep -r x ..`) reaches all of it, and a hard link of a protected file kept outside
 * (a backup made with `cp -al`) is that file. Either gets the stricter verdict.
 */
function outsideReach(engine: PolicyEngine, ws: WorkspaceRoot, p: CanonicalPath, action: Action, cwd: string, options: DecideOptions, coverDirEdits: boolean, outer: PathDecision): PathDecision {
  if (outer.verdict === 'deny' || !p.exists) return outer;
  const wide = action === 'search' || action === 'execute' || (action === 'edit' && coverDirEdits);
  if (p.isDir && wide && ws.realRoot.startsWith(`${p.realAbsolute.replace(/\/+$/, '')}/`)) {
    const inner = decidePath(engine, ws, ws.realRoot, action, cwd, options, coverDirEdits);
    if (isStricter(inner.verdict, outer.verdict)) return { ...inner, path: p.given, reason: `"${p.given}" holds the workspace: ${inner.reason}` };
  }
  // A write through the link changes the protected file too (`echo x >> /backup/env.bak`).
  const linked = p.isDir ? (wide && action !== 'edit' ? protectedLinkIn(engine, ws, p.realAbsolute, options.budget) : null) : linkedProtectedFile(engine, ws, p.realAbsolute, options.budget);
  if (linked === null) return outer;
  const verdict = linked.rel === null ? 'deny' : decideWorkspacePath(engine, linked.rel, false, action === 'execute' ? 'read' : action).verdict;
  if (!isStricter(verdict, outer.verdict)) return outer;
  const where = 'link' in linked && linked.link !== p.realAbsolute ? `holds "${linked.link}", ` : 'is ';
  const target = linked.rel === null ? 'a file Airlock could not rule out as protected (too much to check)' : `"${linked.rel}" in the workspace`;
  return { ...outer, verdict, reason: `"${p.given}" ${where}a hard link to ${target}: it holds that file's content, so it gets its verdict (${verdict})` };
}

/** decidePath's options: a shell command's own operands (not git's) may leave folder reads to the sandbox. */
interface PathOptions extends DecideOptions {
  readonly scopesMasked?: boolean;
}

function decidePath(engine: PolicyEngine, ws: WorkspaceRoot, given: string, action: Action, cwd: string, options: PathOptions, coverDirEdits = false, searchGlob?: string, contentSearch?: ContentSearch): PathDecision {
  const scopeLimit = options.scopeLimit;
  options.budget?.check();
  const p = canonicalizePath(given, ws, cwd);
  const outsideVerdict = engine.outsideVerdict;
  if (p.lexical === null) {
    if (p.real === null) {
      const guarded = action === 'edit' || (action === 'execute' && coverDirEdits) ? homeGuarded(p.absolute, homeDir(options)) ?? homeGuarded(p.realAbsolute, homeDir(options)) : null;
      if (guarded !== null) {
        return { ...outsideDecision(p, 'deny', ''), className: 'airlock-managed', reason: `"${p.given}" is ${guarded}, an assistant or git setting outside the workspace whose change could switch Airlock off; AI edits of it are refused` };
      }
      return outsideReach(engine, ws, p, action, cwd, options, coverDirEdits, outsideDecision(p, outsideVerdict, 'is outside the workspace'));
    }
    // Outside by its spelling, inside by what it reaches (`/proc/1234/root/…`, a bind mount, a link
    // above the root): the file's own verdict, never weaker than `outside`.
    const inner = decidePath(engine, ws, `${ws.realRoot}/${p.real}`, action, cwd, options, coverDirEdits, searchGlob, contentSearch);
    return isStricter(outsideVerdict, inner.verdict) ? outsideDecision(p, outsideVerdict, `reaches "${p.real}" in the workspace through another name`) : { ...inner, path: given };
  }
  const lexical = p.lexical;

  // Classify every spelling that reaches the file; keep the strictest answer.
  const found: Array<{ m: ClassMatch; rel: string; via: string }> = [];
  for (const m of engine.classify(lexical, p.isDir)) found.push({ m, rel: lexical, via: '' });
  if (p.real === null) {
    const d = outsideDecision(p, outsideVerdict, `leads through a symlink to ${p.realAbsolute}, outside the workspace`);
    if (isStricter(d.verdict, strongest(found, action).verdict)) return d;
  } else if (p.real !== lexical) {
    for (const m of engine.classify(p.real, p.isDir)) found.push({ m, rel: p.real, via: ` (reached through a symlink from "${p.given}")` });
  }
  let best = strongest(found, action);
  let reason = `${describeMatch(best.m, best.rel)}${best.via}`;
  let reached: string | undefined;
  let unmaskedReach: string | undefined;
  let cause: DecisionCause = { kind: 'path' };

  // Under `airlock exec`, which masks every file a shell read may not reach, the kernel judges the
  // folder's files: walking them here would only cost time.
  const kernelJudges = options.scopesMasked === true && action !== 'edit';
  if (kernelJudges && p.isDir && best.verdict === 'allow') reason += '; the files inside are not walked: the command runs in Airlock\'s sandbox (`airlock exec`), which masks each one a shell read may not reach (kernel-enforced)';
  if (!kernelJudges && (action === 'search' || action === 'execute' || (action === 'edit' && coverDirEdits)) && p.isDir && best.verdict !== 'deny') {
    // A search of a folder reaches the contents of everything inside it; a shell write of a
    // folder (`rm -r`, `mv`, `tar -x`) can change everything inside it.
    const selects = action === 'search' && searchGlob ? searchGlobFilter(searchGlob) : null;
    // A content search whose pattern Airlock can reproduce may be allowed when it matches none of
    // the scope's protected files (searchRelaxation.ts): list them all.
    const collect = action === 'search' && contentSearch !== undefined && contentSearch.opaque === undefined ? SEARCH_CHECK_MAX_FILES : 0;
    const reading = action !== 'edit';
    const scope = scanScope(engine, ws, p.realAbsolute, p.real ?? lexical, reading ? 'read' : 'edit', scopeLimit, selects, options.budget, reading ? scopeSecrets(engine, options) : null, collect, options.confinement?.masks, reading ? () => protectedLinks(engine, ws, options.budget) : null);
    const listed = scope.files ? { files: scope.files.list, complete: scope.files.complete } : {};
    if (scope.unmasked) unmaskedReach = scope.unmasked.rel;
    else if (scope.unmasked === null && scope.truncated) unmaskedReach = `(files past the first ${scope.filesSeen})`;
    if (scope.secret && scope.example !== null && isStricter(scope.verdict, best.verdict)) {
      best = { ...best, verdict: scope.verdict };
      reached = scope.example;
      cause = { kind: 'scope', access: action, by: 'secret', ...listed };
      reason = `the ${VERB[action]} scope "${p.given}" includes a file that decides: ${secretReason(scope.example, scope.secret, scope.verdict)}`;
    } else if (scope.linkedTo !== undefined && scope.example !== null && isStricter(scope.verdict, best.verdict)) {
      best = { ...best, verdict: scope.verdict };
      reached = scope.example;
      cause = { kind: 'scope', access: action, by: 'class', ...listed };
      const target = scope.linkedTo === null ? 'a file whose other names Airlock could not all list (the tree is too large), so it counts as protected' : `"${scope.linkedTo}", whose verdict it carries`;
      reason = `the ${VERB[action]} scope "${p.given}" includes "${scope.example}", a hard link to ${target} (${scope.verdict})`;
    } else if (scope.match && scope.example !== null && isStricter(scope.verdict, best.verdict)) {
      best = { m: scope.match, rel: scope.example, via: '', verdict: scope.verdict };
      reached = scope.example;
      cause = { kind: 'scope', access: action, by: 'class', ...listed };
      reason = `the ${VERB[action]} scope "${p.given}" includes ${describeMatch(scope.match, scope.example)}`;
    }
    if (scope.truncated) {
      const capped = strictest(best.verdict, engine.shellVerdict);
      if (capped !== best.verdict) {
        best = { ...best, verdict: capped };
        cause = { kind: 'scope', access: action, by: 'too-many-files' };
        reason = `the ${VERB[action]} scope "${p.given}" holds more than ${scope.filesSeen} files, too many to check; narrow it`;
      }
    }
  }

  if (p.exists && !p.isDir && best.verdict !== 'deny') {
    // Another name for a protected file holds its content: it carries that file's verdict.
    const linked = linkedProtectedFile(engine, ws, p.realAbsolute, options.budget);
    const verdict = linked === null ? 'allow' : linked.rel === null ? 'deny' : decideWorkspacePath(engine, linked.rel, false, action).verdict;
    if (linked !== null && isStricter(verdict, best.verdict)) {
      best = { ...best, verdict };
      cause = { kind: 'path' };
      reason = `"${lexical}" is a hard link to ${linked.rel === null ? 'a file Airlock could not identify (the tree is too large to list), so it counts as protected' : `"${linked.rel}"`}: it holds that file's content, so it gets its verdict (${verdict})`;
    }
  }

  if ((action === 'read' || action === 'execute') && options.secretIn && p.exists && !p.isDir && best.verdict !== 'deny') {
    const found = options.secretIn(p.realAbsolute);
    const sv = found === null ? 'warn' : secretVerdictFor(engine, found);
    if (found && sv !== 'warn' && isStricter(sv, best.verdict)) {
      best = { ...best, verdict: sv };
      cause = { kind: 'path' };
      reason = secretReason(lexical, found, sv);
    } else if (found) {
      reason += 'unscanned' in found ? `; note: not scanned for secrets (${found.unscanned})` : `; note: it holds a live secret (${found.rule}, line ${found.line})`;
    }
  }

  return {
    path: given,
    relative: lexical === '' ? '.' : lexical,
    outside: false,
    verdict: best.verdict,
    className: best.m.dataClass.name,
    rule: best.m.rule,
    exception: best.m.exception,
    reason,
    ...(reached !== undefined ? { reached } : {}),
    ...(unmaskedReach !== undefined ? { unmaskedReach } : {}),
    cause,
    ...(contentSearch !== undefined ? { contentSearch } : {}),
  };
}

const DEFAULT_SCOPE_SECRET_BUDGET_MS = 3000;

function secretVerdictFor(engine: PolicyEngine, found: SecretCheck): SecretsVerdict {
  return 'unscanned' in found ? engine.secretsUnscannedVerdict : engine.secretsVerdict;
}

function scopeSecrets(engine: PolicyEngine, options: DecideOptions): ScopeSecrets | null {
  const verdicts = shellSecretVerdicts(engine);
  if (!options.secretIn || verdicts === null) return null;
  return { check: options.secretIn, ...verdicts, budgetMs: options.scopeSecretBudgetMs ?? DEFAULT_SCOPE_SECRET_BUDGET_MS };
}

/** Names the file, the rule and the line, never the secret. */
function secretReason(rel: string, found: SecretCheck, verdict: Verdict): string {
  if ('unscanned' in found) {
    return `"${rel}" was not scanned for secrets: ${found.unscanned}; the policy's verdict for files the secret scanner cannot judge is ${verdict} ("secretsUnscanned")`;
  }
  return `"${rel}" holds a live secret (${found.rule}, line ${found.line}); the policy's verdict for files with secrets is ${verdict} ("secrets"). Remove the secret or baseline the finding with \`airlock secrets baseline\``;
}

function strongest(found: Array<{ m: ClassMatch; rel: string; via: string }>, action: Action): { m: ClassMatch; rel: string; via: string; verdict: Verdict } {
  let best = { ...found[0], verdict: actionVerdict(found[0].m, action) };
  for (const f of found.slice(1)) {
    const v = actionVerdict(f.m, action);
    if (isStricter(v, best.verdict)) best = { ...f, verdict: v };
  }
  return best;
}

function summarize(paths: readonly PathDecision[], verdict: Verdict, action: Action): string {
  if (paths.length === 0) return `no paths to ${VERB[action]}`;
  const deciding = paths.filter((p) => p.verdict === verdict);
  const head = deciding.slice(0, 3).map((p) => p.reason).join('; ');
  const more = deciding.length > 3 ? ` (and ${deciding.length - 3} more)` : '';
  return `${VERB[action]} ${verdict === 'allow' ? 'allowed' : verdict === 'ask' ? 'needs approval' : 'denied'}: ${head}${more}`;
}

function failClosed(request: DecisionRequest, reason: string, location: SourceLocation | null): Decision {
  return {
    verdict: 'deny',
    enforcedVerdict: 'deny',
    action: request.action,
    monitor: false,
    reason,
    location,
    paths: request.paths.map((path) => ({ path, relative: null, outside: false, verdict: 'deny', className: '(none)', rule: null, exception: null, reason })),
  };
}

export function decide(engine: PolicyEngine, request: DecisionRequest, options: DecideOptions = {}): Decision {
  if (engine.error) {
    const first = engine.error.problems.find((p) => p.severity === 'error') ?? engine.error.problems[0];
    return failClosed(
      request,
      `Airlock denies all AI access while the policy is invalid: ${engine.error.message}. Fix the policy file; service resumes as soon as it is valid.`,
      first ? { source: first.file, line: first.line, column: first.column } : null,
    );
  }
  const off = engine.aiOff;
  if (off) return failClosed(request, `AI access is switched off for this workspace ("ai": "off" in ${off.source})`, off);

  const ws = options.workspace ?? workspaceRoot(engine.root);
  const cwd = request.cwd ?? ws.root;
  // Where a sandbox confines the request, its masks decide searches (confinement.ts): checking
  // patterns against protected files, or masked files for secrets, would only cost time. A
  // rewrite confines the shell command only, never the client's own file tools.
  const confined = options.confinement !== undefined && (options.confinement.kind === 'verified' || request.command !== undefined);
  const pathOptions = { ...options, ...(request.namesOnly ? { secretIn: undefined } : {}), ...(confined ? {} : { confinement: undefined }) };
  const paths = request.paths.map((p) => decidePath(engine, ws, p, request.action, cwd, pathOptions, false, request.searchGlob, confined ? undefined : request.contentSearch));
  if (request.command !== undefined) paths.push(...decideShellCommand(engine, ws, request.command, cwd, options, 0, !confined));
  const setsConfig = request.command !== undefined ? /RIPGREP_CONFIG_PATH|GREP_OPTIONS/.exec(request.command) : null;
  const ripgrepConfig = options.ripgrepConfig ?? (setsConfig !== null ? `the command sets ${setsConfig[0]}` : undefined);
  const unseenConfig = options.searchChecksOff ?? (ripgrepConfig !== undefined ? `${ripgrepConfig}, whose options Airlock cannot see` : undefined);
  const relaxed = applySearchContent(applyConfinement(paths, request, ws, options.confinement), unseenConfig);
  const judged = refuseMootApprovals(relaxed, request, options.confinement, (given) => canonicalizePath(given, ws, cwd).realAbsolute);
  const enforced = judged.reduce<Verdict>((v, p) => strictest(v, p.verdict), 'allow');
  const monitor = engine.monitor;
  const deciding = judged.find((p) => p.verdict === enforced);
  let reason = summarize(judged, enforced, request.action);
  if (monitor && enforced !== 'allow') reason = `monitor mode (allowed; enforcement would ${enforced}): ${reason}`;
  return {
    verdict: monitor ? 'allow' : enforced,
    enforcedVerdict: enforced,
    action: request.action,
    monitor,
    reason,
    paths: judged,
    location: deciding?.rule ? { source: deciding.rule.source, line: deciding.rule.line, column: 1 } : null,
  };
}

/**
 * The verdict for a path that is already canonical and workspace-relative (from a walk of the
 * tree): the same matching as decide() without resolving the path again. For bulk work such as
 * `airlock check` and the risk view.
 */
export function decideWorkspacePath(engine: PolicyEngine, rel: string, isDir: boolean, action: Action): PathDecision {
  if (engine.error || engine.aiOff) {
    return { path: rel, relative: rel, outside: false, verdict: 'deny', className: '(none)', rule: null, exception: null, reason: engine.error ? 'the policy is invalid' : 'AI access is switched off' };
  }
  const best = strongest(engine.classify(rel, isDir).map((m) => ({ m, rel, via: '' })), action);
  return {
    path: rel,
    relative: rel,
    outside: false,
    verdict: best.verdict,
    className: best.m.dataClass.name,
    rule: best.m.rule,
    exception: best.m.exception,
    reason: describeMatch(best.m, rel),
  };
}

/**
 * Whether the sandbox standing behind a shell command confines programs that open files by
 * themselves: reads by its masks, writes by its read-only set (edit-protected classes, Airlock's
 * files, git's config and hooks). True for a verified `airlock run` and for the rewrite into
 * `airlock exec`; never for the hook alone.
 */
function kernelConfinesPrograms(c: Confinement | undefined): boolean {
  return c !== undefined && (c.kind === 'verified' || c.masksShellReads === true);
}

/**
 * Inline programs under the sandbox. No mask covers git's object store (git needs it), and a
 * program can run git: when reachable history (or the index) holds a protected path, as
 * `git log -p` would show it, or cannot be checked, the code is NOT left to the sandbox (`kept`:
 * why, for the `shell` verdict's reason). Otherwise the kernel confines it, and the answer says so.
 */
function confinedPrograms(engine: PolicyEngine, ws: WorkspaceRoot, cwd: string, options: DecideOptions, programs: readonly string[]): { allow: PathDecision } | { kept: string } {
  const where = options.confinement?.kind === 'verified' ? "this agent runs inside Airlock's sandbox" : "the command runs in Airlock's sandbox (`airlock exec`)";
  const what = programs.slice(0, 3).join('; ');
  // Outside a repository there is no history to print.
  const history = engine.hasProtectedPaths && gitTopLevel(ws.realRoot) !== null
    ? decideGitEffects(
        {
          engine,
          ws,
          cwd,
          git: options.git,
          judge: (given, action, at) => decidePath(engine, ws, given, action, at, options, false),
          judgeSelf: (given, action, at) => decidePath(engine, ws, given, action, at, options, false),
          judgeRel: (rel, isDir, action) => {
            options.budget?.check();
            return decideWorkspacePath(engine, rel, isDir, action);
          },
        },
        [{ kind: 'history', command: 'git', pathspecs: [], cwd: null }],
      ).filter((d) => d.verdict !== 'allow')
    : [];
  if (history.length > 0) {
    return { kept: `inline code is not left to Airlock's sandbox: it can run git, and git history is not masked (${history[0].reason})` };
  }
  return { allow: unparsedShellDecision('(inline code)', 'allow', `${what}, which Airlock cannot follow; allowed because ${where}, where protected files are masked and edit-protected classes, Airlock's files and git's config and hooks are read-only (kernel-enforced)`) };
}

const SHELL_ACTION = { read: 'read', write: 'edit', search: 'search', metadata: 'read' } as const;
const MAX_SCRIPT_DEPTH = 2;
const MAX_SCRIPT_BYTES = 256 * 1024;

/**
 * The text of a shell script a command runs: null when it is not one Airlock reads (another
 * language's shebang, too large, binary), 'unreadable' when it does not exist (yet).
 */
function scriptText(abs: string): string | null | 'unreadable' {
  let text: string;
  try {
    if (statSync(abs).size > MAX_SCRIPT_BYTES) return null;
    text = readFileSync(abs, 'utf8');
  } catch {
    return 'unreadable';
  }
  if (text.includes('\0')) return null;
  const shebang = /^#!\s*(\S+)(?:\s+(\S+))?/.exec(text);
  if (shebang === null) return text;
  const interpreter = path.basename(shebang[1]) === 'env' ? shebang[2] ?? '' : path.basename(shebang[1]);
  return /^(ba|da|z|k|mk|a|yash)?sh$/.test(interpreter) ? text : null;
}
const SHELL_VERB = { read: 'reads', write: 'writes', search: 'searches', metadata: 'reads the metadata of' } as const;
const GLOB_LIMIT = 2000;

/**
 * A shell command reaches the files the shell analyzer finds in it (best effort). What cannot be
 * analysed with confidence gets the policy's `shell` verdict whenever anything is protected.
 */
/** Builtins that change what a command name runs (aliases, sourced or evaluated code, the hash table). */
const SHELL_STATE_COMMANDS = new Set(['alias', 'source', '.', 'eval', 'enable', 'hash', 'builtin']);

function decideShellCommand(engine: PolicyEngine, ws: WorkspaceRoot, command: string, cwd: string, options: DecideOptions, scriptDepth = 0, searchChecks = true): PathDecision[] {
  const analysis = analyzeShellCommand(command, { home: options.home });
  // Where `grep` may not be grep (an alias, a function, a PATH of the command's choosing), no
  // search is checked by its pattern.
  const trustSearchTools = analysis.definesFunctions !== true && !analysis.commands.some((c) => SHELL_STATE_COMMANDS.has(c)) && !/\b(?:BASH_ENV|ENV|PATH)=/.test(command);
  const checkSearches = searchChecks && trustSearchTools;
  const out: PathDecision[] = [];
  const limits = [...analysis.limits];
  // Inline code is opaque to the parser, but inside Airlock's sandbox the kernel confines what it
  // does with files: it is judged by what no mask covers (git history), not by the `shell` verdict.
  const inline = analysis.inlinePrograms ?? [];
  const confinedCode = kernelConfinesPrograms(options.confinement) && inline.length > 0 ? confinedPrograms(engine, ws, cwd, options, inline) : null;
  const programs = confinedCode !== null && 'allow' in confinedCode ? inline : [];
  const doubts = analysis.uncertain.filter((d) => !limits.includes(d) && !programs.includes(d));
  for (const op of [...analysis.operands, ...analysis.mentions]) {
    const opCwd = op.cwd === null ? cwd : path.resolve(cwd, op.cwd);
    const action = SHELL_ACTION[op.access];
    let targets = [op.path];
    if (op.glob) {
      const expansion = expandGlob(op.path, opCwd, ws.root, GLOB_LIMIT, op.globFlags);
      if (expansion.truncated) limits.push(`the glob ${op.path} matches more than ${GLOB_LIMIT} files`);
      targets = expansion.matches;
      // The glob lists each folder a match is found in: metadata of the matches is no reason to
      // list a protected folder (`stat secrets/*`).
      if (op.access === 'metadata') {
        for (const folder of globListedFolders(targets)) {
          const d = decidePath(engine, ws, folder, 'read', opCwd, options);
          out.push({ ...d, path: `${folder} (listed to expand ${op.path})`, reason: `\`${op.command}\` lists ${d.reason} to expand the glob ${op.path}`, command: op.command });
        }
      }
    }
    for (const target of targets) {
      // A sandbox does not relax git (it may read history, which no mask covers): its work-tree
      // searches (`git grep --untracked`) are checked by their pattern even where a sandbox stands.
      const patternCheck = op.command === 'git' ? trustSearchTools : checkSearches;
      const masked: PathOptions = op.command !== 'git' && options.confinement?.masksShellReads === true ? { ...options, scopesMasked: true } : options;
      // Metadata reads no content: no secret scan of the file.
      const opOptions: PathOptions = op.access === 'metadata' && !op.partial ? { ...masked, secretIn: undefined } : masked;
      const judged = decidePath(engine, ws, target, action, opCwd, opOptions, true, undefined, op.access === 'search' && patternCheck ? op.contentSearch : undefined);
      // Where `stat` may not be stat (a function, an alias, a PATH of the command's choosing), its operands stay reads.
      const d = op.access === 'metadata' && trustSearchTools ? metadataDecision(judged, { target, cwd: opCwd, listsEntries: op.listsEntries === true, partial: op.partial }, ws) : judged;
      out.push({ ...d, path: op.glob ? `${target} (from ${op.path})` : op.path, reason: `\`${op.command}\` ${SHELL_VERB[op.access]} ${d.reason}`, command: op.command });
      if (op.script === true) {
        const script = scriptText(path.resolve(opCwd, target));
        if (script === 'unreadable') {
          const writtenHere = analysis.operands.some((w) => w.access === 'write' && path.resolve(w.cwd === null ? cwd : path.resolve(cwd, w.cwd), w.path) === path.resolve(opCwd, target));
          if (writtenHere) doubts.push(`\`${op.command}\` runs ${op.path}, which this same command writes first`);
        } else if (script !== null) {
          // A shell script's commands are judged like the command line itself (bounded depth).
          if (scriptDepth >= MAX_SCRIPT_DEPTH) doubts.push(`scripts run scripts more than ${MAX_SCRIPT_DEPTH} deep (${op.path})`);
          else for (const inner of decideShellCommand(engine, ws, script, opCwd, options, scriptDepth + 1, checkSearches)) out.push({ ...inner, reason: `\`${op.command} ${op.path}\` runs a script that: ${inner.reason}` });
        }
      }
    }
  }
  if (limits.length > 0) {
    out.push(unparsedShellDecision('(shell command)', 'deny', `this command reaches too much to check in bounded time (${limits.join('; ')}); it is denied rather than let through partly checked — split it or narrow its globs`));
  }
  for (const denial of analysis.denials) {
    out.push({ path: '(shell command)', relative: null, outside: false, verdict: 'deny', className: 'airlock-managed', rule: null, exception: null, reason: `\`${denial.command}\`: ${denial.reason}` });
  }
  const gitDecisions = decideGitEffects(
      {
        engine,
        ws,
        cwd,
        git: options.git,
        judge: (given, action, at) => decidePath(engine, ws, given, action, at, options, action === 'edit'),
        judgeSelf: (given, action, at) => decidePath(engine, ws, given, action, at, options, false),
        judgeRel: (rel, isDir, action) => {
          options.budget?.check();
          return decideWorkspacePath(engine, rel, isDir, action);
        },
      },
      analysis.gitEffects,
  );
  out.push(...gitDecisions.map((d) => ({ ...d, command: 'git' })));
  if (confinedCode !== null && 'allow' in confinedCode) out.unshift(confinedCode.allow);
  if (doubts.length && engine.hasProtectedPaths) {
    const verdict = engine.shellVerdict;
    const kept = confinedCode !== null && 'kept' in confinedCode ? `; ${confinedCode.kept}` : '';
    out.push(unparsedShellDecision('(shell command)', verdict, `Airlock cannot tell with confidence which files this shell command reaches (${doubts.join('; ')}); while the workspace has protected paths the policy's verdict for such commands is ${verdict} ("shell")${kept}`));
  }
  return out;
}
