// Hook stdin for one tool call in each client's own payload shape (as captured in
// test/fixtures/hook-events/): the corpora name a client, a tool and its arguments only.
import type { ClientId } from '../../src/core/words/clientTypes';

export interface ToolCall {
  readonly client: ClientId;
  readonly tool: string;
  readonly input: Record<string, unknown>;
}

export function hookPayload(call: ToolCall, cwd: string, n = 0): Record<string, unknown> {
  const id = `toolu_corpus_${n}`;
  switch (call.client) {
    case 'claude-code':
      return { session_id: 's-corpus', transcript_path: '/tmp/airlock-corpus.jsonl', cwd, permission_mode: 'default', hook_event_name: 'PreToolUse', tool_name: call.tool, tool_input: call.input, tool_use_id: id };
    case 'codex':
      return { session_id: 's-corpus', turn_id: 't-corpus', transcript_path: null, cwd, hook_event_name: 'PreToolUse', model: 'gpt-5.4', permission_mode: 'bypassPermissions', tool_name: call.tool, tool_input: call.input, tool_use_id: id };
    case 'copilot-cli':
      return { sessionId: 's-corpus', timestamp: 1795553839017 + n, cwd, toolName: call.tool, toolArgs: call.input };
    case 'copilot-cli-vscode':
      return { hook_event_name: 'PreToolUse', session_id: 's-corpus', timestamp: '2026-11-24T20:57:22.891Z', cwd, tool_name: call.tool, tool_input: call.input };
    case 'vscode':
      return { timestamp: '2026-11-24T20:57:22.891Z', hook_event_name: 'PreToolUse', session_id: 's-corpus', transcript_path: '/tmp/airlock-corpus.jsonl', cwd, tool_name: call.tool, tool_input: call.input, tool_use_id: id };
    case 'opencode':
      return { event: 'tool.execute.before', directory: cwd, input: { tool: call.tool, sessionID: 'ses_corpus', callID: id }, output: { args: call.input } };
  }
}

/** Replaces `${ROOT}` in every string of a corpus entry with the workspace path. */
export function withRoot<T>(value: T, root: string): T {
  return JSON.parse(JSON.stringify(value).split('${ROOT}').join(root.replace(/\\/g, '\\\\').replace(/"/g, '\\"'))) as T;
}
