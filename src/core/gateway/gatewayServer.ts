// `airlock gateway`: a loopback HTTP server speaking the Anthropic and OpenAI wire formats. Each
// request is decoded, inspected by the one outbound engine (secrets masked, protected content
// refused or removed, destination checked), audited, and only then forwarded to the policy's
// endpoint with the endpoint's own key; responses (streaming included) are piped back untouched.
import { timingSafeEqual } from 'node:crypto';
import * as http from 'node:http';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';
import type { ModelApi, ModelEndpoint } from '../policy/modelPolicyTypes';
import type { OutboundInspector } from '../models/outboundInspector';
import { type GatewayRoute, routeOf, upstreamUrl } from './gatewayRoutes';
import { wireError } from './wireErrors';
import { errorMessage } from '../util/errorMessage';

const MAX_BODY_BYTES = 32 * 1024 * 1024;
/** Request headers passed upstream; never the client's credentials (the endpoint's key is used). */
const FORWARDED = ['content-type', 'accept', 'anthropic-version', 'anthropic-beta', 'user-agent'];
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'proxy-connection', 'upgrade', 'content-length']);

export interface GatewayOptions {
  readonly inspector: OutboundInspector;
  /** Endpoint used when the path names none (default: the first of the request's wire format). */
  readonly defaultEndpoint?: string;
  /** Where endpoint keys are read from (`keyEnv`). */
  readonly env: NodeJS.ProcessEnv;
  /** When set, clients must present it (x-api-key or Bearer): other local users cannot use the gateway. */
  readonly token?: string;
  /** 0 (default) picks a free port. The host is always 127.0.0.1. */
  readonly port?: number;
  /** Called with each request's outcome (for the CLI's log line). */
  readonly onRequest?: (line: string) => void;
}

export interface Gateway {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

function readBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error(`request body larger than ${MAX_BODY_BYTES} bytes`));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function decode(raw: Buffer, encoding: string | undefined): Buffer {
  switch ((encoding ?? 'identity').toLowerCase()) {
    case 'identity': return raw;
    case 'gzip': return gunzipSync(raw);
    case 'deflate': return inflateSync(raw);
    case 'br': return brotliDecompressSync(raw);
    // A body the gateway cannot read is a body it cannot inspect: refused, never passed on.
    default: throw new Error(`unsupported content-encoding "${encoding}"`);
  }
}

function tokenOk(req: http.IncomingMessage, token: string): boolean {
  const given = (req.headers['x-api-key'] as string | undefined) ?? /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1] ?? '';
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function endpointKey(endpoint: ModelEndpoint, env: NodeJS.ProcessEnv): { key?: string; problem?: string } {
  if (endpoint.keyEnv) {
    const key = env[endpoint.keyEnv];
    return key ? { key } : { problem: `the key of endpoint "${endpoint.name}" is not set: export ${endpoint.keyEnv} in the gateway's environment` };
  }
  if (endpoint.keySecret) return { problem: `endpoint "${endpoint.name}" keeps its key in the editor's secret storage ("keySecret"), which the CLI gateway cannot read; add "keyEnv"` };
  return {};
}

export function startGateway(options: GatewayOptions): Promise<Gateway> {
  const agents = { http: new http.Agent({ keepAlive: true }), https: new https.Agent({ keepAlive: true }) };
  const log = options.onRequest ?? ((): void => undefined);

  const pickEndpoint = (route: GatewayRoute): { endpoint?: ModelEndpoint; name: string } => {
    const { rules } = options.inspector.rules();
    const name = route.endpointName ?? options.defaultEndpoint ?? [...rules.endpoints.values()].find((e) => !route.carriesContent || e.api === route.api)?.name ?? '';
    return { endpoint: rules.endpoints.get(name), name };
  };

  const handle = async (req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
    const started = performance.now();
    const route = routeOf(req.method ?? '', req.url ?? '/');
    const fail = (api: ModelApi, status: number, message: string): void => {
      const e = wireError(api, status, message);
      log(`${req.method} ${req.url} → ${status} ${message}`);
      res.writeHead(e.status, { 'content-type': 'application/json' });
      res.end(e.body);
    };
    if (!route) {
      req.resume();
      fail(/\/messages/.test(req.url ?? '') ? 'anthropic' : 'openai', 404, `the gateway does not serve ${req.method} ${req.url}; it serves POST /v1/messages, POST /v1/chat/completions, POST /v1/responses and GET /v1/models`);
      return;
    }
    if (options.token && !tokenOk(req, options.token)) {
      req.resume();
      fail(route.api, 401, 'this gateway needs its token (the API key `airlock run` gives the client)');
      return;
    }
    const { endpoint, name } = pickEndpoint(route);
    const client = String(req.headers['user-agent'] ?? '').split('/')[0] || undefined;
    let payload: Buffer | undefined;
    let model: string | undefined;
    if (route.carriesContent) {
      let body: unknown;
      try {
        const text = decode(await readBody(req), req.headers['content-encoding'] as string | undefined).toString('utf8');
        body = JSON.parse(text);
      } catch (err) {
        fail(route.api, 400, `cannot read the request: ${errorMessage(err)}`);
        return;
      }
      model = typeof (body as { model?: unknown }).model === 'string' ? (body as { model: string }).model : undefined;
      const verdict = options.inspector.inspect(name, route.api, body, { channel: 'gateway', client, model });
      if (!verdict.ok) {
        fail(route.api, verdict.status, `request refused: ${verdict.reason}`);
        return;
      }
      payload = Buffer.from(verdict.text);
      log(`${req.method} ${req.url} → ${name}: ${verdict.secretsMasked} secret(s) masked, ${verdict.protectedRemoved} protected passage(s) removed`);
    } else {
      req.resume();
      if (!endpoint) {
        fail(route.api, 404, `no model endpoint "${name}" in the policy`);
        return;
      }
      if (endpoint.models.length) {
        const data = endpoint.models.map((id) => ({ id, object: 'model', type: 'model', display_name: id, owned_by: endpoint.name, created: 0 }));
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ object: 'list', data, has_more: false }));
        return;
      }
    }
    if (!endpoint) {
      fail(route.api, 404, `no model endpoint "${name}" in the policy`);
      return;
    }
    const key = endpointKey(endpoint, options.env);
    if (key.problem) {
      fail(route.api, 500, key.problem);
      return;
    }
    forward(endpoint, route, req, res, payload, key.key, (status, raw) => {
      try {
        options.inspector.auditResponse(name, raw, { channel: 'gateway', client, model, durationMs: performance.now() - started }, status);
      } catch (err) {
        log(`audit of the response failed: ${errorMessage(err)}`);
      }
    }, (message) => fail(route.api, 502, message));
  };

  const forward = (endpoint: ModelEndpoint, route: GatewayRoute, req: http.IncomingMessage, res: http.ServerResponse, payload: Buffer | undefined, key: string | undefined, done: (status: number, raw: Buffer) => void, unreachable: (message: string) => void): void => {
    const url = upstreamUrl(endpoint, route);
    const headers: Record<string, string> = {};
    for (const h of FORWARDED) {
      const v = req.headers[h];
      if (typeof v === 'string') headers[h] = v;
    }
    if (payload) headers['content-length'] = String(payload.length);
    if (key) {
      if (endpoint.api === 'anthropic') headers['x-api-key'] = key;
      else headers.authorization = `Bearer ${key}`;
    }
    const lib = url.protocol === 'https:' ? https : http;
    const upstream = lib.request(url, { method: req.method, headers, agent: url.protocol === 'https:' ? agents.https : agents.http }, (up) => {
      const out: Record<string, string | string[]> = {};
      for (const [k, v] of Object.entries(up.headers)) if (v !== undefined && !HOP_BY_HOP.has(k)) out[k] = v;
      res.writeHead(up.statusCode ?? 502, out);
      const chunks: Buffer[] = [];
      up.on('data', (c: Buffer) => {
        chunks.push(c);
        res.write(c);
      });
      up.on('end', () => {
        res.end();
        done(up.statusCode ?? 0, Buffer.concat(chunks));
      });
      up.on('error', () => res.destroy());
    });
    upstream.on('error', (err) => {
      if (res.headersSent) res.destroy();
      else unreachable(`cannot reach model endpoint "${endpoint.name}" at ${endpoint.url}: ${(err as NodeJS.ErrnoException).code ?? err.message}`);
    });
    res.on('close', () => {
      if (!res.writableFinished) upstream.destroy();
    });
    upstream.end(payload);
  };

  const server = http.createServer((req, res) => {
    handle(req, res).catch((err: Error) => {
      log(`internal error: ${err.message}`);
      if (!res.headersSent) {
        const e = wireError('openai', 500, `gateway error: ${err.message}`);
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(e.body);
      } else res.destroy();
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    // Loopback only: the gateway holds endpoint keys and must never be reachable from the network.
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}`,
        port,
        close: () => new Promise<void>((done) => {
          options.inspector.flush();
          server.closeAllConnections();
          agents.http.destroy();
          agents.https.destroy();
          server.close(() => done());
        }),
      });
    });
  });
}
