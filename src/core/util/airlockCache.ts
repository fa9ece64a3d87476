// `.airlock/cache/`: the hooks' scratch space in a workspace (provenance snapshots), kept out of
// git by a `.gitignore` of its own.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CACHE_DIR } from '../words/airlockLayout';
import { writeAtomic } from './atomicWrite';

/** Creates the cache folder (and its `.gitignore`) when missing; returns its path. */
export function ensureAirlockCache(root: string): string {
  const dir = path.join(root, CACHE_DIR);
  fs.mkdirSync(dir, { recursive: true });
  const ignore = path.join(dir, '.gitignore');
  if (!fs.existsSync(ignore)) writeAtomic(ignore, '# Airlock hook scratch space: never commit\n*\n');
  return dir;
}
