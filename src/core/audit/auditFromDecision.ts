// Builds the audit event for a decision, so the hook, editor and CLI record decisions alike.
import type { Decision, PathDecision } from '../decide/decisionTypes';
import { isStricter } from '../policy/verdictOrder';
import type { AuditEventInput } from './auditTypes';
import { MASK, maskSecrets } from '../secrets/maskSecrets';

export interface DecisionAuditContext {
  readonly client: string;
  readonly session?: string | null;
  readonly tool?: string | null;
  readonly toolUseId?: string | null;
  /** The shell command decided on; masked when stored. */
  readonly command?: string | null;
  readonly time?: string;
  /** How long deciding took, when measured. */
  readonly durationMs?: number | null;
}

/** The path that decided the verdict: the strictest one, first among equals. */
function decidingPath(paths: readonly PathDecision[]): PathDecision | null {
  let best: PathDecision | null = null;
  for (const p of paths) if (!best || isStricter(p.verdict, best.verdict)) best = p;
  return best;
}

/** The `decision` event for `decision`, with its deciding class, rule and exception. */
/**
 * A path as the log may keep it: masked like a command, and hidden entirely when it is a word the
 * command's masking hid (the value of `openssl -k`, say, parsed as an operand).
 */
function loggablePath(path: string, command: string | null | undefined, maskedCommand: string | null): string {
  if (command && maskedCommand !== null && command.includes(path) && !maskedCommand.includes(path)) return MASK;
  return maskSecrets(path);
}

/** Words of the command that its masking hid (a password given as a bare operand, say). */
function hiddenWords(command: string | null | undefined, maskedCommand: string | null): string[] {
  if (!command || maskedCommand === null) return [];
  return command.split(/[\s'"=:@,]+/).map((w) => w.replace(/^-[A-Za-z]/, '')).filter((w) => w.length >= 4 && !maskedCommand.includes(w));
}

function hideWords(text: string, words: readonly string[]): string {
  let out = text;
  for (const w of words) out = out.split(w).join(MASK);
  return out;
}

export function auditEventFromDecision(decision: Decision, context: DecisionAuditContext): AuditEventInput {
  const deciding = decidingPath(decision.paths);
  const maskedCommand = context.command ? maskSecrets(context.command) : null;
  return {
    kind: 'decision',
    time: context.time,
    client: context.client,
    session: context.session ?? null,
    tool: context.tool ?? null,
    action: decision.action,
    // Outside paths keep their absolute form: where an agent reached outside the workspace matters.
    // A search scope records the protected path inside it that decided, too.
    // Paths and reasons are masked like commands: a shell operand can be a URL with a password.
    paths: decision.paths.flatMap((p) => (p.reached !== undefined ? [p.relative ?? p.path, p.reached] : [p.relative ?? p.path])).map((p) => loggablePath(p, context.command, maskedCommand)),
    verdict: decision.verdict,
    enforcedVerdict: decision.enforcedVerdict,
    monitor: decision.monitor,
    class: deciding?.className ?? null,
    rule: deciding?.rule ?? (decision.location ? { source: decision.location.source, line: decision.location.line } : null),
    exception: deciding?.exception
      ? { source: deciding.exception.source, line: deciding.exception.line, owner: deciding.exception.owner, expires: deciding.exception.expires }
      : null,
    reason: hideWords(maskSecrets(decision.reason), hiddenWords(context.command, maskedCommand)),
    command: context.command ?? null,
    toolUseId: context.toolUseId ?? null,
    ...(context.durationMs !== undefined && context.durationMs !== null ? { durationMs: context.durationMs } : {}),
  };
}
