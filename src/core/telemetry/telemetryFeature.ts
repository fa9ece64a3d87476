// The `telemetry` features the shells call, for one workspace: a flush (records + signed
// checkpoint) to the endpoint the user or the policy names, the scheduled run, and the loopback
// receiver with the schedule running beside it. Plain inputs, plain results; the shell prints them.
import * as path from 'node:path';
import { isGitRepo } from '../audit/auditAnchor';
import { createAuditCheckpoint } from '../audit/auditCheckpoint';
import { loadAuditSigner } from '../audit/auditKeys';
import { resolveAuditDir } from '../audit/auditLocation';
import { loadPolicy } from '../policy/loadPolicy';
import type { PolicyEngine } from '../policy/policyEngine';
import { errorMessage } from '../util/errorMessage';
import { InputError } from '../words/inputError';
import { flushTelemetry, type FlushResult } from './flushTelemetry';
import { runScheduledTelemetry, type ScheduledRunResult } from './telemetrySchedule';
import { startTelemetryReceiver } from './telemetryReceiver';
import { scheduledRunOptions } from './telemetryTicker';
import type { SpoolStats } from './forwardSpool';

export interface TelemetryWorkspace {
  readonly root: string;
  readonly env: NodeJS.ProcessEnv;
  readonly now: Date;
  readonly serviceVersion: string;
}

function engineOf(ws: TelemetryWorkspace): PolicyEngine {
  return loadPolicy(ws.root, { env: ws.env, now: ws.now });
}

/** One scheduled run (`flush --scheduled`): a lock, a checkpoint only when the log grew, sign-only without an endpoint. */
export function runWorkspaceSchedule(ws: TelemetryWorkspace): Promise<ScheduledRunResult> {
  return runScheduledTelemetry(scheduledRunOptions(ws.root, engineOf(ws), ws.env, ws.serviceVersion));
}

export interface FlushRequest {
  /** The user's endpoint; else the policy's, else OTEL_EXPORTER_OTLP_LOGS_ENDPOINT. */
  readonly endpoint?: string;
  readonly checkpoint: boolean;
}

export type FlushOutcome = { readonly endpoint: string; readonly result: FlushResult } | { readonly endpoint: string; readonly error: string };

/** Sends every record not yet acknowledged, then a signed checkpoint; a failed send leaves them queued. */
export async function flushWorkspaceTelemetry(ws: TelemetryWorkspace, request: FlushRequest): Promise<FlushOutcome> {
  const engine = engineOf(ws);
  const endpoint = request.endpoint ?? (engine.error ? null : engine.otlpEndpoint) ?? ws.env.OTEL_EXPORTER_OTLP_LOGS_ENDPOINT ?? null;
  if (!endpoint) throw new InputError('airlock telemetry flush: no endpoint; set telemetry.otlpEndpoint in the policy, pass --endpoint, or set OTEL_EXPORTER_OTLP_LOGS_ENDPOINT');
  const dir = resolveAuditDir(ws.root).dir;
  let checkpoint = null;
  if (request.checkpoint) {
    const signer = loadAuditSigner(ws.env, true);
    if (signer) checkpoint = () => createAuditCheckpoint(dir, signer, { gitRoot: isGitRepo(ws.root) ? ws.root : null });
  }
  try {
    return { endpoint, result: await flushTelemetry(dir, { endpoint, serviceVersion: ws.serviceVersion, checkpoint }) };
  } catch (err) {
    return { endpoint, error: errorMessage(err) };
  }
}

export interface ServeRequest {
  /** The user's port (text as given); else the policy's receiverPort, else 4318. */
  readonly port?: string;
  /** The user's upstream; else the policy's otlpEndpoint. */
  readonly forward?: string;
  /** A batch the receiver refused (queue full, malformed). */
  readonly onRefused: (message: string) => void;
  /** A scheduled run that failed while serving (its records stay queued). */
  readonly onScheduleError: (error: string) => void;
}

export interface ServeSummary {
  readonly received: number;
  readonly joined: number;
  /** The forwarding queue's counts and what is still waiting, when forwarding. */
  readonly forwarding: (SpoolStats & { readonly pending: number }) | null;
}

export interface ServingTelemetry {
  readonly url: string;
  readonly forward: string | null;
  /** Stops the schedule and the receiver. */
  close(): Promise<ServeSummary>;
}

/** The loopback receiver for the assistants' exporters; with a telemetry section the schedule runs here too (the lock keeps runs single). */
export async function serveWorkspaceTelemetry(ws: TelemetryWorkspace, request: ServeRequest): Promise<ServingTelemetry> {
  const engine = engineOf(ws);
  const settings = engine.error ? null : engine.telemetrySettings;
  const port = Number(request.port ?? String(settings?.receiverPort ?? 4318));
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new InputError('airlock telemetry serve: --port must be 0..65535');
  const dir = resolveAuditDir(ws.root).dir;
  const forward = request.forward ?? (engine.error ? null : engine.otlpEndpoint);
  const rx = await startTelemetryReceiver({ auditDir: dir, timelineFile: path.join(dir, 'telemetry-timeline.jsonl'), forward, port, onRefused: request.onRefused });
  let timer: NodeJS.Timeout | null = null;
  if (settings) {
    const tick = (): void => {
      void runScheduledTelemetry(scheduledRunOptions(ws.root, engine, ws.env, ws.serviceVersion)).then((r) => {
        if (r.error) request.onScheduleError(r.error);
      });
    };
    tick();
    timer = setInterval(tick, settings.intervalSeconds * 1000);
  }
  return {
    url: rx.url,
    forward,
    async close(): Promise<ServeSummary> {
      if (timer) clearInterval(timer);
      await rx.close();
      const q = rx.spool;
      return { received: rx.stats.received, joined: rx.stats.joined, forwarding: q ? { ...q.stats, pending: q.pending().length } : null };
    },
  };
}
