// Finds what must not leave in one piece of outbound text: secrets (the secrets scanner's rules)
// and content of protected files (fingerprints), wherever it came from. Returns spans; the caller
// decides per destination what to keep, mask or refuse.
import { scanText } from '../secrets/scanText';
import { LineIndex } from '../util/lineIndex';
import { randomTokens, significantLines, windowHash } from './contentFingerprints';
import type { FingerprintIndex, ProtectedFile } from './fingerprintIndex';

export type Span =
  | { readonly kind: 'secret'; readonly start: number; readonly end: number; readonly rule: string }
  | { readonly kind: 'protected'; readonly start: number; readonly end: number; readonly file: ProtectedFile };

/** Secrets in `text`, as spans (the scanner's findings turned back into offsets). */
export function secretSpans(text: string): Span[] {
  // The generic `key = value` rule runs too: outbound text has no file name to decide by.
  const findings = scanText(text, 'outbound.env');
  if (findings.length === 0) return [];
  const lines = new LineIndex(text);
  return findings.map((f) => ({ kind: 'secret', rule: f.rule, start: lines.offset(f.line, f.column), end: lines.offset(f.endLine, f.endColumn) }));
}

function protectedSpans(text: string, index: FingerprintIndex): Span[] {
  if (index.size === 0) return [];
  const out: Span[] = [];
  const lines = significantLines(index.salt, text);
  const hashes = lines.map((l) => l.hash);
  // Windows of SHINGLE lines, and of the lengths of protected files shorter than that.
  const windows = index.windows;
  for (let i = 0; i < lines.length; i++) {
    for (const k of windows) {
      if (i + k > lines.length) break;
      const file = index.lookup(windowHash(index.salt, hashes, i, k));
      if (file) out.push({ kind: 'protected', file, start: lines[i].start, end: lines[i + k - 1].end });
    }
  }
  for (const t of randomTokens(index.salt, text)) {
    const file = index.lookup(t.hash);
    if (file) out.push({ kind: 'protected', file, start: t.start, end: t.end });
  }
  return out;
}

/** Characters that render as nothing: inserted into a key or a line, they would hide it from matching. */
function isInvisible(c: number): boolean {
  return c === 0xad || c === 0x34f || c === 0x180e || (c >= 0x200b && c <= 0x200f) || (c >= 0x202a && c <= 0x202e) || (c >= 0x2060 && c <= 0x2064) || c === 0xfeff;
}

function hasInvisible(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xad && isInvisible(c)) return true;
  }
  return false;
}

/** Every span of `text` that is a secret or protected content, in text order, possibly overlapping. */
export function inspectText(text: string, index: FingerprintIndex): Span[] {
  if (!hasInvisible(text)) return sorted([...protectedSpans(text, index), ...secretSpans(text)]);
  // Inspect the text without them, then map the spans back onto the original offsets.
  const kept: number[] = [];
  let clean = '';
  for (let i = 0; i < text.length; i++) {
    if (isInvisible(text.charCodeAt(i))) continue;
    kept.push(i);
    clean += text[i];
  }
  const back = (s: Span): Span => ({ ...s, start: kept[s.start] ?? text.length, end: s.end > 0 ? (kept[s.end - 1] ?? text.length - 1) + 1 : 0 });
  return sorted([...protectedSpans(clean, index), ...secretSpans(clean)].map(back));
}

function sorted(spans: Span[]): Span[] {
  return spans.sort((a, b) => a.start - b.start || b.end - a.end);
}
