// Test-only extension (loaded as a second development extension by the offline host): a stand-in
// for Copilot Chat's agent loop, which cannot be installed offline. VS Code core finds the hook
// files (`.github/hooks/*.json`, agent plugins), applies `chat.useHooks`, trust and the managed-only
// policy, and hands the resulting commands to a participant in `request.hooks`; the participant
// runs them (Copilot Chat's NodeHookExecutor does: a shell, JSON on stdin, 30 s) and passes the
// verdict to `vscode.lm.invokeTool` as `preToolUseResult`, which core enforces. This probe does
// exactly that for one tool call per chat request, and records every step for the test.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as vscode from 'vscode';

/** One command as core hands it over (proposed API chatHooks / chatParticipantPrivate). */
export interface ProbeHookCommand {
  readonly command: string;
  readonly cwd?: vscode.Uri;
  readonly env?: Record<string, string>;
  readonly timeout?: number;
}

export interface ProbePreToolUseResult {
  permissionDecision?: 'allow' | 'deny' | 'ask';
  permissionDecisionReason?: string;
  updatedInput?: object;
}

export interface ProbeHookRun {
  readonly command: string;
  readonly cwd: string | undefined;
  readonly stdin: Record<string, unknown>;
  readonly exitCode: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface ProbeRecord {
  readonly prompt: string;
  readonly hasHooksEnabled: boolean | undefined;
  /** Hook event names core handed over, with their commands. */
  readonly hooks: Record<string, { command: string; cwd: string | undefined; timeout: number | undefined }[]>;
  readonly runs: ProbeHookRun[];
  /** PostToolUse hooks, run after the tool did (Copilot Chat passes the result as tool_response). */
  readonly postRuns: ProbeHookRun[];
  /** UserPromptSubmit's block reason (Copilot Chat then stops the request); undefined when it went on. */
  readonly promptBlocked: string | undefined;
  readonly preToolUseResult: ProbePreToolUseResult | undefined;
  readonly toolResult: string | undefined;
  readonly error: string | undefined;
}

export interface ProbeApi {
  readonly records: ProbeRecord[];
  /** `tool filePath` of every call that reached a probe tool's own invoke(). */
  readonly invoked: string[];
}

type HooksMap = Record<string, readonly ProbeHookCommand[] | undefined>;

function runHook(hook: ProbeHookCommand, stdin: Record<string, unknown>, token: vscode.CancellationToken): Promise<ProbeHookRun> {
  return new Promise((resolve) => {
    const cwd = hook.cwd?.fsPath;
    const child = spawn(hook.command, { shell: true, cwd, env: { ...process.env, ...hook.env }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), (hook.timeout ?? 30) * 1000);
    const cancel = token.onCancellationRequested(() => child.kill('SIGKILL'));
    child.on('error', (err) => {
      stderr += err.message;
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      cancel.dispose();
      resolve({ command: hook.command, cwd, stdin, exitCode: code, stdout, stderr });
    });
    child.stdin.end(JSON.stringify(stdin));
  });
}

const RANK = { allow: 0, ask: 1, deny: 2 } as const;

/** Copilot Chat's reading of PreToolUse answers: exit 2 blocks; JSON decisions, the strictest wins. */
function preToolUseResult(runs: readonly ProbeHookRun[]): ProbePreToolUseResult | undefined {
  let result: ProbePreToolUseResult | undefined;
  for (const run of runs) {
    if (run.exitCode === 2) return { permissionDecision: 'deny', permissionDecisionReason: run.stderr.trim() };
    if (run.exitCode !== 0) continue;
    let out: unknown;
    try {
      out = JSON.parse(run.stdout);
    } catch {
      continue;
    }
    const specific = (out as { hookSpecificOutput?: ProbePreToolUseResult } | null)?.hookSpecificOutput;
    const decision = specific?.permissionDecision;
    if (!specific || decision === undefined || !(decision in RANK)) continue;
    if (!result?.permissionDecision || RANK[decision] > RANK[result.permissionDecision]) {
      result = { permissionDecision: decision, permissionDecisionReason: specific.permissionDecisionReason, updatedInput: specific.updatedInput ?? result?.updatedInput };
    }
  }
  return result;
}

/** Copilot Chat's reading of UserPromptSubmit answers: exit 2 or `decision: "block"` stops the request. */
function promptBlock(runs: readonly ProbeHookRun[]): string | undefined {
  for (const run of runs) {
    if (run.exitCode === 2) return run.stderr.trim();
    if (run.exitCode !== 0) continue;
    try {
      const out = JSON.parse(run.stdout) as { decision?: string; reason?: string } | null;
      if (out?.decision === 'block') return out.reason ?? 'blocked';
    } catch {
      // Not JSON: no decision.
    }
  }
  return undefined;
}

function textOf(result: vscode.LanguageModelToolResult): string {
  return result.content.map((p) => (p instanceof vscode.LanguageModelTextPart ? p.value : '')).join('');
}

export function activate(context: vscode.ExtensionContext): ProbeApi {
  const api: ProbeApi = { records: [], invoked: [] };

  context.subscriptions.push(
    vscode.lm.registerTool<{ filePath: string }>('read_file', {
      invoke(options) {
        api.invoked.push(`read_file ${options.input.filePath}`);
        return new vscode.LanguageModelToolResult([new vscode.LanguageModelTextPart(fs.readFileSync(options.input.filePath, 'utf8'))]);
      },
    }),
    vscode.lm.registerTool<{ filePath: string; content: string }>('create_file', {
      invoke(options) {
        api.invoked.push(`create_file ${options.input.filePath}`);
        fs.writeFileSync(options.input.filePath, options.input.content);
        return new vscode.LanguageModelToolResult([new vscode.LanguageModelTextPart(`wrote ${options.input.filePath}`)]);
      },
    }),
  );

  // The chat view needs a model to send a request to a participant; this one never answers.
  const model = { id: 'probe', name: 'Probe', family: 'probe', version: '1', maxInputTokens: 1000, maxOutputTokens: 100, capabilities: {} };
  context.subscriptions.push(
    vscode.lm.registerLanguageModelChatProvider('airlock-probe', {
      provideLanguageModelChatInformation: () => [model],
      provideLanguageModelChatResponse: () => Promise.resolve(),
      provideTokenCount: (_m, text) => Promise.resolve(typeof text === 'string' ? text.length : 1),
    }),
  );

  // The prompt is the tool call the "model" makes: {"tool": name, "input": {...}}.
  const participant = vscode.chat.createChatParticipant('airlock-test.probe', async (request, _context, stream, token) => {
    const extra = request as vscode.ChatRequest & { hasHooksEnabled?: boolean; hooks?: HooksMap };
    const hooks: ProbeRecord['hooks'] = {};
    for (const [event, list] of Object.entries(extra.hooks ?? {})) {
      hooks[event] = (list ?? []).map((h) => ({ command: h.command, cwd: h.cwd?.fsPath, timeout: h.timeout }));
    }
    const runs: ProbeHookRun[] = [];
    const postRuns: ProbeHookRun[] = [];
    let decision: ProbePreToolUseResult | undefined;
    let promptBlocked: string | undefined;
    let toolResult: string | undefined;
    let error: string | undefined;
    try {
      const sessionId = randomUUID();
      const cwdOf = (hook: ProbeHookCommand): string | undefined => hook.cwd?.fsPath ?? vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
      const promptRuns: ProbeHookRun[] = [];
      for (const hook of extra.hooks?.['UserPromptSubmit'] ?? []) {
        const input = { timestamp: new Date().toISOString(), hook_event_name: 'UserPromptSubmit', session_id: sessionId, cwd: cwdOf(hook), prompt: request.prompt };
        promptRuns.push(await runHook(hook, input, token));
      }
      promptBlocked = promptBlock(promptRuns);
      if (promptBlocked !== undefined) {
        stream.markdown(`blocked: ${promptBlocked}`);
        return {};
      }
      const call = JSON.parse(request.prompt) as { tool: string; input: Record<string, unknown> };
      const toolUseId = `call_${randomUUID()}`;
      const stdin = (hook: ProbeHookCommand, event: string, extraFields: Record<string, unknown>): Record<string, unknown> => ({
        timestamp: new Date().toISOString(),
        hook_event_name: event,
        session_id: sessionId,
        cwd: cwdOf(hook),
        tool_name: call.tool,
        tool_input: call.input,
        ...extraFields,
        tool_use_id: toolUseId,
      });
      for (const hook of extra.hooks?.['PreToolUse'] ?? []) runs.push(await runHook(hook, stdin(hook, 'PreToolUse', {}), token));
      decision = preToolUseResult(runs);
      const options = { input: call.input, toolInvocationToken: request.toolInvocationToken, preToolUseResult: decision };
      toolResult = textOf(await vscode.lm.invokeTool(call.tool, options, token));
      stream.markdown(toolResult);
      for (const hook of extra.hooks?.['PostToolUse'] ?? []) postRuns.push(await runHook(hook, stdin(hook, 'PostToolUse', { tool_response: toolResult }), token));
    } catch (err) {
      error = err instanceof Error ? err.message : String(err);
      stream.markdown(`probe error: ${error}`);
    } finally {
      api.records.push({ prompt: request.prompt, hasHooksEnabled: extra.hasHooksEnabled, hooks, runs, postRuns, promptBlocked, preToolUseResult: decision, toolResult, error });
    }
    return {};
  });
  context.subscriptions.push(participant);
  return api;
}
