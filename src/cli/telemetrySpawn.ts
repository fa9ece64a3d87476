// The hook's part in the telemetry schedule: after the answer is written, and only when a run is
// due (one stat per call otherwise), start `airlock telemetry flush --scheduled` detached, with no
// pipes, and never wait for it. The hook does not load the OpenTelemetry SDK or touch the network.
// Inside `airlock run` it asks `airlock run` over the audit relay instead (that process, outside
// the sandbox, claims the run and starts the same detached flush).
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { resolveAuditDir } from '../core/audit/auditLocation';
import type { PolicyEngine } from '../core/policy/policyEngine';
import { AUDIT_SOCKET_ENV, requestScheduledRunViaRelay } from '../core/audit/auditRelay';
import { claimScheduledRun, scheduledRunDue } from '../core/telemetry/telemetryDue';

/** `bundleDir` holds cli.js (dist/); from sources (tests run through tsx) there is none and nothing starts. */
export function startScheduledTelemetry(root: string, engine: PolicyEngine, bundleDir: string, env: NodeJS.ProcessEnv = process.env): boolean {
  try {
    const settings = engine.valid ? engine.telemetrySettings : null;
    if (!settings) return false;
    const dir = resolveAuditDir(root).dir;
    const socket = env[AUDIT_SOCKET_ENV];
    if (socket) {
      // Inside `airlock run` the log is read-only and the network may be cut: `airlock run`
      // outside claims and runs it (this process only says it looks due).
      if (!scheduledRunDue(dir, settings.intervalSeconds * 1000)) return false;
      requestScheduledRunViaRelay(socket, dir).catch(() => undefined);
      return true;
    }
    const script = path.join(bundleDir, 'cli.js');
    if (!fs.existsSync(script)) return false;
    if (!claimScheduledRun(dir, settings.intervalSeconds * 1000)) return false;
    const child = spawn(process.execPath, [script, 'telemetry', 'flush', '--scheduled', '--root', root], { cwd: root, detached: true, stdio: 'ignore', env });
    child.on('error', () => undefined); // a failed start is retried at the next due run
    child.unref();
    return true;
  } catch {
    // The answer is already out; scheduling must never turn into a hook failure.
    return false;
  }
}
