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
import { isWordCharAt, type SecretRule } from './ruleTypes';
import { saasTokenRules } from './saasTokens';
import { tokenRules } from './tokenRules';

export const secretRules: readonly SecretRule[] = [
  ...tokenRules, ...devPlatformTokenRules, ...saasTokenRules, ...cloudRules, awsRule, privateKeyRule, connectionUrlRule, jwtRule,
];

const anchored = secretRules.map((r, i) => [r, i] as const).filter(([r]) => r.anchor !== undefined);
/** Each anchor in its own group so a hit names its family. */
const ANCHORS = new RegExp(anchored.map(([r]) => `(${r.anchor})`).join('|'), 'g');

const BY_PREFIX = new Map<string, number[]>();
secretRules.forEach((r, i) => {
  for (const p of r.prefixes ?? []) BY_PREFIX.set(p, [...(BY_PREFIX.get(p) ?? []), i]);
});
const PREFIX_LENGTHS = [...new Set([...BY_PREFIX.keys()].map((p) => p.length))].sort((a, b) => a - b);
/** A separator then 16 token chars: where every prefixed token's body starts. */
const SEPARATED = /[_.-][A-Za-z0-9_-]{16}/g;

/** The rule families whose anchor or prefix occurs in the text (usually none). */
export function rulesToRun(text: string): SecretRule[] {
  const hit = new Uint8Array(secretRules.length);
  SEPARATED.lastIndex = 0;
  for (let m = SEPARATED.exec(text); m !== null; m = SEPARATED.exec(text)) {
    const sep = m.index;
    // Look again from the next char: a separator inside this match may end a prefix too.
    SEPARATED.lastIndex = sep + 1;
    for (const len of PREFIX_LENGTHS) {
      const start = sep + 1 - len;
      if (start < 0) break;
      if (start > 0 && isWordCharAt(text, start - 1) && text.charCodeAt(start - 1) !== 95) continue;
      const families = BY_PREFIX.get(text.slice(start, sep + 1));
      if (families) for (const f of families) hit[f] = 1;
    }
  }
  ANCHORS.lastIndex = 0;
  for (let m = ANCHORS.exec(text); m !== null; m = ANCHORS.exec(text)) {
    let g = 1;
    while (m[g] === undefined) g++;
    const [rule, family] = anchored[g - 1];
    if (hit[family]) continue;
    if (rule.confirm) {
      rule.confirm.lastIndex = m.index;
      if (!rule.confirm.test(text)) continue;
    }
    hit[family] = 1;
  }
  return secretRules.filter((_, i) => hit[i] === 1);
}

/** Whether `value` starts with a registered token prefix (`ghp_…`): a lookalike that failed its rule is no generic secret. */
export function hasTokenPrefix(value: string): boolean {
  for (const len of PREFIX_LENGTHS) if (BY_PREFIX.has(value.slice(0, len))) return true;
  return false;
}
