// The policy reduced to what native files can carry: its patterns in order, each with its class's
// read and edit verdicts, plus the pattern arithmetic the compilers share.
import { Minimatch } from 'minimatch';
import { compileGitignorePattern, trimTrailingSpaces } from '../policy/gitignorePattern';
import type { PolicyDocument, Verdict } from '../policy/policyTypes';
import type { SourceLocation } from '../policy/policyRefs';
import { isExpired } from '../policy/exceptionExpiry';
import { OverlapOracle, patternShape } from '../policy/patternOverlap';
import type { NativeWarning } from './nativeTypes';

export interface ClassifiedPattern {
  /** The pattern as written in the policy (gitignore syntax, relative to the workspace root). */
  readonly text: string;
  /** A slash at the start or in the middle: matches from the root only. */
  readonly anchored: boolean;
  /** Trailing slash: matches directories only. */
  readonly dirOnly: boolean;
  /** Without leading and trailing slashes (and unescaped trailing spaces). */
  readonly body: string;
  readonly className: string;
  readonly read: Verdict;
  readonly edit: Verdict;
  readonly location: SourceLocation;
  /** From a live exception: native files cannot expire, so they never loosen for it. */
  readonly fromException: boolean;
}

export interface ClassifiedPolicy {
  /** Rules then live exceptions, in order: the last pattern covering a path decides its class. */
  readonly patterns: readonly ClassifiedPattern[];
  readonly defaultClass: string;
  readonly defaultRead: Verdict;
  readonly defaultEdit: Verdict;
  readonly aiOff: boolean;
  readonly monitor: boolean;
  readonly warnings: readonly NativeWarning[];
  /** mayOverlap(patterns[i], patterns[j]), remembered: the compilers ask it for many pairs. */
  readonly overlap: (i: number, j: number) => boolean;
  /**
   * The overlap a person would see (names that look like files are files): to NAME the earlier
   * pattern a carve-out cuts into. `overlap` stays the one that decides what is written.
   */
  readonly namedOverlap: (i: number, j: number) => boolean;
}

/** Splits a gitignore pattern into its parts; null when it is not a usable class pattern. */
export function parsePattern(text: string): { anchored: boolean; dirOnly: boolean; body: string } | null {
  const compiled = compileGitignorePattern(text);
  if (!compiled.ok) return null;
  let p = trimTrailingSpaces(text);
  if (p.endsWith('/') && !p.endsWith('\\/')) p = p.replace(/\/+$/, '');
  const body = p.replace(/^\/+/, '');
  return { anchored: compiled.pattern.anchored, dirOnly: compiled.pattern.dirOnly, body };
}

/** True when a verdict keeps something from an AI (ask needs a human, deny refuses). */
export function isProtected(v: Verdict): boolean {
  return v !== 'allow';
}

export function classifyPolicy(policy: PolicyDocument, now: Date): ClassifiedPolicy {
  const warnings: NativeWarning[] = [];
  const patterns: ClassifiedPattern[] = [];
  const verdicts = (name: string): { read: Verdict; edit: Verdict } => {
    const c = policy.classes.get(name);
    // An unknown class is a validation error upstream; fail closed here.
    return c ? { read: c.read, edit: c.edit } : { read: 'deny', edit: 'deny' };
  };
  const add = (text: string, className: string, location: SourceLocation, fromException: boolean): void => {
    const parsed = parsePattern(text);
    if (!parsed) {
      // The loader rejects these; skipping a protected pattern would loosen, so say so loudly.
      warnings.push({ file: '', message: `pattern ${JSON.stringify(text)} is not a valid gitignore class pattern and was left out of every native file; fix the policy`, pattern: text, location });
      return;
    }
    patterns.push({ text, ...parsed, className, ...verdicts(className), location, fromException });
  };
  for (const rule of policy.rules) {
    for (const p of rule.patterns) add(p.text, rule.className, p.location, false);
  }
  for (const ex of policy.exceptions) {
    if (isExpired(ex.expires, now)) continue;
    const v = verdicts(ex.className);
    if (!isProtected(v.read) || !isProtected(v.edit)) {
      warnings.push({
        file: '',
        message: `exception for ${ex.patterns.map((p) => p.text).join(', ')} (class "${ex.className}", expires ${ex.expires}) is applied by the Airlock hook only: native files cannot expire, so they keep the stricter rules`,
        location: ex.location,
      });
    }
    for (const p of ex.patterns) add(p.text, ex.className, p.location, true);
  }
  const d = verdicts(policy.defaultClass);
  const memo = new Map<number, boolean>();
  const segs = patterns.map((p) => rootedGlob(p).split('/'));
  const meet: GlobCache = new Map();
  const overlap = (i: number, j: number): boolean => {
    const key = i < j ? i * patterns.length + j : j * patterns.length + i;
    let v = memo.get(key);
    if (v === undefined) {
      v = segmentsOverlap(segs[i], segs[j], meet);
      memo.set(key, v);
    }
    return v;
  };
  const oracle = new OverlapOracle();
  const shapes = patterns.map((p) => patternShape(p.text));
  return {
    overlap,
    namedOverlap: (i, j) => oracle.overlap(shapes[i], shapes[j]),
    patterns,
    defaultClass: policy.defaultClass,
    defaultRead: d.read,
    defaultEdit: d.edit,
    aiOff: policy.ai === 'off',
    monitor: policy.mode === 'monitor',
    warnings,
  };
}

/** The pattern as a root-relative glob that matches the same paths (unanchored ones at any depth). */
export function rootedGlob(p: { anchored: boolean; body: string }): string {
  if (p.anchored || p.body.startsWith('**/') || p.body === '**') return p.body;
  return `**/${p.body}`;
}

const GLOB_CHARS = /[*?[\\]/;

/** Compiled single-segment globs, shared by every comparison in one classification. */
type GlobCache = Map<string, Minimatch>;

function segmentsMayMeet(a: string, b: string, cache: GlobCache): boolean {
  const aLit = !GLOB_CHARS.test(a);
  const bLit = !GLOB_CHARS.test(b);
  if (aLit && bLit) return a === b;
  if (!aLit && !bLit) return true;
  const [lit, glob] = aLit ? [a, b] : [b, a];
  let m = cache.get(glob);
  if (!m) {
    m = new Minimatch(glob, { dot: true });
    cache.set(glob, m);
  }
  return m.match(lit);
}

function segmentsOverlap(sa: readonly string[], sb: readonly string[], cache: GlobCache): boolean {
  const n = Math.min(sa.length, sb.length);
  for (let i = 0; i < n; i++) {
    if (sa[i] === '**' || sb[i] === '**') return true;
    if (!segmentsMayMeet(sa[i], sb[i], cache)) return false;
  }
  return true;
}

/**
 * Conservative: false only when no path can be covered by both patterns (one matching the path or
 * an ancestor of it). Used to decide where a later rule could carve something out of an earlier one.
 */
export function mayOverlap(a: { anchored: boolean; body: string }, b: { anchored: boolean; body: string }): boolean {
  return segmentsOverlap(rootedGlob(a).split('/'), rootedGlob(b).split('/'), new Map());
}
