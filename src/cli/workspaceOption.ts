// Resolves the workspace root for a command: --root DIR, or the nearest ancestor with a policy.
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';

import { findWorkspaceRoot } from '../core/policy/findRoot';
import { UsageError } from './cliContext';
import { POLICY_RELATIVE_PATH } from '../core/words/airlockLayout';

export function resolveRoot(rootOption: string | undefined, cwd: string, requirePolicy = true): string {
  if (rootOption !== undefined) {
    const root = resolve(cwd, rootOption);
    if (!existsSync(root) || !statSync(root).isDirectory()) throw new UsageError(`--root ${rootOption}: no such directory`);
    if (requirePolicy && !existsSync(resolve(root, POLICY_RELATIVE_PATH))) {
      throw new UsageError(`no ${POLICY_RELATIVE_PATH} in ${root}; create one with \`airlock init --root ${rootOption}\``);
    }
    return root;
  }
  const found = findWorkspaceRoot(cwd);
  if (!found) {
    if (!requirePolicy) return resolve(cwd);
    throw new UsageError(`no ${POLICY_RELATIVE_PATH} here or in any parent directory; create one with \`airlock init\`, or pass --root DIR`);
  }
  return found;
}
