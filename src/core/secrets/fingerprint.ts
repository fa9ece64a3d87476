// Baseline fingerprints identify a finding without storing the secret.
import { createHash } from 'node:crypto';

/** sha256 over (rule, file, secret), NUL-separated and versioned so the inputs cannot be confused. */
export function secretFingerprint(rule: string, file: string, secret: string): string {
  return createHash('sha256').update(`airlock-secret-v1\0${rule}\0${file}\0${secret}`).digest('hex');
}
