// Whether the scheduled flush + checkpoint is due: the only telemetry code the hook loads (one
// stat per call; a write once per interval). The run itself lives in telemetrySchedule.ts.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { resolveAuditDir } from '../audit/auditLocation';
import { AUDIT_SOCKET_ENV, requestScheduledRunViaRelay } from '../audit/auditRelay';
import type { PolicyEngine } from '../policy/policyEngine';

/** Its mtime is when the last scheduled run was claimed. */
export const SCHEDULE_STAMP = 'otlp-schedule.stamp';

/** Whether a run is due, without claiming it (one stat; for a caller that cannot write the folder). */
export function scheduledRunDue(dir: string, intervalMs: number, nowMs: number = Date.now()): boolean {
  const st = fs.statSync(path.join(dir, SCHEDULE_STAMP), { throwIfNoEntry: false });
  if (st && nowMs - st.mtimeMs < intervalMs && st.mtimeMs <= nowMs + intervalMs) return false;
  return fs.existsSync(dir); // no audit log yet: nothing to send or sign
}

/**
 * True when a scheduled run is due, and then the stamp is moved to `nowMs` so the next caller
 * within the interval does nothing. A stamp in the future (clock moved back, or planted) does not
 * block runs: it counts as due.
 */
export function claimScheduledRun(dir: string, intervalMs: number, nowMs: number = Date.now()): boolean {
  if (!scheduledRunDue(dir, intervalMs, nowMs)) return false;
  const file = path.join(dir, SCHEDULE_STAMP);
  try {
    fs.writeFileSync(file, `${new Date(nowMs).toISOString()}\n`);
    const t = new Date(nowMs);
    fs.utimesSync(file, t, t);
    return true;
  } catch {
    return false;
  }
}

/**
 * For a process that just used the policy (the hook after answering, `airlock run` asked by a hook
 * inside): claim the due run. Inside `airlock run` the log is read-only and the network may be
 * cut, so the hook only asks `airlock run` over the audit relay, which claims it outside.
 * Starting the process is the shell's (it knows its own bundle).
 */
/** `start`: this caller claimed the run and should start `airlock telemetry flush --scheduled`. */
export type ScheduledStart = 'none' | 'relayed' | 'start';

/** `canStart`: the caller has a CLI to start (from sources it has none, and nothing is claimed). */
export function claimScheduledStart(root: string, engine: PolicyEngine, env: NodeJS.ProcessEnv, canStart: boolean): ScheduledStart {
  const settings = engine.valid ? engine.telemetrySettings : null;
  if (!settings) return 'none';
  const dir = resolveAuditDir(root).dir;
  const socket = env[AUDIT_SOCKET_ENV];
  if (socket) {
    if (!scheduledRunDue(dir, settings.intervalSeconds * 1000)) return 'none';
    requestScheduledRunViaRelay(socket, dir).catch(() => undefined);
    return 'relayed';
  }
  return canStart && claimScheduledRun(dir, settings.intervalSeconds * 1000) ? 'start' : 'none';
}
