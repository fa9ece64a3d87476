// The ONE policy report: what `airlock check` prints and the editor shows in Problems, with the
// same codes and the same words. Pattern checks always (never-matching, backslash, shadowed and
// loosening patterns, decided on the patterns alone); path checks when given the workspace walk
// (how many files each loosening reaches, with an example). Sub-quadratic: patterns are indexed,
// never compared all against all. Work is yielded in small steps so an editor can run it in slices.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { CompiledPattern } from './gitignorePattern';
import { OverlapOracle, patternShape, type PatternShape } from './patternOverlap';
import { PatternSet } from './patternSet';
import type { PolicyEngine } from './policyEngine';
import type { PolicyProblem } from './policyError';
import type { DataClass, PolicyDocument, PolicyPattern, PolicyRule } from './policyTypes';
import { SourceText } from './sourceText';
import { loosens } from './verdictOrder';

export const NEVER_MATCHES = 'never-matches';
export const SHADOWED_PATTERN = 'shadowed-pattern';
export const BACKSLASH_SEPARATOR = 'backslash-separator';
export const LOOSENED_BY_LATER_RULE = 'loosened-by-later-rule';

/** Earlier stricter patterns named in one loosening warning; more are counted. */
const NAMED_PER_WARNING = 3;

export interface ReportOptions {
  /** Reads a policy file (the editor passes unsaved text); default: from disk. */
  readonly readText?: (file: string) => string;
  /** Workspace-relative files of the walk: adds what each loosening reaches in this workspace. */
  readonly files?: readonly string[];
}

/** Why a pattern can never match a canonical workspace-relative path, or null. */
export function neverMatchReason(text: string): string | null {
  const body = text.replace(/^\/+/, '').replace(/\/+$/, '');
  if (body.split('/').some((s) => s === '.' || s === '..')) {
    return 'paths are matched in canonical form (no "." or ".." segments), so this pattern never matches; write the path without them';
  }
  if (text.startsWith('~/')) return '"~" is not expanded: patterns are relative to the workspace root, so this pattern never matches';
  if (/^[A-Za-z]:[\\/]/.test(text) || /^\/(?:home|Users)\/[^/]+\//.test(text)) {
    return 'this looks like an absolute file-system path, but patterns are relative to the workspace root (a leading "/" anchors there), so it never matches';
  }
  return null;
}

function isLiteral(text: string): boolean {
  return !/[*?[\\]/.test(text);
}

interface Entry {
  readonly rule: PolicyRule;
  readonly p: PolicyPattern;
  readonly c: CompiledPattern;
  readonly shape: PatternShape;
  readonly cls: DataClass;
  readonly index: number;
}

const norm = (text: string): string => text.replace(/\s+$/, '');
const MATCH_ALL = new Set(['**', '*', '**/*']);

/** One document's pattern checks, one pattern per step. */
class DocumentReport {
  private readonly src: SourceText;
  private readonly entries: Entry[] = [];
  private set: PatternSet | undefined;
  private readonly oracle = new OverlapOracle();
  /**
   * Earlier anchored patterns by their leading literal path ("a/b" for "/a/b/*.ts"), and under every
   * shorter literal path above it; unanchored ones and those starting with a glob are "wild".
   */
  private readonly byPrefix = new Map<string, Entry[]>();
  private readonly below = new Map<string, Entry[]>();
  private readonly wild: Entry[] = [];
  private readonly lastByText = new Map<string, number>();
  private lastMatchAll = -1;
  /** Classes of the patterns indexed so far: no stricter one means nothing to look for. */
  private readonly seenClasses = new Map<string, DataClass>();

  constructor(
    private readonly doc: PolicyDocument,
    text: string,
    /** The layer's compiled rule patterns, in order: compiled once, by the engine. */
    private readonly compiled: readonly CompiledPattern[],
  ) {
    this.src = new SourceText(doc.source, text);
  }

  /** Indexes the rule patterns, a chunk per step. */
  private *prepare(): Generator<PolicyProblem[]> {
    let k = 0;
    for (const rule of this.doc.rules) {
      const cls = this.doc.classes.get(rule.className);
      for (const p of rule.patterns) {
        const c = this.compiled[k++];
        if (!c || !cls) continue;
        const index = this.entries.length;
        this.entries.push({ rule, p, c, shape: patternShape(p.text), cls, index });
        this.lastByText.set(norm(p.text), index);
        if (!c.dirOnly && MATCH_ALL.has(norm(p.text).replace(/^\/+/, ''))) this.lastMatchAll = index;
        if (index % 500 === 499) yield [];
      }
    }
    this.set = new PatternSet(this.entries.map((e) => e.c));
  }

  private at(p: PolicyPattern, message: string, code: string): PolicyProblem {
    return { file: this.doc.source, line: p.location.line, column: p.location.column, offset: this.src.offset(p.location.line, p.location.column), length: JSON.stringify(p.text).length, message, code, severity: 'warning' };
  }

  *steps(): Generator<PolicyProblem[]> {
    yield* this.prepare();
    for (const p of [...this.doc.rules.flatMap((r) => r.patterns), ...this.doc.exceptions.flatMap((e) => e.patterns)]) yield this.syntaxChecks(p);
    for (const e of this.entries) {
      const out = neverMatchReason(e.p.text) ? [] : this.shadowCheck(e);
      const loosened = this.looseningCheck(e);
      if (loosened) out.push(loosened);
      this.index(e);
      yield out;
    }
  }

  private syntaxChecks(p: PolicyPattern): PolicyProblem[] {
    const why = neverMatchReason(p.text);
    if (why) return [this.at(p, `pattern ${JSON.stringify(p.text)}: ${why}`, NEVER_MATCHES)];
    if (/\\[A-Za-z0-9_]/.test(p.text) && isLiteral(p.text.replace(/\\/g, ''))) {
      return [this.at(p, `pattern ${JSON.stringify(p.text)}: a backslash escapes the next character in gitignore syntax, it is not a path separator (this matches "${p.text.replace(/\\(.)/g, '$1')}"); use "/"`, BACKSLASH_SEPARATOR)];
    }
    return [];
  }

  /** A later pattern of another rule that matches every path this one matches (decidable cases only). */
  private shadowedBy(e: Entry): Entry | undefined {
    const later = (i: number): Entry | undefined => (i > e.index && this.entries[i].rule !== e.rule ? this.entries[i] : undefined);
    const same = this.lastByText.get(norm(e.p.text));
    const byText = same !== undefined ? later(same) : undefined;
    if (byText) return byText;
    if (this.lastMatchAll > e.index && this.entries[this.lastMatchAll].rule !== e.rule) return this.entries[this.lastMatchAll];
    if (!isLiteral(e.p.text)) return undefined;
    const path = norm(e.p.text).replace(/^\/+/, '').replace(/\/+$/, '');
    // Highest first: the last rule that covers the literal path is the one that wins over it.
    for (const i of this.set?.matchAll(path, e.c.dirOnly) ?? []) {
      const l = later(i);
      if (!l) continue;
      // An unanchored literal matches at any depth: only an unanchored later pattern covers them all.
      if (!e.c.anchored && l.c.anchored) continue;
      if (e.c.dirOnly || l.c.covers.test(path)) return l;
    }
    return undefined;
  }

  private shadowCheck(e: Entry): PolicyProblem[] {
    const by = this.shadowedBy(e);
    if (!by) return [];
    const where = `${basename(this.doc.source)} line ${by.p.location.line}`;
    return [
      this.at(
        e.p,
        by.rule.className === e.rule.className
          ? `pattern ${JSON.stringify(e.p.text)} is redundant: the later rule at ${where} (${JSON.stringify(by.p.text)}) gives the same class "${e.rule.className}" to every path it matches`
          : `pattern ${JSON.stringify(e.p.text)} is shadowed: the later rule at ${where} (${JSON.stringify(by.p.text)}, class "${by.rule.className}") matches every path it matches, and the last matching rule wins, so class "${e.rule.className}" never applies here`,
        SHADOWED_PATTERN,
      ),
    ];
  }

  /**
   * Earlier patterns that could cover a path `e` covers, nearest first: two anchored patterns can
   * meet only when one's literal path is a prefix of the other's.
   */
  private *candidates(e: Entry): Generator<Entry> {
    const prefix = e.shape.literalPrefix;
    if (prefix.length === 0) {
      for (let i = e.index - 1; i >= 0; i--) yield this.entries[i];
      return;
    }
    const lists: Entry[][] = [this.wild];
    for (let k = 1; k <= prefix.length; k++) {
      const at = this.byPrefix.get(prefix.slice(0, k).join('/'));
      if (at) lists.push(at);
    }
    const deeper = this.below.get(prefix.join('/'));
    if (deeper) lists.push(deeper);
    // Merge the ascending lists, nearest (highest index) first.
    const pos = lists.map((l) => l.length - 1);
    for (;;) {
      let best = -1;
      for (let k = 0; k < lists.length; k++) if (pos[k] >= 0 && (best < 0 || lists[k][pos[k]].index > lists[best][pos[best]].index)) best = k;
      if (best < 0) return;
      yield lists[best][pos[best]--];
    }
  }

  private looseningCheck(e: Entry): PolicyProblem | null {
    if (e.rule.carveOut || neverMatchReason(e.p.text)) return null;
    if (![...this.seenClasses.values()].some((c) => loosens(e.cls, c))) return null;
    const named: Entry[] = [];
    let more = false;
    const seenRules = new Set<PolicyRule>();
    for (const x of this.candidates(e)) {
      if (x.rule === e.rule || seenRules.has(x.rule) || !loosens(e.cls, x.cls)) continue;
      if (!this.oracle.overlap(x.shape, e.shape)) continue;
      if (named.length === NAMED_PER_WARNING) {
        more = true;
        break;
      }
      named.push(x);
      seenRules.add(x.rule);
    }
    if (named.length === 0) return null;
    const list = named.map((x) => `${JSON.stringify(x.p.text)} (class "${x.rule.className}", line ${x.p.location.line})`).join(', ');
    return this.at(
      e.p,
      `pattern ${JSON.stringify(e.p.text)} (class "${e.rule.className}") can loosen the stricter earlier ${named.length === 1 && !more ? 'pattern' : 'patterns'} ${list}${more ? ' and more' : ''}: the last matching rule wins, so a path both cover gets class "${e.rule.className}"; move the stricter rules below this one, or mark this rule "carveOut": true if that is meant`,
      LOOSENED_BY_LATER_RULE,
    );
  }

  private index(e: Entry): void {
    this.seenClasses.set(e.cls.name, e.cls);
    const prefix = e.shape.literalPrefix;
    if (prefix.length === 0) {
      this.wild.push(e);
      return;
    }
    const add = (map: Map<string, Entry[]>, key: string): void => {
      const list = map.get(key);
      if (list) list.push(e);
      else map.set(key, [e]);
    };
    add(this.byPrefix, prefix.join('/'));
    for (let k = 1; k < prefix.length; k++) add(this.below, prefix.slice(0, k).join('/'));
  }
}

/** What the walk adds: per loosening rule, how many files it takes from a stricter rule (in steps). */
function* pathFacts(engine: PolicyEngine, files: readonly string[], out: Map<PolicyRule, { count: number; example: string }>): Generator<PolicyProblem[]> {
  for (let i = 0; i < files.length; i++) {
    if (i % 1000 === 999) yield [];
    const rel = files[i];
    for (const layer of engine.layers) {
      for (const l of layer.loosenings(rel, false)) {
        const seen = out.get(l.winner);
        if (seen) seen.count++;
        else out.set(l.winner, { count: 1, example: rel });
      }
    }
  }
}

/**
 * The report in steps (each a few patterns' worth of work): validation problems first, then each
 * layer's pattern checks, then the path facts folded into the loosening warnings.
 */
export function* policyReportSteps(engine: PolicyEngine, options: ReportOptions = {}): Generator<PolicyProblem[]> {
  yield [...engine.problems];
  if (!engine.valid) return;
  const readText = options.readText ?? ((f: string) => readFileSync(f, 'utf8'));
  const loosened: Array<{ problem: PolicyProblem; rule: PolicyRule }> = [];
  for (const layer of engine.layers) {
    let text: string;
    try {
      text = readText(layer.doc.source);
    } catch {
      continue; // Loading reported it.
    }
    const rulePatterns = layer.doc.rules.reduce((n, r) => n + r.patterns.length, 0);
    const report = new DocumentReport(layer.doc, text, layer.compiledPatterns.slice(0, rulePatterns));
    const ruleAt = new Map(layer.doc.rules.flatMap((r) => r.patterns.map((p) => [`${p.location.line}:${p.location.column}`, r] as const)));
    for (const problems of report.steps()) {
      const now: PolicyProblem[] = [];
      for (const p of problems) {
        const rule = p.code === LOOSENED_BY_LATER_RULE ? ruleAt.get(`${p.line}:${p.column}`) : undefined;
        if (rule && options.files) loosened.push({ problem: p, rule });
        else now.push(p);
      }
      yield now;
    }
  }
  if (!options.files) return;
  const facts = new Map<PolicyRule, { count: number; example: string }>();
  yield* pathFacts(engine, options.files, facts);
  yield loosened.map(({ problem, rule }) => {
    const f = facts.get(rule);
    return f ? { ...problem, message: `${problem.message} (in this workspace: ${f.count} file${f.count === 1 ? '' : 's'}, e.g. ${f.example})` } : problem;
  });
}

/** The whole report at once (the CLI). */
export function policyReport(engine: PolicyEngine, options: ReportOptions = {}): PolicyProblem[] {
  const out: PolicyProblem[] = [];
  for (const step of policyReportSteps(engine, options)) out.push(...step);
  return out;
}
