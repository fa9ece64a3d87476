// Finds the workspace root the way git finds `.git`: the nearest ancestor holding the policy.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { POLICY_RELATIVE_PATH } from '../words/airlockLayout';


export function findWorkspaceRoot(start: string): string | null {
  let dir = resolve(start);
  for (;;) {
    if (existsSync(join(dir, POLICY_RELATIVE_PATH))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}
