// The governed model path for the editor's own models ("Airlock: <endpoint>"): the models a
// workspace policy defines, and a chat request converted to the endpoint's wire format, inspected
// by the one outbound engine (secrets masked, protected content refused or removed, destination
// checked, audited), sent, streamed back and its response audited. The editor supplies the
// messages, the key and where the answer goes.
import type { ModelEndpoint } from '../policy/modelPolicyTypes';
import type { PolicyEngine } from '../policy/policyEngine';
import { type ChatEvent, type ChatMessage, chatRequestBody, type ChatTool } from './chatWire';
import type { IndexOptions } from './fingerprintIndex';
import { sendToEndpoint } from './modelClient';
import { OutboundInspector } from './outboundInspector';

export interface EditorModel {
  /** `<endpoint>/<model>`. */
  readonly id: string;
  readonly endpoint: string;
  readonly upstreamModel: string;
  /** `Airlock: <endpoint>` (with the model when the endpoint has several). */
  readonly name: string;
  readonly api: ModelEndpoint['api'];
  readonly url: string;
}

/** An inspected request, ready to send; or why it may not leave. */
export type PreparedChat =
  | { readonly ok: false; readonly reason: string }
  | {
    readonly ok: true;
    readonly endpoint: string;
    readonly secretsMasked: number;
    readonly protectedRemoved: number;
    /** Sends what inspection left, streams the answer to `onEvent`, and audits the response. */
    send(keyFor: (endpoint: ModelEndpoint) => Promise<string | undefined>, onEvent: (e: ChatEvent) => void, signal: AbortSignal): Promise<void>;
  };

const META = { channel: 'vscode-model', client: 'vscode' } as const;

export class EditorModels {
  private readonly inspector: OutboundInspector;

  /** `engine`: the policy of the folder whose policy defines the models, reread as it changes; `index`: where the fingerprints live (default per user). */
  constructor(engine: () => PolicyEngine, index: IndexOptions = {}) {
    this.inspector = new OutboundInspector({ ...index, engine });
  }

  /** Every model of every endpoint; none when the policy has an error. */
  models(): EditorModel[] {
    const { engine, rules } = this.inspector.rules();
    if (engine.error) return [];
    return [...rules.endpoints.values()].flatMap((e) => (e.models.length ? e.models : [e.name]).map((model) => ({
      id: `${e.name}/${model}`,
      endpoint: e.name,
      upstreamModel: model,
      name: `Airlock: ${e.name}${e.models.length > 1 ? ` (${model})` : ''}`,
      api: e.api,
      url: e.url,
    })));
  }

  /** The names under which endpoint keys are kept in the editor's secret storage. */
  keySecretNames(): string[] {
    return [...this.inspector.rules().rules.endpoints.values()].filter((e) => e.keySecret).map((e) => e.keySecret as string);
  }

  /** Converts the chat to the endpoint's wire format and inspects it; nothing is sent yet. */
  prepare(model: Pick<EditorModel, 'endpoint' | 'upstreamModel'>, messages: readonly ChatMessage[], tools: readonly ChatTool[]): PreparedChat {
    const endpoint = this.inspector.rules().rules.endpoints.get(model.endpoint);
    if (!endpoint) throw new Error(`Airlock: the policy no longer defines the endpoint "${model.endpoint}"`);
    const body = chatRequestBody(endpoint.api, model.upstreamModel, messages, tools);
    const meta = { ...META, model: model.upstreamModel };
    const verdict = this.inspector.inspect(endpoint.name, endpoint.api, body, meta);
    if (!verdict.ok) return { ok: false, reason: verdict.reason };
    return {
      ok: true,
      endpoint: endpoint.name,
      secretsMasked: verdict.secretsMasked,
      protectedRemoved: verdict.protectedRemoved,
      send: async (keyFor, onEvent, signal) => {
        const key = await keyFor(endpoint);
        const answer = await sendToEndpoint(endpoint, key, verdict.text, onEvent, signal);
        this.inspector.auditResponse(endpoint.name, answer.raw, meta, answer.status);
      },
    };
  }

  /** Writes audit events still queued (on dispose). */
  flush(): void {
    this.inspector.flush();
  }
}
