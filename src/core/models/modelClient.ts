// Sends an inspected request body to a policy endpoint and streams the answer back: the editor's
// half of the governed model path (the CLI gateway pipes bytes instead).
import type { ModelEndpoint } from '../policy/modelPolicyTypes';
import { type ChatEvent, ChatStreamReader } from './chatWire';
import { errorMessage } from '../util/errorMessage';

export class ModelEndpointError extends Error {
  constructor(message: string, readonly status: number) {
    super(message);
  }
}

/** Posts `text` (the inspected body) to the endpoint; returns the raw answer for the audit log. */
export async function sendToEndpoint(endpoint: ModelEndpoint, key: string | undefined, text: string, onEvent: (e: ChatEvent) => void, signal?: AbortSignal): Promise<{ status: number; raw: Buffer }> {
  const path = endpoint.api === 'anthropic' ? '/v1/messages' : '/chat/completions';
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'text/event-stream, application/json' };
  if (endpoint.api === 'anthropic') headers['anthropic-version'] = '2023-06-01';
  if (key) {
    if (endpoint.api === 'anthropic') headers['x-api-key'] = key;
    else headers.authorization = `Bearer ${key}`;
  }
  let res: Response;
  try {
    res = await fetch(endpoint.url + path, { method: 'POST', headers, body: text, signal });
  } catch (err) {
    throw new ModelEndpointError(`cannot reach model endpoint "${endpoint.name}" at ${endpoint.url}: ${(err as { cause?: { code?: string } }).cause?.code ?? errorMessage(err)}`, 502);
  }
  const chunks: Buffer[] = [];
  const reader = new ChatStreamReader(endpoint.api, onEvent);
  const decoder = new TextDecoder();
  const streamed = (res.headers.get('content-type') ?? '').includes('text/event-stream');
  if (res.body) {
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      chunks.push(Buffer.from(chunk));
      if (res.ok && streamed) reader.push(decoder.decode(chunk, { stream: true }));
    }
  }
  const raw = Buffer.concat(chunks);
  if (!res.ok) throw new ModelEndpointError(`model endpoint "${endpoint.name}" answered HTTP ${res.status}: ${raw.toString('utf8').slice(0, 500)}`, res.status);
  if (streamed) reader.end();
  else reader.whole(raw.toString('utf8'));
  return { status: res.status, raw };
}
