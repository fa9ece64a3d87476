// Secrets assigned to names: `DATADOG_API_KEY=…`, `"apiKey": "…"`, `password := "…"`. One pass
// over secret-ish words finds assignments in any language; the value is then matched against the
// provider table (keyedRules.ts), decoded if it hides a credential (base64, hex, URL encoding,
// string concatenation), and otherwise scored by the generic rule, which blocks only above the
// confidence the policy sets.
import { isConfigLikePath } from './configFiles';
import { charClassCount, shannonEntropy } from './entropy';
import { hiddenCredentials } from './hiddenValues';
import { KEYED_RULES, nameHasWord } from './keyedRules';
import { isPlaceholderToken, isPlaceholderValue, isTestFixturePath } from './placeholders';
import type { RawFinding } from './ruleTypes';
import { hasTokenPrefix } from './secretRules';

/** Cheap first pass: only assignments to names containing one of these words are parsed. */
const KEYWORD = /(?:pass|pwd|pat(?![a-z])|secret|token|key|credential|auth|contribsys)[\w.$-]{0,40}["'`]?\]?[ \t]*(?::=|=>|\|\|=|\?\?=|\?=|=|:|\()/gi;
/** Between a name and its value: `=`, `:`, `:=`, `=>`, `?=`, `||=`, or a call's `(`. */
const OPERATOR = /["'`]?\]?[ \t]*(?::=|=>|\|\|=|\?\?=|\?=|=(?![=~])|:(?![:/])|\()[ \t]*(?:\([ \t]*)?/y;
/** More string literals joined to the last one: `+`, `.`, `..`, `~`, `<>`, or nothing (Python, C). */
const CONCAT = /[ \t]*(?:\\?\r?\n[ \t]*)?(?:\+|\.\.?|~|<>|&)?[ \t]*(?:\\?\r?\n[ \t]*)?(["'`])/y;
const BARE_VALUE = /[^\s,;'"`)}\]#<>]{1,300}/y;
const MAX_NAME = 80;
const MAX_VALUE = 512;
const MAX_PARTS = 8;

const SECRET_NAME =
  /pass(?:word|wd|phrase)?|pwd|secret|token|api[_.-]?key|apikey|access[_.-]?key|private[_.-]?key|auth[_.-]?key|credentials?|signing[_.-]?key|encryption[_.-]?key|client[_.-]?key|master[_.-]?key|auth$/i;
/** Names that say something about a secret, not the secret. */
const NOT_A_SECRET_NAME =
  /(?:url|uri|file|path|dir|name|id|endpoint|type|length|ttl|expiry|expires(?:[_.-]?in)?|header|enabled|policy|version|prefix|mode|count|max|min|size|timeout|format|algorithm|method|location|ref|arn|field|label|hint|regex|pattern|placeholder|env|var|key[_.-]?id|sid)$|public|^no[_-]|^is[A-Z_]|^has[A-Z_]|^(?:get|set|use|fetch|read|load|parse|validate|verify|check|create|generate|refresh|revoke|reset|update|delete|remove|handle|on)[A-Z_]/i;
/** A strong name says "this is the secret itself". */
const STRONG_NAME = /secret|passw|private[_.-]?key|api[_.-]?key|apikey|access[_.-]?key|credential|auth[_.-]?token|access[_.-]?token|bearer|signing/i;

function isNameChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 46 || c === 45 || c === 36;
}

interface Assigned {
  readonly name: string;
  readonly value: string;
  /** Span of the value in the text (for concatenations, from the first part to the last). */
  readonly start: number;
  readonly end: number;
  readonly parts: number;
}

/** Reads a quoted literal starting at `at` (the quote); null when unterminated on its line. */
function readQuoted(text: string, at: number): { value: string; end: number } | null {
  const q = text.charCodeAt(at);
  let value = '';
  let from = at + 1;
  const limit = Math.min(text.length, at + 1 + MAX_VALUE);
  for (let i = from; i < limit; i++) {
    const c = text.charCodeAt(i);
    if (c === q) return { value: value + text.slice(from, i), end: i + 1 };
    if (c === 10 && q !== 96) return null;
    if (c === 92 && i + 1 < limit) {
      // An escape keeps the escaped char only.
      value += text.slice(from, i) + text[i + 1];
      i++;
      from = i + 1;
    }
  }
  return null;
}

function readAssignment(text: string, nameStart: number, nameEnd: number): Assigned | null {
  OPERATOR.lastIndex = nameEnd;
  if (!OPERATOR.test(text)) return null;
  const at = OPERATOR.lastIndex;
  const name = text.slice(nameStart, nameEnd);
  const c = text[at];
  if (c === '"' || c === "'" || c === '`') {
    const first = readQuoted(text, at);
    if (!first) return null;
    let value = first.value;
    let end = first.end;
    let parts = 1;
    // Values split across literals: `"ghp_abc" + "def"`, Python's `"abc" "def"`.
    while (parts < MAX_PARTS && value.length < MAX_VALUE) {
      CONCAT.lastIndex = end;
      const m = CONCAT.exec(text);
      if (!m) break;
      const next = readQuoted(text, CONCAT.lastIndex - 1);
      if (!next) break;
      value += next.value;
      end = next.end;
      parts++;
    }
    return { name, value, start: at + 1, end: end - 1, parts };
  }
  // A call's argument counts only as a string literal: `token(customerId)` is no assignment.
  if (text.slice(nameEnd, at).includes('(')) return null;
  BARE_VALUE.lastIndex = at;
  const m = BARE_VALUE.exec(text);
  if (!m || m.index !== at) return null;
  return { name, value: m[0], start: at, end: at + m[0].length, parts: 1 };
}

function looksLikeRandomName(name: string): boolean {
  return name.length >= 12 && charClassCount(name) >= 3 && shannonEntropy(name) >= 3.9 && /[0-9].*[0-9]/.test(name);
}

function looksRandom(value: string): boolean {
  if (value.length < 10 || value.length > 256 || /\s/.test(value)) return false;
  // Mixed classes (a digit, or both cases) separate `kJ8f…` from `production-database`.
  if (charClassCount(value) < 2 || (!/[0-9]/.test(value) && !(/[a-z]/.test(value) && /[A-Z]/.test(value)))) return false;
  if (/^[0-9.:-]+$/.test(value) || /^(?:https?|file):\/\//.test(value) || /^[\w.-]+\.(?:js|ts|json|py|go|rb|java|ya?ml|pem|key|crt|txt)$/.test(value)) return false;
  return shannonEntropy(value) >= 3.3;
}

/**
 * How sure the generic rule is that `value` is a live credential (0–1): entropy and length of the
 * value, how plainly the name says "secret", and where the file is (configuration scores higher,
 * tests, fixtures and examples lower).
 */
export function genericConfidence(name: string, value: string, file: string): number {
  const e = shannonEntropy(value);
  let c = 0.1;
  c += e >= 4.5 ? 0.3 : e >= 4 ? 0.22 : e >= 3.6 ? 0.12 : 0.04;
  c += value.length >= 32 ? 0.15 : value.length >= 20 ? 0.1 : 0.04;
  c += charClassCount(value) >= 3 ? 0.1 : 0;
  c += STRONG_NAME.test(name) ? 0.2 : 0.08;
  if (isConfigLikePath(file)) c += 0.15;
  if (isTestFixturePath(file)) c -= 0.35;
  // Hex-only values are as often digests and ids as keys; UUIDs are ids.
  if (/^[0-9a-f]+$/i.test(value)) c -= 0.12;
  if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value)) c -= 0.2;
  return Math.max(0, Math.min(1, Math.round(c * 100) / 100));
}

/** Below this confidence a generic hit is noise (a test value, a random-looking constant) and is not reported. */
export const MIN_REPORTED_CONFIDENCE = 0.3;

/** `rescan` runs the token rules on a decoded or joined value (depth 1, so cost stays bounded). */
export function findAssignedSecrets(text: string, file: string, rescan: (decoded: string) => RawFinding[], out: RawFinding[]): void {
  // A fresh copy: judging a value rescans it, which runs this function again.
  const keyword = new RegExp(KEYWORD.source, KEYWORD.flags);
  for (let k = keyword.exec(text); k !== null; k = keyword.exec(text)) {
    let s = k.index;
    while (s > 0 && isNameChar(text.charCodeAt(s - 1)) && k.index - s < MAX_NAME) s--;
    let e = k.index;
    while (e < text.length && isNameChar(text.charCodeAt(e)) && e - k.index < MAX_NAME) e++;
    // Always move on: a name cut at its cap must not match again at the same place.
    keyword.lastIndex = Math.max(e, k.index + 1);
    if (e - s > MAX_NAME) continue;
    // Inside base64 (`…/xKEYq9=…`) or a random-looking word there is no name to speak of.
    const before = s > 0 ? text.charCodeAt(s - 1) : 0;
    if (before === 47 || before === 43 || looksLikeRandomName(text.slice(s, e))) continue;
    const a = readAssignment(text, s, e);
    if (!a || a.value.length < 8) continue;
    keyword.lastIndex = Math.max(e, a.end, k.index + 1);
    judge(a, file, rescan, out);
  }
}

function judge(a: Assigned, file: string, rescan: (decoded: string) => RawFinding[], out: RawFinding[]): void {
  const { name, value } = a;
  const hidden = hiddenCredentials(value, a.parts > 1, rescan);
  if (hidden) {
    out.push({ ...hidden, start: a.start, end: a.end });
    return;
  }
  if (isPlaceholderValue(value)) return;
  const lower = name.toLowerCase();
  for (const k of KEYED_RULES) {
    if (!k.value.test(value) || !k.words.some((w) => nameHasWord(name, lower, w))) continue;
    // The name already says which provider: a shorter value needs less entropy to count.
    if (isPlaceholderToken(value) || shannonEntropy(value) < (value.length < 24 ? 2.7 : 3)) return;
    out.push({ start: a.start, end: a.end, secret: value, rule: k.rule, description: k.description, severity: k.severity ?? 'high', blocking: true });
    return;
  }
  if (!SECRET_NAME.test(name) || NOT_A_SECRET_NAME.test(name) || !looksRandom(value) || hasTokenPrefix(value)) return;
  const confidence = genericConfidence(name, value, file);
  if (confidence < MIN_REPORTED_CONFIDENCE) return;
  out.push({
    start: a.start, end: a.end, secret: value, rule: 'generic-secret',
    description: `High-entropy value assigned to "${name.length > 40 ? `${name.slice(0, 40)}…` : name}"`,
    severity: 'medium', blocking: false, confidence,
  });
}
