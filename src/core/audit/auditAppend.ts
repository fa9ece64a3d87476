// The writer of the hash-chained audit log. Each call takes the cross-process lock, finds where
// the chain stands, rotates if the file is full, writes all new lines with ONE write(2) on an
// O_APPEND descriptor (so a reader never sees half a batch interleaved with another), updates
// head.json and releases the lock. Synchronous on purpose: the hook is a short-lived process and
// a handful of small sync syscalls is faster than hopping through the libuv thread pool.
//
// fsync is off by default: after write(2) returns the bytes are in the page cache, visible to every
// other process and safe from a crash of this process; only a power loss or kernel crash in the
// next few seconds could lose them, and fsync costs 1-20 ms per call on common disks, which every
// tool call would pay. Set `fsync: true` where that window matters.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { commandForAudit } from './auditCommand';
import { AuditError } from './auditError';
import { ACTIVE_FILE, listAuditFiles, readAuditHead, rotatedFileName, writeAuditHead } from './auditFiles';
import { acquireAuditLock } from './auditLock';
import { parseAuditLine, serializeAuditRecord } from './auditLine';
import {
  AUDIT_EVENT_KINDS,
  AUDIT_SCHEMA_VERSION,
  GENESIS_HASH,
  type AuditAppendOptions,
  type AuditAppendResult,
  type AuditEventInput,
  type AuditModelContent,
  type AuditRecord,
} from './auditTypes';
import { errorMessage, errorCode } from '../util/errorMessage';

export const DEFAULT_MAX_FILE_BYTES = 10 * 1024 * 1024;
export const DEFAULT_LOCK_TIMEOUT_MS = 5000;
export const DEFAULT_STALE_LOCK_MS = 10_000;

interface ChainPoint {
  readonly seq: number;
  readonly hash: string;
}

interface TailInfo {
  /** Last complete, parseable line of the file; null when none. */
  readonly last: ChainPoint | null;
  /** The file does not end with a newline: a writer died mid-line, or the file was cut. */
  readonly torn: boolean;
}

/** Reads backwards from the end until the last complete line is found. */
function readTail(fd: number, size: number): TailInfo {
  if (size === 0) return { last: null, torn: false };
  let chunk = 8192;
  for (;;) {
    const start = Math.max(0, size - chunk);
    const buf = Buffer.alloc(size - start);
    fs.readSync(fd, buf, 0, buf.length, start);
    const text = buf.toString('utf8');
    const torn = !text.endsWith('\n');
    const end = text.lastIndexOf('\n');
    if (end < 0 && start > 0) {
      chunk *= 4;
      continue;
    }
    if (end < 0) return { last: null, torn };
    const before = text.lastIndexOf('\n', end - 1);
    if (before < 0 && start > 0) {
      chunk *= 4;
      continue;
    }
    const parsed = parseAuditLine(text.slice(before + 1, end));
    if (parsed) return { last: { seq: parsed.record.seq, hash: parsed.record.hash }, torn };
    // The last line is damaged: fall back to the last good line anywhere in the file.
    return { last: lastGoodLine(fd, size), torn };
  }
}

function lastGoodLine(fd: number, size: number): ChainPoint | null {
  const buf = Buffer.alloc(size);
  fs.readSync(fd, buf, 0, size, 0);
  const lines = buf.toString('utf8').split('\n');
  for (let i = lines.length - 1; i >= 0; i--) {
    const parsed = parseAuditLine(lines[i]);
    if (parsed) return { seq: parsed.record.seq, hash: parsed.record.hash };
  }
  return null;
}

/** The end of the newest rotated file, for a fresh active file. */
function lastRotatedPoint(dir: string): ChainPoint | null {
  const rotated = listAuditFiles(dir).filter((f) => f.lastSeq !== null);
  const newest = rotated[rotated.length - 1];
  if (!newest) return null;
  const fd = fs.openSync(newest.path, 'r');
  try {
    return readTail(fd, fs.fstatSync(fd).size).last;
  } finally {
    fs.closeSync(fd);
  }
}

function optionalString(event: AuditEventInput, key: keyof AuditEventInput, dir: string): string | null {
  const v = event[key];
  if (v === undefined || v === null) return null;
  if (typeof v !== 'string') throw new AuditError('invalid-event', dir, `event field "${key}" must be a string`);
  return v;
}

function currentUser(): string | null {
  try {
    return os.userInfo().username;
  } catch {
    return null; // containers without a passwd entry
  }
}

type RecordFields = Omit<AuditRecord, 'v' | 'seq' | 'prev' | 'hash'>;

const VERDICTS: readonly (string | null | undefined)[] = ['allow', 'ask', 'deny', null, undefined];
const ACTIONS: readonly (string | null | undefined)[] = ['read', 'edit', 'search', 'execute', null, undefined];

/**
 * Builds the stored fields from an input, keeping only schema fields (never arbitrary payloads),
 * before the lock is taken: validation and masking do not lengthen the time others wait.
 */
function toRecordFields(event: AuditEventInput, now: Date, dir: string, defaults: { user: () => string | null; host: string }): RecordFields {
  if (!AUDIT_EVENT_KINDS.includes(event.kind)) throw new AuditError('invalid-event', dir, `unknown event kind "${String(event.kind)}"`);
  if (!VERDICTS.includes(event.verdict) || !VERDICTS.includes(event.enforcedVerdict)) throw new AuditError('invalid-event', dir, 'event verdicts must be allow, ask or deny');
  if (!ACTIONS.includes(event.action)) throw new AuditError('invalid-event', dir, `unknown action "${String(event.action)}"`);
  let time = now.toISOString();
  if (event.time !== undefined) {
    const t = new Date(event.time);
    if (Number.isNaN(t.getTime())) throw new AuditError('invalid-event', dir, `event time "${event.time}" is not a date`);
    time = t.toISOString();
  }
  const paths = event.paths ?? [];
  if (!Array.isArray(paths) || paths.some((p) => typeof p !== 'string')) throw new AuditError('invalid-event', dir, 'event paths must be strings');
  const command = optionalString(event, 'command', dir);
  return {
    time,
    kind: event.kind,
    client: optionalString(event, 'client', dir),
    session: optionalString(event, 'session', dir),
    tool: optionalString(event, 'tool', dir),
    action: event.action ?? null,
    paths: [...paths],
    verdict: event.verdict ?? null,
    enforcedVerdict: event.enforcedVerdict ?? event.verdict ?? null,
    monitor: event.monitor === true,
    class: optionalString(event, 'class', dir),
    rule: event.rule ? { source: event.rule.source, line: event.rule.line } : null,
    exception: event.exception
      ? { source: event.exception.source, line: event.exception.line, owner: event.exception.owner, expires: event.exception.expires }
      : null,
    reason: optionalString(event, 'reason', dir),
    command: command === null ? null : commandForAudit(command),
    model: optionalString(event, 'model', dir),
    ranges: (event.ranges ?? []).map((r) => ({ path: r.path, start: r.start, end: r.end })),
    user: event.user === undefined ? defaults.user() : event.user,
    host: event.host === undefined ? defaults.host : event.host,
    toolUseId: optionalString(event, 'toolUseId', dir),
    ...(event.kind === 'model' && event.exchange && typeof event.exchange === 'object' ? { exchange: modelContent(event.exchange) } : {}),
    // Only a measured, sane duration is kept (rounded to 0.1 ms): a span needs a real interval.
    ...(typeof event.durationMs === 'number' && Number.isFinite(event.durationMs) && event.durationMs >= 0 ? { durationMs: Math.round(event.durationMs * 10) / 10 } : {}),
  };
}

/** Copies only the schema's fields of a `model` event's content (never an arbitrary payload). */
function modelContent(c: AuditModelContent): AuditModelContent {
  return {
    direction: c.direction,
    endpoint: c.endpoint,
    bytes: c.bytes,
    sha256: c.sha256,
    secretsMasked: c.secretsMasked,
    protectedRemoved: c.protectedRemoved,
    ...(c.text !== undefined ? { text: c.text } : {}),
  };
}

/** Creates the audit folder with its `.gitignore` (the log is local evidence, not repo content). */
function createAuditDir(dir: string): void {
  fs.mkdirSync(dir, { recursive: true });
  ensureGitignore(dir);
}

/** Writes `.gitignore` unless one exists (a team may have written its own on purpose). */
function ensureGitignore(dir: string): void {
  const ignore = path.join(dir, '.gitignore');
  try {
    fs.writeFileSync(ignore, '*\n', { flag: 'wx' });
  } catch (err) {
    if (errorCode(err) !== 'EEXIST') throw err;
  }
}

function takeLock(dir: string, options: AuditAppendOptions): () => void {
  const lockOptions = { timeoutMs: options.lockTimeoutMs ?? DEFAULT_LOCK_TIMEOUT_MS, staleMs: options.staleLockMs ?? DEFAULT_STALE_LOCK_MS };
  try {
    return acquireAuditLock(dir, lockOptions);
  } catch (err) {
    if (err instanceof AuditError) throw err;
    if (errorCode(err) !== 'ENOENT') throw new AuditError('io', dir, `cannot create the lock file: ${errorMessage(err)}`, err);
  }
  try {
    createAuditDir(dir);
    return acquireAuditLock(dir, lockOptions);
  } catch (err) {
    if (err instanceof AuditError) throw err;
    throw new AuditError('io', dir, `cannot create the audit folder: ${errorMessage(err)}`, err);
  }
}

/**
 * Where the new events attach. The log is the truth, except where it is behind head.json: then
 * lines were removed, and chaining to the head keeps that break visible instead of papering over it.
 */
function chainStart(dir: string, fromLog: ChainPoint | null): { chain: ChainPoint; repaired: string | null } {
  const head = readAuditHead(dir);
  if (head && (!fromLog || head.seq > fromLog.seq || (head.seq === fromLog.seq && head.hash !== fromLog.hash))) {
    return {
      chain: { seq: head.seq, hash: head.hash },
      repaired: `log ends at seq ${fromLog?.seq ?? 0} but head.json records seq ${head.seq}; new events chain to the head so the gap stays visible`,
    };
  }
  return { chain: fromLog ?? { seq: 0, hash: GENESIS_HASH }, repaired: null };
}

function writeAll(fd: number, data: Buffer): void {
  let off = 0;
  while (off < data.length) off += fs.writeSync(fd, data, off, data.length - off);
}

/**
 * Appends events to the log in `dir` (created with its `.gitignore` if missing) as one atomic
 * batch. Throws `AuditError` when the log cannot be written; nothing is half-recorded silently.
 */
export function appendAuditEvents(dir: string, events: readonly AuditEventInput[], options: AuditAppendOptions = {}): AuditAppendResult {
  if (events.length === 0) throw new AuditError('invalid-event', dir, 'no events to append');
  const now = (options.now ?? ((): Date => new Date()))();
  const maxBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  let user: string | null | undefined;
  const defaults = { user: (): string | null => (user === undefined ? (user = currentUser()) : user), host: os.hostname() };
  const fields = events.map((event) => toRecordFields(event, now, dir, defaults));
  const release = takeLock(dir, options);
  let fd: number | undefined;
  try {
    const activePath = path.join(dir, ACTIVE_FILE);
    let stage = 'open';
    let written: { firstSeq: number; lastSeq: number; hash: string; rotatedTo: string | null; repaired: string | null };
    try {
      fd = fs.openSync(activePath, 'a+');
      const size = fs.fstatSync(fd).size;
      const tail = readTail(fd, size);
      // A new log in a folder someone else created (e.g. `airlock init`): keep it out of git too.
      if (size === 0) ensureGitignore(dir);
      const start = chainStart(dir, size > 0 ? tail.last : lastRotatedPoint(dir));
      const chain = start.chain;
      let repaired = start.repaired;

      const lines: string[] = [];
      let prev = chain.hash;
      fields.forEach((f, i) => {
        const { line, hash } = serializeAuditRecord({ v: AUDIT_SCHEMA_VERSION, seq: chain.seq + 1 + i, ...f, prev });
        lines.push(line);
        prev = hash;
      });
      let text = `${lines.join('\n')}\n`;
      let rotatedTo: string | null = null;
      stage = 'rotate';
      if (size > 0 && size + Buffer.byteLength(text) > maxBytes) {
        fs.closeSync(fd);
        fd = undefined;
        rotatedTo = path.join(dir, rotatedFileName(now, tail.last?.seq ?? chain.seq));
        if (fs.existsSync(rotatedTo)) throw new Error(`${path.basename(rotatedTo)} already exists`);
        fs.renameSync(activePath, rotatedTo);
        fd = fs.openSync(activePath, 'a+');
      } else if (tail.torn) {
        // End the torn fragment so the new lines stay whole; verify still reports the fragment.
        text = `\n${text}`;
        repaired = repaired ?? 'terminated a torn last line left by an interrupted write';
      }
      stage = 'write';
      writeAll(fd, Buffer.from(text, 'utf8'));
      if (options.fsync) fs.fsyncSync(fd);
      written = { firstSeq: chain.seq + 1, lastSeq: chain.seq + events.length, hash: prev, rotatedTo, repaired };
    } catch (err) {
      if (err instanceof AuditError) throw err;
      throw new AuditError('io', dir, `cannot ${stage} ${ACTIVE_FILE}: ${errorMessage(err)}`, err);
    }
    try {
      writeAuditHead(dir, { seq: written.lastSeq, hash: written.hash, time: now.toISOString() });
    } catch (err) {
      throw new AuditError('head', dir, `events ${written.firstSeq}-${written.lastSeq} were written but head.json could not be updated: ${errorMessage(err)}`, err);
    }
    return { file: activePath, ...written };
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
    release();
  }
}
