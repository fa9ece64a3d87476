// `airlock check`: protected paths present in git history. Anything that can read `.git` (a clone,
// `git show`, a program the AI runs) can read them, whatever the hooks do with the work tree.
import { decideWorkspacePath } from '../decide/decide';
import type { PolicyEngine } from '../policy/policyEngine';
import { gitFactsFor } from '../workspace/gitFacts';

export interface HistoryExposure {
  /** False when the workspace is not in a git repository. */
  readonly checked: boolean;
  /** True when history was too large to list within the bounds (the list may be incomplete). */
  readonly truncated: boolean;
  readonly protected: ReadonlyArray<{ readonly path: string; readonly class: string; readonly read: string }>;
}

export function checkHistory(root: string, engine: PolicyEngine): { json: HistoryExposure; text: string } {
  const history = gitFactsFor(root, { timeoutMs: 30_000 }).historyPaths();
  if (history === null) return { json: { checked: false, truncated: false, protected: [] }, text: '' };
  const found: Array<{ path: string; class: string; read: string }> = [];
  for (const p of history.paths) {
    const d = decideWorkspacePath(engine, p, false, 'read');
    if (d.verdict !== 'allow' && d.className !== 'airlock-managed') found.push({ path: p, class: d.className, read: d.verdict });
  }
  found.sort((a, b) => a.path.localeCompare(b.path));
  let text = '';
  if (found.length > 0 || history.truncated) {
    text += `\nProtected paths in git history (${found.length}${history.truncated ? ', history too large to list completely' : ''}): anything that can read .git can read them; rotate what they hold and consider rewriting history.\n`;
    for (const f of found.slice(0, 25)) text += `  ${f.read.padEnd(5)} ${f.path}  (${f.class})\n`;
    if (found.length > 25) text += `  … and ${found.length - 25} more (see --json)\n`;
  }
  return { json: { checked: true, truncated: history.truncated, protected: found }, text };
}
