// The one outbound inspection engine, for every channel (the CLI gateway, the editor's Airlock
// models and participant): before a request leaves for an endpoint, secrets are masked, content of
// protected files is found by fingerprint and refused or removed unless the endpoint may receive
// its class, and the request (then its response) is written to the audit log.
import { createHash } from 'node:crypto';
import { appendAuditEvents } from '../audit/auditAppend';
import { resolveAuditDir } from '../audit/auditLocation';
import type { AuditEventInput } from '../audit/auditTypes';
import type { PolicyEngine } from '../policy/policyEngine';
import { type FingerprintIndex, FingerprintTracker, type IndexOptions, type ProtectedFile } from './fingerprintIndex';
import { inspectText, type Span } from './inspectText';
import type { ModelApi, ModelEndpoint } from '../policy/modelPolicyTypes';
import { ModelRules } from './modelRules';
import { collectSlots } from './outboundSlots';
import { SecretMasker } from './secretMasks';
import { errorMessage } from '../util/errorMessage';

const AUDIT_TEXT_LIMIT = 64 * 1024;
/** Agents re-send the whole conversation every turn: inspection results of long strings are kept. */
const CACHE_MIN_CHARS = 512;
const CACHE_MAX_CHARS = 16 * 1024 * 1024;

export interface OutboundMeta {
  /** Who sends: 'claude-code', 'vscode-chat', ... */
  readonly client?: string;
  /** The surface: 'gateway', 'vscode-model', 'vscode-participant'. */
  readonly channel: string;
  readonly model?: string;
  /** Request-to-response time, when the caller measured it (exported as a span). */
  readonly durationMs?: number;
}

export type InspectionResult =
  | {
    readonly ok: true; readonly endpoint: ModelEndpoint; readonly body: unknown; readonly text: string; readonly secretsMasked: number; readonly protectedRemoved: number; readonly files: readonly ProtectedFile[];
    /** Monitor mode: what enforcement would have done with the request (it was sent unchanged). */
    readonly monitorWould?: 'refuse' | 'redact';
  }
  | { readonly ok: false; readonly status: number; readonly reason: string; readonly files: readonly ProtectedFile[] };

export interface InspectorOptions extends IndexOptions {
  /** The current policy (the caller reloads it as it changes). */
  readonly engine: () => PolicyEngine;
  /** Rebuild the fingerprint index when it is older than this (default 2000 ms). */
  readonly refreshMs?: number;
  /** Write audit events (default true). */
  readonly audit?: boolean;
}

export class OutboundInspector {
  private readonly masker = new SecretMasker();
  private readonly tracker: FingerprintTracker;
  private lightRules: { engine: PolicyEngine; rules: ModelRules } | null = null;
  private built: { engine: PolicyEngine; rules: ModelRules; index: FingerprintIndex; at: number } | null = null;
  private spanCache = new Map<string, Span[]>();
  /** Response events wait to share the next append (one lock and write instead of two). */
  private pendingAudit: { engine: PolicyEngine; event: AuditEventInput }[] = [];
  private flushTimer: NodeJS.Timeout | null = null;
  private cachedChars = 0;

  constructor(private readonly options: InspectorOptions) {
    this.tracker = new FingerprintTracker(options);
  }

  /** The policy's model rules alone: no fingerprint index is built (cheap, for listing models). */
  rules(): { engine: PolicyEngine; rules: ModelRules } {
    const engine = this.options.engine();
    if (this.built?.engine === engine) return this.built;
    if (this.lightRules?.engine !== engine) this.lightRules = { engine, rules: new ModelRules(engine) };
    return this.lightRules;
  }

  /** The policy's rules and fingerprints, rebuilt when the policy object changes or they are stale. */
  state(): { engine: PolicyEngine; rules: ModelRules; index: FingerprintIndex } {
    const engine = this.options.engine();
    const now = Date.now();
    if (!this.built || this.built.engine !== engine || now - this.built.at > (this.options.refreshMs ?? 2000)) {
      const rules = new ModelRules(engine);
      const index = this.tracker.refresh(engine, rules);
      if (!this.built || this.built.index.stamp !== index.stamp) {
        this.spanCache = new Map();
        this.cachedChars = 0;
      }
      this.built = { engine, rules, index, at: now };
    }
    return this.built;
  }

  /** Inspects (and, when allowed, rewrites in place) a parsed request body bound for `endpointName`. */
  inspect(endpointName: string, api: ModelApi, body: unknown, meta: OutboundMeta): InspectionResult {
    const result = this.decide(endpointName, api, body);
    try {
      this.auditRequest(endpointName, result, meta);
    } catch (err) {
      // Every request is on the record, or it does not leave.
      return { ok: false, status: 500, reason: `cannot write the audit log, so nothing is sent: ${errorMessage(err)}`, files: [] };
    }
    return result;
  }

  /** Records a response: its size and hash (and text, masked, when the policy opts in). */
  auditResponse(endpointName: string, raw: Buffer, meta: OutboundMeta, status: number): void {
    const { engine, rules } = this.state();
    const text = rules.auditText ? this.maskForAudit(raw.toString('utf8')) : undefined;
    this.pendingAudit.push({ engine, event: {
      kind: 'model', tool: meta.channel, client: meta.client ?? null, model: meta.model ?? null, verdict: 'allow',
      reason: `response from "${endpointName}" (HTTP ${status})`, durationMs: meta.durationMs ?? null,
      exchange: { direction: 'response', endpoint: endpointName, bytes: raw.length, sha256: createHash('sha256').update(raw).digest('hex'), secretsMasked: 0, protectedRemoved: 0, ...(text !== undefined ? { text } : {}) },
    } });
    this.flushTimer ??= setTimeout(() => {
      try {
        this.flush();
      } catch {
        // A response cannot be un-received; the next request's append reports a broken log.
      }
    }, 200).unref();
  }

  /** Writes response events still waiting for a request to travel with. */
  flush(): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = null;
    const pending = this.pendingAudit.splice(0);
    for (const root of new Set(pending.map((p) => p.engine.root))) {
      const events = pending.filter((p) => p.engine.root === root).map((p) => p.event);
      if (this.options.audit !== false) appendAuditEvents(resolveAuditDir(root).dir, events);
    }
  }

  private decide(endpointName: string, api: ModelApi, body: unknown): InspectionResult {
    const { engine, rules, index } = this.state();
    if (engine.error) return { ok: false, status: 403, reason: `the policy is invalid, so nothing is sent to any model until it is fixed: ${engine.error.message}`, files: [] };
    if (engine.aiOff) return { ok: false, status: 403, reason: 'AI access is switched off for this workspace ("ai": "off")', files: [] };
    const endpoint = rules.endpoints.get(endpointName);
    if (!endpoint) {
      const known = [...rules.endpoints.keys()];
      return { ok: false, status: 404, reason: `no model endpoint "${endpointName}" in the policy (${known.length ? `defined: ${known.join(', ')}` : 'the policy has no "models" section'})`, files: [] };
    }
    if (endpoint.api !== api) return { ok: false, status: 400, reason: `endpoint "${endpointName}" speaks the ${endpoint.api} API, but this request is in the ${api} format`, files: [] };

    const slots = collectSlots(body);
    const found = slots.map((slot) => this.spansOf(slot.value, index));
    const monitor = engine.monitor;
    const refused = new Map<string, ProtectedFile>();
    const removed = new Map<string, ProtectedFile>();
    const blocked = (file: ProtectedFile): boolean => !rules.forClass(file.className).endpoints.has(endpointName);
    for (const spans of found) {
      for (const s of spans) {
        if (s.kind !== 'protected' || !blocked(s.file)) continue;
        (rules.forClass(s.file.className).onMatch === 'refuse' ? refused : removed).set(s.file.rel, s.file);
      }
    }
    if (refused.size && !monitor) {
      const files = [...refused.values()];
      const classes = [...new Set(files.map((f) => f.className))];
      return {
        ok: false, status: 403, files,
        reason: `the request carries content of ${files.map((f) => `"${f.rel}"`).join(', ')} (class ${classes.map((c) => `"${c}"`).join(', ')}), which the policy does not allow to reach the model endpoint "${endpointName}". Remove it from the conversation; run \`airlock explain <path>\` to see which endpoints may receive it.`,
      };
    }
    let secretsMasked = 0;
    let protectedRemoved = 0;
    if (!monitor) {
      slots.forEach((slot, i) => {
        const spans = found[i].filter((s) => s.kind === 'secret' || blocked(s.file));
        if (spans.length === 0) return;
        const { text, secrets, removedCount } = this.rewrite(slot.value, spans);
        secretsMasked += secrets;
        protectedRemoved += removedCount;
        slot.set(text);
      });
    }
    const text = JSON.stringify(body);
    const monitorWould = !monitor ? undefined : refused.size ? 'refuse' : removed.size || found.some((spans) => spans.some((sp) => sp.kind === 'secret')) ? 'redact' : undefined;
    return { ok: true, endpoint, body, text, secretsMasked, protectedRemoved, files: [...refused.values(), ...removed.values()], ...(monitorWould ? { monitorWould } : {}) };
  }

  private spansOf(text: string, index: FingerprintIndex): Span[] {
    if (text.length < CACHE_MIN_CHARS) return inspectText(text, index);
    let spans = this.spanCache.get(text);
    if (!spans) {
      spans = inspectText(text, index);
      if (this.cachedChars + text.length > CACHE_MAX_CHARS) {
        this.spanCache.clear();
        this.cachedChars = 0;
      }
      this.spanCache.set(text, spans);
      this.cachedChars += text.length;
    }
    return spans;
  }

  /** Replaces spans (merged where they overlap; protected content wins over a secret inside it). */
  private rewrite(value: string, spans: readonly Span[]): { text: string; secrets: number; removedCount: number } {
    let out = '';
    let at = 0;
    let secrets = 0;
    let removedCount = 0;
    const sorted = [...spans].sort((a, b) => a.start - b.start || b.end - a.end);
    for (let i = 0; i < sorted.length; i++) {
      let span = sorted[i];
      let end = span.end;
      while (i + 1 < sorted.length && sorted[i + 1].start < end) {
        const next = sorted[++i];
        end = Math.max(end, next.end);
        if (next.kind === 'protected') span = next;
      }
      if (span.start < at) continue;
      out += value.slice(at, span.start);
      if (span.kind === 'protected') {
        removedCount++;
        out += `«protected:${span.file.className} content removed by Airlock»`;
      } else {
        secrets++;
        out += this.masker.label(span.rule, value.slice(span.start, end));
      }
      at = end;
    }
    return { text: out + value.slice(at), secrets, removedCount };
  }

  private maskForAudit(text: string): string {
    const { index } = this.state();
    const spans = inspectText(text, index);
    const masked = spans.length ? this.rewrite(text, spans).text : text;
    return masked.length > AUDIT_TEXT_LIMIT ? `${masked.slice(0, AUDIT_TEXT_LIMIT)}…(truncated)` : masked;
  }

  private auditRequest(endpointName: string, result: InspectionResult, meta: OutboundMeta): void {
    const { engine, rules } = this.state();
    const base = { kind: 'model' as const, tool: meta.channel, client: meta.client ?? null, model: meta.model ?? null, action: 'read' as const, monitor: engine.monitor };
    if (!result.ok) {
      this.append(engine, { ...base, verdict: 'deny', paths: result.files.map((f) => f.rel), class: result.files[0]?.className ?? null, reason: result.reason });
      return;
    }
    const bytes = Buffer.byteLength(result.text);
    const would = result.monitorWould ? `monitor mode (sent unchanged; enforcement would ${result.monitorWould === 'refuse' ? 'refuse it' : 'mask or remove content'}): ` : '';
    this.append(engine, {
      ...base, verdict: 'allow', enforcedVerdict: result.monitorWould === 'refuse' ? 'deny' : 'allow', paths: result.files.map((f) => f.rel), class: result.files[0]?.className ?? null,
      reason: `${would}request to "${endpointName}": ${result.secretsMasked} secret(s) masked, ${result.protectedRemoved} protected passage(s) removed`,
      exchange: {
        direction: 'request', endpoint: endpointName, bytes, sha256: createHash('sha256').update(result.text).digest('hex'),
        secretsMasked: result.secretsMasked, protectedRemoved: result.protectedRemoved,
        ...(rules.auditText ? { text: result.text.length > AUDIT_TEXT_LIMIT ? `${result.text.slice(0, AUDIT_TEXT_LIMIT)}…(truncated)` : result.text } : {}),
      },
    });
  }

  private append(engine: PolicyEngine, event: AuditEventInput): void {
    const waiting = this.pendingAudit.filter((p) => p.engine.root === engine.root);
    this.pendingAudit = this.pendingAudit.filter((p) => p.engine.root !== engine.root);
    if (this.options.audit === false) return;
    appendAuditEvents(resolveAuditDir(engine.root).dir, [...waiting.map((p) => p.event), event]);
  }
}
