// The models section across every policy layer: which endpoints exist and which classes each may
// receive. Layers combine like the rest of the policy: a later layer can only tighten. An endpoint
// a baseline defines cannot be redefined (a repository could otherwise point "internal" elsewhere),
// a class's allowed endpoints are the intersection over layers, and `refuse` beats `redact`.
import type { PolicyEngine } from '../policy/policyEngine';
import type { PolicyDocument } from '../policy/policyTypes';
import type { ModelEndpoint, ModelGatewaySettings, ProtectedContentAction } from '../policy/modelPolicyTypes';

export interface ClassModelRule {
  readonly className: string;
  readonly endpoints: ReadonlySet<string>;
  readonly onMatch: ProtectedContentAction;
}

export class ModelRules {
  readonly endpoints: ReadonlyMap<string, ModelEndpoint>;
  readonly auditText: boolean;
  /** The gateway settings over every layer: the first layer to name a port or endpoint wins; any layer can turn run or sync on. */
  readonly gateway: Omit<ModelGatewaySettings, 'location'>;
  private readonly docs: readonly PolicyDocument[];
  private readonly cache = new Map<string, ClassModelRule>();

  constructor(engine: PolicyEngine) {
    this.docs = engine.layers.map((l) => l.doc).filter((d) => d.models !== undefined);
    const endpoints = new Map<string, ModelEndpoint>();
    for (const d of this.docs) {
      for (const [name, ep] of d.models?.endpoints ?? []) if (!endpoints.has(name)) endpoints.set(name, ep);
    }
    this.endpoints = endpoints;
    this.auditText = this.docs.some((d) => d.models?.auditText === true);
    const settings = this.docs.map((d) => d.models?.gateway).filter((g) => g !== undefined);
    const port = settings.find((g) => g.port !== undefined)?.port;
    const endpoint = settings.find((g) => g.endpoint !== undefined)?.endpoint;
    this.gateway = { ...(port !== undefined ? { port } : {}), ...(endpoint !== undefined ? { endpoint } : {}), run: settings.some((g) => g.run), sync: settings.some((g) => g.sync) };
  }

  /** True when the policy names at least one endpoint. */
  get configured(): boolean {
    return this.endpoints.size > 0;
  }

  /** Which endpoints may receive content of a class, and what to do with it elsewhere. */
  forClass(className: string): ClassModelRule {
    const hit = this.cache.get(className);
    if (hit) return hit;
    let allowed = new Set(this.endpoints.keys());
    let onMatch: ProtectedContentAction = 'redact';
    let named = false;
    for (const d of this.docs) {
      const rule = d.models?.classes.get(className);
      if (rule) {
        named = true;
        allowed = new Set([...allowed].filter((e) => rule.endpoints.includes(e)));
        if (rule.onMatch === 'refuse') onMatch = 'refuse';
        continue;
      }
      // A class the section does not name: open when an AI may read it freely, closed otherwise.
      // Airlock's own files (its guard class) are readable policy text, not protected content.
      const cls = d.classes.get(className);
      if (className !== 'airlock-managed' && (!cls || cls.read !== 'allow')) allowed = new Set();
    }
    if (!named) onMatch = 'refuse';
    // With no models section at all, nothing protected may go anywhere.
    if (this.docs.length === 0) allowed = new Set();
    const out = { className, endpoints: allowed, onMatch };
    this.cache.set(className, out);
    return out;
  }

  /** Whether content of this class may reach every endpoint (so it needs no fingerprinting). */
  unrestricted(className: string): boolean {
    return this.configured && this.forClass(className).endpoints.size === this.endpoints.size;
  }
}
