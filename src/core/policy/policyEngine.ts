// The loaded policy: every layer (machine baseline, `extends` chain, repository policy) compiled,
// plus Airlock's guard over its own files. Layers are combined by "the strictest verdict wins",
// so the repository can tighten a baseline but never loosen it.
import { strictest } from './verdictOrder';
import type { PatternResult } from './gitignorePattern';
import { GUARD_REASON } from './guardPaths';
import { guardSet } from './guardSet';
import type { ClassifyStore } from './classifyStore';
import type { SignedPackPlace } from '../util/signedPack';
import { NO_MATCH } from './patternSet';
import { PolicyError, type PolicyProblem } from './policyError';
import { type ClassMatch, PolicyLayer, type PrebuiltLayer } from './policyLayer';
import { type DataClass, DEFAULT_SECRETS_CONFIDENCE, type PolicyDocument, type SecretsVerdict, type TelemetrySettings, type Verdict } from './policyTypes';
import type { SourceLocation } from './policyRefs';

const GUARD_CLASS: DataClass = {
  name: 'airlock-managed',
  read: 'allow',
  edit: 'deny',
  risk: 'high',
  reviewRequired: false,
  description: GUARD_REASON,
  location: { source: 'airlock (built-in guard)', line: 0, column: 0 },
};

/** How many classify() answers an engine keeps. */
const CLASSIFY_MEMO = 20_000;

export class PolicyEngine {
  readonly layers: readonly PolicyLayer[];
  /** Set when the policy cannot be used: every AI verdict is then deny (fail closed). */
  readonly error: PolicyError | null;
  private readonly guard = guardSet();
  private readonly classified = new Map<string, ClassMatch[]>();
  private store: ClassifyStore | undefined;

  constructor(
    readonly root: string,
    docs: readonly PolicyDocument[],
    readonly problems: readonly PolicyProblem[],
    readonly loadedAt: Date,
    /** Compiles a pattern; or, per document, the layer as the compiled-policy cache has it. */
    compile?: ((text: string) => PatternResult) | readonly PrebuiltLayer[],
  ) {
    const errors = problems.filter((p) => p.severity === 'error');
    this.error = errors.length ? new PolicyError(problems) : null;
    this.layers = this.error ? [] : docs.map((d, i) => new PolicyLayer(d, loadedAt, Array.isArray(compile) ? (compile as readonly PrebuiltLayer[])[i] : (compile as ((text: string) => PatternResult) | undefined)));
  }

  get valid(): boolean {
    return this.error === null;
  }

  /** The repository's own policy (the last layer), when valid. */
  get document(): PolicyDocument | undefined {
    return this.layers[this.layers.length - 1]?.doc;
  }

  /** Where `ai: "off"` is set, if in any layer. */
  get aiOff(): SourceLocation | null {
    for (const l of this.layers) if (l.doc.ai === 'off') return { source: l.doc.source, line: 1, column: 1 };
    return null;
  }

  /** Monitor mode only when every layer asks for it: a baseline that enforces cannot be relaxed. */
  get monitor(): boolean {
    return this.layers.length > 0 && this.layers.every((l) => l.doc.mode === 'monitor');
  }

  get outsideVerdict(): Verdict {
    return this.layers.reduce<Verdict>((v, l) => strictest(v, l.doc.outside), 'allow');
  }

  get shellVerdict(): Verdict {
    return this.layers.reduce<Verdict>((v, l) => strictest(v, l.doc.shell), 'ask');
  }

  /** Shell rewriting into the sandbox is off only when every layer turns it off: a baseline that wants it keeps it. */
  get shellSandbox(): 'rewrite' | 'off' {
    return this.layers.length > 0 && this.layers.every((l) => l.doc.shellSandbox === 'off') ? 'off' : 'rewrite';
  }

  get secretsVerdict(): SecretsVerdict {
    const order: SecretsVerdict[] = ['warn', 'ask', 'deny'];
    return this.layers.reduce<SecretsVerdict>((v, l) => (order.indexOf(l.doc.secrets) > order.indexOf(v) ? l.doc.secrets : v), 'warn');
  }

  /** The OTLP endpoint: a baseline's wins, so a repository cannot redirect the org's telemetry. */
  get otlpEndpoint(): string | null {
    for (const l of this.layers) if (l.doc.otlpEndpoint) return l.doc.otlpEndpoint;
    return null;
  }

  /** Telemetry schedule and receiver settings: a baseline's wins, like the endpoint; null when no layer has a "telemetry" section. */
  get telemetrySettings(): TelemetrySettings | null {
    for (const l of this.layers) if (l.doc.telemetry) return l.doc.telemetry;
    return null;
  }

  /** The strictest layer's verdict for files the secret scanner cannot judge. */
  get secretsUnscannedVerdict(): SecretsVerdict {
    const order: SecretsVerdict[] = ['warn', 'ask', 'deny'];
    return this.layers.reduce<SecretsVerdict>((v, l) => (order.indexOf(l.doc.secretsUnscanned ?? 'ask') > order.indexOf(v) ? l.doc.secretsUnscanned ?? 'ask' : v), 'warn');
  }

  /** The lowest (strictest) confidence at which generic secret findings block, over all layers. */
  get secretsConfidence(): number {
    return this.layers.reduce((c, l) => Math.min(c, l.doc.secretsConfidence ?? DEFAULT_SECRETS_CONFIDENCE), DEFAULT_SECRETS_CONFIDENCE);
  }

  /** True when some class reachable by a rule (or the default) restricts reads or edits. */
  get hasProtectedPaths(): boolean {
    return this.layers.some((l) => {
      const used = new Set([l.doc.defaultClass, ...l.ruleClasses, ...l.liveExceptions.map((e) => e.className)]);
      return [...used].some((n) => {
        const c = l.doc.classes.get(n);
        return c !== undefined && (c.read !== 'allow' || c.edit !== 'allow');
      });
    });
  }

  /** Earliest moment a live exception expires: a long-running host reloads then. */
  get nextExpiry(): Date | null {
    let next: number | null = null;
    for (const l of this.layers) {
      for (const e of l.liveExceptions) {
        const t = new Date(`${e.expires}T00:00:00Z`).getTime() + 24 * 3600 * 1000;
        if (next === null || t < next) next = t;
      }
    }
    return next === null ? null : new Date(next);
  }

  /**
   * Every class that applies to a workspace-relative path: one per layer (two where letter case
   * changes the answer), plus the guard for Airlock's own files. decide() takes the strictest.
   */
  classify(given: string, isDir: boolean): ClassMatch[] {
    // A hook call judges a search scope more than once (the parser alone, then with the sandbox
    // behind it): the engine never changes, so an answer is kept (a bounded number of them).
    const key = `${isDir ? 'd' : 'f'}${given}`;
    const known = this.classified.get(key);
    if (known) return known;
    if (this.classified.size >= CLASSIFY_MEMO) this.classified.clear();
    const out = this.classifyUncached(given, isDir);
    this.classified.set(key, out);
    return out;
  }

  /** Keeps classifications across calls (the compiled-policy cache sets this up). */
  useClassifyStore(store: ClassifyStore): void {
    this.store = store;
  }

  /** A signed pack beside the classify store, for other answers that depend on this compiled policy; null without a store. */
  sidePack(kind: string): SignedPackPlace | null {
    return this.store?.sidePack(kind) ?? null;
  }

  /** Writes the classifications this process learnt to the store, if it has one. */
  flushClassifyStore(): void {
    this.store?.flush();
  }

  /** Per layer the exact and folded winner, then the guard's: from the store, else matched now. */
  private winners(rel: string, isDir: boolean): number[] {
    const key = `${isDir ? 'd' : 'f'}${rel}`;
    const stored = this.store?.get(key);
    const n = this.layers.length;
    if (stored && stored.length === 2 * n + 2 && stored.every((x, i) => (i < 2 * n ? this.layers[i >> 1].holds(x) : Number.isInteger(x) && x >= NO_MATCH && x < this.guard.size))) return [...stored];
    const out: number[] = [];
    for (const layer of this.layers) {
      const m = layer.winners(rel, isDir);
      out.push(m.exact, m.folded);
    }
    const g = this.guard.match(rel, isDir);
    out.push(g.exact, g.folded);
    this.store?.set(key, out);
    return out;
  }

  private classifyUncached(given: string, isDir: boolean): ClassMatch[] {
    // One Unicode form for names and patterns: a file named in NFD (macOS) meets an NFC rule.
    // eslint-disable-next-line no-control-regex
    const rel = /[^\x00-\x7f]/.test(given) ? given.normalize('NFC') : given;
    const out: ClassMatch[] = [];
    const w = this.winners(rel, isDir);
    this.layers.forEach((layer, i) => out.push(...layer.classifyFrom({ exact: w[2 * i], folded: w[2 * i + 1] })));
    const g = { exact: w[2 * this.layers.length], folded: w[2 * this.layers.length + 1] };
    if (g.folded !== NO_MATCH) {
      out.push({ source: 'airlock', dataClass: GUARD_CLASS, rule: null, ruleReason: GUARD_REASON, exception: null, byCase: g.exact === NO_MATCH });
    }
    return out;
  }
}
