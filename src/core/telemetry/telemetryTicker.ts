// The flush + checkpoint schedule inside a long-lived process (the VS Code extension): every
// interval the policy names, claim the run (the same stamp the hooks use, so hooks, `serve` and
// open editors do not multiply runs) and run it in-process. A process outside any sandbox, with
// the machine's network: what a hook after its answer only starts, this runs.
import { isGitRepo } from '../audit/auditAnchor';
import { loadAuditSigner } from '../audit/auditKeys';
import { resolveAuditDir } from '../audit/auditLocation';
import type { PolicyEngine } from '../policy/policyEngine';
import { claimScheduledRun } from './telemetryDue';
import { runScheduledTelemetry, type ScheduledRunOptions, type ScheduledRunResult } from './telemetrySchedule';

/** What a scheduled run needs from the policy and the environment; a null endpoint means sign only. */
export function scheduledRunOptions(root: string, engine: PolicyEngine, env: NodeJS.ProcessEnv, serviceVersion: string): ScheduledRunOptions {
  let signer = null;
  try {
    signer = loadAuditSigner(env, true);
  } catch {
    // an unusable key: the run still ships records; `airlock audit checkpoint` reports the key
  }
  const endpoint = (engine.error ? null : engine.otlpEndpoint) ?? env.OTEL_EXPORTER_OTLP_LOGS_ENDPOINT ?? null;
  return { dir: resolveAuditDir(root).dir, endpoint, signer, gitRoot: isGitRepo(root) ? root : null, serviceVersion };
}

export interface TelemetryTickerOptions {
  readonly root: string;
  /** The folder's current policy (it may change or go away between ticks). */
  readonly engine: () => PolicyEngine | undefined;
  readonly env: NodeJS.ProcessEnv;
  readonly serviceVersion: string;
  /** Each run's outcome (not called for ticks where no run was due). */
  readonly onResult?: (result: ScheduledRunResult) => void;
}

export interface TelemetryTicker {
  /** Checks now (e.g. after the policy changed), then keeps the interval. */
  poke(): void;
  stop(): void;
}

/** Without a telemetry section, how often to look again. */
const IDLE_CHECK_MS = 60_000;

export function startTelemetryTicker(options: TelemetryTickerOptions): TelemetryTicker {
  let timer: NodeJS.Timeout | null = null;
  let running = false;
  let stopped = false;
  const tick = (): void => {
    timer = null;
    if (stopped) return;
    const engine = options.engine();
    const settings = engine?.valid ? engine.telemetrySettings : null;
    const intervalMs = settings ? settings.intervalSeconds * 1000 : IDLE_CHECK_MS;
    if (engine && settings && !running && claimScheduledRun(resolveAuditDir(options.root).dir, intervalMs)) {
      running = true;
      void runScheduledTelemetry(scheduledRunOptions(options.root, engine, options.env, options.serviceVersion))
        .then((r) => options.onResult?.(r))
        .finally(() => (running = false));
    }
    timer = setTimeout(tick, intervalMs);
    timer.unref();
  };
  tick();
  return {
    poke(): void {
      if (stopped) return;
      if (timer) clearTimeout(timer);
      tick();
    },
    stop(): void {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = null;
    },
  };
}
