// The generic rule: a random-looking value assigned to a secret-named key in a configuration file.
// It cannot tell a live credential from a random-looking id as well as the provider rules can, so its
// findings raise risk but never block on their own.
import { charClassCount, shannonEntropy } from './entropy';
import { isPlaceholderValue } from './placeholders';
import type { RawFinding } from './ruleTypes';

/** Cheap first pass: only lines containing one of these words are parsed. */
const KEYWORD = /pass|pwd|secret|token|key|credential|auth/gi;
/** `KEY=value`, `key: value`, `export KEY=value`, `- KEY=value` (compose lists), quoted keys. */
const ASSIGNMENT = /^[ \t]*(?:export[ \t]+|-[ \t]+)?["']?([A-Za-z_][\w.-]*)["']?[ \t]*[:=][ \t]*(.*)$/;
const SECRET_KEY =
  /pass(?:word|wd|phrase)?|pwd|secret|token|api[_.-]?key|apikey|access[_.-]?key|private[_.-]?key|auth[_.-]?key|credentials?|signing[_.-]?key|encryption[_.-]?key|client[_.-]?key/i;
/** Keys that name something about a secret, not the secret. */
const NOT_A_SECRET_KEY =
  /(?:url|uri|file|path|dir|name|id|endpoint|type|length|ttl|expiry|expires(?:[_.-]?in)?|header|enabled|policy|version|prefix|mode|count|max|min|size|timeout|format|algorithm|method|location|ref|arn)$|public|^no[_-]/i;
/** Bits per char: random base64 of 16 chars scores ~3.8; English words and ids score lower. */
const MIN_ENTROPY = 3.3;
const MIN_LENGTH = 10;
const MAX_LENGTH = 256;

function unquote(raw: string): { value: string; offset: number } | null {
  const q = raw[0];
  if (q === '"' || q === "'") {
    const close = raw.indexOf(q, 1);
    return close === -1 ? null : { value: raw.slice(1, close), offset: 1 };
  }
  // Unquoted: a ` #` starts a comment in .env, YAML, INI and TOML.
  const hash = raw.search(/[ \t][#;]/);
  return { value: (hash === -1 ? raw : raw.slice(0, hash)).trimEnd(), offset: 0 };
}

function looksRandom(value: string): boolean {
  if (value.length < MIN_LENGTH || value.length > MAX_LENGTH || /\s/.test(value)) return false;
  // Mixed classes (at least one digit or both cases) separate `kJ8f…` from `production-database`.
  if (charClassCount(value) < 2 || !/[0-9]/.test(value) && !(/[a-z]/.test(value) && /[A-Z]/.test(value))) return false;
  if (/^[0-9.:-]+$/.test(value) || /^(?:https?|file):\/\//.test(value)) return false;
  return shannonEntropy(value) >= MIN_ENTROPY;
}

export function findGenericSecrets(text: string, out: RawFinding[]): void {
  KEYWORD.lastIndex = 0;
  for (let k = KEYWORD.exec(text); k !== null; k = KEYWORD.exec(text)) {
    const lineStart = text.lastIndexOf('\n', k.index) + 1;
    let lineEnd = text.indexOf('\n', k.index);
    if (lineEnd === -1) lineEnd = text.length;
    KEYWORD.lastIndex = lineEnd; // one look per line
    const line = text.slice(lineStart, text[lineEnd - 1] === '\r' ? lineEnd - 1 : lineEnd);
    const m = ASSIGNMENT.exec(line);
    if (!m) continue;
    const key = m[1];
    if (!SECRET_KEY.test(key) || NOT_A_SECRET_KEY.test(key)) continue;
    const parsed = unquote(m[2].trimEnd());
    if (!parsed || isPlaceholderValue(parsed.value) || !looksRandom(parsed.value)) continue;
    // The value group runs to the end of the line, so its offset follows from its length.
    const start = lineStart + line.length - m[2].length + parsed.offset;
    out.push({
      start, end: start + parsed.value.length, secret: parsed.value, rule: 'generic-secret',
      description: `High-entropy value assigned to "${key}"`, severity: 'medium', blocking: false,
    });
  }
}
