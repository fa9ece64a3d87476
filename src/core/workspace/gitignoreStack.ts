// .gitignore semantics for the walker: every directory's .gitignore applies below it, deeper files
// take precedence, and within a file the last matching pattern wins (the `ignore` package).
import * as fs from 'node:fs';
import * as path from 'node:path';
import ignore from 'ignore';

type Ignore = ignore.Ignore;

/** Case-sensitive like git on Linux: ignoring less means scanning more, the safe side. */
const newRules = (): Ignore => ignore({ ignorecase: false });

interface Frame {
  /** Workspace-relative directory of the .gitignore ('' for the root). */
  readonly base: string;
  readonly rules: Ignore;
}

export class GitignoreStack {
  private constructor(private readonly frames: readonly Frame[]) {}

  /** The root's rules: `.git/info/exclude` first, then `.gitignore` (later patterns win). */
  static forRoot(root: string): GitignoreStack {
    const texts = [readIfExists(path.join(root, '.git', 'info', 'exclude')), readIfExists(path.join(root, '.gitignore'))];
    const present = texts.filter((t): t is string => t !== null);
    if (present.length === 0) return new GitignoreStack([]);
    // One add() per file: an array element is taken as a single pattern, not split into lines.
    const rules = newRules();
    for (const text of present) rules.add(text);
    return new GitignoreStack([{ base: '', rules }]);
  }

  /** The stack for a directory below this one, adding its own .gitignore if it has one. */
  enter(root: string, relDir: string): GitignoreStack {
    const text = readIfExists(path.join(root, relDir, '.gitignore'));
    return text === null ? this : new GitignoreStack([...this.frames, { base: relDir, rules: newRules().add(text) }]);
  }

  isIgnored(relPath: string, isDir: boolean): boolean {
    for (let i = this.frames.length - 1; i >= 0; i--) {
      const { base, rules } = this.frames[i];
      const sub = base === '' ? relPath : relPath.slice(base.length + 1);
      const verdict = rules.test(isDir ? `${sub}/` : sub);
      if (verdict.ignored) return true;
      if (verdict.unignored) return false;
    }
    return false;
  }
}

function readIfExists(file: string): string | null {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return null;
    throw err;
  }
}
