import assert from 'node:assert/strict';
import { type ChatEvent, chatRequestBody, ChatStreamReader } from '../../../src/core/models/chatWire';
import { ANTHROPIC_SSE, OPENAI_SSE } from '../gateway/fakeUpstream';

const conversation = [
  { role: 'system' as const, parts: [{ type: 'text' as const, text: 'be brief' }] },
  { role: 'user' as const, parts: [{ type: 'text' as const, text: 'read a.ts' }] },
  { role: 'assistant' as const, parts: [{ type: 'tool_call' as const, id: 'c1', name: 'airlock_read', input: { path: 'a.ts' } }] },
  { role: 'user' as const, parts: [{ type: 'tool_result' as const, id: 'c1', text: 'export const a = 1;' }] },
];
const tools = [{ name: 'airlock_read', description: 'read', inputSchema: { type: 'object', properties: { path: { type: 'string' } } } }];

function read(api: 'openai' | 'anthropic', chunks: string[]): ChatEvent[] {
  const events: ChatEvent[] = [];
  const r = new ChatStreamReader(api, (e) => events.push(e));
  // Split mid-line, as a network delivers it.
  for (const c of chunks.join('').match(/[\s\S]{1,7}/g) ?? []) r.push(c);
  r.end();
  return events;
}

describe('chat wire formats (the editor’s Airlock models)', () => {
  it('builds an Anthropic body: system apart, tool_use and tool_result blocks, tools with input_schema', () => {
    const b = chatRequestBody('anthropic', 'claude-x', conversation, tools) as { system: string; messages: Array<{ role: string; content: Array<Record<string, unknown>> }>; tools: Array<{ input_schema: unknown }>; stream: boolean };
    assert.equal(b.system, 'be brief');
    assert.equal(b.stream, true);
    assert.deepEqual(b.messages.map((m) => m.role), ['user', 'assistant', 'user']);
    assert.deepEqual(b.messages[1].content[0], { type: 'tool_use', id: 'c1', name: 'airlock_read', input: { path: 'a.ts' } });
    assert.deepEqual(b.messages[2].content[0], { type: 'tool_result', tool_use_id: 'c1', content: 'export const a = 1;' });
    assert.deepEqual(b.tools[0].input_schema, tools[0].inputSchema);
  });

  it('builds an OpenAI body: tool_calls with JSON arguments, tool messages for results', () => {
    const b = chatRequestBody('openai', 'gpt-x', conversation, tools) as { messages: Array<Record<string, unknown>>; tools: Array<{ function: { name: string } }> };
    assert.deepEqual(b.messages.map((m) => m.role), ['system', 'user', 'assistant', 'tool']);
    assert.deepEqual(b.messages[2].tool_calls, [{ id: 'c1', type: 'function', function: { name: 'airlock_read', arguments: '{"path":"a.ts"}' } }]);
    assert.deepEqual(b.messages[3], { role: 'tool', tool_call_id: 'c1', content: 'export const a = 1;' });
    assert.equal(b.tools[0].function.name, 'airlock_read');
  });

  it('reads streamed text in both formats, across chunk boundaries', () => {
    assert.deepEqual(read('anthropic', ANTHROPIC_SSE), [{ type: 'text', text: 'hello' }]);
    assert.deepEqual(read('openai', OPENAI_SSE), [{ type: 'text', text: 'hel' }, { type: 'text', text: 'lo' }]);
  });

  it('reads streamed tool calls in both formats', () => {
    const anthropic = [
      'event: content_block_start\ndata: {"type":"content_block_start","index":0,"content_block":{"type":"tool_use","id":"toolu_1","name":"airlock_read","input":{}}}\n\n',
      'event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"input_json_delta","partial_json":"{\\"path\\":"}}\n\n',
      'event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"input_json_delta","partial_json":"\\"a.ts\\"}"}}\n\n',
      'event: content_block_stop\ndata: {"type":"content_block_stop","index":0}\n\n',
    ];
    assert.deepEqual(read('anthropic', anthropic), [{ type: 'tool_call', id: 'toolu_1', name: 'airlock_read', input: { path: 'a.ts' } }]);
    const openai = [
      'data: {"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"call_1","function":{"name":"airlock_read","arguments":"{\\"pa"}}]}}]}\n\n',
      'data: {"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"th\\":\\"a.ts\\"}"}}]},"finish_reason":"tool_calls"}]}\n\n',
      'data: [DONE]\n\n',
    ];
    assert.deepEqual(read('openai', openai), [{ type: 'tool_call', id: 'call_1', name: 'airlock_read', input: { path: 'a.ts' } }]);
  });
});
