// A fake model provider on 127.0.0.1 speaking both wire formats (streaming included). It records
// every request as received, so a test can prove what did (not) reach "the model".
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface UpstreamRequest {
  readonly path: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
}

export interface FakeUpstream {
  readonly url: string;
  readonly requests: UpstreamRequest[];
  /** Next response status override (e.g. 429), consumed once. */
  failNext(status: number, body: string): void;
  close(): Promise<void>;
}

export const ANTHROPIC_SSE = [
  'event: message_start\ndata: {"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","model":"m","content":[],"stop_reason":null,"usage":{"input_tokens":1,"output_tokens":1}}}\n\n',
  'event: content_block_start\ndata: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}\n\n',
  'event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"hello"}}\n\n',
  'event: content_block_stop\ndata: {"type":"content_block_stop","index":0}\n\n',
  'event: message_delta\ndata: {"type":"message_delta","delta":{"stop_reason":"end_turn"},"usage":{"output_tokens":1}}\n\n',
  'event: message_stop\ndata: {"type":"message_stop"}\n\n',
];

export const OPENAI_SSE = [
  'data: {"id":"c1","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"role":"assistant","content":"hel"}}]}\n\n',
  'data: {"id":"c1","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":"lo"},"finish_reason":"stop"}]}\n\n',
  'data: [DONE]\n\n',
];

export function startFakeUpstream(): Promise<FakeUpstream> {
  const requests: UpstreamRequest[] = [];
  let failure: { status: number; body: string } | null = null;
  const handle = (req: IncomingMessage, res: ServerResponse, body: string): void => {
    requests.push({ path: req.url ?? '', headers: req.headers, body });
    if (failure) {
      const f = failure;
      failure = null;
      res.writeHead(f.status, { 'content-type': 'application/json', 'retry-after': '7' });
      res.end(f.body);
      return;
    }
    const parsed = body ? (JSON.parse(body) as { stream?: boolean }) : {};
    const anthropic = (req.url ?? '').split('?')[0].endsWith('/v1/messages');
    if (parsed.stream) {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      const events = anthropic ? ANTHROPIC_SSE : OPENAI_SSE;
      // Sent one by one with a pause, so the client sees a real stream.
      let i = 0;
      const next = (): void => {
        if (i < events.length) {
          res.write(events[i++]);
          setTimeout(next, 2);
        } else res.end();
      };
      next();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(anthropic
      ? JSON.stringify({ id: 'msg_1', type: 'message', role: 'assistant', model: 'm', content: [{ type: 'text', text: 'hello' }], stop_reason: 'end_turn', usage: { input_tokens: 1, output_tokens: 1 } })
      : JSON.stringify({ id: 'c1', object: 'chat.completion', choices: [{ index: 0, message: { role: 'assistant', content: 'hello' }, finish_reason: 'stop' }] }));
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => handle(req, res, Buffer.concat(chunks).toString('utf8')));
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}`,
        requests,
        failNext: (status, body) => { failure = { status, body }; },
        close: () => new Promise((done) => { server.closeAllConnections(); server.close(() => done()); }),
      });
    });
  });
}
