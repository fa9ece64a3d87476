// The hook's view of secrets: a file holding a live (blocking, not baselined) credential is
// protected for AI reads per the policy's `secrets` verdict.
import { hasBlockingFinding } from '../core/secrets/scanText';
import { scanFile } from '../core/secrets/scanPaths';
import { loadSecretsBaseline } from '../core/secrets/secretsBaseline';
import type { SecretsBaseline } from '../core/secrets/secretTypes';

export function hookSecretFinder(root: string): (abs: string) => { rule: string; line: number } | null {
  let baseline: SecretsBaseline | undefined;
  return (abs) => {
    if (baseline === undefined) {
      try {
        baseline = loadSecretsBaseline(root);
      } catch {
        // A corrupt baseline suppresses nothing: every finding counts (the stricter side).
        baseline = { fingerprints: new Set() };
      }
    }
    const result = scanFile(abs, root, { baseline });
    if (!hasBlockingFinding(result.findings)) return null;
    const f = result.findings.find((x) => x.blocking && !x.suppressed);
    return f ? { rule: f.rule, line: f.line } : null;
  };
}
