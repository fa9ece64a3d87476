// The two OpenAI wires of the scripted fake model: Chat Completions (`/v1/chat/completions`, the
// Copilot CLI's BYOK default and opencode's openai-compatible provider) and Responses
// (`/v1/responses`, Codex's custom `model_providers`). Both stream SSE when asked to.
import type { ServerResponse } from 'node:http';
import { parseJsonBody, sendJson, sendSse, startSse, type ScriptState, type ScriptedToolCall, type WireAdapter } from './scriptedModel';

const MODEL = 'fake-model';

export interface OpenAiWireOptions {
  /** A tool only the agent loop offers; requests without it (titles, summaries) are side calls. */
  readonly mainTool: string;
}

function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    return content.map((c: { text?: unknown }) => (typeof c?.text === 'string' ? c.text : JSON.stringify(c))).join('\n');
  }
  return content === undefined || content === null ? '' : JSON.stringify(content);
}

function toolNames(tools: unknown): Set<string> {
  const names = new Set<string>();
  if (!Array.isArray(tools)) return names;
  for (const t of tools as { name?: string; function?: { name?: string }; tools?: unknown }[]) {
    if (typeof t?.name === 'string') names.add(t.name);
    if (typeof t?.function?.name === 'string') names.add(t.function.name);
    // Responses namespaces nest their tools.
    for (const n of toolNames(t?.tools)) names.add(n);
  }
  return names;
}

/** GET /v1/models: some clients list models before they start. */
function models(req: Parameters<WireAdapter>[0], res: ServerResponse): boolean {
  if (req.method !== 'GET' || !/^\/(v1\/)?models$/.test(req.path)) return false;
  sendJson(res, 200, { object: 'list', data: [{ id: MODEL, object: 'model', created: 0, owned_by: 'fake' }] });
  return true;
}

type ChatMessage = { role?: string; content?: unknown; tool_calls?: { id?: string }[]; tool_call_id?: string };
type ChatBody = { messages?: ChatMessage[]; tools?: unknown; stream?: boolean };

function chatReply(res: ServerResponse, stream: boolean, next: ScriptedToolCall | undefined, finalText: string): void {
  const id = `chatcmpl-fake-${Date.now().toString(36)}`;
  const created = Math.floor(Date.now() / 1000);
  const toolCall = next && { id: next.id, type: 'function', function: { name: next.name, arguments: JSON.stringify(next.input) } };
  const finish = next ? 'tool_calls' : 'stop';
  const usage = { prompt_tokens: 100, completion_tokens: 20, total_tokens: 120 };
  if (!stream) {
    const message = next ? { role: 'assistant', content: null, tool_calls: [toolCall] } : { role: 'assistant', content: finalText };
    sendJson(res, 200, { id, object: 'chat.completion', created, model: MODEL, choices: [{ index: 0, message, finish_reason: finish }], usage });
    return;
  }
  startSse(res);
  const chunk = (choices: unknown[], extra: Record<string, unknown> = {}): void =>
    sendSse(res, { id, object: 'chat.completion.chunk', created, model: MODEL, choices, ...extra });
  const delta = next
    ? { role: 'assistant', content: null, tool_calls: [{ index: 0, ...toolCall }] }
    : { role: 'assistant', content: finalText };
  chunk([{ index: 0, delta, finish_reason: null }]);
  chunk([{ index: 0, delta: {}, finish_reason: finish }]);
  chunk([], { usage });
  sendSse(res, '[DONE]');
  res.end();
}

/** OpenAI Chat Completions: tool calls in assistant `tool_calls`, results in `role: "tool"` messages. */
export function openaiChatWire(opts: OpenAiWireOptions): WireAdapter {
  return (req, res, script) => {
    if (models(req, res)) return true;
    if (req.method !== 'POST' || !/^\/(v1\/)?chat\/completions$/.test(req.path)) return false;
    const parsed = parseJsonBody<ChatBody>(req.body, `POST ${req.path}`, script);
    const isMain = toolNames(parsed.tools).has(opts.mainTool);
    req.record(isMain ? 'main-turn' : 'side-call');
    const stream = parsed.stream === true;
    if (!isMain) {
      chatReply(res, stream, undefined, 'OK');
      return true;
    }
    const used = new Set<string>();
    for (const m of parsed.messages ?? []) {
      for (const c of m.tool_calls ?? []) if (c.id) used.add(c.id);
      if (m.role === 'tool' && m.tool_call_id && script.isScripted(m.tool_call_id)) {
        script.reportResult({ toolUseId: m.tool_call_id, isError: false, text: textOf(m.content) });
      }
    }
    chatReply(res, stream, script.next(used), script.finalText);
    return true;
  };
}

type ResponsesItem = { type?: string; call_id?: string; output?: unknown };
type ResponsesBody = { input?: ResponsesItem[] | string; tools?: unknown; stream?: boolean };

function responsesReply(res: ServerResponse, stream: boolean, next: ScriptedToolCall | undefined, script: ScriptState): void {
  const id = `resp_fake_${Date.now().toString(36)}`;
  const item = next
    ? { type: 'function_call', id: `fc_${next.id}`, call_id: next.id, name: next.name, arguments: JSON.stringify(next.input), status: 'completed' }
    : { type: 'message', id: `msg_${id}`, role: 'assistant', status: 'completed', content: [{ type: 'output_text', text: script.finalText, annotations: [] }] };
  const usage = { input_tokens: 100, input_tokens_details: { cached_tokens: 0 }, output_tokens: 20, output_tokens_details: { reasoning_tokens: 0 }, total_tokens: 120 };
  const response = { id, object: 'response', created_at: Math.floor(Date.now() / 1000), model: MODEL, status: 'completed', output: [item], usage };
  if (!stream) {
    sendJson(res, 200, response);
    return;
  }
  startSse(res);
  let seq = 0;
  const send = (type: string, data: Record<string, unknown>): void => sendSse(res, { type, sequence_number: seq++, ...data }, type);
  send('response.created', { response: { ...response, status: 'in_progress', output: [] } });
  send('response.output_item.added', { output_index: 0, item: { ...item, status: 'in_progress' } });
  send('response.output_item.done', { output_index: 0, item });
  send('response.completed', { response });
  res.end();
}

/** OpenAI Responses: `function_call` items out, `function_call_output` items back in the next input. */
export function openaiResponsesWire(opts: OpenAiWireOptions): WireAdapter {
  return (req, res, script) => {
    if (models(req, res)) return true;
    if (req.method !== 'POST' || !/^\/(v1\/)?responses$/.test(req.path)) return false;
    const parsed = parseJsonBody<ResponsesBody>(req.body, `POST ${req.path}`, script);
    const isMain = toolNames(parsed.tools).has(opts.mainTool);
    req.record(isMain ? 'main-turn' : 'side-call');
    const stream = parsed.stream === true;
    const used = new Set<string>();
    for (const it of Array.isArray(parsed.input) ? parsed.input : []) {
      if ((it.type === 'function_call' || it.type === 'custom_tool_call') && it.call_id) used.add(it.call_id);
      if ((it.type === 'function_call_output' || it.type === 'custom_tool_call_output') && it.call_id && script.isScripted(it.call_id)) {
        script.reportResult({ toolUseId: it.call_id, isError: false, text: textOf(it.output) });
      }
    }
    responsesReply(res, stream, isMain ? script.next(used) : undefined, isMain ? script : { ...script, finalText: 'OK' });
    return true;
  };
}
