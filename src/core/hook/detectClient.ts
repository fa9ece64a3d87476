// Which client sent a hook payload. The payload shape wins over the `--client` hint when a field
// decides it: VS Code also runs the hooks in `.claude/settings.json` and `.github/hooks/*.json`, so a
// command generated for one client can receive another client's payload.
import type { ClientId } from '../words/clientTypes';
import { HookPayloadError } from './hookEventTypes';
import { isObject, stringField } from './payloadFields';

/** Tool names the Copilot CLI reports in its VS Code-compatible (PascalCase) format. */
const COPILOT_CLAUDE_TOOL_NAMES = new Set([
  'Bash', 'Read', 'Write', 'Edit', 'Grep', 'Glob', 'WebFetch', 'WebSearch', 'AskUserQuestion', 'TodoWrite', 'Agent', 'Task',
]);

/** Fields only the Copilot CLI's PascalCase format carries. */
const COPILOT_PASCAL_FIELDS = ['parent_agent_id', 'initial_prompt', 'stop_reason', 'tool_result', 'error_context', 'custom_instructions'];

function vscodeOrCopilot(p: Readonly<Record<string, unknown>>, hint: ClientId | undefined): ClientId {
  if ('tool_use_id' in p) return 'vscode';
  if (COPILOT_PASCAL_FIELDS.some((f) => f in p)) return 'copilot-cli-vscode';
  const tool = stringField(p, 'tool_name');
  if (tool !== undefined) return COPILOT_CLAUDE_TOOL_NAMES.has(tool) || tool.startsWith('mcp__') ? 'copilot-cli-vscode' : 'vscode';
  if (hint === 'vscode' || hint === 'copilot-cli-vscode') return hint;
  // VS Code adds transcript_path to every event once it has one; Copilot only to Stop/PreCompact.
  return 'transcript_path' in p ? 'vscode' : 'copilot-cli-vscode';
}

/**
 * The client that sent `payload`. `hint` (the generated command's `--client`) settles the cases
 * the payload leaves open; see CLIENTS.md for which those are. Throws HookPayloadError when the
 * payload is not a hook payload and no hint is given.
 */
export function detectClient(payload: unknown, hint?: ClientId): ClientId {
  if (!isObject(payload)) {
    if (hint) return hint;
    throw new HookPayloadError('hook input is not a JSON object');
  }
  const p = payload;
  if (typeof p['event'] === 'string' && isObject(p['input']) && typeof p['input']['tool'] === 'string') return 'opencode';
  if (typeof p['hook_event_name'] === 'string') {
    if ('turn_id' in p || typeof p['model'] === 'string') return 'codex';
    if (typeof p['timestamp'] === 'string' || typeof p['timestamp'] === 'number') return vscodeOrCopilot(p, hint);
    return hint === 'codex' ? 'codex' : 'claude-code';
  }
  // Early VS Code builds sent camelCase common fields next to snake_case tool fields.
  if (typeof p['hookEventName'] === 'string') return 'vscode';
  if ('toolName' in p || 'toolArgs' in p || typeof p['sessionId'] === 'string' || typeof p['timestamp'] === 'number') return 'copilot-cli';
  if (hint) return hint;
  throw new HookPayloadError('hook input matches no known client format (no hook_event_name, toolName or opencode event)');
}
