// A verdict that is written down: decide() once, then the decision's audit event in the
// workspace's log. For surfaces that read on the user's behalf (the @airlock participant): when the
// log cannot be written this throws, and the caller sends nothing.
import { decide } from '../decide/decide';
import type { Decision, DecisionRequest } from '../decide/decisionTypes';
import type { PolicyEngine } from '../policy/policyEngine';
import { appendAuditEvents } from './auditAppend';
import { auditEventFromDecision, type DecisionAuditContext } from './auditFromDecision';
import { resolveAuditDir } from './auditLocation';

export function decideAudited(engine: PolicyEngine, request: DecisionRequest, context: DecisionAuditContext): Decision {
  const decision = decide(engine, request);
  appendAuditEvents(resolveAuditDir(engine.root).dir, [auditEventFromDecision(decision, context)]);
  return decision;
}
