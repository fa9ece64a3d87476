// `airlock telemetry flush`: ships the audit log (from the export cursor) and a signed checkpoint
// to the OTLP/HTTP logs endpoint, outside the hook's answer path.
import * as path from 'node:path';
import { isGitRepo } from '../../core/audit/auditAnchor';
import { createAuditCheckpoint } from '../../core/audit/auditCheckpoint';
import { loadAuditSigner } from '../../core/audit/auditKeys';
import { resolveAuditDir } from '../../core/audit/auditLocation';
import { loadPolicy } from '../../core/policy/loadPolicy';
import { flushTelemetry } from '../../core/telemetry/flushTelemetry';
import { runScheduledTelemetry, type ScheduledRunOptions } from '../../core/telemetry/telemetrySchedule';
import type { PolicyEngine } from '../../core/policy/policyEngine';
import { startTelemetryReceiver } from '../../core/telemetry/telemetryReceiver';
import { scheduledRunOptions } from '../../core/telemetry/telemetryTicker';
import { commandArgs, groupSubcommand, stringOption } from '../cliArgs';
import { airlockVersion, type CliContext, EXIT_OK, EXIT_VIOLATION, UsageError } from '../cliContext';
import { resolveRoot } from '../workspaceOption';
import { errorMessage } from '../../core/util/errorMessage';

export const TELEMETRY_HELP = `Usage: airlock telemetry flush [--endpoint URL] [--no-checkpoint] [--scheduled] [--json] [--root DIR]
       airlock telemetry serve [--port N] [--forward URL] [--root DIR]

flush  sends every audit record not yet acknowledged to the OTLP/HTTP logs endpoint (official
       OpenTelemetry JS exporter; gen_ai.* and airlock.* attributes), then a signed checkpoint of
       the log (also anchored on refs/airlock/audit-checkpoints). The endpoint is --endpoint, else
       the policy's telemetry.otlpEndpoint (a baseline's wins), else OTEL_EXPORTER_OTLP_LOGS_ENDPOINT.
       Headers come from OTEL_EXPORTER_OTLP_HEADERS. Records wait in the audit log, which is the
       durable buffer. With a "telemetry" section in the policy this runs on its own every
       telemetry.intervalSeconds (default 60): the hook starts it detached after answering, and
       \`serve\` and the extension run it while open. --scheduled is that run: one at a time (a lock),
       a checkpoint only when the log grew, no endpoint needed (it then only signs and anchors),
       the outcome kept in otlp-last-run.json next to the log.
serve  a loopback OTLP/HTTP receiver (127.0.0.1, default port telemetry.receiverPort or 4318;
       protobuf or JSON; /v1/logs, /v1/traces, /v1/metrics) for the assistants' own exporters, which
       \`airlock org compile\` (and sync, for VS Code Copilot Chat) points at it when telemetry.assistants is true. Each tool event is joined with
       Airlock's decision for the same tool-call id (else session and tool), appended to
       telemetry-timeline.jsonl next to the audit log, and forwarded (annotated with airlock.*
       attributes) to --forward, else the policy's telemetry.otlpEndpoint: durably, through a queue
       in otlp-forward/ next to the audit log (retried with backoff; when 64 MB are waiting, new
       events get 503 so the exporters keep them). Also runs the schedule.
`;

function scheduledOptions(ctx: CliContext, root: string, engine: PolicyEngine): ScheduledRunOptions {
  return scheduledRunOptions(root, engine, ctx.env, airlockVersion());
}

async function serve(ctx: CliContext, rest: readonly string[]): Promise<number> {
  const args = commandArgs(ctx, TELEMETRY_HELP, 'telemetry serve', rest, { port: { type: 'string' }, forward: { type: 'string' }, root: { type: 'string' } });
  if (typeof args === 'number') return args;
  const root = resolveRoot(stringOption(args, 'root'), ctx.cwd);
  const engine = loadPolicy(root, { env: ctx.env, now: ctx.now() });
  const settings = engine.error ? null : engine.telemetrySettings;
  const port = Number(stringOption(args, 'port') ?? String(settings?.receiverPort ?? 4318));
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError('airlock telemetry serve: --port must be 0..65535');
  const dir = resolveAuditDir(root).dir;
  const forward = stringOption(args, 'forward') ?? (engine.error ? null : engine.otlpEndpoint);
  const rx = await startTelemetryReceiver({ auditDir: dir, timelineFile: path.join(dir, 'telemetry-timeline.jsonl'), forward, port, onRefused: (m) => ctx.stderr(`airlock telemetry serve: ${m}\n`) });
  ctx.stdout(`Airlock telemetry receiver on ${rx.url} (Ctrl-C to stop)${forward ? `; forwarding to ${forward}` : ''}\n`);
  // While serving, the flush + checkpoint schedule runs here too (the lock keeps runs single).
  let timer: NodeJS.Timeout | null = null;
  if (settings) {
    const tick = (): void => {
      void runScheduledTelemetry(scheduledOptions(ctx, root, engine)).then((r) => {
        if (r.error) ctx.stderr(`airlock telemetry: scheduled run failed (${r.error}); records stay queued\n`);
      });
    };
    tick();
    timer = setInterval(tick, settings.intervalSeconds * 1000);
  }
  await new Promise<void>((resolve) => process.once('SIGINT', resolve).once('SIGTERM', resolve));
  if (timer) clearInterval(timer);
  await rx.close();
  const q = rx.spool;
  ctx.stdout(`received ${rx.stats.received}, joined ${rx.stats.joined}${q ? `; forwarded ${q.stats.sent}, retried ${q.stats.retries}, refused (queue full) ${q.stats.refusedFull}, rejected upstream ${q.stats.rejected}, still queued ${q.pending().length}` : ''}\n`);
  return EXIT_OK;
}

export async function telemetryCommand(ctx: CliContext): Promise<number> {
  const group = groupSubcommand(ctx, 'telemetry', TELEMETRY_HELP, ['flush', 'serve']);
  if (typeof group === 'number') return group;
  const { sub, rest } = group;
  if (sub === 'serve') return serve(ctx, rest);
  const args = commandArgs(ctx, TELEMETRY_HELP, 'telemetry flush', rest, { endpoint: { type: 'string' }, 'no-checkpoint': { type: 'boolean' }, scheduled: { type: 'boolean' }, json: { type: 'boolean' }, root: { type: 'string' } });
  if (typeof args === 'number') return args;
  const root = resolveRoot(stringOption(args, 'root'), ctx.cwd);
  const engine = loadPolicy(root, { env: ctx.env, now: ctx.now() });
  if (args.values.scheduled) {
    const r = await runScheduledTelemetry(scheduledOptions(ctx, root, engine));
    if (args.values.json) ctx.stdout(`${JSON.stringify(r, null, 2)}\n`);
    else if (r.error) ctx.stderr(`airlock telemetry flush: ${r.error}; unsent records stay queued in the audit log for the next run\n`);
    return r.error ? EXIT_VIOLATION : EXIT_OK;
  }
  const endpoint = stringOption(args, 'endpoint') ?? (engine.error ? null : engine.otlpEndpoint) ?? ctx.env.OTEL_EXPORTER_OTLP_LOGS_ENDPOINT ?? null;
  if (!endpoint) throw new UsageError('airlock telemetry flush: no endpoint; set telemetry.otlpEndpoint in the policy, pass --endpoint, or set OTEL_EXPORTER_OTLP_LOGS_ENDPOINT');
  const dir = resolveAuditDir(root).dir;
  let checkpoint = null;
  if (!args.values['no-checkpoint']) {
    const signer = loadAuditSigner(ctx.env, true);
    if (signer) checkpoint = () => createAuditCheckpoint(dir, signer, { gitRoot: isGitRepo(root) ? root : null });
  }
  let result;
  try {
    result = await flushTelemetry(dir, { endpoint, serviceVersion: airlockVersion(), checkpoint });
  } catch (err) {
    ctx.stderr(`airlock telemetry flush: ${errorMessage(err)}; unsent records stay queued in the audit log for the next flush\n`);
    return EXIT_VIOLATION;
  }
  if (args.values.json) ctx.stdout(`${JSON.stringify({ endpoint, ...result }, null, 2)}\n`);
  else {
    const what = result.exported ? `Sent ${result.exported} audit record(s) (${result.from + 1}…${result.to})` : 'No new audit records';
    ctx.stdout(`${what} to ${endpoint}${result.checkpointSize !== null ? `; signed checkpoint of ${result.checkpointSize} sent` : ''}.\n`);
  }
  return EXIT_OK;
}
