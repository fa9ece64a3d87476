// The lines a `git diff -U0` adds, per file (new-side line numbers): what a commit or a branch
// introduced, for trailers and summaries.

export function addedLinesByFile(diff: string): Map<string, Set<number>> {
  const out = new Map<string, Set<number>>();
  let current: Set<number> | undefined;
  for (const line of diff.split('\n')) {
    if (line.startsWith('+++ ')) {
      const name = line.slice(4);
      current = name === '/dev/null' ? undefined : new Set();
      if (current) out.set(name.replace(/^b\//, ''), current);
      continue;
    }
    const hunk = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@/.exec(line);
    if (hunk && current) {
      const start = Number(hunk[1]);
      const count = hunk[2] === undefined ? 1 : Number(hunk[2]);
      for (let k = 0; k < count; k++) current.add(start + k);
    }
  }
  return out;
}
