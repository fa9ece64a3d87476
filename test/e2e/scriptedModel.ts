// The wire-independent core of every fake model: an HTTP server on 127.0.0.1 that records each
// request body (decoded), tracks which scripted tool calls the client already ran, and keeps the
// tool results the client reported back. A wire adapter (Anthropic messages, OpenAI chat
// completions, OpenAI responses) turns requests into history and scripted calls into replies.
import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';

export interface ScriptedToolCall {
  /** Tool-call id; the fake finds its own progress by looking for these ids in the history. */
  readonly id: string;
  readonly name: string;
  readonly input: Record<string, unknown>;
}

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  /** The decoded body as text (content-encoding undone). */
  readonly body: string;
  /** What the fake took the request for. */
  readonly kind: 'main-turn' | 'side-call' | 'count-tokens' | 'other';
}

/** A tool result as the client reported it back to the model. */
export interface ReportedToolResult {
  readonly toolUseId: string;
  /** The wire's own error flag; wires without one (OpenAI) always say false. */
  readonly isError: boolean;
  readonly text: string;
}

export interface FakeModelServer {
  /** Base URL, e.g. `http://127.0.0.1:43123`; OpenAI-style clients get `${url}/v1`. */
  readonly url: string;
  readonly requests: readonly RecordedRequest[];
  /** The latest result the client reported for each scripted tool-call id. */
  toolResult(id: string): ReportedToolResult | undefined;
  /** Problems the fake met (undecodable body, unknown endpoint); a test should expect none. */
  readonly problems: readonly string[];
  close(): Promise<void>;
}

/** What an adapter learns from one request and what it must answer. */
export interface ScriptState {
  /** The next scripted call the client has not been asked for yet, if any. */
  next(usedIds: ReadonlySet<string>): ScriptedToolCall | undefined;
  isScripted(id: string): boolean;
  reportResult(result: ReportedToolResult): void;
  readonly finalText: string;
  problem(text: string): void;
}

/** One wire protocol: it answers a request or returns false when the path is not its own. */
export type WireAdapter = (req: {
  readonly method: string;
  readonly path: string;
  readonly body: string;
  record(kind: RecordedRequest['kind']): void;
}, res: ServerResponse, script: ScriptState) => boolean;

export function decodeBody(raw: Buffer, encoding: string | undefined): string {
  switch ((encoding ?? 'identity').toLowerCase()) {
    case 'identity': return raw.toString('utf8');
    case 'gzip': return gunzipSync(raw).toString('utf8');
    case 'deflate': return inflateSync(raw).toString('utf8');
    case 'br': return brotliDecompressSync(raw).toString('utf8');
    // An encoding we cannot read would hide a leak: refuse it rather than guess.
    default: throw new Error(`unsupported content-encoding ${encoding}`);
  }
}

function readAll(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Writes one server-sent event; `event` is omitted for wires that send data lines only. */
export function sendSse(res: ServerResponse, data: unknown, event?: string): void {
  res.write(`${event ? `event: ${event}\n` : ''}data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`);
}

export function startSse(res: ServerResponse): void {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

/**
 * Starts a fake on an ephemeral 127.0.0.1 port. `steps` are played one per main-loop turn, in
 * order; after the last one the fake answers `finalText` and the client's turn ends.
 */
export function startFakeModel(adapter: WireAdapter, steps: readonly ScriptedToolCall[], finalText: string): Promise<FakeModelServer> {
  const requests: RecordedRequest[] = [];
  const problems: string[] = [];
  const results = new Map<string, ReportedToolResult>();
  const scriptedIds = new Set(steps.map((s) => s.id));
  const script: ScriptState = {
    next: (used) => steps.find((s) => !used.has(s.id)),
    isScripted: (id) => scriptedIds.has(id),
    reportResult: (r) => { results.set(r.toolUseId, r); },
    finalText,
    problem: (text) => { problems.push(text); },
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const raw = await readAll(req);
    const method = req.method ?? '';
    const path = (req.url ?? '/').split('?')[0];
    let body: string;
    try {
      body = decodeBody(raw, req.headers['content-encoding'] as string | undefined);
    } catch (err) {
      problems.push(`${method} ${path}: ${(err as Error).message}`);
      // Keep the raw bytes too, so the canary search still sees whatever is legible.
      requests.push({ method, path, headers: req.headers, body: raw.toString('latin1'), kind: 'other' });
      sendJson(res, 400, { error: { type: 'invalid_request_error', message: 'undecodable body' } });
      return;
    }
    let recorded = false;
    const record = (kind: RecordedRequest['kind']): void => {
      recorded = true;
      requests.push({ method, path, headers: req.headers, body, kind });
    };
    if (adapter({ method, path, body, record }, res, script)) {
      if (!recorded) record('other');
      return;
    }
    record('other');
    problems.push(`unhandled ${method} ${path}`);
    sendJson(res, 404, { error: { type: 'not_found_error', message: `fake has no ${path}` } });
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((err: Error) => {
      problems.push(`handler error: ${err.message}`);
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}`,
        requests,
        problems,
        toolResult: (id) => results.get(id),
        close: () => new Promise<void>((done) => {
          server.closeAllConnections();
          server.close(() => done());
        }),
      });
    });
  });
}

/** Parses a JSON request body, noting a problem (and returning {}) when it is not JSON. */
export function parseJsonBody<T>(body: string, where: string, script: ScriptState): Partial<T> {
  try {
    return JSON.parse(body) as Partial<T>;
  } catch {
    script.problem(`${where}: body is not JSON`);
    return {};
  }
}
