// Consistent masks for secrets in outbound text: the same value always gets the same label
// (`«secret:github-pat#1»`) for the life of the masker, so a model can still refer to "that token"
// across turns without ever seeing it. Values are held only as hashes.
import { createHash } from 'node:crypto';

export class SecretMasker {
  private readonly labels = new Map<string, string>();
  private readonly perRule = new Map<string, number>();

  label(rule: string, value: string): string {
    const key = createHash('sha256').update(value).digest('base64');
    let label = this.labels.get(key);
    if (!label) {
      const n = (this.perRule.get(rule) ?? 0) + 1;
      this.perRule.set(rule, n);
      label = `«secret:${rule}#${n}»`;
      this.labels.set(key, label);
    }
    return label;
  }
}
