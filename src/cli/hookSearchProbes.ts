// Each search refused because its pattern matches a protected file tells the assistant one bit:
// that the pattern occurs there. Guess by guess, that could spell out a secret. The hook counts
// such refusals per session (in the per-user cache, which an AI may not edit) and, past a small
// number, stops checking searches by their pattern for the rest of the session: they get the
// scope's verdict again, as without the check.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Decision } from '../core/decide/decisionTypes';

/** Refused-by-match searches one session may have before pattern checks stop for it. */
export const SEARCH_PROBE_LIMIT = 8;

export interface SearchProbeLedger {
  /** Why pattern checks are off for this session, or undefined while they are on. */
  readonly off: string | undefined;
  /** Counts the refusals in a decision that came from a pattern matching protected content. */
  record(decision: Decision): void;
}

export function searchProbeLedger(cacheDir: string | null, root: string, sessionId: string): SearchProbeLedger {
  const file = cacheDir === null ? null : path.join(cacheDir, 'search-probes', createHash('sha256').update(`${path.resolve(root)}\0${sessionId}`).digest('hex'));
  let count = 0;
  try {
    if (file !== null) count = Number.parseInt(fs.readFileSync(file, 'utf8'), 10) || 0;
  } catch {
    // No record yet.
  }
  const off = count >= SEARCH_PROBE_LIMIT ? `this session already had ${count} searches refused because their pattern matches protected content, so searches are no longer checked by their pattern` : undefined;
  return {
    off,
    record(decision) {
      const matched = decision.paths.filter((p) => p.searchCheck === 'matched').length;
      if (matched === 0 || file === null) return;
      try {
        fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
        fs.writeFileSync(file, String(count + matched), { mode: 0o600 });
      } catch {
        // Without a record the limit cannot count: the checks go on (each answer is still audited).
      }
    },
  };
}
