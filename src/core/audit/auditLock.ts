// Cross-process writer lock for the audit chain: an exclusive lock file created with O_EXCL.
// Many hook processes (one per tool call) append at once; the lock serialises "read the last hash,
// write the next line". Node has no flock() without native addons, and proper-lockfile (the usual
// choice) keeps locks fresh with mtime-refresh timers and brings three dependencies, for locks held
// well under a millisecond: this small synchronous lock is hand-written instead.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { AuditError } from './auditError';
import { LOCK_FILE } from './auditFiles';
import { errorCode } from '../util/errorMessage';
import { sleepSync } from '../util/sleepSync';

export interface AuditLockOptions {
  readonly timeoutMs: number;
  readonly staleMs: number;
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return errorCode(err) === 'EPERM';
  }
}

/**
 * A lock is abandoned when its owner (on this host) is gone, or, when that cannot be known
 * (another host sharing the folder, or the owner has not written its pid yet), when it is older
 * than `staleMs`. Returns the lock's inode when stale, otherwise null.
 */
function staleLockIno(lockPath: string, staleMs: number): number | null {
  let st: fs.Stats;
  let content = '';
  try {
    st = fs.statSync(lockPath);
    content = fs.readFileSync(lockPath, 'utf8');
  } catch {
    return null; // vanished: simply retry
  }
  const [pidText, host] = content.split(' ');
  const pid = Number(pidText);
  if (host === os.hostname() && Number.isSafeInteger(pid) && pid > 0 && !pidAlive(pid)) return st.ino;
  return Date.now() - st.mtimeMs > staleMs ? st.ino : null;
}

/**
 * Removes an abandoned lock. Breaking happens under a second lock and re-checks the inode, so two
 * waiters that both saw the same stale lock cannot delete a fresh lock taken in between.
 */
function breakStaleLock(lockPath: string, staleMs: number): boolean {
  const ino = staleLockIno(lockPath, staleMs);
  if (ino === null) return false;
  const breakPath = `${lockPath}.break`;
  let fd: number;
  try {
    fd = fs.openSync(breakPath, 'wx');
  } catch {
    // Someone else is breaking it; clear a breaker that died mid-way.
    try {
      if (Date.now() - fs.statSync(breakPath).mtimeMs > staleMs) fs.unlinkSync(breakPath);
    } catch {
      // gone already
    }
    return false;
  }
  fs.closeSync(fd);
  try {
    if (staleLockIno(lockPath, staleMs) === ino) {
      fs.unlinkSync(lockPath);
      return true;
    }
    return false;
  } catch {
    return false;
  } finally {
    try {
      fs.unlinkSync(breakPath);
    } catch {
      // nothing to clean
    }
  }
}

function ownerLine(): string {
  return `${process.pid} ${os.hostname()} ${new Date().toISOString()}`;
}

/** Creates `file` exclusively with our pid; returns its inode, or null if it already exists. */
function createOwned(file: string): number | null {
  let fd: number;
  try {
    fd = fs.openSync(file, 'wx');
  } catch (err) {
    if (errorCode(err) === 'EEXIST') return null;
    throw err;
  }
  try {
    fs.writeSync(fd, ownerLine());
    return fs.fstatSync(fd).ino;
  } finally {
    fs.closeSync(fd);
  }
}

function removeIfOwned(file: string, ino: number): void {
  try {
    // If it was broken as stale, the file now belongs to another writer: leave it.
    if (fs.statSync(file).ino === ino) fs.unlinkSync(file);
  } catch {
    // already gone
  }
}

/** A claim only grants priority; one older than this (a stuck claimant) is ignored and cleared. */
const CLAIM_STALE_MS = 1000;

/** True when another live waiter has claimed the next turn (a stale claim is cleared). */
function turnClaimedByOther(claimPath: string): boolean {
  if (!fs.statSync(claimPath, { throwIfNoEntry: false })) return false;
  if (staleLockIno(claimPath, CLAIM_STALE_MS) === null) return true;
  try {
    fs.unlinkSync(claimPath);
  } catch {
    // someone else cleared it
  }
  return false;
}

/**
 * After waiting this long a writer claims the next turn (`audit.lock.next`): without it, a process
 * that appends in a loop re-takes the lock the instant it frees it, and sleeping waiters starve
 * (measured: 1-3 s waits with 8 busy writers on 2 cores).
 */
const CLAIM_AFTER_MS = 20;

/** Takes the lock in `dir` (which must exist); returns the function that releases it. */
export function acquireAuditLock(dir: string, options: AuditLockOptions): () => void {
  const lockPath = path.join(dir, LOCK_FILE);
  const claimPath = `${lockPath}.next`;
  const started = Date.now();
  const deadline = started + options.timeoutMs;
  let delay = 1;
  let claim: number | null = null;
  try {
    for (;;) {
      if (claim !== null || !turnClaimedByOther(claimPath)) {
        const ino = createOwned(lockPath);
        if (ino !== null) return (): void => removeIfOwned(lockPath, ino);
        if (breakStaleLock(lockPath, options.staleMs)) continue;
      }
      if (Date.now() >= deadline) {
        throw new AuditError('lock-timeout', dir, `could not take ${LOCK_FILE} within ${options.timeoutMs} ms (other writers held it)`);
      }
      if (claim === null && Date.now() - started >= CLAIM_AFTER_MS) claim = createOwned(claimPath);
      // Holders keep the lock well under a millisecond: short, jittered, capped backoff; the
      // claimant polls fastest since everyone else now lets it go first.
      sleepSync(claim !== null ? 0.5 : delay + Math.random() * delay);
      delay = Math.min(delay * 2, 8);
    }
  } finally {
    if (claim !== null) removeIfOwned(claimPath, claim);
  }
}

/**
 * Takes the lock file `lockPath` without waiting (an abandoned one is broken as above); null when
 * a live process holds it. For long jobs that must not run twice at once, e.g. a telemetry flush.
 */
export function tryExclusiveLock(lockPath: string, staleMs: number): (() => void) | null {
  for (let attempt = 0; attempt < 2; attempt++) {
    const ino = createOwned(lockPath);
    if (ino !== null) return (): void => removeIfOwned(lockPath, ino);
    if (!breakStaleLock(lockPath, staleMs)) return null;
  }
  return null;
}
