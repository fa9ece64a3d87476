// Inside `airlock run` the per-user secret-scan cache is masked (it holds its HMAC key), so each
// hook would scan again every file a search reaches. `run` therefore leaves the verdicts it holds
// (it scanned the tree to build the masks) in its private folder beside the audit relay's socket,
// which the sandbox binds read-only: a hook inside trusts them only when that folder is still a
// read-only mount point, and a file changed since (another identity) is scanned as before.
import * as path from 'node:path';
import { AUDIT_SOCKET_ENV } from '../audit/auditRelay';
import { readOnlyMountPoint } from './verifyConfinement';

/** The folder of `run`'s secret verdicts for a hook inside it, or null (not inside, or not read-only). */
export function runSecretView(env: NodeJS.ProcessEnv, mountInfo: () => string | null): string | null {
  const socket = env[AUDIT_SOCKET_ENV];
  if (!socket || !path.isAbsolute(socket)) return null;
  const dir = path.dirname(socket);
  const text = mountInfo();
  return text !== null && readOnlyMountPoint(text, dir) ? dir : null;
}
