// What each client reads back from a hook command: stdout JSON, stderr, exit code.
// CLIENTS.md says, per client, why each mechanism was chosen and what the client does on failure.
import type { Verdict } from '../policy/policyTypes';
import type { ClientId } from '../words/clientTypes';
import type { HookEvent, HookEventKind } from './hookEventTypes';

export interface HookAnswer {
  readonly verdict: Verdict;
  /** Shown to the model (and, where the client has no separate channel, to the user). */
  readonly reason: string;
  /** Shown to the user where the client has a user-only channel (`systemMessage`). */
  readonly userMessage?: string;
  /** Rewritten tool input. In Claude Code, Codex and VS Code a rewrite needs an explicit `allow`. */
  readonly updatedInput?: object;
}

export interface HookOutput {
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: number;
  /**
   * Whether the client will not run the call (or submit the prompt) as it stands: false when the
   * verdict lets it through, or when the client cannot block this event (the audit must say so).
   */
  readonly enforced: boolean;
}

const DEFAULT_REASON = 'Blocked by the Airlock policy.';

function json(value: object): string {
  return `${JSON.stringify(value)}\n`;
}

function out(stdout: string, stderr: string, exitCode: number, enforced: boolean): HookOutput {
  return { stdout, stderr, exitCode, enforced };
}

const SILENT: HookOutput = { stdout: '', stderr: '', exitCode: 0, enforced: false };

function reasonOf(answer: HookAnswer): string {
  const r = answer.reason.trim();
  return r === '' ? DEFAULT_REASON : r;
}

/** For channels that reach both model and user, the user's message goes after the reason. */
function combined(answer: HookAnswer): string {
  const reason = reasonOf(answer);
  const user = answer.userMessage?.trim();
  return user && user !== reason ? `${reason}\n${user}` : reason;
}

function systemMessage(answer: HookAnswer): { systemMessage?: string } {
  const user = answer.userMessage?.trim();
  return user ? { systemMessage: user } : {};
}

function hookSpecific(decision: 'allow' | 'ask' | 'deny', reason: string | undefined, updatedInput?: object): object {
  return {
    hookSpecificOutput: {
      hookEventName: 'PreToolUse',
      permissionDecision: decision,
      ...(reason !== undefined ? { permissionDecisionReason: reason } : {}),
      ...(updatedInput !== undefined ? { updatedInput } : {}),
    },
  };
}

/** Copilot CLI, PascalCase config: it reads the flat fields; VS Code (same payload shape) reads the nested ones. */
function copilotPascal(decision: 'ask' | 'deny', reason: string): object {
  return { permissionDecision: decision, permissionDecisionReason: reason, ...hookSpecific(decision, reason) };
}

function preToolAllow(client: ClientId, answer: HookAnswer): HookOutput {
  // No opinion is the allow: an explicit allow would skip the client's own permission prompts.
  if (answer.updatedInput === undefined) return SILENT;
  switch (client) {
    case 'claude-code':
    case 'codex':
    case 'vscode':
      return out(json(hookSpecific('allow', answer.reason.trim() || undefined, answer.updatedInput)), '', 0, false);
    case 'copilot-cli':
      // The shape the Copilot CLI applies (checked with the real client): flat, with an explicit allow.
      return out(json({ permissionDecision: 'allow', ...reasonField(answer), modifiedArgs: answer.updatedInput }), '', 0, false);
    case 'copilot-cli-vscode':
      // PascalCase configs: the Copilot CLI reads flat `modifiedArgs`, VS Code (same payloads) `hookSpecificOutput.updatedInput`.
      return out(json({ permissionDecision: 'allow', ...reasonField(answer), modifiedArgs: answer.updatedInput, ...hookSpecific('allow', answer.reason.trim() || undefined, answer.updatedInput) }), '', 0, false);
    case 'opencode':
      return opencodeAnswer('pre-tool', answer);
  }
}

function reasonField(answer: HookAnswer): { permissionDecisionReason?: string } {
  const r = answer.reason.trim();
  return r ? { permissionDecisionReason: r } : {};
}

/** Clients whose `ask` can carry a rewritten input (the user approves the rewritten call). */
export function canAskWithRewrite(client: ClientId): boolean {
  return client === 'claude-code' || client === 'vscode';
}

function preToolBlock(client: ClientId, decision: 'ask' | 'deny', answer: HookAnswer): HookOutput {
  const reason = reasonOf(answer);
  switch (client) {
    case 'claude-code':
      if (decision === 'ask') return out(json({ ...hookSpecific('ask', reason, answer.updatedInput), ...systemMessage(answer) }), '', 0, true);
      // Exit 2 blocks in every Claude Code version whatever the JSON schema of the day; stderr reaches the model.
      return out(json(hookSpecific('deny', reason)), combined(answer), 2, true);
    case 'codex': {
      // Codex rejects `ask` (a failed hook, so the call runs): ask becomes deny.
      const text = decision === 'ask' ? `Needs approval, and Codex hooks cannot ask: ${combined(answer)}` : combined(answer);
      return out(json(hookSpecific('deny', text)), text, 2, true);
    }
    case 'vscode':
      // JSON denies just this call; exit 2 would abort the whole chat request.
      return out(json({ ...hookSpecific(decision, reason, decision === 'ask' ? answer.updatedInput : undefined), ...systemMessage(answer) }), '', 0, true);
    case 'copilot-cli':
      // Exit 2 would also deny, but the model would not see why.
      return out(json({ permissionDecision: decision, permissionDecisionReason: combined(answer) }), '', 0, true);
    case 'copilot-cli-vscode':
      return out(json(copilotPascal(decision, combined(answer))), '', 0, true);
    case 'opencode':
      return opencodeAnswer('pre-tool', answer);
  }
}

/** A prompt or post-tool event that is not allowed; neither can ask, and after a tool the call has already run. */
function blockAfter(kind: 'prompt' | 'post-tool', client: ClientId, answer: HookAnswer): HookOutput {
  const reason = combined(answer);
  const prompt = kind === 'prompt';
  switch (client) {
    case 'claude-code':
    case 'vscode':
    case 'codex':
      // `decision: block` stops the prompt; after a tool it feeds the reason to the model.
      return prompt ? out(json({ decision: 'block', reason: reasonOf(answer), ...systemMessage(answer) }), '', 0, true) : out(json({ decision: 'block', reason }), '', 0, false);
    case 'copilot-cli':
    case 'copilot-cli-vscode':
      // The Copilot CLI drops a prompt hook's output and treats exit 2 as a warning: it cannot
      // block. Exit 2 at least shows the user the warning, and blocks in VS Code should the
      // payload have come from VS Code after all.
      return prompt ? out(json({ decision: 'block', reason }), reason, 2, false) : out(json({ additionalContext: reason }), '', 0, false);
    case 'opencode':
      return opencodeAnswer(kind, answer);
  }
}

/**
 * The generated opencode plugin blocks unless it reads `{"airlock":1,"block":false}` from a
 * command that exited 0, so every answer, allow included, is explicit.
 */
function opencodeAnswer(kind: HookEventKind, answer: HookAnswer): HookOutput {
  const blocking = kind === 'pre-tool' || kind === 'prompt';
  if (answer.verdict === 'allow' || !blocking) {
    const updated = kind === 'pre-tool' && answer.updatedInput !== undefined ? { updatedArgs: answer.updatedInput } : {};
    return out(json({ airlock: 1, block: false, ...updated }), answer.verdict === 'allow' ? '' : combined(answer), 0, false);
  }
  const reason = answer.verdict === 'ask' ? `Needs approval, and opencode plugins cannot ask: ${combined(answer)}` : combined(answer);
  return out(json({ airlock: 1, block: true, reason }), '', 0, true);
}

/**
 * Exactly what `client` reads for `answer` on this event. Allow prints nothing (the client's own
 * permission flow still applies); `ask` becomes deny where the client cannot ask (Codex, opencode,
 * prompts). Stop, session and other events are never blocked: a block there would force the agent
 * to keep going.
 */
export function formatHookAnswer(client: ClientId, event: Pick<HookEvent, 'event'>, answer: HookAnswer): HookOutput {
  if (client === 'opencode') return opencodeAnswer(event.event, answer);
  switch (event.event) {
    case 'pre-tool':
      return answer.verdict === 'allow' ? preToolAllow(client, answer) : preToolBlock(client, answer.verdict, answer);
    case 'prompt':
      return answer.verdict === 'allow' ? SILENT : blockAfter('prompt', client, answer);
    case 'post-tool':
    case 'post-tool-failure':
      return answer.verdict === 'allow' ? SILENT : blockAfter('post-tool', client, answer);
    default:
      return answer.verdict === 'allow' ? SILENT : out('', combined(answer), 0, false);
  }
}

/**
 * The answer when Airlock itself cannot decide (invalid policy, crash, unreadable input): block
 * with an actionable message. With `event` unknown (stdin unreadable) it exits 2, the one signal
 * that blocks tool calls (and prompts, where the client can block them) in every client; events
 * that must not be blocked (post-tool, stop, session) get a warning on stderr.
 */
export function formatFailClosedAnswer(client: ClientId, message: string, event?: HookEventKind): HookOutput {
  const text = `Airlock blocked this because it could not check it against the policy: ${message.trim() || 'unknown error'}`;
  if (event === 'pre-tool' || event === 'prompt') {
    const answer = formatHookAnswer(client, { event }, { verdict: 'deny', reason: text });
    // stderr too, so the message lands in the client's hook log whatever channel it reads.
    return answer.stderr === '' ? { ...answer, stderr: text } : answer;
  }
  if (event !== undefined) return out('', `Airlock could not check this against the policy: ${message.trim() || 'unknown error'}`, 0, false);
  switch (client) {
    case 'copilot-cli':
      return out(json({ permissionDecision: 'deny', permissionDecisionReason: text }), text, 2, true);
    case 'copilot-cli-vscode':
      return out(json(copilotPascal('deny', text)), text, 2, true);
    case 'opencode':
      return out(json({ airlock: 1, block: true, reason: text }), text, 2, true);
    default:
      return out('', text, 2, true);
  }
}
