// Airlock's own code and caches: what the generated hooks execute. Writable from inside the
// sandbox, any of them would let a command change what the next hook decides.
import * as path from 'node:path';
import { NPM_PACKAGE } from '../native/hookCommand';
import { userSecretCacheDir } from '../secrets/scanCache';
import { AIRLOCK_DIR } from '../words/airlockLayout';

export interface AirlockPathsInput {
  /** Folder of the running bundle (`dist/`), when known. */
  readonly bundleDir: string | null;
  readonly home: string | null;
  readonly env: NodeJS.ProcessEnv;
  readonly root: string;
  /** The script node ran (the launcher or `dist/cli.js`), kept read-only wherever it lives. */
  readonly entryScript?: string | null;
  /** Other homes a process inside may take as its own (the account root runs as when nesting). */
  readonly extraHomes?: readonly string[];
}

/** The account's home, `$HOME` (where the launcher and caches are found) and any extra home. */
function homes(input: AirlockPathsInput): string[] {
  const all = [input.home, input.env.HOME, ...(input.extraHomes ?? [])].filter((h): h is string => typeof h === 'string' && path.isAbsolute(h));
  return [...new Set(all)];
}

export function airlockOwnPaths(input: AirlockPathsInput): string[] {
  const out: string[] = [];
  if (input.bundleDir) out.push(input.bundleDir, path.join(input.bundleDir, '..', 'package.json'));
  for (const home of homes(input)) {
    // The per-user launcher (`bin/`), its verified copy of the bundles (`lib/`) and their code caches.
    out.push(path.join(home, AIRLOCK_DIR));
    if (!input.env.XDG_CACHE_HOME) out.push(path.join(home, '.cache', 'airlock'));
  }
  if (input.entryScript) out.push(input.entryScript);
  if (input.env.XDG_CACHE_HOME) out.push(path.join(input.env.XDG_CACHE_HOME, 'airlock'));
  // The model gateway's fingerprint store follows AIRLOCK_CACHE_DIR, else the caches above: a planted store would blind it.
  if (input.env.AIRLOCK_CACHE_DIR) out.push(path.resolve(input.env.AIRLOCK_CACHE_DIR));
  // The npx launcher runs the workspace's own install.
  out.push(path.join(input.root, 'node_modules', ...NPM_PACKAGE.split('/')), path.join(input.root, 'node_modules', 'airlock'));
  return out;
}

/**
 * Airlock's caches that must not even be read inside: the secret-scan cache holds the HMAC key
 * its verdicts are signed with (whoever reads it can forge "clean" for a file holding a secret).
 */
export function airlockSecretPaths(input: AirlockPathsInput): string[] {
  const out = homes(input).map((home) => userSecretCacheDir(input.env, home, process.platform));
  return [...new Set(out.filter((p): p is string => p !== null))];
}
