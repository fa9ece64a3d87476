// Airlock's lines inside a text file that people also edit: a marked block, always kept last so the
// policy's lines win over hand-written ones under gitignore's "last matching line wins".

export const BLOCK_BEGIN = '# >>> airlock managed: do not edit inside this block';
export const BLOCK_END = '# <<< airlock managed';
const HEADER = '# Written by `airlock sync` from .airlock/policy.json: change the policy, not these lines.';

export type BlockResult =
  /** text null: the file does not exist and should not be created. */
  | { readonly ok: true; readonly text: string | null }
  | { readonly ok: false; readonly message: string; readonly line: number };

export function detectEol(text: string): '\r\n' | '\n' {
  return text.includes('\r\n') ? '\r\n' : '\n';
}

export function upsertManagedBlock(existing: string | null, lines: readonly string[], createIfMissing: boolean): BlockResult {
  if (existing === null && !createIfMissing) return { ok: true, text: null };
  const eol = existing === null ? '\n' : detectEol(existing);
  const rows = existing === null || existing.length === 0 ? [] : existing.split(/\r?\n/);
  const kept: string[] = [];
  let open = -1;
  for (let i = 0; i < rows.length; i++) {
    const t = rows[i].trim();
    if (t === BLOCK_BEGIN) {
      if (open >= 0) return { ok: false, message: `a second "${BLOCK_BEGIN}" before the end of the block opened at line ${open + 1}`, line: i + 1 };
      open = i;
    } else if (t === BLOCK_END) {
      if (open < 0) return { ok: false, message: `"${BLOCK_END}" without a matching "${BLOCK_BEGIN}"`, line: i + 1 };
      open = -1;
    } else if (open < 0) {
      kept.push(rows[i]);
    }
  }
  if (open >= 0) return { ok: false, message: `the managed block opened here is never closed with "${BLOCK_END}"`, line: open + 1 };
  while (kept.length > 0 && kept[kept.length - 1].trim() === '') kept.pop();
  const block = [BLOCK_BEGIN, HEADER, ...lines, BLOCK_END];
  const out = kept.length > 0 ? [...kept, '', ...block] : block;
  return { ok: true, text: out.join(eol) + eol };
}

/**
 * True when `existing` already holds exactly these lines in its block and nothing after the block
 * can re-include a path ("!..."): lines people add outside the block are theirs, and only a negation
 * after it could undo the policy's lines, so anything else there is no reason to rewrite or report.
 */
export function blockIsCurrent(existing: string, lines: readonly string[]): boolean {
  const rows = existing.split(/\r?\n/);
  const begin = rows.findIndex((r) => r.trim() === BLOCK_BEGIN);
  if (begin < 0) return false;
  const end = rows.findIndex((r, i) => i > begin && r.trim() === BLOCK_END);
  if (end < 0 || rows.slice(end + 1).some((r) => r.trim() === BLOCK_BEGIN || r.trim() === BLOCK_END)) return false;
  const inside = rows.slice(begin + 1, end);
  const want = [HEADER, ...lines];
  if (inside.length !== want.length || inside.some((r, i) => r !== want[i])) return false;
  return !rows.slice(end + 1).some((r) => r.trimStart().startsWith('!'));
}
