import * as assert from 'node:assert/strict';
import { detectClient } from '../../../src/core/hook/detectClient';
import { HookPayloadError } from '../../../src/core/hook/hookEventTypes';
import { parseHookEvent } from '../../../src/core/hook/parseHookEvent';

const CWD = '/home/dev/acme';

/** A VS Code agent-hook payload as the Copilot Chat extension builds it (hooks reference + source). */
const VSCODE_PRE = {
  timestamp: '2026-11-24T20:57:22.756Z',
  hook_event_name: 'PreToolUse',
  session_id: 'vs-session-1',
  transcript_path: '/home/dev/.vscode/transcripts/vs-session-1.jsonl',
  cwd: CWD,
  tool_name: 'read_file',
  tool_input: { filePath: '/home/dev/acme/.env', startLine: 1, endLine: 20 },
  tool_use_id: 'call_1',
};

describe('hook: detectClient', () => {
  it('tells VS Code from the Copilot CLI PascalCase format by tool_use_id and tool names', () => {
    assert.equal(detectClient(VSCODE_PRE), 'vscode');
    const noId: Record<string, unknown> = { ...VSCODE_PRE };
    delete noId['tool_use_id'];
    assert.equal(detectClient(noId), 'vscode'); // VS Code's own tool name
    assert.equal(detectClient({ ...noId, tool_name: 'Read', tool_input: { path: '.env' } }), 'copilot-cli-vscode');
  });

  it('the payload wins over a wrong hint: VS Code runs .claude/settings.json hooks too', () => {
    assert.equal(detectClient(VSCODE_PRE, 'claude-code'), 'vscode');
    assert.equal(detectClient({ sessionId: 's', timestamp: 1, cwd: CWD, toolName: 'view', toolArgs: {} }, 'vscode'), 'copilot-cli');
  });

  it('uses the hint where the payload leaves it open', () => {
    const prompt = { hook_event_name: 'UserPromptSubmit', session_id: 's', timestamp: '2026-01-01T00:00:00Z', cwd: CWD, prompt: 'hi' };
    assert.equal(detectClient(prompt, 'vscode'), 'vscode');
    assert.equal(detectClient(prompt, 'copilot-cli-vscode'), 'copilot-cli-vscode');
    assert.equal(detectClient(prompt), 'copilot-cli-vscode');
    assert.equal(detectClient({ ...prompt, transcript_path: '/t.jsonl' }), 'vscode');
  });

  it('Codex by turn_id or model; Claude Code otherwise', () => {
    assert.equal(detectClient({ hook_event_name: 'Stop', session_id: 's', cwd: CWD, turn_id: 't' }), 'codex');
    assert.equal(detectClient({ hook_event_name: 'Stop', session_id: 's', cwd: CWD, model: 'gpt-5' }), 'codex');
    assert.equal(detectClient({ hook_event_name: 'Stop', session_id: 's', cwd: CWD }), 'claude-code');
  });

  it('early VS Code builds (camelCase common fields)', () => {
    assert.equal(detectClient({ hookEventName: 'PreToolUse', sessionId: 's', cwd: CWD, tool_name: 'editFiles', tool_input: { files: ['a'] } }), 'vscode');
  });

  it('throws on non-payloads unless a hint is given', () => {
    assert.throws(() => detectClient('text'), HookPayloadError);
    assert.throws(() => detectClient({ hello: 1 }), HookPayloadError);
    assert.equal(detectClient({ hello: 1 }, 'codex'), 'codex');
  });
});

describe('hook: parseHookEvent beyond the fixtures', () => {
  it('VS Code tool names and tool_use_id', () => {
    const ev = parseHookEvent(VSCODE_PRE, 'vscode');
    assert.equal(ev.event, 'pre-tool');
    assert.equal(ev.toolUseId, 'call_1');
    assert.equal(ev.transcriptPath, '/home/dev/.vscode/transcripts/vs-session-1.jsonl');
    assert.deepEqual(ev.requests, [{ action: 'read', paths: ['/home/dev/acme/.env'], cwd: CWD }]);
  });

  it('Copilot camelCase: the --event hint wins; toolArgs may be a JSON string', () => {
    const payload = { sessionId: 's', timestamp: 1, cwd: CWD, toolName: 'view', toolArgs: '{"path":"secrets/a.key"}' };
    const ev = parseHookEvent(payload, 'copilot-cli', 'preToolUse');
    assert.equal(ev.rawEventName, 'preToolUse');
    assert.deepEqual(ev.requests, [{ action: 'read', paths: ['secrets/a.key'], cwd: CWD }]);
    assert.equal(parseHookEvent({ sessionId: 's', timestamp: 1, cwd: CWD, error: { message: 'x', name: 'E' }, errorContext: 'system', recoverable: true }, 'copilot-cli').event, 'other');
  });

  it('fails closed on tool and prompt events it cannot judge', () => {
    assert.throws(() => parseHookEvent({ hook_event_name: 'PreToolUse', session_id: 's', cwd: CWD }, 'claude-code'), /without a tool name/);
    assert.throws(() => parseHookEvent({ hook_event_name: 'PreToolUse', session_id: 's', tool_name: 'Read', tool_input: { file_path: 'a' } }, 'claude-code'), /working directory/);
    assert.throws(() => parseHookEvent({ hook_event_name: 'UserPromptSubmit', session_id: 's', cwd: CWD }, 'claude-code'), /without a prompt/);
    assert.throws(() => parseHookEvent([], 'claude-code'), HookPayloadError);
  });

  it('post-tool events never throw, even for tools without paths', () => {
    const ev = parseHookEvent({ hook_event_name: 'PostToolUse', session_id: 's', cwd: CWD, tool_name: 'Read', tool_input: {}, tool_response: {} }, 'claude-code');
    assert.equal(ev.event, 'post-tool');
    assert.deepEqual(ev.requests, []);
  });

  it('unknown event names are "other" and carry no requests', () => {
    const ev = parseHookEvent({ hook_event_name: 'PermissionRequest', session_id: 's', cwd: CWD, tool_name: 'Bash', tool_input: { command: 'ls' } }, 'claude-code');
    assert.equal(ev.event, 'other');
    assert.deepEqual(ev.requests, []);
  });
});
