// Airlock's own code and caches: what the generated hooks execute. Writable from inside the
// sandbox, any of them would let a command change what the next hook decides.
import * as path from 'node:path';
import { NPM_PACKAGE } from '../native/hookCommand';
import { AIRLOCK_DIR } from '../words/airlockLayout';

export interface AirlockPathsInput {
  /** Folder of the running bundle (`dist/`), when known. */
  readonly bundleDir: string | null;
  readonly home: string | null;
  readonly env: NodeJS.ProcessEnv;
  readonly root: string;
  /** The script node ran (the launcher or `dist/cli.js`), kept read-only wherever it lives. */
  readonly entryScript?: string | null;
}

export function airlockOwnPaths(input: AirlockPathsInput): string[] {
  const out: string[] = [];
  if (input.bundleDir) out.push(input.bundleDir, path.join(input.bundleDir, '..', 'package.json'));
  // The per-user launcher, its verified copy of the bundles and their code caches.
  if (input.home) out.push(path.join(input.home, AIRLOCK_DIR));
  // The launcher is found through $HOME, which may differ from the account's home.
  if (input.env.HOME && input.env.HOME !== input.home) out.push(path.join(input.env.HOME, AIRLOCK_DIR));
  if (input.entryScript) out.push(input.entryScript);
  const cacheBase = input.env.XDG_CACHE_HOME || (input.home ? path.join(input.home, '.cache') : null);
  if (cacheBase) out.push(path.join(cacheBase, 'airlock'));
  // The model gateway's fingerprint store follows AIRLOCK_CACHE_DIR, else $HOME's cache: a planted store would blind it.
  if (input.env.AIRLOCK_CACHE_DIR) out.push(path.resolve(input.env.AIRLOCK_CACHE_DIR));
  if (!input.env.XDG_CACHE_HOME && input.env.HOME && input.env.HOME !== input.home) out.push(path.join(input.env.HOME, '.cache', 'airlock'));
  // The npx launcher runs the workspace's own install.
  out.push(path.join(input.root, 'node_modules', ...NPM_PACKAGE.split('/')), path.join(input.root, 'node_modules', 'airlock'));
  return out;
}
