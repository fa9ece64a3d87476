// Builds the audit event for a decision, so the hook, editor and CLI record decisions alike.
import type { Decision, PathDecision } from '../decide/decisionTypes';
import { isStricter } from '../policy/verdictOrder';
import type { AuditEventInput } from './auditTypes';

export interface DecisionAuditContext {
  readonly client: string;
  readonly session?: string | null;
  readonly tool?: string | null;
  readonly toolUseId?: string | null;
  /** The shell command decided on; masked when stored. */
  readonly command?: string | null;
  readonly time?: string;
}

/** The path that decided the verdict: the strictest one, first among equals. */
function decidingPath(paths: readonly PathDecision[]): PathDecision | null {
  let best: PathDecision | null = null;
  for (const p of paths) if (!best || isStricter(p.verdict, best.verdict)) best = p;
  return best;
}

/** The `decision` event for `decision`, with its deciding class, rule and exception. */
export function auditEventFromDecision(decision: Decision, context: DecisionAuditContext): AuditEventInput {
  const deciding = decidingPath(decision.paths);
  return {
    kind: 'decision',
    time: context.time,
    client: context.client,
    session: context.session ?? null,
    tool: context.tool ?? null,
    action: decision.action,
    // Outside paths keep their absolute form: where an agent reached outside the workspace matters.
    // A search scope records the protected path inside it that decided, too.
    paths: decision.paths.flatMap((p) => (p.reached !== undefined ? [p.relative ?? p.path, p.reached] : [p.relative ?? p.path])),
    verdict: decision.verdict,
    enforcedVerdict: decision.enforcedVerdict,
    monitor: decision.monitor,
    class: deciding?.className ?? null,
    rule: deciding?.rule ?? (decision.location ? { source: decision.location.source, line: decision.location.line } : null),
    exception: deciding?.exception
      ? { source: deciding.exception.source, line: deciding.exception.line, owner: deciding.exception.owner, expires: deciding.exception.expires }
      : null,
    reason: decision.reason,
    command: context.command ?? null,
    toolUseId: context.toolUseId ?? null,
  };
}
