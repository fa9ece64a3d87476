// Who root runs as inside a sandbox that must host another one (Claude Code's own bubblewrap,
// `airlock run --proc bind`): bubblewrap started by root takes its privileged path and needs the
// capabilities the sandbox drops, so the agent runs as an ordinary account instead, in a user
// namespace mapped onto root (files root owns outside are that account's inside). The masks are
// mounted outside that namespace, so a namespace the agent makes inside cannot unmount them. An
// account from /etc/passwd, so tools that look the user up (git, `os.userInfo()`) find one.
import { readFileSync } from 'node:fs';

export interface NestedUser {
  readonly uid: number;
  readonly gid: number;
  /** Its home as passwd says: a process inside takes it as the account's home. */
  readonly home: string | null;
}

const FIRST_REGULAR = 1000;
const LAST_REGULAR = 59999;
const NOBODY: NestedUser = { uid: 65534, gid: 65534, home: null };

/** The first regular account (uid 1000–59999) in passwd text, else nobody. */
export function nestedUserFrom(passwd: string): NestedUser {
  for (const line of passwd.split('\n')) {
    const [, , uid, gid, , home] = line.split(':');
    const u = Number(uid);
    const g = Number(gid);
    if (uid !== '' && gid !== '' && Number.isInteger(u) && Number.isInteger(g) && u >= FIRST_REGULAR && u <= LAST_REGULAR && g > 0) {
      return { uid: u, gid: g, home: home?.startsWith('/') ? home : null };
    }
  }
  return NOBODY;
}

/** Null unless the caller is root (any other user nests without help) and user namespaces are on. */
export function nestedUser(): NestedUser | null {
  if (process.getuid?.() !== 0) return null;
  // Without user namespaces the agent still runs (as root, its own sandbox cannot start inside).
  try {
    if (readFileSync('/proc/sys/user/max_user_namespaces', 'utf8').trim() === '0') return null;
  } catch {
    // no such setting: namespaces are not limited that way
  }
  let passwd = '';
  try {
    passwd = readFileSync('/etc/passwd', 'utf8');
  } catch {
    // no passwd file: nobody
  }
  return nestedUserFrom(passwd);
}
