// The rule set and the pre-filter that decides which rule families need to run on a text.
//
// Two passes, both native regex scans: (1) a separator followed by 16 token characters, looked up
// by the word before it in a table of token prefixes (`ghp_`, `glpat-`, `SG.`…) — one cheap
// pattern no matter how many prefixes there are; (2) one alternation of the anchors of formats
// without such a prefix (`AKIA`, `-----BEGIN`, `:AA`…). A family's precise patterns run only if
// the pre-filter saw it.
import { awsRule } from './awsRule';
import { cloudRules } from './cloudRules';
import { connectionUrlRule } from './connectionUrlRule';
import { devPlatformTokenRules } from './devPlatformTokens';
import { jwtRule } from './jwtRule';
import { privateKeyRule } from './privateKeyRule';
import type { SecretRule } from './ruleTypes';
import { saasTokenRules } from './saasTokens';
import { tokenRules } from './tokenRules';
import { regexMatches } from '../util/regexMatches';

export const secretRules: readonly SecretRule[] = [
  ...tokenRules, ...devPlatformTokenRules, ...saasTokenRules, ...cloudRules, awsRule, privateKeyRule, connectionUrlRule, jwtRule,
];

/** Splits a regex source at its top-level `|`. */
function alternatives(source: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let from = 0;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') i++;
    else if (c === '(' || c === '[') depth++;
    else if (c === ')' || c === ']') depth--;
    else if (c === '|' && depth === 0) {
      out.push(source.slice(from, i));
      from = i + 1;
    }
  }
  out.push(source.slice(from));
  return out;
}

/** The literal first char of an anchor and the rest, or null (a class, or a quantified char). */
function splitFirst(anchor: string): [string, string] | null {
  const escaped = anchor[0] === '\\';
  const len = escaped ? 2 : 1;
  const c = anchor.slice(0, len);
  if (escaped ? !/^\\[.\-/?]$/.test(c) : !/^[A-Za-z0-9:"'~/&;-]$/.test(c)) return null;
  if (/^[?*+{]/.test(anchor.slice(len))) return null;
  return [c, anchor.slice(len)];
}

/**
 * One alternation over every anchor, factored by first char (`A(?:(Iza)|([SK]IA)|…)`): V8 tests
 * each start position against every top-level alternative, so a few alternatives led by distinct,
 * mostly upper-case or punctuation chars scan several times faster than one per anchor. Each
 * anchor keeps its own group; identical anchors share one, naming all their families.
 */
interface AnchorGroup {
  readonly families: number[];
  /** The other anchors led by the same char, tried at a hit: the alternation reports only one. */
  readonly siblings: ReadonlyArray<{ readonly sticky: RegExp; readonly families: number[] }>;
}

function buildAnchors(): { regex: RegExp; groups: AnchorGroup[] } {
  const byPiece = new Map<string, number[]>();
  secretRules.forEach((r, i) => {
    if (r.anchor === undefined) return;
    for (const piece of alternatives(r.anchor)) byPiece.set(piece, [...(byPiece.get(piece) ?? []), i]);
  });
  const byFirst = new Map<string, Array<[string, number[]]>>();
  const solo: Array<[string, number[]]> = [];
  for (const [piece, families] of byPiece) {
    const split = splitFirst(piece);
    if (!split) solo.push([piece, families]);
    else byFirst.set(split[0], [...(byFirst.get(split[0]) ?? []), [split[1], families]]);
  }
  const groups: AnchorGroup[] = [];
  const parts: string[] = [];
  for (const [first, items] of byFirst) {
    const all = items.map(([rest, families]) => ({ sticky: new RegExp(`${first}(?:${rest})`, 'y'), families }));
    parts.push(`${first}(?:${items.map(([rest, families], i) => {
      groups.push({ families, siblings: all.filter((_, j) => j !== i) });
      return `(${rest})`;
    }).join('|')})`);
  }
  for (const [piece, families] of solo) {
    groups.push({ families, siblings: [] });
    parts.push(`(${piece})`);
  }
  return { regex: new RegExp(parts.join('|'), 'g'), groups };
}

export const { regex: ANCHORS, groups: ANCHOR_FAMILIES } = buildAnchors();

const BY_PREFIX = new Map<string, number[]>();
secretRules.forEach((r, i) => {
  for (const p of r.prefixes ?? []) BY_PREFIX.set(p, [...(BY_PREFIX.get(p) ?? []), i]);
});
const PREFIX_LENGTHS = [...new Set([...BY_PREFIX.keys()].map((p) => p.length))].sort((a, b) => a - b);
const MAX_PREFIX = PREFIX_LENGTHS[PREFIX_LENGTHS.length - 1];

function isAlnum(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}
const AT_DOT = secretRules.map((r, i) => [r.atDot, i] as const).filter((x): x is readonly [NonNullable<SecretRule['atDot']>, number] => x[0] !== undefined);
/** A separator then 16 token chars: where every prefixed token's body starts. */
const SEPARATED = /[_.-][A-Za-z0-9_+/-]{16}/g;

function mark(text: string, at: number, families: readonly number[], hit: Uint8Array): void {
  for (const family of families) {
    if (hit[family]) continue;
    const confirm = secretRules[family].confirm;
    if (confirm) {
      confirm.lastIndex = at;
      if (!confirm.test(text)) continue;
    }
    hit[family] = 1;
  }
}

/** The rule families whose anchor or prefix occurs in the text (usually none). */
export function rulesToRun(text: string): SecretRule[] {
  const hit = new Uint8Array(secretRules.length);
  for (const m of regexMatches(SEPARATED, text)) {
    const sep = m.index;
    // Look again from the next separator inside this match: it may end a prefix too.
    const body = m[0];
    let next = 1;
    while (next < body.length) {
      const c = body.charCodeAt(next);
      if (c === 95 || c === 46 || c === 45) break;
      next++;
    }
    SEPARATED.lastIndex = sep + next;
    if (text.charCodeAt(sep) === 46) for (const [atDot, family] of AT_DOT) if (atDot(text, sep)) hit[family] = 1;
    // Every prefix is letters and digits then its separator: one candidate per hit.
    let start = sep;
    while (start > 0 && sep - start < MAX_PREFIX && isAlnum(text.charCodeAt(start - 1))) start--;
    if (start > 0 && isAlnum(text.charCodeAt(start - 1))) continue;
    const families = BY_PREFIX.get(text.slice(start, sep + 1));
    if (families) for (const f of families) hit[f] = 1;
  }
  for (const m of regexMatches(ANCHORS, text)) {
    let g = 1;
    while (m[g] === undefined) g++;
    const group = ANCHOR_FAMILIES[g - 1];
    mark(text, m.index, group.families, hit);
    for (const s of group.siblings) {
      s.sticky.lastIndex = m.index;
      if (s.sticky.test(text)) mark(text, m.index, s.families, hit);
    }
  }
  return secretRules.filter((_, i) => hit[i] === 1);
}

/** Whether `value` starts with a registered token prefix (`ghp_…`): a lookalike that failed its rule is no generic secret. */
export function hasTokenPrefix(value: string): boolean {
  for (const len of PREFIX_LENGTHS) if (BY_PREFIX.has(value.slice(0, len))) return true;
  return false;
}
