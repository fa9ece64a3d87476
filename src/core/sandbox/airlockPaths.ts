// Airlock's own code and caches: what the generated hooks execute. Writable from inside the
// sandbox, any of them would let a command change what the next hook decides.
import * as path from 'node:path';

export interface AirlockPathsInput {
  /** Folder of the running bundle (`dist/`), when known. */
  readonly bundleDir: string | null;
  readonly home: string | null;
  readonly env: NodeJS.ProcessEnv;
  readonly root: string;
}

export function airlockOwnPaths(input: AirlockPathsInput): string[] {
  const out: string[] = [];
  if (input.bundleDir) out.push(input.bundleDir, path.join(input.bundleDir, '..', 'package.json'));
  if (input.home) out.push(path.join(input.home, '.airlock'));
  const cacheBase = input.env.XDG_CACHE_HOME || (input.home ? path.join(input.home, '.cache') : null);
  if (cacheBase) out.push(path.join(cacheBase, 'airlock'));
  // The npx launcher runs the workspace's own install.
  out.push(path.join(input.root, 'node_modules', 'airlock'));
  return out;
}
