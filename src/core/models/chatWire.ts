// A neutral chat conversation and its two wire formats: what the editor's Airlock models send
// (an OpenAI `/chat/completions` or Anthropic `/v1/messages` body) and the streamed answer read
// back as text and tool calls. The body then goes through the same inspection as the gateway's.
import type { ModelApi } from '../policy/modelPolicyTypes';

export type ChatPart =
  | { readonly type: 'text'; readonly text: string }
  | { readonly type: 'tool_call'; readonly id: string; readonly name: string; readonly input: unknown }
  | { readonly type: 'tool_result'; readonly id: string; readonly text: string };

export interface ChatMessage {
  readonly role: 'system' | 'user' | 'assistant';
  readonly parts: readonly ChatPart[];
}

export interface ChatTool {
  readonly name: string;
  readonly description: string;
  readonly inputSchema?: object;
}

export type ChatEvent = { readonly type: 'text'; readonly text: string } | { readonly type: 'tool_call'; readonly id: string; readonly name: string; readonly input: unknown };

const textOf = (parts: readonly ChatPart[]): string => parts.filter((p) => p.type === 'text').map((p) => (p as { text: string }).text).join('');

export function chatRequestBody(api: ModelApi, model: string, messages: readonly ChatMessage[], tools: readonly ChatTool[], maxTokens = 4096): Record<string, unknown> {
  if (api === 'anthropic') {
    const system = messages.filter((m) => m.role === 'system').map((m) => textOf(m.parts)).join('\n\n');
    const turns = messages.filter((m) => m.role !== 'system').map((m) => ({
      role: m.role,
      content: m.parts.map((p) => (p.type === 'text' ? { type: 'text', text: p.text }
        : p.type === 'tool_call' ? { type: 'tool_use', id: p.id, name: p.name, input: p.input ?? {} }
          : { type: 'tool_result', tool_use_id: p.id, content: p.text })),
    }));
    return {
      model, max_tokens: maxTokens, stream: true, messages: turns,
      ...(system ? { system } : {}),
      ...(tools.length ? { tools: tools.map((t) => ({ name: t.name, description: t.description, input_schema: t.inputSchema ?? { type: 'object', properties: {} } })) } : {}),
    };
  }
  const out: Record<string, unknown>[] = [];
  for (const m of messages) {
    const calls = m.parts.filter((p) => p.type === 'tool_call');
    for (const r of m.parts) if (r.type === 'tool_result') out.push({ role: 'tool', tool_call_id: r.id, content: r.text });
    const text = textOf(m.parts);
    if (text || calls.length) {
      out.push({
        role: m.role, content: text || null,
        ...(calls.length ? { tool_calls: calls.map((c) => ({ id: c.id, type: 'function', function: { name: c.name, arguments: JSON.stringify(c.input ?? {}) } })) } : {}),
      });
    }
  }
  return {
    model, stream: true, messages: out, max_tokens: maxTokens,
    ...(tools.length ? { tools: tools.map((t) => ({ type: 'function', function: { name: t.name, description: t.description, parameters: t.inputSchema ?? { type: 'object', properties: {} } } })) } : {}),
  };
}

/** Reads a streamed (SSE) or plain JSON answer in either format into text and tool-call events. */
export class ChatStreamReader {
  private buffer = '';
  private readonly calls = new Map<number, { id: string; name: string; json: string }>();

  constructor(private readonly api: ModelApi, private readonly emit: (e: ChatEvent) => void) {}

  push(chunk: string): void {
    this.buffer += chunk;
    let nl: number;
    while ((nl = this.buffer.indexOf('\n')) >= 0) {
      const line = this.buffer.slice(0, nl).replace(/\r$/, '');
      this.buffer = this.buffer.slice(nl + 1);
      if (line.startsWith('data:')) this.data(line.slice(5).trim());
    }
  }

  /** A non-streamed JSON answer. */
  whole(text: string): void {
    const body = JSON.parse(text) as { content?: Array<{ type: string; text?: string; id?: string; name?: string; input?: unknown }>; choices?: Array<{ message?: { content?: string | null; tool_calls?: Array<{ id: string; function: { name: string; arguments: string } }> } }> };
    for (const b of body.content ?? []) {
      if (b.type === 'text' && b.text) this.emit({ type: 'text', text: b.text });
      if (b.type === 'tool_use') this.emit({ type: 'tool_call', id: b.id ?? '', name: b.name ?? '', input: b.input ?? {} });
    }
    const msg = body.choices?.[0]?.message;
    if (msg?.content) this.emit({ type: 'text', text: msg.content });
    for (const c of msg?.tool_calls ?? []) this.emit({ type: 'tool_call', id: c.id, name: c.function.name, input: parseArgs(c.function.arguments) });
  }

  end(): void {
    for (const c of this.calls.values()) this.emit({ type: 'tool_call', id: c.id, name: c.name, input: parseArgs(c.json) });
    this.calls.clear();
  }

  private data(payload: string): void {
    if (!payload || payload === '[DONE]') return;
    let ev: Record<string, unknown>;
    try {
      ev = JSON.parse(payload) as Record<string, unknown>;
    } catch {
      return;
    }
    if (this.api === 'anthropic') {
      const index = Number(ev.index ?? 0);
      if (ev.type === 'content_block_start') {
        const block = ev.content_block as { type: string; id?: string; name?: string };
        if (block.type === 'tool_use') this.calls.set(index, { id: block.id ?? '', name: block.name ?? '', json: '' });
      } else if (ev.type === 'content_block_delta') {
        const d = ev.delta as { type: string; text?: string; partial_json?: string };
        if (d.type === 'text_delta' && d.text) this.emit({ type: 'text', text: d.text });
        if (d.type === 'input_json_delta') {
          const c = this.calls.get(index);
          if (c) c.json += d.partial_json ?? '';
        }
      } else if (ev.type === 'content_block_stop') {
        const c = this.calls.get(index);
        if (c) {
          this.calls.delete(index);
          this.emit({ type: 'tool_call', id: c.id, name: c.name, input: parseArgs(c.json) });
        }
      } else if (ev.type === 'error') {
        throw new Error(`model error: ${JSON.stringify(ev.error)}`);
      }
      return;
    }
    const delta = (ev.choices as Array<{ delta?: { content?: string | null; tool_calls?: Array<{ index: number; id?: string; function?: { name?: string; arguments?: string } }> } }> | undefined)?.[0]?.delta;
    if (delta?.content) this.emit({ type: 'text', text: delta.content });
    for (const t of delta?.tool_calls ?? []) {
      const c = this.calls.get(t.index) ?? { id: '', name: '', json: '' };
      if (t.id) c.id = t.id;
      if (t.function?.name) c.name += t.function.name;
      if (t.function?.arguments) c.json += t.function.arguments;
      this.calls.set(t.index, c);
    }
  }
}

function parseArgs(json: string): unknown {
  if (!json.trim()) return {};
  try {
    return JSON.parse(json);
  } catch {
    return { _raw: json };
  }
}
