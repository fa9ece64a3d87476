// One validated policy document compiled for matching: rules and live exceptions in one
// ordered PatternSet (exceptions after rules, so a live exception is the last word in its layer).
import type { ExceptionRef, RuleRef } from './policyRefs';
import { compileGitignorePattern, type CompiledPattern, type PatternResult } from './gitignorePattern';
import { NO_MATCH, type PatternIndexData, type PatternMatch, PatternSet } from './patternSet';
import type { DataClass, PolicyDocument, PolicyException, PolicyRule } from './policyTypes';
import { isExpired } from './exceptionExpiry';
import { loosens } from './verdictOrder';

/** What one layer says about one path. */
export interface ClassMatch {
  readonly source: string;
  readonly dataClass: DataClass;
  readonly rule: RuleRef | null;
  readonly ruleReason?: string;
  readonly exception: ExceptionRef | null;
  /** True when only a case-insensitive match found this class. */
  readonly byCase: boolean;
}

/** What pattern i of a layer belongs to: a rule, or a live exception (the line of that pattern). */
export type LayerEntry = { kind: 'rule'; rule: PolicyRule; line: number } | { kind: 'exception'; exception: PolicyException; line: number };

/**
 * A layer as the compiled-policy cache keeps it: the literal index as stored, and each pattern
 * and entry built only when a path selects it, so an org policy loads without per-rule work.
 */
export interface PrebuiltLayer {
  readonly index: PatternIndexData;
  readonly pattern: (i: number) => CompiledPattern;
  readonly entry: (i: number) => LayerEntry;
  /** Every class some rule names. */
  readonly ruleClasses: readonly string[];
}

export class PolicyLayer {
  private readonly set: PatternSet;
  private readonly entries: Array<LayerEntry | undefined> = [];
  private readonly loadEntry: (i: number) => LayerEntry;
  private ruleClassSet: ReadonlySet<string> | undefined;
  readonly liveExceptions: readonly PolicyException[];
  readonly expiredExceptions: readonly PolicyException[];

  constructor(
    readonly doc: PolicyDocument,
    now: Date,
    /** Compiles a pattern; or the layer as the compiled-policy cache already has it. */
    compile: ((text: string) => PatternResult) | PrebuiltLayer = compileGitignorePattern,
  ) {
    const live: PolicyException[] = [];
    const expired: PolicyException[] = [];
    for (const exception of doc.exceptions) (isExpired(exception.expires, now) ? expired : live).push(exception);
    this.liveExceptions = live;
    this.expiredExceptions = expired;
    if (typeof compile !== 'function') {
      this.set = new PatternSet(compile.index, compile.pattern);
      this.loadEntry = compile.entry;
      this.ruleClassSet = new Set(compile.ruleClasses);
      return;
    }
    this.loadEntry = () => {
      throw new Error('pattern index out of range');
    };
    const patterns: CompiledPattern[] = [];
    const add = (text: string, entry: LayerEntry): void => {
      const compiled = compile(text.normalize('NFC'));
      // Validation already rejected invalid patterns; this guards direct construction.
      if (!compiled.ok) throw new Error(`invalid pattern ${JSON.stringify(text)}: ${compiled.problem.message}`);
      patterns.push(compiled.pattern);
      this.entries.push(entry);
    };
    for (const rule of doc.rules) {
      for (const p of rule.patterns) add(p.text, { kind: 'rule', rule, line: p.location.line });
    }
    for (const exception of live) {
      for (const p of exception.patterns) add(p.text, { kind: 'exception', exception, line: p.location.line });
    }
    this.set = new PatternSet(patterns);
  }

  /** What pattern i belongs to. */
  entry(i: number): LayerEntry {
    return (this.entries[i] ??= this.loadEntry(i));
  }

  /** The literal index, as data (for the compiled-policy cache). */
  indexData(): PatternIndexData {
    return this.set.indexData();
  }

  /** Every class some rule of this layer names. */
  get ruleClasses(): ReadonlySet<string> {
    return (this.ruleClassSet ??= new Set(this.doc.rules.map((r) => r.className)));
  }

  /** Every compiled pattern of the layer, in order (for the compiled-policy cache). */
  get compiledPatterns(): readonly CompiledPattern[] {
    return Array.from({ length: this.set.size }, (_, i) => this.set.pattern(i));
  }

  get patternCount(): number {
    return this.set.size;
  }

  /** The class of a workspace-relative path: exact gitignore meaning, and (if different) ignoring case. */
  classify(rel: string, isDir: boolean): ClassMatch[] {
    return this.classifyFrom(this.set.match(rel, isDir));
  }

  /** The winning patterns for a path (what ClassifyStore keeps). */
  winners(rel: string, isDir: boolean): PatternMatch {
    return this.set.match(rel, isDir);
  }

  /** Whether a stored winner can belong to this layer. */
  holds(index: number): boolean {
    return Number.isInteger(index) && index >= NO_MATCH && index < this.set.size;
  }

  /** The classes for the winning patterns. */
  classifyFrom(m: PatternMatch): ClassMatch[] {
    const exact = this.toMatch(m.exact, false);
    if (m.folded === m.exact) return [exact];
    return [exact, this.toMatch(m.folded, true)];
  }

  /**
   * Earlier rules that would protect this path more strictly than the rule that wins: a later,
   * looser rule overrides them (the last match wins), which a team lead may not have meant.
   */
  loosenings(rel: string, isDir: boolean): Array<{ winner: PolicyRule; overridden: PolicyRule }> {
    const all = this.set.matchAll(rel, isDir);
    if (all.length < 2) return [];
    const top = this.entry(all[0]);
    // A rule naming the file itself is a deliberate carve-out (".env.example" after ".env.*");
    // a folder rule that sweeps over a stricter file rule is the likely mistake.
    if (top.kind !== 'rule' || this.set.pattern(all[0]).self.test(rel)) return [];
    const winner = this.cls(top.rule.className);
    const out: Array<{ winner: PolicyRule; overridden: PolicyRule }> = [];
    for (const i of all.slice(1)) {
      const e = this.entry(i);
      if (e.kind !== 'rule' || e.rule === top.rule || out.some((o) => o.overridden === e.rule)) continue;
      const c = this.cls(e.rule.className);
      if (loosens(winner, c)) out.push({ winner: top.rule, overridden: e.rule });
    }
    return out;
  }

  private toMatch(index: number, byCase: boolean): ClassMatch {
    const source = this.doc.source;
    if (index === NO_MATCH) {
      return { source, dataClass: this.cls(this.doc.defaultClass), rule: null, exception: null, byCase };
    }
    const entry = this.entry(index);
    if (entry.kind === 'rule') {
      return {
        source,
        dataClass: this.cls(entry.rule.className),
        rule: { source, line: entry.line },
        ruleReason: entry.rule.reason,
        exception: null,
        byCase,
      };
    }
    const e = entry.exception;
    return {
      source,
      dataClass: this.cls(e.className),
      rule: { source, line: entry.line },
      exception: { source, line: e.location.line, owner: e.owner, reason: e.reason, approvedBy: e.approvedBy, expires: e.expires },
      byCase,
    };
  }

  private cls(name: string): DataClass {
    const c = this.doc.classes.get(name);
    if (!c) throw new Error(`class "${name}" is not defined`);
    return c;
  }
}
