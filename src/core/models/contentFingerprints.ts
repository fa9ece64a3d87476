// How protected text is recognised without keeping it: each significant line is reduced to a
// salted 53-bit hash of its normalised form, and a file is known by (a) every run of SHINGLE
// consecutive significant lines (so trivial lines such as `}` never match alone), (b) for files too
// short for a run, all their significant lines together, and (c) every random-looking token it holds
// (a key, a canary), which matches wherever it appears (grep output, an echo, another file).
import { looksLikeRandomToken } from '../audit/maskSecrets';

export const SHINGLE = 3;
/** A line counts when it holds at least this many letters and digits after normalising. */
const MIN_SIGNIFICANT = 8;
const TOKEN = /[A-Za-z0-9_+/-]{20,}/g;
/** Prefixes tools put in front of file lines: `cat -n`/Read tool numbers, grep's `path:12:`. */
const LINE_NUMBER = /^\s*\d+(?:\t|→|:|\||\s{2})/;
const GREP_PREFIX = /^[\w./-]*[./][\w-]+(?::\d+)?[:-](?=\S)/;

/** Salted hash of a string: fast (the gateway hashes every outbound line), 53 bits, as base36. */
export function saltedHash(salt: number, text: string): string {
  let h1 = 0xdeadbeef ^ salt;
  let h2 = 0x41c6ce57 ^ salt;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
}

/** The comparable form of a line: tool prefixes dropped, whitespace collapsed. Null when trivial. */
export function normaliseLine(line: string): string | null {
  let s = line.replace(LINE_NUMBER, '');
  s = s.replace(GREP_PREFIX, '');
  s = s.replace(/\s+/g, ' ').trim();
  let significant = 0;
  for (let i = 0; i < s.length && significant < MIN_SIGNIFICANT; i++) {
    const c = s.charCodeAt(i);
    if ((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122)) significant++;
  }
  return significant >= MIN_SIGNIFICANT ? s : null;
}

export interface SignificantLine {
  /** Salted hash of the normalised line. */
  readonly hash: string;
  /** 0-based offsets of the original line in the text (end exclusive, without the newline). */
  readonly start: number;
  readonly end: number;
}

export function significantLines(salt: number, text: string): SignificantLine[] {
  const out: SignificantLine[] = [];
  let start = 0;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    const norm = normaliseLine(text.slice(start, end));
    if (norm !== null) out.push({ hash: saltedHash(salt, norm), start, end });
    start = end + 1;
  }
  return out;
}

export interface RandomToken {
  readonly hash: string;
  readonly start: number;
  readonly end: number;
}

export function randomTokens(salt: number, text: string): RandomToken[] {
  const out: RandomToken[] = [];
  for (const m of text.matchAll(TOKEN)) {
    if (!looksLikeRandomToken(m[0])) continue;
    const core = m[0].replace(/^[-/_+]+|[-/_+]+$/g, '');
    const start = m.index + m[0].indexOf(core);
    out.push({ hash: `t${saltedHash(salt, core)}`, start, end: start + core.length });
  }
  return out;
}

/** The fingerprints of one protected file's text. */
export function fileFingerprints(salt: number, text: string): string[] {
  const lines = significantLines(salt, text).map((l) => l.hash);
  const out = new Set<string>();
  if (lines.length > 0 && lines.length < SHINGLE) out.add(lines.join('.'));
  for (let i = 0; i + SHINGLE <= lines.length; i++) out.add(lines.slice(i, i + SHINGLE).join('.'));
  for (const t of randomTokens(salt, text)) out.add(t.hash);
  return [...out];
}
