// The one PathDecision for what a shell command reaches that Airlock cannot name (a doubt in the
// parse, a git command whose effect is unknown, a command too large to check in bounded time).
import type { Verdict } from '../policy/policyTypes';
import type { PathDecision } from './decisionTypes';

export const UNPARSED_SHELL_CLASS = '(unparsed shell)';

/** `path` is a label in parentheses (`(shell command)`, `(git history)`), never a real path. */
export function unparsedShellDecision(path: string, verdict: Verdict, reason: string): PathDecision {
  return { path, relative: null, outside: false, verdict, className: UNPARSED_SHELL_CLASS, rule: null, exception: null, reason };
}
