// Internal contract between the scanner and its rules.
import type { SecretSeverity } from './secretTypes';
import { regexMatches } from '../util/regexMatches';

/** A rule hit before positions, suppression and masking are applied. Holds the secret: never expose it. */
export interface RawFinding {
  /** UTF-16 offsets of the reported span in the text (end exclusive). */
  readonly start: number;
  readonly end: number;
  /** What the fingerprint and the mask are computed from. */
  readonly secret: string;
  readonly rule: string;
  readonly description: string;
  readonly severity: SecretSeverity;
  readonly blocking: boolean;
  /** The generic rule's confidence (0–1) that this is a live credential. */
  readonly confidence?: number;
}

export interface SecretRule {
  /** A family of related rule ids sharing one anchor. */
  readonly family: string;
  /**
   * Regex source (no capturing groups, no lookbehind) that every match of this family contains. All
   * anchors are joined into one pre-filter regex; the family's precise patterns run only if its
   * anchor occurs. Anchors start at a rarer character where possible: the pre-filter's speed depends
   * on how often its first characters occur in ordinary source, and a leading lookbehind makes V8
   * test every position (measured: 20× slower).
   */
  readonly anchor?: string;
  /**
   * Token prefixes up to and including their first separator (`ghp_`, `glpat-`, `SG.`): found by
   * one cheap scan for a separator followed by 16 token characters, then looked up by the word
   * before it. Far cheaper than one more alternative in the anchor regex.
   */
  readonly prefixes?: readonly string[];
  /**
   * For formats whose only landmark is a `.` inside the token (JWTs, Discord bot tokens): called at
   * each `.` the separator scan finds; true means the family should run.
   */
  readonly atDot?: (text: string, dot: number) => boolean;
  /** Optional sticky check at an anchor hit (may look behind), to skip common false anchors. */
  readonly confirm?: RegExp;
  find(text: string, out: RawFinding[]): void;
}

/** One precise pattern (flags `g`, plus `d` when it has a group): `secret` is group 1 if present, else the whole match. */
export interface TokenPattern {
  readonly rule: string;
  readonly description: string;
  readonly severity: SecretSeverity;
  readonly blocking: boolean;
  readonly regex: RegExp;
  /** Returns false to drop the candidate, or a downgrade of severity/blocking/rule. */
  readonly check?: (secret: string) => boolean | Partial<Pick<RawFinding, 'rule' | 'description' | 'severity' | 'blocking'>>;
}

/** Letters, digits and `_`: a token preceded by one of these is a slice of a longer word. */
export function isWordCharAt(text: string, index: number): boolean {
  const c = text.charCodeAt(index);
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

/**
 * A family built from precise patterns. The left word boundary is checked here rather than with a
 * leading lookbehind in each regex, which would stop V8 from skipping ahead to the literal prefix.
 */
export function patternRule(family: string, anchor: string | { readonly prefixes: readonly string[] }, patterns: readonly TokenPattern[], confirm?: RegExp): SecretRule {
  return {
    family,
    ...(typeof anchor === 'string' ? { anchor } : { prefixes: anchor.prefixes }),
    ...(confirm ? { confirm } : {}),
    find(text: string, out: RawFinding[]): void {
      for (const p of patterns) {
        for (const m of regexMatches(p.regex, text)) {
          if (m.index > 0 && isWordCharAt(text, m.index - 1)) {
            p.regex.lastIndex = m.index + 1;
            continue;
          }
          const secret = m[1] ?? m[0];
          const verdict = p.check ? p.check(secret) : true;
          if (verdict === false) continue;
          // Patterns with a group carry the `d` flag, so the group's own offset is exact.
          const start = m[1] === undefined ? m.index : (m.indices?.[1]?.[0] ?? m.index + m[0].indexOf(m[1]));
          const base = { start, end: start + secret.length, secret, rule: p.rule, description: p.description, severity: p.severity, blocking: p.blocking };
          out.push(verdict === true ? base : { ...base, ...verdict });
        }
      }
    },
  };
}

/** A rule that judges each match of one global regex on its own; `judge` adds what it finds to `out`. */
export function eachMatchRule(family: string, anchor: string, regex: RegExp, judge: (m: RegExpExecArray, text: string, out: RawFinding[]) => void): SecretRule {
  return {
    family,
    anchor,
    find(text: string, out: RawFinding[]): void {
      for (const m of regexMatches(regex, text)) judge(m, text, out);
    },
  };
}
