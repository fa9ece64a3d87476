// The Anthropic Messages wire of the scripted fake model (Claude Code): each main-loop turn it
// asks the client to run the next scripted tool call, then gives a final text answer.
import type { ServerResponse } from 'node:http';
import { parseJsonBody, sendJson, sendSse, startFakeModel, startSse, type FakeModelServer, type ScriptedToolCall, type WireAdapter } from './scriptedModel';

const MODEL = 'claude-sonnet-4-5-20250929';

type Block = { type?: string; id?: string; tool_use_id?: string; is_error?: boolean; content?: unknown; text?: string };
type Message = { role?: string; content?: string | Block[] };
type MessagesBody = { messages?: Message[]; tools?: { name?: string }[]; stream?: boolean };

function resultText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) return content.map((c: Block) => (typeof c?.text === 'string' ? c.text : JSON.stringify(c))).join('\n');
  return content === undefined ? '' : JSON.stringify(content);
}

type ContentBlock = { type: 'text'; text: string } | { type: 'tool_use'; id: string; name: string; input: Record<string, unknown> };

function sendMessage(res: ServerResponse, stream: boolean, content: ContentBlock[], stopReason: 'end_turn' | 'tool_use'): void {
  const id = `msg_fake_${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
  const usage = { input_tokens: 100, output_tokens: 20, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 };
  if (!stream) {
    sendJson(res, 200, { id, type: 'message', role: 'assistant', model: MODEL, content, stop_reason: stopReason, stop_sequence: null, usage });
    return;
  }
  // The Messages streaming event sequence: message_start, per block start/delta/stop,
  // message_delta with the stop reason, message_stop.
  startSse(res);
  const send = (event: string, data: Record<string, unknown>): void => sendSse(res, { type: event, ...data }, event);
  send('message_start', { message: { id, type: 'message', role: 'assistant', model: MODEL, content: [], stop_reason: null, stop_sequence: null, usage: { ...usage, output_tokens: 1 } } });
  content.forEach((block, index) => {
    if (block.type === 'text') {
      send('content_block_start', { index, content_block: { type: 'text', text: '' } });
      send('content_block_delta', { index, delta: { type: 'text_delta', text: block.text } });
    } else {
      send('content_block_start', { index, content_block: { type: 'tool_use', id: block.id, name: block.name, input: {} } });
      send('content_block_delta', { index, delta: { type: 'input_json_delta', partial_json: JSON.stringify(block.input) } });
    }
    send('content_block_stop', { index });
  });
  send('message_delta', { delta: { stop_reason: stopReason, stop_sequence: null }, usage: { output_tokens: usage.output_tokens } });
  send('message_stop', {});
  res.end();
}

/** `/v1/messages` and `/v1/messages/count_tokens`. */
export const anthropicWire: WireAdapter = (req, res, script) => {
  if (req.method === 'POST' && req.path === '/v1/messages/count_tokens') {
    req.record('count-tokens');
    sendJson(res, 200, { input_tokens: Math.max(1, Math.ceil(req.body.length / 4)) });
    return true;
  }
  if (req.method !== 'POST' || req.path !== '/v1/messages') return false;
  const parsed = parseJsonBody<MessagesBody>(req.body, 'POST /v1/messages', script);
  const toolNames = new Set((parsed.tools ?? []).map((t) => t.name));
  // The agent loop offers the file and shell tools; title, summary and quota calls do not.
  const isMain = toolNames.has('Read') && toolNames.has('Bash');
  req.record(isMain ? 'main-turn' : 'side-call');
  const stream = parsed.stream === true;
  if (!isMain) {
    sendMessage(res, stream, [{ type: 'text', text: 'OK' }], 'end_turn');
    return true;
  }
  const used = new Set<string>();
  for (const m of parsed.messages ?? []) {
    if (!Array.isArray(m.content)) continue;
    for (const b of m.content) {
      if (m.role === 'assistant' && b.type === 'tool_use' && b.id) used.add(b.id);
      if (m.role === 'user' && b.type === 'tool_result' && b.tool_use_id && script.isScripted(b.tool_use_id)) {
        script.reportResult({ toolUseId: b.tool_use_id, isError: b.is_error === true, text: resultText(b.content) });
      }
    }
  }
  const next = script.next(used);
  if (next) sendMessage(res, stream, [{ type: 'tool_use', id: next.id, name: next.name, input: next.input }], 'tool_use');
  else sendMessage(res, stream, [{ type: 'text', text: script.finalText }], 'end_turn');
  return true;
};

/** A fake Anthropic Messages API; `url` is what ANTHROPIC_BASE_URL takes. */
export function startFakeAnthropicServer(steps: readonly ScriptedToolCall[], finalText: string): Promise<FakeModelServer> {
  return startFakeModel(anthropicWire, steps, finalText);
}
