// Review signatures with the reviewer's SSH signing key, the way git signs commits with SSH:
// `ssh-keygen -Y sign` over the record's canonical payload, checked with `ssh-keygen -Y verify`
// against an allowed-signers file (principal = the reviewer's email, namespace below).
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const REVIEW_NAMESPACE = 'airlock-review';

function scratch(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'airlock-sig-'));
}

/**
 * The armored signature of `payload` by `key`: a private key file, or a public key file / the
 * `key::<public key>` form of git's `user.signingkey`, whose private half is in ssh-agent.
 */
export function signPayload(payload: string, key: string): string {
  const dir = scratch();
  try {
    let keyFile = key;
    if (key.startsWith('key::')) {
      keyFile = path.join(dir, 'key.pub');
      fs.writeFileSync(keyFile, `${key.slice('key::'.length)}\n`);
    }
    const message = path.join(dir, 'payload');
    fs.writeFileSync(message, payload);
    execFileSync('ssh-keygen', ['-Y', 'sign', '-f', keyFile, '-n', REVIEW_NAMESPACE, '-q', message], { stdio: ['ignore', 'ignore', 'pipe'] });
    return fs.readFileSync(`${message}.sig`, 'utf8');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Whether `signature` is `principal`'s over `payload` per the allowed-signers file. */
export function verifyPayload(payload: string, signature: string, principal: string, allowedSigners: string): boolean {
  const dir = scratch();
  try {
    const sig = path.join(dir, 'payload.sig');
    fs.writeFileSync(sig, signature);
    execFileSync('ssh-keygen', ['-Y', 'verify', '-f', allowedSigners, '-I', principal, '-n', REVIEW_NAMESPACE, '-s', sig], { input: payload, stdio: ['pipe', 'ignore', 'ignore'] });
    return true;
  } catch {
    return false;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
