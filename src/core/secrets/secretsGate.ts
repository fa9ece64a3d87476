// Does a secrets scan fail the run? The one answer for `airlock secrets scan` and `airlock check`:
// blocking findings not accepted always do; files the scanner cannot judge that the baseline does
// not accept follow the policy's "secretsUnscanned", as the hook does (deny and ask fail, warn
// warns): a CI gate that calls a 5 MB file or a zip "clean" has looked at nothing.
import { join, relative } from 'node:path';
import type { SecretsVerdict } from '../policy/policyTypes';
import { posixQuote } from '../util/posixQuote';
import type { SarifLevel } from './sarif';
import type { SecretFinding } from './secretTypes';
import { failingFindings, formatSkipped, secretsScanJson, type SecretsScanJson, type SecretsScanResult, type SkippedFile } from './workspaceSecrets';

/** The policy's default for "secretsUnscanned" (as validatePolicy sets it), for runs without a valid policy. */
export const DEFAULT_SECRETS_UNSCANNED: SecretsVerdict = 'ask';

/** The verdict for files the scanner cannot judge, and where it came from. */
export interface UnscannedRule {
  readonly verdict: SecretsVerdict;
  /** `default`: no valid policy was found, so the policy's default applies; `why` says what was missing. */
  readonly source: 'policy' | 'default';
  readonly why?: string;
}

export type GateReason = 'blocking-findings' | 'unscanned-files';

export interface SecretsGate {
  readonly failed: boolean;
  readonly reasons: readonly GateReason[];
  /** Blocking findings neither baselined nor allowed inline. */
  readonly failing: readonly SecretFinding[];
  /** Files the scanner cannot judge and the baseline does not accept (at these bytes). */
  readonly unscanned: readonly SkippedFile[];
  /** True when `unscanned` fails the run; false when the rule only warns (or there are none). */
  readonly unscannedFail: boolean;
  readonly rule: UnscannedRule;
}

/** What the JSON reports carry: whether the run failed, why, and the rule that judged unscanned files. */
export interface SecretsGateJson {
  readonly failed: boolean;
  readonly reasons: readonly GateReason[];
  readonly blockingFindings: number;
  readonly unscannedFiles: number;
  readonly secretsUnscanned: SecretsVerdict;
  readonly secretsUnscannedSource: UnscannedRule['source'];
  readonly note?: string;
}

/**
 * A FIFO, socket or device holds nothing at rest and git cannot commit one: listed, but judged like
 * the hook judges it (clean). Everything else skipped counts.
 */
function counts(s: SkippedFile): boolean {
  return s.reason !== 'not-a-file';
}

export function secretsGate(result: SecretsScanResult, rule: UnscannedRule): SecretsGate {
  const failing = failingFindings(result.active);
  const unscanned = result.skipped.filter(counts);
  const unscannedFail = unscanned.length > 0 && rule.verdict !== 'warn';
  const reasons: GateReason[] = [...(failing.length ? ['blocking-findings' as const] : []), ...(unscannedFail ? ['unscanned-files' as const] : [])];
  return { failed: reasons.length > 0, reasons, failing, unscanned, unscannedFail, rule };
}

export function secretsGateJson(gate: SecretsGate): SecretsGateJson {
  return {
    failed: gate.failed,
    reasons: gate.reasons,
    blockingFindings: gate.failing.length,
    unscannedFiles: gate.unscanned.length,
    secretsUnscanned: gate.rule.verdict,
    secretsUnscannedSource: gate.rule.source,
    ...(gate.rule.why !== undefined ? { note: ruleText(gate.rule) } : {}),
  };
}

/** `secrets scan --json`: whether the run failed and why, first; then the findings and files as before. */
export function secretsScanReport(result: SecretsScanResult, gate: SecretsGate): { failed: boolean; gate: SecretsGateJson } & SecretsScanJson {
  return { failed: gate.failed, gate: secretsGateJson(gate), ...secretsScanJson(result) };
}

/** SARIF level of open `unscanned-file` results: an error when they fail the run, else a warning. */
export function unscannedSarifLevel(gate: SecretsGate): SarifLevel {
  return gate.unscannedFail ? 'error' : 'warning';
}

/** `"secretsUnscanned": "ask"`, and whence when it is the default. */
function ruleText(rule: UnscannedRule): string {
  const base = `"secretsUnscanned": "${rule.verdict}"`;
  return rule.source === 'policy' ? `the policy's ${base}` : `${base}, the default: ${rule.why ?? 'no valid policy'}`;
}

/**
 * The command that accepts `file` (workspace-relative) after a person checked it, as typed in `cwd`:
 * paths resolve against the shell's folder, and `--root` names the workspace when that is elsewhere.
 */
export function acceptCommand(file: string, root: string, cwd: string): string {
  const path = relative(cwd, join(root, file));
  const rootArgs = cwd === root ? [] : ['--root', relative(cwd, root)];
  const end = path.startsWith('-') ? ['--'] : [];
  return ['airlock', 'secrets', 'baseline', '--unscanned', '--reason', 'checked by hand: <what it holds>', ...rootArgs, ...end, path].map(posixQuote).join(' ');
}

/** One human line for a file the gate judged: the file, why it was not scanned, and what to do about it. */
export function unscannedAdvice(s: SkippedFile, root: string, cwd: string): string {
  return s.reason === 'unreadable'
    ? `${formatSkipped(s)}; make it readable so the scanner can judge it`
    : `${formatSkipped(s)}; check it by hand (it may hold a live key), then accept its exact content: ${acceptCommand(s.file, root, cwd)}`;
}

/** The verdict on unscanned files in one sentence (empty when there are none). */
export function unscannedSummary(gate: SecretsGate): string {
  const n = gate.unscanned.length;
  if (n === 0) return '';
  return gate.unscannedFail
    ? `${n} file(s) could not be scanned for secrets and are not accepted in the baseline: the run fails (${ruleText(gate.rule)}; "warn" would only warn).`
    : `${n} file(s) could not be scanned for secrets and are not accepted in the baseline: not failing the run because of ${ruleText(gate.rule)}.`;
}
