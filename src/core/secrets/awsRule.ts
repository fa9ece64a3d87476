// AWS: an access key id is an identifier, not a credential. Only an id with a secret access key
// nearby is a live secret; an id alone is reported at low severity and never blocks.
import { charClassCount, shannonEntropy } from './entropy';
import { isPlaceholderToken } from './placeholders';
import { eachMatchRule, isWordCharAt } from './ruleTypes';
import { regexMatches } from '../util/regexMatches';

const KEY_ID = /(?:AKIA|ASIA)[A-Z2-7]{16}(?![A-Za-z0-9])/g;
/** 40 base64 chars standing alone (not a slice of a longer base64 run, a path or a hash). */
const SECRET_KEY = /(?<![A-Za-z0-9/+])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])/g;
/** How far from the id a secret key may stand: a credentials file or config block, not the whole file. */
const WINDOW_BEFORE = 600;
const WINDOW_AFTER = 1000;

function isPlausibleSecretKey(candidate: string): boolean {
  // Random base64 of 40 chars has all of lower, upper and digit and ~4.9 bits/char; hex hashes do not.
  return charClassCount(candidate) >= 3 && shannonEntropy(candidate) >= 4.2 && !isPlaceholderToken(candidate);
}

function findSecretKeyNear(text: string, idStart: number, idEnd: number): RegExpExecArray | null {
  const from = Math.max(0, idStart - WINDOW_BEFORE);
  const to = Math.min(text.length, idEnd + WINDOW_AFTER);
  const window = text.slice(from, to);
  let best: RegExpExecArray | null = null;
  let bestDistance = Infinity;
  for (const m of regexMatches(SECRET_KEY, window)) {
    if (!isPlausibleSecretKey(m[0])) continue;
    const at = from + m.index;
    const distance = Math.abs(at - idStart);
    if (distance < bestDistance) {
      bestDistance = distance;
      best = m;
      best.index = at;
    }
  }
  return best;
}

export const awsRule = eachMatchRule('aws', 'A[SK]IA', KEY_ID, (m, text, out) => {
  const id = m[0];
  if (m.index > 0 && isWordCharAt(text, m.index - 1)) return;
  // AWS's documentation key (`AKIAIOSFODNN7EXAMPLE`) and similar stand-ins.
  if (isPlaceholderToken(id.slice(4))) return;
  const secret = findSecretKeyNear(text, m.index, m.index + id.length);
  if (secret) {
    out.push({
      start: secret.index, end: secret.index + 40, secret: `${id}:${secret[0]}`,
      rule: 'aws-access-key', description: `AWS secret access key (with access key id ${id.slice(0, 4)}…)`,
      severity: 'critical', blocking: true,
    });
  } else {
    out.push({
      start: m.index, end: m.index + id.length, secret: id,
      rule: 'aws-access-key-id', description: 'AWS access key id without a secret key nearby',
      severity: 'low', blocking: false,
    });
  }
});
