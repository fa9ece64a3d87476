// The hook's part in the telemetry schedule: after the answer is written, and only when a run is
// due (core/telemetry/telemetryDue claims it), start `airlock telemetry flush --scheduled`
// detached, with no pipes, and never wait for it. The hook does not load the OpenTelemetry SDK or
// touch the network.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import type { PolicyEngine } from '../core/policy/policyEngine';
import { claimScheduledStart } from '../core/telemetry/telemetryDue';

/**
 * `entry`: Airlock's entry this process started through (the launcher, or dist/cli.js; see
 * `airlockEntry`), which starts the flush; null from sources (tests run through tsx): nothing starts.
 */
export function startScheduledTelemetry(root: string, engine: PolicyEngine, entry: string | null, env: NodeJS.ProcessEnv = process.env): boolean {
  try {
    const script = entry ?? '';
    const start = claimScheduledStart(root, engine, env, entry !== null && fs.existsSync(script));
    if (start !== 'start') return start === 'relayed';
    const child = spawn(process.execPath, [script, 'telemetry', 'flush', '--scheduled', '--root', root], { cwd: root, detached: true, stdio: 'ignore', env });
    child.on('error', () => undefined); // a failed start is retried at the next due run
    child.unref();
    return true;
  } catch {
    // The answer is already out; scheduling must never turn into a hook failure.
    return false;
  }
}
