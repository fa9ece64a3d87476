import { randomBytes } from 'node:crypto';

export interface Session {
  readonly userId: string;
  readonly token: string;
  readonly expiresAt: number;
}

const SESSION_TTL_MS = 30 * 60 * 1000;

export function createSession(userId: string): Session {
  return { userId, token: randomBytes(32).toString('hex'), expiresAt: Date.now() + SESSION_TTL_MS };
}

export function isExpired(session: Session, now = Date.now()): boolean {
  return now >= session.expiresAt;
}
