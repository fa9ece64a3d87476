// Consistent masks for secrets in outbound text: the same value always gets the same label
// (`«secret:github-pat#1»`) for the life of the masker, so a model can still refer to "that token"
// across turns without ever seeing it. Values are held only as hashes.
import { createHash } from 'node:crypto';
import { secretSpans } from './inspectText';

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

/** `text` with every secret the scanner finds replaced by its label. */
export function maskSecretText(text: string, masker: SecretMasker): { text: string; masked: number } {
  const spans = secretSpans(text);
  let out = '';
  let at = 0;
  for (const s of spans) {
    if (s.start < at || s.kind !== 'secret') continue;
    out += text.slice(at, s.start) + masker.label(s.rule, text.slice(s.start, s.end));
    at = s.end;
  }
  return { text: out + text.slice(at), masked: spans.length };
}
