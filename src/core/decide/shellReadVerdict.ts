// The verdict a shell read gets for one file of the work tree, as ONE rule: the hook's scope walk
// (scopeScan.ts) and the sandbox's masks (buildSandboxSpec.ts) both apply it, so whatever the
// hook would refuse to a shell read, `airlock exec` and `airlock run` make unreadable.
import type { PolicyEngine } from '../policy/policyEngine';
import type { Verdict } from '../policy/policyTypes';
import { strictest } from '../policy/verdictOrder';

/** What the secret check says about one file: null when clean. */
export type SecretCheck = { readonly rule: string; readonly line: number } | { readonly unscanned: string };

/** The policy's secret verdicts as a shell read enforces them; `warn` ("allow, with a note") is allow. */
export interface ShellSecretVerdicts {
  readonly secrets: Verdict;
  readonly unscanned: Verdict;
}

/** Null when neither verdict enforces anything (no file needs its content checked). */
export function shellSecretVerdicts(engine: PolicyEngine): ShellSecretVerdicts | null {
  const secrets = engine.secretsVerdict === 'warn' ? 'allow' : engine.secretsVerdict;
  const unscanned = engine.secretsUnscannedVerdict === 'warn' ? 'allow' : engine.secretsUnscannedVerdict;
  return secrets === 'allow' && unscanned === 'allow' ? null : { secrets, unscanned };
}

/** The verdict one secret check gives a shell read. */
export function secretCheckVerdict(verdicts: ShellSecretVerdicts, found: SecretCheck): Verdict {
  return 'unscanned' in found ? verdicts.unscanned : verdicts.secrets;
}

/**
 * Installed third-party code: its content is not checked for secrets. It is not where a project's
 * credentials live (0 blocking findings measured on a real node_modules), and scanning it would
 * cost every repository-wide search and every sandbox start.
 */
export function inNodeModules(rel: string): boolean {
  return rel.startsWith('node_modules/') || rel.includes('/node_modules/');
}

/** The reason a secret check gives for its verdict (names the rule and line, never the secret). */
export function secretCheckReason(found: SecretCheck, verdict: Verdict): string {
  if ('unscanned' in found) return `not scanned for secrets: ${found.unscanned}; the policy's "secretsUnscanned" is ${verdict}`;
  return `holds a live secret (${found.rule}, line ${found.line}); the policy's "secrets" is ${verdict}`;
}

/**
 * A regular file's verdict for a shell read after its class allowed it: its secret check (live
 * secret at the policy's `secretsConfidence`, or a file the scanner cannot judge). Null: allowed.
 */
export function fileSecretVerdict(verdicts: ShellSecretVerdicts | null, rel: string, abs: string, check: ((abs: string) => SecretCheck | null) | undefined): { verdict: Verdict; why: string } | null {
  if (verdicts === null || check === undefined || inNodeModules(rel)) return null;
  const found = check(abs);
  if (found === null) return null;
  const verdict = strictest('allow', secretCheckVerdict(verdicts, found));
  return verdict === 'allow' ? null : { verdict, why: secretCheckReason(found, verdict) };
}
