// Under `airlock run` the audit folder is read-only inside the sandbox, so nothing inside can
// rewrite or delete the log; the hooks inside append through a unix socket that `airlock run`
// serves from outside, and only `airlock run` writes the log (append only, through the one
// appender). The socket's folder is read-only inside too: connecting works, replacing it does not.
// A process inside can still add records of its own through the socket; it cannot change any.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { appendAuditEvents } from './auditAppend';
import type { AuditEventInput } from './auditTypes';
import { sameDir } from '../util/sameDir';

/** Set by `airlock run` for the agent it starts: where the hooks inside send their records. */
export const AUDIT_SOCKET_ENV = 'AIRLOCK_AUDIT_SOCKET';
/** Set with it: the log the relay appends to (a record for another log waits for the relay's answer). */
export const AUDIT_LOG_ENV = 'AIRLOCK_AUDIT_LOG';

/**
 * One request: a batch for the log in `dir` (which must be the relay's own), or `schedule`: the
 * telemetry flush + checkpoint looks due from inside, so `airlock run` runs it outside (where the
 * log is writable and the network is the machine's). The outside side decides whether it is due.
 */
interface RelayRequest {
  readonly dir: string;
  readonly events?: readonly AuditEventInput[];
  readonly schedule?: boolean;
  /** Provenance records a hook inside wrote (serialized), for the workspace at `root`. */
  readonly records?: readonly string[];
  readonly root?: string;
}

const MAX_REQUEST_BYTES = 4 * 1024 * 1024;
const MAX_BATCH = 100;
/** What hooks and governed tools record; reviews, exceptions, sync and the like never come from inside. */
const RELAYED_KINDS = new Set(['decision', 'ai-edit']);

export interface AuditRelay {
  readonly socketPath: string;
  /** The log it appends to. */
  readonly dir: string;
  close(): Promise<void>;
}

export interface AuditRelayOptions {
  /** Called for a `schedule` request (at most as often as the caller's own throttle lets it run). */
  readonly onScheduleRequest?: () => void;
  /**
   * Called when a batch could not be appended. A hook does not wait for the relay's answer
   * (`postToAuditRelay`), so the loss is told here, where a person sees it.
   */
  readonly onAppendError?: (message: string) => void;
  /**
   * Appends provenance records a hook inside wrote (the records folder is read-only inside);
   * returns null when they are stored, else why not. Without it such requests are refused.
   */
  readonly onRecords?: (root: string, records: readonly string[]) => string | null;
  /** Called once per request before it is answered (a hook inside ran): `airlock run` looks for planted git files then. */
  readonly onRequest?: () => void;
}

function handle(dir: string, body: string, options: AuditRelayOptions): string {
  let req: RelayRequest;
  try {
    req = JSON.parse(body) as RelayRequest;
  } catch {
    return 'error: not JSON';
  }
  if (typeof req?.dir === 'string' && req.schedule === true && req.events === undefined) {
    if (!sameDir(req.dir, dir)) return 'error: another log';
    if (!options.onScheduleRequest) return 'error: no telemetry schedule here';
    try {
      options.onScheduleRequest();
    } catch {
      // The schedule is best-effort from here: the next due call asks again.
    }
    return 'ok';
  }
  if (typeof req?.dir === 'string' && req.records !== undefined && req.events === undefined) {
    if (!sameDir(req.dir, dir)) return 'error: another log';
    if (!options.onRecords) return 'error: no provenance records here';
    if (typeof req.root !== 'string' || !Array.isArray(req.records) || req.records.length === 0 || req.records.length > MAX_BATCH || !req.records.every((r) => typeof r === 'string')) return 'error: not a record batch';
    const refused = options.onRecords(req.root, req.records);
    return refused === null ? 'ok' : `error: ${refused}`;
  }
  if (typeof req?.dir !== 'string' || !Array.isArray(req.events) || req.events.length === 0) return 'error: not an audit batch';
  if (!sameDir(req.dir, dir)) return 'error: another log';
  if (req.events.length > MAX_BATCH || !req.events.every((e) => typeof e === 'object' && e !== null && !Array.isArray(e) && RELAYED_KINDS.has(e.kind))) return 'error: not an audit batch';
  // Who and where are this process's to say, not the sender's.
  const events = req.events.map(({ user: _user, host: _host, ...rest }) => rest);
  try {
    appendAuditEvents(dir, events);
    return 'ok';
  } catch (err) {
    const message = (err as Error).message;
    options.onAppendError?.(`${events.length} audit record${events.length === 1 ? '' : 's'} from a hook inside could not be appended to ${dir}: ${message}`);
    return `error: ${message}`;
  }
}

/** Serves appends to the log in `dir` on a socket in a new private folder under `parent`. */
export function startAuditRelay(dir: string, parent: string, options: AuditRelayOptions = {}): Promise<AuditRelay> {
  const folder = fs.mkdtempSync(path.join(parent, 'airlock-audit-'));
  fs.chmodSync(folder, 0o700);
  const socketPath = path.join(folder, 'audit.sock');
  const server = net.createServer({ allowHalfOpen: true }, (conn) => {
    const chunks: Buffer[] = [];
    let size = 0;
    conn.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_REQUEST_BYTES) conn.destroy();
      else chunks.push(c);
    });
    conn.on('end', () => {
      const answer = handle(dir, Buffer.concat(chunks).toString('utf8'), options);
      try {
        options.onRequest?.();
      } catch {
        // The caller's own check reports its failures; the answer stands.
      }
      conn.end(answer);
    });
    conn.on('error', () => conn.destroy());
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(socketPath, () => {
      resolve({
        socketPath,
        dir,
        close: async () => {
          // A hook hands its batch over and exits without waiting (postToAuditRelay): its
          // connection may still wait in the listen queue, which closing would drop. One more
          // connection of our own is accepted after every earlier one (the queue is in order);
          // once it is answered, closing waits only for connections already accepted.
          await new Promise<void>((drained) => {
            const probe = net.createConnection(socketPath);
            probe.on('connect', () => probe.end());
            probe.on('data', () => undefined);
            probe.on('close', () => drained());
            probe.on('error', () => drained());
          });
          await new Promise<void>((done) => server.close(() => {
            fs.rmSync(folder, { recursive: true, force: true });
            done();
          }));
        },
      });
    });
  });
}

function relayRequest(socketPath: string, request: RelayRequest): Promise<void> {
  return new Promise((resolve, reject) => {
    const conn = net.createConnection(socketPath);
    let answer = '';
    conn.setTimeout(5000, () => conn.destroy(new Error('the audit relay did not answer in 5 s')));
    conn.on('connect', () => conn.end(JSON.stringify(request)));
    conn.on('data', (c: Buffer) => (answer += c.toString('utf8')));
    conn.on('error', reject);
    conn.on('close', () => (answer === 'ok' ? resolve() : reject(new Error(answer || 'the audit relay closed without an answer'))));
  });
}

/** Sends one batch to the relay; resolves when `airlock run` has appended it, rejects otherwise. */
export function sendToAuditRelay(socketPath: string, dir: string, events: readonly AuditEventInput[]): Promise<void> {
  return relayRequest(socketPath, { dir, events });
}

/**
 * Hands one batch to the relay: resolves once the whole request is in the socket (the relay
 * reads it even after this process has gone), rejects when the relay cannot be reached. The
 * hook does not wait for the append itself: `airlock run` reports a failed one (onAppendError),
 * and the answer to the client comes sooner.
 */
export function postToAuditRelay(socketPath: string, dir: string, events: readonly AuditEventInput[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const conn = net.createConnection(socketPath);
    conn.setTimeout(5000, () => conn.destroy(new Error('the audit relay did not take the record in 5 s')));
    conn.on('connect', () => conn.end(JSON.stringify({ dir, events } satisfies RelayRequest)));
    conn.on('finish', () => {
      conn.destroy();
      resolve();
    });
    conn.on('error', reject);
  });
}

/** Sends provenance records (serialized) for the workspace at `root`; resolves when `airlock run` has stored them. */
export function sendRecordsToRelay(socketPath: string, dir: string, root: string, records: readonly string[]): Promise<void> {
  return relayRequest(socketPath, { dir, root, records });
}

/** Asks `airlock run` (outside the sandbox) to run the telemetry schedule for the log in `dir`. */
export function requestScheduledRunViaRelay(socketPath: string, dir: string): Promise<void> {
  return relayRequest(socketPath, { dir, schedule: true });
}

/**
 * The hooks' way to the log: through the relay when `airlock run` serves one for this log, else
 * (another repository's log, or no relay) straight into the folder. Errors go to `onError`.
 */
export function recordAuditEvents(dir: string, events: readonly AuditEventInput[], env: NodeJS.ProcessEnv, onError: (err: Error) => void): void {
  const socket = env[AUDIT_SOCKET_ENV];
  if (!socket) {
    appendAuditEvents(dir, events);
    return;
  }
  // The relay's own log: handed over without waiting for the append (`run` reports a failed
  // one). Another log: the relay refuses it, so the answer is awaited and the fallback applies.
  const send = sameDir(env[AUDIT_LOG_ENV] ?? '', dir) ? postToAuditRelay : sendToAuditRelay;
  send(socket, dir, events).catch((err: Error) => {
    try {
      appendAuditEvents(dir, events);
    } catch {
      onError(new Error(`${err.message}; and the folder itself is not writable here`));
    }
  });
}

/**
 * The same, for callers that must not go on before the record is written (the governed tools
 * fail closed): the send runs in a short child process. Throws when it could not be appended.
 */
export function recordAuditEventsSync(dir: string, events: readonly AuditEventInput[], env: NodeJS.ProcessEnv): void {
  const socket = env[AUDIT_SOCKET_ENV];
  if (!socket) {
    appendAuditEvents(dir, events);
    return;
  }
  const script = `const c=require('net').createConnection(process.argv[1]);let a='';c.setTimeout(5000,()=>c.destroy());c.on('connect',()=>c.end(process.argv[2]));c.on('data',(d)=>a+=d);c.on('error',()=>{});c.on('close',()=>{process.stdout.write(a);process.exitCode=a==='ok'?0:1;});`;
  const r = spawnSync(process.execPath, ['-e', script, socket, JSON.stringify({ dir, events })], { encoding: 'utf8', timeout: 10_000, env: {} });
  if (r.status !== 0) {
    try {
      appendAuditEvents(dir, events);
    } catch (err) {
      throw new Error(`the audit relay refused (${r.stdout || r.error?.message || 'no answer'}) and ${(err as Error).message}`);
    }
  }
}
