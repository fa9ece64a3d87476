// Credentials hidden in an assigned value: base64 or hex encoded, URL encoded, or split across
// string literals. Each form is decoded once and the result scanned once (no recursion), so the
// cost stays proportional to the value.
import type { RawFinding } from './ruleTypes';

type Hidden = Omit<RawFinding, 'start' | 'end'>;

const BASE64 = /^[A-Za-z0-9+/_-]{24,}={0,2}$/;
const HEX = /^(?:[0-9a-f]{2}){16,}$|^(?:[0-9A-F]{2}){16,}$/;
const PERCENT = /%[0-9A-Fa-f]{2}/;

/** Text, not bytes: at least 95% printable ASCII or common whitespace. */
function isMostlyPrintable(s: string): boolean {
  if (s.length < 8) return false;
  let bad = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if ((c < 32 && c !== 9 && c !== 10 && c !== 13) || c > 126) bad++;
  }
  return bad <= s.length * 0.05;
}

function decodings(value: string, joined: boolean): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  if (joined) out.push([value, 'split across string literals']);
  if (PERCENT.test(value)) {
    try {
      out.push([decodeURIComponent(value), 'URL-encoded']);
    } catch {
      // Not valid percent-encoding: nothing hidden this way.
    }
  }
  if (BASE64.test(value) && value.replace(/=+$/, '').length % 4 !== 1) {
    const decoded = Buffer.from(value, value.includes('-') || value.includes('_') ? 'base64url' : 'base64').toString('latin1');
    if (isMostlyPrintable(decoded)) out.push([decoded, 'base64-encoded']);
  }
  if (HEX.test(value)) {
    const decoded = Buffer.from(value, 'hex').toString('latin1');
    if (isMostlyPrintable(decoded)) out.push([decoded, 'hex-encoded']);
  }
  return out;
}

/** The strongest credential hidden in `value`, if any (`rescan` runs the scanner's rules on text). */
export function hiddenCredentials(value: string, joined: boolean, rescan: (decoded: string) => RawFinding[]): Hidden | null {
  for (const [decoded, how] of decodings(value, joined)) {
    const found = rescan(decoded).filter((f) => f.rule !== 'generic-secret');
    const best = found.find((f) => f.blocking) ?? found[0];
    if (!best) continue;
    return { secret: best.secret, rule: best.rule, description: `${best.description} (${how})`, severity: best.severity, blocking: best.blocking };
  }
  return null;
}

/** Decodes file bytes that are UTF-16 (with or without a byte-order mark); null when they are not. */
export function decodeUtf16(data: Buffer): string | null {
  if (data.length < 4) return null;
  if (data[0] === 0xff && data[1] === 0xfe) return data.subarray(2, data.length - (data.length % 2)).toString('utf16le');
  if (data[0] === 0xfe && data[1] === 0xff) return swapToLe(data.subarray(2)).toString('utf16le');
  // No BOM: ASCII-range text in UTF-16 has a NUL in every other byte.
  const probe = Math.min(data.length - (data.length % 2), 4096);
  let evenNul = 0;
  let oddNul = 0;
  for (let i = 0; i < probe; i += 2) {
    if (data[i] === 0) evenNul++;
    if (data[i + 1] === 0) oddNul++;
  }
  const pairs = probe / 2;
  if (oddNul >= pairs * 0.7 && evenNul <= pairs * 0.05) return data.subarray(0, data.length - (data.length % 2)).toString('utf16le');
  if (evenNul >= pairs * 0.7 && oddNul <= pairs * 0.05) return swapToLe(data).toString('utf16le');
  return null;
}

function swapToLe(data: Buffer): Buffer {
  const out = Buffer.from(data.subarray(0, data.length - (data.length % 2)));
  out.swap16();
  return out;
}

/** Compressed or archive formats: their bytes say nothing about their content. */
export function isCompressedContainer(data: Buffer): boolean {
  const b = data;
  return (b[0] === 0x50 && b[1] === 0x4b && (b[2] === 3 || b[2] === 5 || b[2] === 7)) || // zip, jar, docx, apk
    (b[0] === 0x1f && b[1] === 0x8b) || // gzip
    (b[0] === 0x42 && b[1] === 0x5a && b[2] === 0x68) || // bzip2
    (b[0] === 0xfd && b[1] === 0x37 && b[2] === 0x7a && b[3] === 0x58) || // xz
    (b[0] === 0x37 && b[1] === 0x7a && b[2] === 0xbc && b[3] === 0xaf) || // 7z
    (b[0] === 0x28 && b[1] === 0xb5 && b[2] === 0x2f && b[3] === 0xfd) || // zstd
    (b[0] === 0x52 && b[1] === 0x61 && b[2] === 0x72 && b[3] === 0x21); // rar
}

/** Printable runs of 8+ chars in binary data (what `strings` shows), joined by newlines. */
export function printableStrings(data: Buffer): string {
  const parts: string[] = [];
  let start = -1;
  for (let i = 0; i <= data.length; i++) {
    const c = i < data.length ? data[i] : 0;
    const printable = (c >= 32 && c <= 126) || c === 9;
    if (printable) {
      if (start === -1) start = i;
    } else if (start !== -1) {
      if (i - start >= 8) parts.push(data.toString('latin1', start, i));
      start = -1;
    }
  }
  return parts.join('\n');
}
