// The rule set and the one-pass pre-filter that decides which rule families need to run on a text.
import { awsRule } from './awsRule';
import { connectionUrlRule } from './connectionUrlRule';
import { privateKeyRule } from './privateKeyRule';
import type { SecretRule } from './ruleTypes';
import { tokenRules } from './tokenRules';

export const secretRules: readonly SecretRule[] = [...tokenRules, awsRule, privateKeyRule, connectionUrlRule];

/**
 * One regex over all anchors, each in its own group so a hit names its family: a single native pass
 * over the text instead of one per rule.
 */
const PREFILTER = new RegExp(secretRules.map((r) => `(${r.anchor})`).join('|'), 'g');

/** The rule families whose anchor occurs in the text (usually none). */
export function rulesToRun(text: string): SecretRule[] {
  const hit = new Array<boolean>(secretRules.length).fill(false);
  let remaining = secretRules.length;
  PREFILTER.lastIndex = 0;
  for (let m = PREFILTER.exec(text); m !== null; m = PREFILTER.exec(text)) {
    let i = 1;
    while (m[i] === undefined) i++;
    const family = i - 1;
    if (hit[family]) continue;
    const confirm = secretRules[family].confirm;
    if (confirm) {
      confirm.lastIndex = m.index;
      if (!confirm.test(text)) continue;
    }
    hit[family] = true;
    if (--remaining === 0) break;
  }
  return secretRules.filter((_, i) => hit[i]);
}
