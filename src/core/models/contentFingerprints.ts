// How protected text is recognised without keeping it: each significant line is reduced to a
// salted 53-bit hash of its normalised form, and a file is known by (a) every run of SHINGLE
// consecutive significant lines (so trivial lines such as `}` never match alone), (b) for files too
// short for a run, all their significant lines together, and (c) every random-looking token it holds
// (a key, a canary), which matches wherever it appears (grep output, an echo, another file).
import { looksLikeRandomToken } from '../secrets/maskSecrets';

export const SHINGLE = 3;
/** A line counts when it holds at least this many letters and digits after normalising. */
const MIN_SIGNIFICANT = 8;
/** Tokens hash in their own domain, so a token never equals a line's fingerprint by construction. */
const TOKEN_SEED = 0x5bd1e995;

/** Token characters: letters, digits, `_ + / -`. */
function isTokenChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 43 || c === 47 || c === 45;
}
/** Prefixes tools put in front of file lines: `cat -n`/Read tool numbers, grep's `path:12:`. */
const LINE_NUMBER = /[ \t]*\d+(?:\t|→|:|\|| {2})/y;
const GREP_PREFIX = /[\w./-]*[./][\w-]+(?::\d+)?[:-](?=\S)/y;

/** Final avalanche of the two 32-bit lanes into one 53-bit integer (numbers: no string building). */
function mix(h1: number, h2: number): number {
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/** One fingerprint for a window of line hashes (a shingle, or a short file's lines). */
export function windowHash(salt: number, hashes: readonly number[], from: number, count: number): number {
  let h1 = 0x9e3779b9 ^ salt ^ count;
  let h2 = 0x85ebca6b ^ salt;
  for (let i = from; i < from + count; i++) {
    const lo = hashes[i] >>> 0;
    const hi = Math.floor(hashes[i] / 4294967296);
    h1 = Math.imul(h1 ^ lo, 2654435761);
    h2 = Math.imul(h2 ^ hi, 1597334677);
    h1 = Math.imul(h1 ^ hi, 1597334677);
    h2 = Math.imul(h2 ^ lo, 2654435761);
  }
  return mix(h1, h2);
}

/** Salted hash of a string: fast (the gateway hashes every outbound line), 53 bits. */
export function saltedHash(salt: number, text: string): number {
  let h1 = 0xdeadbeef ^ salt;
  let h2 = 0x41c6ce57 ^ salt;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  return mix(h1, h2);
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 13 || c === 11 || c === 12 || c === 0xa0;
}

/**
 * Hash of the comparable form of text[start, end): tool prefixes dropped, whitespace collapsed,
 * trimmed; null when the line is trivial. Works on the whole text, never slicing a line out.
 */
function lineHash(salt: number, text: string, start: number, end: number): number | null {
  let at = start;
  LINE_NUMBER.lastIndex = at;
  if (LINE_NUMBER.test(text) && LINE_NUMBER.lastIndex <= end) at = LINE_NUMBER.lastIndex;
  GREP_PREFIX.lastIndex = at;
  if (GREP_PREFIX.test(text) && GREP_PREFIX.lastIndex <= end) at = GREP_PREFIX.lastIndex;
  let h1 = 0xdeadbeef ^ salt;
  let h2 = 0x41c6ce57 ^ salt;
  let significant = 0;
  let pendingSpace = false;
  let started = false;
  for (let i = at; i < end; i++) {
    const c = text.charCodeAt(i);
    if (isSpace(c)) {
      pendingSpace = started;
      continue;
    }
    if (pendingSpace) {
      h1 = Math.imul(h1 ^ 32, 2654435761);
      h2 = Math.imul(h2 ^ 32, 1597334677);
      pendingSpace = false;
    }
    started = true;
    if ((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122)) significant++;
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  return significant >= MIN_SIGNIFICANT ? mix(h1, h2) : null;
}

export interface SignificantLine {
  /** Salted hash of the normalised line. */
  readonly hash: number;
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
    const hash = lineHash(salt, text, start, end);
    if (hash !== null) out.push({ hash, start, end });
    start = end + 1;
  }
  return out;
}

export interface RandomToken {
  readonly hash: number;
  readonly start: number;
  readonly end: number;
}

export function randomTokens(salt: number, text: string): RandomToken[] {
  const out: RandomToken[] = [];
  // A scan by character codes: only runs of 20+ are cut out as strings (most words are shorter).
  let i = 0;
  while (i < text.length) {
    if (!isTokenChar(text.charCodeAt(i))) {
      i++;
      continue;
    }
    const runStart = i;
    while (i < text.length && isTokenChar(text.charCodeAt(i))) i++;
    if (i - runStart < 20) continue;
    const run = text.slice(runStart, i);
    if (!looksLikeRandomToken(run)) continue;
    const core = run.replace(/^[-/_+]+|[-/_+]+$/g, '');
    const start = runStart + run.indexOf(core);
    out.push({ hash: saltedHash(salt ^ TOKEN_SEED, core), start, end: start + core.length });
  }
  return out;
}

/** The fingerprints of one protected file's text. */
export function fileFingerprints(salt: number, text: string): { fingerprints: number[]; lines: number } {
  const lines = significantLines(salt, text).map((l) => l.hash);
  const out = new Set<number>();
  if (lines.length > 0 && lines.length < SHINGLE) out.add(windowHash(salt, lines, 0, lines.length));
  for (let i = 0; i + SHINGLE <= lines.length; i++) out.add(windowHash(salt, lines, i, SHINGLE));
  for (const t of randomTokens(salt, text)) out.add(t.hash);
  return { fingerprints: [...out], lines: lines.length };
}
