// `airlock secrets scan` as a CI gate: the scan, the policy's verdict for files the scanner cannot
// judge, and what the gate reports. Pass or fail is secretsGate.ts's, shared with `airlock check`.
// Where no valid policy exists (a scan outside a workspace) the policy's default applies: a
// missing policy must not make a gate looser than a present one.
import type { PolicyEngine } from '../policy/policyEngine';
import { loadPolicy, type LoadOptions } from '../policy/loadPolicy';
import { DEFAULT_SECRETS_UNSCANNED, secretsGate, secretsScanReport, unscannedAdvice, unscannedSarifLevel, unscannedSummary, type SecretsGate, type UnscannedRule } from '../secrets/secretsGate';
import { collectSecretFindings, formatAcceptedUnscanned, formatSkipped, secretsSarif, type CollectOptions, type SecretsScanResult } from '../secrets/workspaceSecrets';
import { POLICY_RELATIVE_PATH } from '../words/airlockLayout';

/** The "secretsUnscanned" verdict a gate applies: the strictest layer's (as the hook's), or the default. */
export function unscannedRuleOf(engine: PolicyEngine): UnscannedRule {
  if (engine.valid) return { verdict: engine.secretsUnscannedVerdict, source: 'policy' };
  const missing = engine.problems.some((p) => p.code === 'unreadable');
  return { verdict: DEFAULT_SECRETS_UNSCANNED, source: 'default', why: missing ? `no readable ${POLICY_RELATIVE_PATH}` : `${POLICY_RELATIVE_PATH} is invalid (see \`airlock check\`)` };
}

export interface SecretsScanGate {
  readonly result: SecretsScanResult;
  readonly gate: SecretsGate;
  /** For stderr in every format: each file not scanned (with what to do) or accepted unscanned. */
  readonly notes: readonly string[];
  /** The verdict on unscanned files in one sentence; empty when there are none. */
  readonly summary: string;
  /** `--json`: "failed" and "gate" first, then findings, unscanned, acceptedUnscanned. */
  readonly json: object;
  /** `--sarif`: open unscanned files at the level the gate gives them. */
  sarif(toolVersion: string): string;
}

/** Scans like `airlock secrets scan` and judges the run. `cwd`: where the printed commands are typed. */
export async function scanSecretsGate(root: string, options: CollectOptions & LoadOptions & { readonly cwd: string }): Promise<SecretsScanGate> {
  const result = await collectSecretFindings(root, options);
  const gate = secretsGate(result, unscannedRuleOf(loadPolicy(root, options)));
  const label = gate.unscannedFail ? 'fails the run' : 'warning';
  const notes = [
    ...gate.unscanned.map((s) => `${label}: ${unscannedAdvice(s, root, options.cwd)}`),
    ...result.skipped.filter((s) => s.reason === 'not-a-file').map((s) => `${formatSkipped(s)} (nothing at rest to scan; not counted)`),
    ...result.acceptedUnscanned.map(formatAcceptedUnscanned),
  ];
  return { result, gate, notes, summary: unscannedSummary(gate), json: secretsScanReport(result, gate), sarif: (v) => secretsSarif(result, v, unscannedSarifLevel(gate)) };
}
