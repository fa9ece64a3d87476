// A compact way to declare one provider's token format: its prefix or anchor, its full pattern and
// the checks that separate a live token from a stand-in. Each spec becomes one rule family.
import { shannonEntropy } from './entropy';
import { isPlaceholderToken } from './placeholders';
import { patternRule, type SecretRule } from './ruleTypes';
import type { SecretSeverity } from './secretTypes';

/** Token patterns are written as raw strings (`r\`ghp_[A-Za-z0-9]{36}\``): no doubled backslashes. */
export const r = String.raw;

export interface TokenSpec {
  readonly rule: string;
  readonly description: string;
  /** Literal token starts up to their first separator (see SecretRule.prefixes), or… */
  readonly prefixes?: readonly string[];
  /** …a regex anchor for formats without such a prefix. */
  readonly anchor?: string;
  /** The whole token; group 1, when present, is the secret. */
  readonly pattern: string;
  /** See SecretRule.atDot. */
  readonly atDot?: (text: string, dot: number) => boolean;
  /** Extra regex flags (`i`). */
  readonly flags?: string;
  readonly severity?: SecretSeverity;
  readonly blocking?: boolean;
  /** Where the random body starts (default: after the longest literal prefix). */
  readonly bodyFrom?: number;
  /** Bits per char the body needs (default 3; hex bodies top out at 4). */
  readonly minEntropy?: number;
  /** Further structure checks (checksums, decoded headers). */
  readonly check?: (token: string) => boolean;
  /** What may not follow the token (default: letters, digits, `_`, `-`). */
  readonly end?: string;
}

const DEFAULT_END = '(?![A-Za-z0-9_-])';

export function tokenRule(spec: TokenSpec): SecretRule {
  const literal = literalPrefix(spec.pattern);
  const bodyFrom = spec.bodyFrom ?? literal.length;
  const minEntropy = spec.minEntropy ?? 3;
  const hasGroup = /\((?!\?)/.test(spec.pattern);
  const flags = `g${hasGroup ? 'd' : ''}${spec.flags ?? ''}`;
  const regex = new RegExp(`${spec.pattern}${spec.end ?? DEFAULT_END}`, flags);
  const anchor = spec.prefixes ? { prefixes: spec.prefixes } : spec.atDot ? { prefixes: [] } : (spec.anchor ?? escapeLiteral(literal));
  const rule = patternRule(spec.rule, anchor, [{
    rule: spec.rule,
    description: spec.description,
    severity: spec.severity ?? 'high',
    blocking: spec.blocking ?? true,
    regex,
    check: (token) => {
      const body = hasGroup ? token : token.slice(bodyFrom);
      if (isPlaceholderToken(body) || shannonEntropy(body) < minEntropy) return false;
      return spec.check ? spec.check(token) : true;
    },
  }]);
  // A format may be found both ways (a prefix for one variant, an anchor for another).
  return {
    ...rule,
    ...(spec.prefixes && spec.anchor ? { anchor: spec.anchor } : {}),
    ...(spec.atDot ? { atDot: spec.atDot } : {}),
  };
}

/** The literal text a pattern starts with (`dop_v1_[a-f0-9]{64}` → `dop_v1_`). */
function literalPrefix(pattern: string): string {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    let c = pattern[i];
    let next = i + 1;
    if (c === '\\' && /[.\-/]/.test(pattern[i + 1] ?? '')) {
      c = pattern[i + 1];
      next = i + 2;
    } else if (!/[A-Za-z0-9_\-~:=]/.test(c)) break;
    // A quantified char is not fixed.
    if (/[?*+{]/.test(pattern[next] ?? '')) break;
    out += c;
    i = next - 1;
  }
  return out;
}

function escapeLiteral(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
