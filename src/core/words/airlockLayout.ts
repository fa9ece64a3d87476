// The `.airlock/` layout in one place: what Airlock keeps in a workspace (commit it, except the
// cache) and in the user's home. Every reader and writer names these, never a literal path.
import * as path from 'node:path';

/** The folder, relative to the workspace root (and to the home folder for per-user state). */
export const AIRLOCK_DIR = '.airlock';
export const POLICY_RELATIVE_PATH = `${AIRLOCK_DIR}/policy.json`;
export const SYNC_STATE_PATH = `${AIRLOCK_DIR}/sync-state.json`;
export const SECRETS_BASELINE_PATH = `${AIRLOCK_DIR}/secrets-baseline.json`;
/** Everything provenance keeps in the repository (commit it). */
export const PROVENANCE_DIR = `${AIRLOCK_DIR}/provenance`;
export const RECORDS_DIR = `${PROVENANCE_DIR}/records`;
/** Hook scratch space, git-ignored by a `.gitignore` Airlock writes into it. */
export const CACHE_DIR = `${AIRLOCK_DIR}/cache`;
export const CAPTURE_CACHE_DIR = `${CACHE_DIR}/provenance`;
/** The pre-git-dir location of the audit log, relative to the workspace root. */
export const LEGACY_AUDIT_DIR = path.join(AIRLOCK_DIR, 'audit');

/** The per-user gateway token, relative to HOME (written literally into client settings `sync` writes). */
export const GATEWAY_TOKEN_REL = '.config/airlock/gateway-token';

/** True for a workspace-relative, `/`-separated path inside `.airlock/` (never AI-written content). */
export function isAirlockPath(relative: string): boolean {
  return relative === AIRLOCK_DIR || relative.startsWith(`${AIRLOCK_DIR}/`);
}
