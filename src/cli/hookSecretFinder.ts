// The hook's view of secrets: a file holding a live (blocking, not baselined) credential is
// protected for AI reads per the policy's `secrets` verdict.
import { statSync } from 'node:fs';
import { hasBlockingFinding } from '../core/secrets/scanText';
import { scanFile } from '../core/secrets/scanPaths';
import { loadSecretsBaseline } from '../core/secrets/secretsBaseline';
import type { SecretsBaseline } from '../core/secrets/secretTypes';

type Finding = { rule: string; line: number } | null;

/** Same content, same answer: hard links and repeated operands are scanned once (dev, inode, size, mtime). */
function fileIdentity(abs: string): string | null {
  try {
    const st = statSync(abs, { bigint: true });
    return `${st.dev}:${st.ino}:${st.size}:${st.mtimeNs}`;
  } catch {
    return null;
  }
}

export function hookSecretFinder(root: string): (abs: string) => Finding {
  let baseline: SecretsBaseline | undefined;
  const byIdentity = new Map<string, Finding>();
  return (abs) => {
    const id = fileIdentity(abs);
    const known = id === null ? undefined : byIdentity.get(id);
    if (known !== undefined) return known;
    const found = scan(abs);
    if (id !== null) byIdentity.set(id, found);
    return found;
  };
  function scan(abs: string): Finding {
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
  }
}
