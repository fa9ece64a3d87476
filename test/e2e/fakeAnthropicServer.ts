// A fake Anthropic Messages API on 127.0.0.1 that plays a scripted agent: each main-loop turn it
// asks the client to run the next scripted tool call, then gives a final text answer. It records
// every request body the client sends, decoded, so a test can prove what did (not) reach "the model".
import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';

export interface ScriptedToolCall {
  /** Tool-use id; the fake finds its own progress by looking for these ids in the history. */
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
  readonly isError: boolean;
  readonly text: string;
}

export interface FakeAnthropicServer {
  /** Base URL for ANTHROPIC_BASE_URL, e.g. `http://127.0.0.1:43123`. */
  readonly url: string;
  readonly requests: readonly RecordedRequest[];
  /** The latest result the client reported for each scripted tool-use id. */
  toolResult(id: string): ReportedToolResult | undefined;
  /** Problems the fake met (undecodable body, unknown endpoint); a test should expect none. */
  readonly problems: readonly string[];
  close(): Promise<void>;
}

const MODEL = 'claude-sonnet-4-5-20250929';

type Block = { type?: string; id?: string; tool_use_id?: string; is_error?: boolean; content?: unknown; text?: string };
type Message = { role?: string; content?: string | Block[] };
type MessagesBody = { messages?: Message[]; tools?: { name?: string }[]; stream?: boolean };

function decodeBody(raw: Buffer, encoding: string | undefined): string {
  switch ((encoding ?? 'identity').toLowerCase()) {
    case 'identity': return raw.toString('utf8');
    case 'gzip': return gunzipSync(raw).toString('utf8');
    case 'deflate': return inflateSync(raw).toString('utf8');
    case 'br': return brotliDecompressSync(raw).toString('utf8');
    // An encoding we cannot read would hide a leak: refuse it rather than guess.
    default: throw new Error(`unsupported content-encoding ${encoding}`);
  }
}

function resultText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) return content.map((c: Block) => (typeof c?.text === 'string' ? c.text : JSON.stringify(c))).join('\n');
  return content === undefined ? '' : JSON.stringify(content);
}

function readAll(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

type ContentBlock = { type: 'text'; text: string } | { type: 'tool_use'; id: string; name: string; input: Record<string, unknown> };

function sendMessage(res: ServerResponse, stream: boolean, content: ContentBlock[], stopReason: 'end_turn' | 'tool_use'): void {
  const id = `msg_fake_${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
  const usage = { input_tokens: 100, output_tokens: 20, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 };
  if (!stream) {
    res.writeHead(200, { 'content-type': 'application/json', 'request-id': `req_${id}` });
    res.end(JSON.stringify({ id, type: 'message', role: 'assistant', model: MODEL, content, stop_reason: stopReason, stop_sequence: null, usage }));
    return;
  }
  // The Messages streaming event sequence: message_start, per block start/delta/stop,
  // message_delta with the stop reason, message_stop.
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive', 'request-id': `req_${id}` });
  const send = (event: string, data: unknown): void => {
    res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  };
  send('message_start', { type: 'message_start', message: { id, type: 'message', role: 'assistant', model: MODEL, content: [], stop_reason: null, stop_sequence: null, usage: { ...usage, output_tokens: 1 } } });
  content.forEach((block, index) => {
    if (block.type === 'text') {
      send('content_block_start', { type: 'content_block_start', index, content_block: { type: 'text', text: '' } });
      send('content_block_delta', { type: 'content_block_delta', index, delta: { type: 'text_delta', text: block.text } });
    } else {
      send('content_block_start', { type: 'content_block_start', index, content_block: { type: 'tool_use', id: block.id, name: block.name, input: {} } });
      send('content_block_delta', { type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json: JSON.stringify(block.input) } });
    }
    send('content_block_stop', { type: 'content_block_stop', index });
  });
  send('message_delta', { type: 'message_delta', delta: { stop_reason: stopReason, stop_sequence: null }, usage: { output_tokens: usage.output_tokens } });
  send('message_stop', { type: 'message_stop' });
  res.end();
}

/**
 * Starts the fake on an ephemeral 127.0.0.1 port. `steps` are played one per main-loop turn, in
 * order; after the last one the fake answers `finalText` and the client's turn ends.
 */
export function startFakeAnthropicServer(steps: readonly ScriptedToolCall[], finalText: string): Promise<FakeAnthropicServer> {
  const requests: RecordedRequest[] = [];
  const problems: string[] = [];
  const results = new Map<string, ReportedToolResult>();
  const scriptedIds = new Set(steps.map((s) => s.id));

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const raw = await readAll(req);
    const path = (req.url ?? '/').split('?')[0];
    let body: string;
    try {
      body = decodeBody(raw, req.headers['content-encoding'] as string | undefined);
    } catch (err) {
      problems.push(`${req.method} ${path}: ${(err as Error).message}`);
      // Keep the raw bytes too, so the canary search still sees whatever is legible.
      requests.push({ method: req.method ?? '', path, headers: req.headers, body: raw.toString('latin1'), kind: 'other' });
      res.writeHead(400, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ type: 'error', error: { type: 'invalid_request_error', message: 'undecodable body' } }));
      return;
    }

    if (req.method === 'POST' && path === '/v1/messages/count_tokens') {
      requests.push({ method: 'POST', path, headers: req.headers, body, kind: 'count-tokens' });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ input_tokens: Math.max(1, Math.ceil(body.length / 4)) }));
      return;
    }

    if (req.method === 'POST' && path === '/v1/messages') {
      let parsed: MessagesBody = {};
      try {
        parsed = JSON.parse(body) as MessagesBody;
      } catch {
        problems.push('POST /v1/messages: body is not JSON');
      }
      const toolNames = new Set((parsed.tools ?? []).map((t) => t.name));
      // The agent loop offers the file and shell tools; title, summary and quota calls do not.
      const isMain = toolNames.has('Read') && toolNames.has('Bash');
      requests.push({ method: 'POST', path, headers: req.headers, body, kind: isMain ? 'main-turn' : 'side-call' });
      const stream = parsed.stream === true;
      if (!isMain) {
        sendMessage(res, stream, [{ type: 'text', text: 'OK' }], 'end_turn');
        return;
      }
      const used = new Set<string>();
      for (const m of parsed.messages ?? []) {
        if (!Array.isArray(m.content)) continue;
        for (const b of m.content) {
          if (m.role === 'assistant' && b.type === 'tool_use' && b.id) used.add(b.id);
          if (m.role === 'user' && b.type === 'tool_result' && b.tool_use_id && scriptedIds.has(b.tool_use_id)) {
            results.set(b.tool_use_id, { toolUseId: b.tool_use_id, isError: b.is_error === true, text: resultText(b.content) });
          }
        }
      }
      const next = steps.find((s) => !used.has(s.id));
      if (next) {
        sendMessage(res, stream, [{ type: 'tool_use', id: next.id, name: next.name, input: next.input }], 'tool_use');
      } else {
        sendMessage(res, stream, [{ type: 'text', text: finalText }], 'end_turn');
      }
      return;
    }

    requests.push({ method: req.method ?? '', path, headers: req.headers, body, kind: 'other' });
    problems.push(`unhandled ${req.method} ${path}`);
    res.writeHead(404, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ type: 'error', error: { type: 'not_found_error', message: `fake has no ${path}` } }));
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
