// Which endpoint and wire format a gateway request is for, and where it goes upstream.
// Paths: `/v1/messages[/count_tokens]` (Anthropic), `/v1/chat/completions` and `/v1/responses`
// (OpenAI; also without `/v1`), `/v1/models`; each optionally behind `/e/<endpoint>`.
import type { ModelApi, ModelEndpoint } from '../policy/modelPolicyTypes';

export interface GatewayRoute {
  readonly api: ModelApi;
  /** The endpoint named in the path, if any. */
  readonly endpointName?: string;
  /** The path relative to the endpoint's base URL. */
  readonly upstreamPath: string;
  /** True for requests that carry conversation content (inspected). */
  readonly carriesContent: boolean;
  /** The query string to pass on: only the Anthropic SDK's `beta=true` marker (a query is not inspected). */
  readonly query?: string;
}

export function routeOf(method: string, rawPath: string): GatewayRoute | null {
  const [rawOnly, rawQuery] = rawPath.split('?', 2);
  let path = rawOnly;
  const query = rawQuery === 'beta=true' ? rawQuery : undefined;
  let endpointName: string | undefined;
  const named = /^\/e\/([A-Za-z][A-Za-z0-9_-]*)(\/.*)$/.exec(path);
  if (named) {
    endpointName = named[1];
    path = named[2];
  }
  if (method === 'POST' && (path === '/v1/messages' || path === '/v1/messages/count_tokens')) {
    return { api: 'anthropic', endpointName, upstreamPath: path, carriesContent: true, ...(query ? { query } : {}) };
  }
  if (method === 'POST' && (path === '/v1/chat/completions' || path === '/chat/completions')) {
    return { api: 'openai', endpointName, upstreamPath: '/chat/completions', carriesContent: true };
  }
  // The Responses API (Codex speaks only this): an OpenAI-compatible endpoint must serve it too.
  if (method === 'POST' && (path === '/v1/responses' || path === '/responses')) {
    return { api: 'openai', endpointName, upstreamPath: '/responses', carriesContent: true };
  }
  if (method === 'GET' && (path === '/v1/models' || path === '/models')) {
    return { api: 'openai', endpointName, upstreamPath: path, carriesContent: false };
  }
  return null;
}

/** Full upstream URL: an OpenAI-compatible base already ends in `/v1`, an Anthropic base does not. */
export function upstreamUrl(endpoint: ModelEndpoint, route: GatewayRoute): URL {
  let path = route.upstreamPath;
  if (endpoint.api === 'openai' && path.startsWith('/v1/')) path = path.slice(3);
  if (endpoint.api === 'anthropic' && path === '/models') path = '/v1/models';
  return new URL(endpoint.url + path + (route.query ? `?${route.query}` : ''));
}
