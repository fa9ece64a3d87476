// `airlock run`'s private folder beside the audit relay's socket, bound read-only inside: where
// `run` leaves what hooks inside cannot work out cheaply or at all. The per-user secret-scan cache
// is masked inside (it holds its HMAC key), so `run` leaves the secret verdicts it holds (it scanned
// the tree to build the masks); and it leaves the list of masks it mounted, so a search's hook can
// check those masks in the mount table instead of building the whole sandbox spec again
// (runMaskConfinement.ts). A hook trusts the folder only while it is still a read-only mount point.
import * as path from 'node:path';
import { AUDIT_SOCKET_ENV } from '../audit/auditRelay';
import { readOnlyMountPoint } from './verifyConfinement';

/** The folder `run` filled for hooks inside it, or null (not inside, or not read-only). */
export function runViewDir(env: NodeJS.ProcessEnv, mountInfo: () => string | null): string | null {
  const socket = env[AUDIT_SOCKET_ENV];
  if (!socket || !path.isAbsolute(socket)) return null;
  const dir = path.dirname(socket);
  const text = mountInfo();
  return text !== null && readOnlyMountPoint(text, dir) ? dir : null;
}
