// The per-user gateway token: what clients present to a gateway on the policy's fixed port. Settings
// that `airlock sync` commits cannot hold it, so they name this file instead (Claude Code's
// apiKeyHelper reads it, opencode's `{file:…}` substitution too; no newline, as that one reads the
// file verbatim); other local users cannot read it.
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { errorMessage } from '../util/errorMessage';
import { GATEWAY_TOKEN_REL } from '../words/airlockLayout';

export function gatewayTokenFile(home: string): string {
  return path.join(home, ...GATEWAY_TOKEN_REL.split('/'));
}

export class GatewayTokenError extends Error {}

/** The token in `file`, made (mode 600) when missing; refuses a file other users could read. */
export function loadGatewayToken(file: string): string {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  try {
    fs.writeFileSync(file, randomBytes(24).toString('base64url'), { flag: 'wx', mode: 0o600 });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw new GatewayTokenError(`${file}: ${errorMessage(err)}`);
  }
  const st = fs.lstatSync(file);
  if (!st.isFile()) throw new GatewayTokenError(`${file} is not a regular file; remove it and start again`);
  if (process.platform !== 'win32' && (st.mode & 0o077) !== 0) throw new GatewayTokenError(`${file} can be read by other users (mode ${(st.mode & 0o777).toString(8)}); run \`chmod 600 ${file}\``);
  const token = fs.readFileSync(file, 'utf8').trim();
  if (!/^[A-Za-z0-9_-]{16,}$/.test(token)) throw new GatewayTokenError(`${file} does not hold a gateway token (16 or more letters, digits, "-" or "_"); delete it to make a new one`);
  return token;
}
