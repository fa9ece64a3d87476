// One normalized HookEvent from any client's payload.
import type { ClientId } from '../words/clientTypes';
import { HookPayloadError, type HookEvent, type HookEventKind, type ToolAccess } from './hookEventTypes';
import { isObject, objectField, stringField, type JsonObject } from './payloadFields';
import { parsePostToolEdit } from './postToolEdit';
import { extractPromptMentions } from './promptMentions';
import { mapToolCall, type ToolCallFacts } from './toolAccess';

/** Client event names, lower-cased, to the normalized kind. */
const EVENT_KINDS: Readonly<Record<string, HookEventKind>> = {
  pretooluse: 'pre-tool',
  'tool.execute.before': 'pre-tool',
  posttooluse: 'post-tool',
  'tool.execute.after': 'post-tool',
  posttoolusefailure: 'post-tool-failure',
  userpromptsubmit: 'prompt',
  userpromptsubmitted: 'prompt',
  sessionstart: 'session-start',
  stop: 'stop',
  agentstop: 'stop',
  subagentstop: 'stop',
  sessionend: 'stop',
};

export function eventKindOf(rawEventName: string): HookEventKind {
  return EVENT_KINDS[rawEventName.toLowerCase()] ?? 'other';
}

/**
 * The Copilot CLI's camelCase payloads carry no event name; the shape tells it (the generated
 * command should still pass `--event`, which wins).
 */
function inferCopilotEvent(p: JsonObject): string {
  if ('toolResult' in p) return 'postToolUse';
  if ('toolName' in p && typeof p['error'] === 'string') return 'postToolUseFailure';
  if ('toolName' in p || 'toolArgs' in p) return 'preToolUse';
  if (typeof p['prompt'] === 'string' && 'transformedPrompt' in p) return 'userPromptTransformed';
  if (typeof p['prompt'] === 'string') return 'userPromptSubmitted';
  if ('errorContext' in p) return 'errorOccurred';
  if ('agentName' in p && 'stopReason' in p) return 'subagentStop';
  if ('agentName' in p) return 'subagentStart';
  if ('stopReason' in p) return 'agentStop';
  if ('trigger' in p) return 'preCompact';
  if ('source' in p) return 'sessionStart';
  if (typeof p['reason'] === 'string') return 'sessionEnd';
  return 'unknown';
}

/** Copilot (and some VS Code builds) send tool arguments as a JSON string. */
function toolArguments(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return { input: value };
  }
}

interface RawFields {
  rawEventName: string;
  sessionId: string;
  cwd: string | undefined;
  toolName: string;
  toolUseId?: string;
  toolInput: unknown;
  prompt?: string;
  transcriptPath?: string;
  agentId?: string;
}

function rawFields(p: JsonObject, client: ClientId, eventHint: string | undefined): RawFields {
  if (client === 'opencode') {
    const input = objectField(p, 'input') ?? {};
    const output = objectField(p, 'output') ?? {};
    const toolUseId = stringField(input, 'callID');
    const agentId = stringField(input, 'agent');
    return {
      rawEventName: eventHint ?? stringField(p, 'event') ?? '',
      sessionId: stringField(input, 'sessionID') ?? '',
      cwd: stringField(p, 'directory', 'cwd'),
      toolName: stringField(input, 'tool') ?? '',
      ...(toolUseId !== undefined ? { toolUseId } : {}),
      toolInput: output['args'] ?? input['args'],
      ...(agentId !== undefined ? { agentId } : {}),
    };
  }
  if (client === 'copilot-cli') {
    const prompt = stringField(p, 'prompt');
    const transcriptPath = stringField(p, 'transcriptPath');
    const agentId = stringField(p, 'agentId');
    return {
      rawEventName: eventHint ?? inferCopilotEvent(p),
      sessionId: stringField(p, 'sessionId') ?? '',
      cwd: stringField(p, 'cwd'),
      toolName: stringField(p, 'toolName') ?? '',
      toolInput: toolArguments(p['toolArgs']),
      ...(prompt !== undefined ? { prompt } : {}),
      ...(transcriptPath !== undefined ? { transcriptPath } : {}),
      ...(agentId !== undefined ? { agentId } : {}),
    };
  }
  // Claude Code, Codex, VS Code and the Copilot CLI's PascalCase format share snake_case fields.
  const toolUseId = stringField(p, 'tool_use_id');
  const prompt = stringField(p, 'prompt');
  const transcriptPath = stringField(p, 'transcript_path');
  const agentId = stringField(p, 'agent_id');
  return {
    rawEventName: stringField(p, 'hook_event_name', 'hookEventName') ?? eventHint ?? '',
    sessionId: stringField(p, 'session_id', 'sessionId') ?? '',
    cwd: stringField(p, 'cwd'),
    toolName: stringField(p, 'tool_name') ?? '',
    ...(toolUseId !== undefined ? { toolUseId } : {}),
    toolInput: toolArguments(p['tool_input']),
    ...(prompt !== undefined ? { prompt } : {}),
    ...(transcriptPath !== undefined ? { transcriptPath } : {}),
    ...(agentId !== undefined ? { agentId } : {}),
  };
}

function promptRequests(prompt: string, cwd: string): ToolAccess[] {
  const mentions = extractPromptMentions(prompt);
  return mentions.length > 0 ? [{ action: 'read', paths: mentions, cwd }] : [];
}

/**
 * The normalized event. `eventHint` is the event name the hook was registered for (the generated
 * command's `--event`); it is needed only for the Copilot CLI's camelCase payloads, which carry none.
 * Throws HookPayloadError when a tool or prompt event lacks what Airlock must judge (the caller
 * fails closed).
 */
export function parseHookEvent(payload: unknown, client: ClientId, eventHint?: string): HookEvent {
  if (!isObject(payload)) throw new HookPayloadError('hook input is not a JSON object');
  const f = rawFields(payload, client, eventHint);
  const event = eventKindOf(f.rawEventName);
  const cwd = f.cwd ?? '';
  let facts: ToolCallFacts = { requests: [] };
  let prompt = f.prompt;

  if (event === 'pre-tool') {
    if (f.toolName === '') throw new HookPayloadError(`${f.rawEventName} event without a tool name`);
    if (cwd === '') throw new HookPayloadError(`${f.rawEventName} event without a working directory`);
    facts = mapToolCall(f.toolName, f.toolInput, cwd);
  } else if (event === 'post-tool' || event === 'post-tool-failure') {
    try {
      facts = mapToolCall(f.toolName, f.toolInput, cwd);
    } catch {
      facts = { requests: [] }; // after the fact: nothing to block, and provenance reads the payload itself
    }
  } else if (event === 'prompt') {
    if (prompt === undefined) throw new HookPayloadError(`${f.rawEventName} event without a prompt`);
    if (cwd === '') throw new HookPayloadError(`${f.rawEventName} event without a working directory`);
    facts = { requests: promptRequests(prompt, cwd) };
  }
  if (facts.prompt !== undefined) prompt = facts.prompt;

  const model = stringField(payload, 'model');
  const normalized: HookEvent = {
    client,
    event,
    rawEventName: f.rawEventName,
    sessionId: f.sessionId,
    cwd,
    toolName: f.toolName,
    ...(f.toolUseId !== undefined ? { toolUseId: f.toolUseId } : {}),
    requests: facts.requests,
    ...(facts.command !== undefined ? { command: facts.command } : {}),
    ...(f.toolInput !== undefined ? { toolInput: f.toolInput } : {}),
    ...(prompt !== undefined ? { prompt } : {}),
    ...(f.transcriptPath !== undefined ? { transcriptPath: f.transcriptPath } : {}),
    ...(f.agentId !== undefined ? { agentId: f.agentId } : {}),
    ...(model !== undefined ? { model } : {}),
  };
  // The post-tool facts are read here, once, so provenance never goes back to the raw payload.
  const edit = event === 'post-tool' || event === 'post-tool-failure' ? parsePostToolEdit(normalized, payload) : null;
  return edit === null ? normalized : { ...normalized, edit };
}
