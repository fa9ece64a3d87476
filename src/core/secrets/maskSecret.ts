// The only way a secret leaves the scanner: a short prefix and the length.

/** Reveals at most 4 chars, and never more than a quarter of the secret. */
export function maskSecret(secret: string): string {
  const shown = Math.min(4, Math.floor(secret.length / 4));
  return `${secret.slice(0, shown)}…(${secret.length} chars)`;
}
