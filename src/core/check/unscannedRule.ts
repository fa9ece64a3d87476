// Which "secretsUnscanned" verdict a CI gate applies: the policy's (the strictest layer's, as the
// hook applies it), or the policy's default where no valid policy exists (`airlock secrets scan`
// outside a workspace): a missing policy must not make a gate looser than a present one.
import type { PolicyEngine } from '../policy/policyEngine';
import { loadPolicy, type LoadOptions } from '../policy/loadPolicy';
import { DEFAULT_SECRETS_UNSCANNED, type UnscannedRule } from '../secrets/secretsGate';
import { POLICY_RELATIVE_PATH } from '../words/airlockLayout';

export function unscannedRuleOf(engine: PolicyEngine): UnscannedRule {
  if (engine.valid) return { verdict: engine.secretsUnscannedVerdict, source: 'policy' };
  const missing = engine.problems.some((p) => p.code === 'unreadable');
  return { verdict: DEFAULT_SECRETS_UNSCANNED, source: 'default', why: missing ? `no readable ${POLICY_RELATIVE_PATH}` : `${POLICY_RELATIVE_PATH} is invalid (see \`airlock check\`)` };
}

/** Loads the workspace policy only to read its verdict for unscanned files. */
export function unscannedRuleFor(root: string, options: LoadOptions): UnscannedRule {
  return unscannedRuleOf(loadPolicy(root, options));
}
