// The Ed25519 key that signs audit checkpoints. Kept per user outside every workspace
// (~/.airlock/keys/audit.key, 0600) so an assistant editing the repository cannot reach it
// through the workspace; in CI it comes from AIRLOCK_AUDIT_SIGNING_KEY (the note private-key text).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { generateSignerKey, parseSignerKey, type NoteSigner } from './signedNote';
import { errorMessage } from '../util/errorMessage';
import { AIRLOCK_DIR } from '../words/airlockLayout';

export const SIGNING_KEY_ENV = 'AIRLOCK_AUDIT_SIGNING_KEY';

export function auditKeyFile(env: NodeJS.ProcessEnv): string {
  const home = (process.platform === 'win32' ? env.USERPROFILE : env.HOME) || os.homedir();
  return path.join(home, AIRLOCK_DIR, 'keys', 'audit.key');
}

function keyName(): string {
  let user = 'user';
  try {
    user = os.userInfo().username;
  } catch {
    // containers without a passwd entry
  }
  return `airlock-audit-${user}@${os.hostname()}`.replace(/[^A-Za-z0-9@._-]/g, '_');
}

/** The signer from the environment, else the user's key file; creates the key file when `create`. */
export function loadAuditSigner(env: NodeJS.ProcessEnv, create: boolean): NoteSigner | null {
  const fromEnv = env[SIGNING_KEY_ENV];
  if (fromEnv) return parseSignerKey(fromEnv);
  const file = auditKeyFile(env);
  try {
    return parseSignerKey(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT' || !create) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw new Error(`${file}: ${errorMessage(err)}`);
    }
  }
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  try {
    fs.writeFileSync(file, `${generateSignerKey(keyName())}\n`, { flag: 'wx', mode: 0o600 });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err; // another process made it first
  }
  return parseSignerKey(fs.readFileSync(file, 'utf8'));
}
