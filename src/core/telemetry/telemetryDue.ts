// Whether the scheduled flush + checkpoint is due: the only telemetry code the hook loads (one
// stat per call; a write once per interval). The run itself lives in telemetrySchedule.ts.
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Its mtime is when the last scheduled run was claimed. */
export const SCHEDULE_STAMP = 'otlp-schedule.stamp';

/**
 * True when a scheduled run is due, and then the stamp is moved to `nowMs` so the next caller
 * within the interval does nothing. A stamp in the future (clock moved back, or planted) does not
 * block runs: it counts as due.
 */
export function claimScheduledRun(dir: string, intervalMs: number, nowMs: number = Date.now()): boolean {
  const file = path.join(dir, SCHEDULE_STAMP);
  const st = fs.statSync(file, { throwIfNoEntry: false });
  if (st && nowMs - st.mtimeMs < intervalMs && st.mtimeMs <= nowMs + intervalMs) return false;
  if (!fs.existsSync(dir)) return false; // no audit log yet: nothing to send or sign
  try {
    fs.writeFileSync(file, `${new Date(nowMs).toISOString()}\n`);
    const t = new Date(nowMs);
    fs.utimesSync(file, t, t);
    return true;
  } catch {
    return false;
  }
}
