// Writes the starter policy for `airlock init` and the editor's "Create Policy": never over an
// existing one (the exclusive-create flag makes that hold even against a race).
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { STARTER_POLICY } from './starterPolicy';
import { AIRLOCK_DIR, POLICY_RELATIVE_PATH } from '../words/airlockLayout';

export type StarterResult = { written: true; file: string } | { written: false; file: string; reason: 'exists' };

export function writeStarterPolicy(root: string): StarterResult {
  const file = join(root, POLICY_RELATIVE_PATH);
  if (existsSync(file)) return { written: false, file, reason: 'exists' };
  mkdirSync(join(root, AIRLOCK_DIR), { recursive: true });
  try {
    writeFileSync(file, STARTER_POLICY, { flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return { written: false, file, reason: 'exists' };
    throw err;
  }
  return { written: true, file };
}
