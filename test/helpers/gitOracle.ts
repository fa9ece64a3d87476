// `git check-ignore --no-index` as the oracle for gitignore semantics.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function checkIgnore(pattern: string, paths: readonly string[], dirs: boolean): Map<string, boolean> {
  const dir = mkdtempSync(join(tmpdir(), 'airlock-oracle-'));
  try {
    execFileSync('git', ['init', '-q', dir]);
    writeFileSync(join(dir, '.gitignore'), `${pattern}\n`);
    // Directories must exist to be seen as directories; a trailing slash in the query
    // would be matched as text instead.
    if (dirs) for (const p of paths) mkdirSync(join(dir, p), { recursive: true });
    // Exit 1 only means "nothing ignored"; anything else is a failure of the oracle.
    const run = spawnSync('git', ['check-ignore', '--no-index', '-v', '-n', '-z', '--stdin'], {
      cwd: dir,
      input: paths.join('\0') + '\0',
    });
    if (run.status !== 0 && run.status !== 1) throw new Error(`git check-ignore failed: ${run.stderr.toString()}`);
    const fields = run.stdout.toString('utf8').split('\0');
    const result = new Map<string, boolean>();
    for (let i = 0; i + 3 < fields.length; i += 4) result.set(fields[i + 3], fields[i] !== '');
    return result;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** For each path (directories end with '/'), whether git considers it ignored by `pattern`. */
export function gitIgnores(pattern: string, paths: readonly string[]): boolean[] {
  const dirPaths = paths.filter((p) => p.endsWith('/')).map((p) => p.slice(0, -1));
  const filePaths = paths.filter((p) => !p.endsWith('/'));
  const dirs = dirPaths.length ? checkIgnore(pattern, dirPaths, true) : new Map<string, boolean>();
  const files = filePaths.length ? checkIgnore(pattern, filePaths, false) : new Map<string, boolean>();
  return paths.map((p) => {
    const answer = p.endsWith('/') ? dirs.get(p.slice(0, -1)) : files.get(p);
    if (answer === undefined) throw new Error(`git check-ignore gave no answer for ${JSON.stringify(p)}`);
    return answer;
  });
}
