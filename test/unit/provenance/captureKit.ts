// Replays a recorded assistant session (test/fixtures/edit-sessions/*) against a real temp git
// repository: each pre hook, then the tool's real effect on disk (shell commands really run),
// then the post hook, in the order the client fired them — including the Copilot CLI's
// "both edits land before either post hook".
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { detectClient } from '../../../src/core/hook/detectClient';
import type { ClientId } from '../../../src/core/words/clientTypes';
import type { HookEvent } from '../../../src/core/hook/hookEventTypes';
import { parseHookEvent } from '../../../src/core/hook/parseHookEvent';
import { captureAiEdit } from '../../../src/core/provenance/captureAiEdit';
import type { CaptureResult } from '../../../src/core/provenance/captureTypes';
import { FIXTURES, git, initRepo, tempDir } from './provenanceTestKit';

/** The workspace the sessions started from (as the sessions' Read calls show it). */
export const ORIGINAL_FILES: Readonly<Record<string, string>> = {
  'src/app.ts': "import { greet } from './util';\n\nexport function main(): void {\n  const name = 'world';\n  console.log(greet(name));\n  return;\n}\n\nmain();\n",
  'src/config.ts': "export const config = {\n  port: 3000,\n  host: 'localhost',\n  debug: false,\n};\n",
  'src/util.ts': "export function greet(name: string): string {\n  return 'Hello, ' + name;\n}\n\nexport function shout(s: string): string {\n  return s.toUpperCase();\n}\n",
};

export const SESSIONS = fs.readdirSync(FIXTURES).filter((d) => fs.statSync(path.join(FIXTURES, d)).isDirectory()).sort();

export interface ReplayOptions {
  /** Claude Code: write the transcript line of each call before its post hook (default true). */
  readonly transcriptBeforePost?: boolean;
  /** Write the transcript / events file before the stop events (default true). */
  readonly transcriptBeforeStop?: boolean;
  readonly model?: string;
}

export interface Replay {
  readonly root: string;
  readonly results: ReadonlyArray<{ step: string; event: HookEvent; result: CaptureResult }>;
}

interface Pending {
  readonly event: HookEvent;
  readonly input: Record<string, unknown>;
}

function toolInput(event: HookEvent, payload: Record<string, unknown>): Record<string, unknown> {
  const raw = event.client === 'copilot-cli' ? payload['toolArgs'] : payload['tool_input'];
  return (typeof raw === 'string' ? JSON.parse(raw) : raw) as Record<string, unknown>;
}

/** What the tool really did to the disk. */
function runTool(root: string, pending: Pending): void {
  const { input, event } = pending;
  const file = (input['file_path'] ?? input['path']) as string | undefined;
  const content = (input['content'] ?? input['file_text']) as string | undefined;
  const oldText = (input['old_string'] ?? input['old_str']) as string | undefined;
  const newText = (input['new_string'] ?? input['new_str']) as string | undefined;
  if (typeof input['command'] === 'string') {
    try {
      execFileSync('bash', ['-c', input['command']], { cwd: root, stdio: 'ignore' });
    } catch {
      // The scripted "write, then fail" command exits 3 after writing.
    }
  } else if (file && content !== undefined) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
  } else if (file && oldText !== undefined && newText !== undefined) {
    const text = fs.readFileSync(file, 'utf8');
    if (text.includes(oldText)) fs.writeFileSync(file, text.replace(oldText, () => newText));
  } else {
    throw new Error(`replay: cannot run ${event.toolName}`);
  }
}

function eventHint(name: string): string | undefined {
  return /^\d+-([A-Za-z]+)/.exec(name)?.[1];
}

export function makeWorkspace(): string {
  const root = fs.realpathSync(initRepo('airlock-capture-'));
  for (const [rel, text] of Object.entries(ORIGINAL_FILES)) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  }
  git(root, 'add', '-A');
  git(root, 'commit', '-q', '-m', 'start');
  return root;
}

function transcriptLine(toolUseId: string, model: string): string {
  return JSON.stringify({ type: 'assistant', message: { role: 'assistant', model, content: [{ type: 'tool_use', id: toolUseId, name: 'x', input: {} }] } });
}

function copilotEventLines(calls: readonly Pending[], model: string): string {
  return calls
    .map((c, n) => JSON.stringify({ type: 'tool.execution_start', data: { toolCallId: `call_${n}`, toolName: c.event.toolName, arguments: c.input, model } }))
    .join('\n');
}

export async function replaySession(session: string, options: ReplayOptions = {}): Promise<Replay> {
  const root = makeWorkspace();
  const home = tempDir('airlock-home-');
  const model = options.model ?? (session.startsWith('claude') ? 'claude-opus-5-5' : 'claude-sonnet-4.5');
  const dir = path.join(FIXTURES, session);
  const steps = fs.readdirSync(dir).filter((f) => /^\d+-/.test(f)).sort();
  const pending: Pending[] = [];
  const calls: Pending[] = [];
  const transcriptLines: string[] = [];
  const results: Array<{ step: string; event: HookEvent; result: CaptureResult }> = [];
  const clientHint: ClientId | undefined = session.includes('camelCase') ? 'copilot-cli' : undefined;
  for (const step of steps) {
    const text = fs.readFileSync(path.join(dir, step), 'utf8').split('/home/dev/acme').join(root).split('/home/dev').join(home);
    const payload = JSON.parse(text) as Record<string, unknown>;
    const client = detectClient(payload, clientHint);
    const event = parseHookEvent(payload, client, eventHint(step));
    const input = event.event === 'pre-tool' ? toolInput(event, payload) : {};
    if (['command', 'content', 'file_text', 'old_string', 'old_str'].some((k) => k in input)) {
      const call = { event, input };
      pending.push(call);
      calls.push(call);
    }
    if (event.event === 'post-tool' || event.event === 'post-tool-failure') {
      for (const call of pending.splice(0)) runTool(root, call);
      if (event.toolUseId && event.transcriptPath && options.transcriptBeforePost !== false) {
        transcriptLines.push(transcriptLine(event.toolUseId, model));
        fs.mkdirSync(path.dirname(event.transcriptPath), { recursive: true });
        fs.writeFileSync(event.transcriptPath, transcriptLines.join('\n') + '\n');
      }
    }
    if (event.event === 'stop' && event.transcriptPath && options.transcriptBeforeStop !== false) {
      fs.mkdirSync(path.dirname(event.transcriptPath), { recursive: true });
      const body = session.startsWith('claude')
        ? calls.filter((c) => c.event.toolUseId).map((c) => transcriptLine(c.event.toolUseId as string, model)).join('\n')
        : copilotEventLines(calls, model);
      fs.writeFileSync(event.transcriptPath, body + '\n');
    }
    const result = await captureAiEdit(root, event, { transcriptRetries: 1, transcriptRetryDelayMs: 5 });
    results.push({ step, event, result });
  }
  return { root, results };
}
