// The one order of verdicts (allow < ask < deny) and every comparison built on it. Layers, scope
// scans, the audit, the native compilers and the status bar all compare verdicts through here.
import type { Verdict } from './policyTypes';

const ORDER: Record<Verdict, number> = { allow: 0, ask: 1, deny: 2 };

/** Verdicts from loosest to strictest. */
export const VERDICTS_LOOSEST_FIRST: readonly Verdict[] = ['allow', 'ask', 'deny'];

export function strictest(a: Verdict, b: Verdict): Verdict {
  return ORDER[a] >= ORDER[b] ? a : b;
}

export function isStricter(a: Verdict, b: Verdict): boolean {
  return ORDER[a] > ORDER[b];
}

/** The stricter of a class's read and edit verdicts: what a one-word summary shows. */
export function worstOf(read: Verdict, edit: Verdict): Verdict {
  return strictest(read, edit);
}

/** True when `a` is stricter than `b` for reads or for edits: `b` would loosen what `a` protects. */
export function loosens(b: { read: Verdict; edit: Verdict }, a: { read: Verdict; edit: Verdict }): boolean {
  return isStricter(a.read, b.read) || isStricter(a.edit, b.edit);
}
