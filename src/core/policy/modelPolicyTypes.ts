// The `models` section of a policy: which model endpoints exist and which classes of content each
// may receive. Names here are part of the policy file format: keep them stable.
import type { SourceLocation } from './policyRefs';

/** The wire format an endpoint speaks: OpenAI `/chat/completions` or Anthropic `/v1/messages`. */
export type ModelApi = 'openai' | 'anthropic';

/** What happens when a request carries content of a class the endpoint may not receive. */
export type ProtectedContentAction = 'refuse' | 'redact';

export interface ModelEndpoint {
  readonly name: string;
  readonly api: ModelApi;
  /** Base URL as a client would be configured with it (OpenAI: up to `/v1`; Anthropic: the host). */
  readonly url: string;
  /** Environment variable holding the endpoint's key (CLI gateway and editor). */
  readonly keyEnv?: string;
  /** Name of the key in the editor's secret storage (VS Code only). */
  readonly keySecret?: string;
  /** Model ids offered through this endpoint; empty means "whatever the client asks for". */
  readonly models: readonly string[];
  readonly location: SourceLocation;
}

export interface ModelClassRule {
  readonly className: string;
  /** Endpoints that may receive this class's content. */
  readonly endpoints: readonly string[];
  readonly onMatch: ProtectedContentAction;
  readonly location: SourceLocation;
}

/** `models.gateway`: how CLI agents are sent through `airlock gateway`. */
export interface ModelGatewaySettings {
  /** Fixed loopback port: `airlock gateway` listens there by default, `airlock sync` points clients at it. */
  readonly port?: number;
  /** Endpoint clients are pointed at (default: the first one each client can speak). */
  readonly endpoint?: string;
  /** `airlock run` starts a gateway for the agent without being asked (`--gateway`). */
  readonly run: boolean;
  /** `airlock sync` writes the client settings that send model traffic to the gateway (needs `port`). */
  readonly sync: boolean;
  readonly location: SourceLocation;
}

export interface ModelsSection {
  readonly endpoints: ReadonlyMap<string, ModelEndpoint>;
  /** Classes named in the section; other classes: every endpoint when read is `allow`, none otherwise. */
  readonly classes: ReadonlyMap<string, ModelClassRule>;
  /** Store masked request/response text in the audit log (default: hashes and sizes only). */
  readonly auditText: boolean;
  readonly gateway?: ModelGatewaySettings;
  readonly location: SourceLocation;
}
