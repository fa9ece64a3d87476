// Putting `~/.airlock/bin` on PATH for people who want to run `airlock` themselves (hooks do not
// need it: they name the launcher by its full path).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readText, userHome } from './launcherInstall';

/** Whether `dir` is one of the folders on PATH. */
export function onPath(dir: string, env: NodeJS.ProcessEnv): boolean {
  const want = path.resolve(dir);
  return (env.PATH ?? '').split(path.delimiter).some((d) => d !== '' && path.resolve(d) === want);
}

const PROFILE_LINE = 'export PATH="$HOME/.airlock/bin:$PATH"  # added by Airlock';

/**
 * Puts `~/.airlock/bin` on PATH for new login and interactive shells: one line appended to
 * `~/.profile` and to `~/.bashrc` / `~/.zshrc` where they exist; a file that already names the
 * folder is left alone. Returns the files changed. POSIX shells only.
 */
export function addLauncherToPath(env: NodeJS.ProcessEnv): string[] {
  const home = userHome(env);
  const changed: string[] = [];
  for (const name of ['.profile', '.bashrc', '.zshrc']) {
    const file = path.join(home, name);
    const text = readText(file);
    if (text === null && name !== '.profile') continue;
    if (text !== null && text.includes('.airlock/bin')) continue;
    const prefix = text === null || text === '' || text.endsWith('\n') ? '' : '\n';
    fs.appendFileSync(file, `${prefix}${PROFILE_LINE}\n`);
    changed.push(file);
  }
  return changed;
}
