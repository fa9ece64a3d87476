// Typed failure of the audit writer, so the hook can report it and decide (fail open or closed).

/**
 * - `lock-timeout`: other writers held the lock for longer than the timeout.
 * - `io`: the log, its lock or its head file could not be read or written (permissions, disk full).
 * - `invalid-event`: a caller passed an event that does not fit the schema.
 * - `head`: the events were written but `head.json` could not be updated.
 */
export type AuditErrorCode = 'lock-timeout' | 'io' | 'invalid-event' | 'head';

export class AuditError extends Error {
  readonly code: AuditErrorCode;
  /** The audit directory concerned. */
  readonly dir: string;

  constructor(code: AuditErrorCode, dir: string, message: string, cause?: unknown) {
    super(`audit log ${dir}: ${message}`, cause === undefined ? undefined : { cause });
    this.name = 'AuditError';
    this.code = code;
    this.dir = dir;
  }
}
