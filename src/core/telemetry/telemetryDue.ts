// Whether the scheduled flush + checkpoint is due: the only telemetry code the hook loads (one
// stat per call; a write once per interval). The run itself lives in telemetrySchedule.ts.
import * as fs from 'node:fs';
import * as path from 'node:path';

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
