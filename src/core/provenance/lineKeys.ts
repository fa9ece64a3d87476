// Per-line keys that identify a line by what it says, not where it is: whitespace, indentation and
// quote style are ignored (a formatter keeps the key), and the key is a salted hash, so the store
// never holds the text of a line (protected files' content stays out of the repository).
import * as crypto from 'node:crypto';
import { splitLines } from './contentHash';

/** The line with all whitespace removed and `"`/`` ` `` written as `'`; '' for a blank line. */
export function normalizeLine(line: string): string {
  return line.replace(/\s+/g, '').replace(/["`]/g, "'");
}

/** 16 hex digits (64 bits) of sha256(salt, normalized line): enough to tell lines of a repo apart. */
export function lineKey(salt: string, normalized: string): string {
  const input = `${salt}\n${normalized}`;
  // One-shot crypto.hash() (Node >= 20.12) avoids a Hash object per line; older hosts (an
  // editor's bundled Node) take createHash.
  const digest = typeof crypto.hash === 'function' ? crypto.hash('sha256', input, 'hex') : crypto.createHash('sha256').update(input).digest('hex');
  return digest.slice(0, 16);
}

export function newSalt(): string {
  return crypto.randomBytes(8).toString('hex');
}

/** A text's lines keyed under one salt: `keys[i]` for line i+1, undefined for blank lines. */
export interface KeyedText {
  readonly lineCount: number;
  readonly keys: ReadonlyArray<string | undefined>;
  /** 1-based numbers of the non-blank lines, in order. */
  readonly nonBlank: readonly number[];
  /** Key → its positions in `nonBlank` (built once, shared by every record of the file). */
  readonly where: ReadonlyMap<string, readonly number[]>;
}

/** Keys of every line of `text` (or of already split `lines`). */
export function keyText(lines: readonly string[], salt: string): KeyedText {
  const keys: Array<string | undefined> = [];
  const nonBlank: number[] = [];
  const where = new Map<string, number[]>();
  lines.forEach((line, i) => {
    const normalized = normalizeLine(line);
    if (normalized === '') {
      keys.push(undefined);
      return;
    }
    const key = lineKey(salt, normalized);
    keys.push(key);
    const list = where.get(key);
    if (list) list.push(nonBlank.length);
    else where.set(key, [nonBlank.length]);
    nonBlank.push(i + 1);
  });
  return { lineCount: lines.length, keys, nonBlank, where };
}

/** Keys of one text under several salts, each computed once. */
export class KeyCache {
  private readonly bySalt = new Map<string, KeyedText>();
  readonly lines: readonly string[];

  constructor(text: string) {
    this.lines = splitLines(text);
  }

  forSalt(salt: string): KeyedText {
    let keyed = this.bySalt.get(salt);
    if (!keyed) {
      keyed = keyText(this.lines, salt);
      this.bySalt.set(salt, keyed);
    }
    return keyed;
  }
}
