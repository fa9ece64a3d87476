// The lines a `git diff -U0` adds, per file (new-side line numbers): what a commit or a branch
// introduced, for trailers and summaries. `diff`'s parsePatch reads git's quoted names
// ("caf\303\251.ts") and names ending in a tab, which a hand-rolled reader got wrong.
import { parsePatch } from 'diff';

/** A `+++` name as git writes it, without the `b/` prefix; undefined for /dev/null. */
function newName(name: string | undefined): string | undefined {
  if (name === undefined || name === '/dev/null') return undefined;
  return name.replace(/^b\//, '');
}

export function addedLinesByFile(diff: string): Map<string, Set<number>> {
  const out = new Map<string, Set<number>>();
  for (const file of parsePatch(diff)) {
    const name = newName(file.newFileName);
    if (name === undefined) continue;
    const lines = out.get(name) ?? new Set<number>();
    for (const hunk of file.hunks) {
      let line = hunk.newStart;
      for (const text of hunk.lines) {
        if (text.startsWith('+')) lines.add(line++);
        else if (text.startsWith(' ')) line++;
      }
    }
    out.set(name, lines);
  }
  return out;
}
