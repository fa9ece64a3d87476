// The hook's part in the telemetry schedule: after the answer is written, and only when a run is
// due (core/telemetry/telemetryDue claims it), start `airlock telemetry flush --scheduled`
// detached, with no pipes, and never wait for it. The hook does not load the OpenTelemetry SDK or
// touch the network.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { PolicyEngine } from '../core/policy/policyEngine';
import { claimScheduledStart } from '../core/telemetry/telemetryDue';

/** `bundleDir` holds cli.js (dist/); from sources (tests run through tsx) there is none and nothing starts. */
export function startScheduledTelemetry(root: string, engine: PolicyEngine, bundleDir: string, env: NodeJS.ProcessEnv = process.env): boolean {
  try {
    const script = path.join(bundleDir, 'cli.js');
    const start = claimScheduledStart(root, engine, env, fs.existsSync(script));
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
