// `airlock telemetry flush`: ships the audit log (from the export cursor) and a signed checkpoint
// to the OTLP/HTTP logs endpoint, outside the hook's answer path.
import { flushWorkspaceTelemetry, runWorkspaceSchedule, serveWorkspaceTelemetry, type TelemetryWorkspace } from '../../core/telemetry/telemetryFeature';
import { commandArgs, groupSubcommand, stringOption } from '../cliArgs';
import { airlockVersion, type CliContext, EXIT_OK, EXIT_VIOLATION } from '../cliContext';
import { resolveRoot } from '../workspaceOption';

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

function workspace(ctx: CliContext, root: string | undefined): TelemetryWorkspace {
  return { root: resolveRoot(root, ctx.cwd), env: ctx.env, now: ctx.now(), serviceVersion: airlockVersion() };
}

async function serve(ctx: CliContext, rest: readonly string[]): Promise<number> {
  const args = commandArgs(ctx, TELEMETRY_HELP, 'telemetry serve', rest, { port: { type: 'string' }, forward: { type: 'string' }, root: { type: 'string' } });
  if (typeof args === 'number') return args;
  const served = await serveWorkspaceTelemetry(workspace(ctx, stringOption(args, 'root')), {
    port: stringOption(args, 'port'),
    forward: stringOption(args, 'forward'),
    onRefused: (m) => ctx.stderr(`airlock telemetry serve: ${m}\n`),
    onScheduleError: (e) => ctx.stderr(`airlock telemetry: scheduled run failed (${e}); records stay queued\n`),
  });
  ctx.stdout(`Airlock telemetry receiver on ${served.url} (Ctrl-C to stop)${served.forward ? `; forwarding to ${served.forward}` : ''}\n`);
  await new Promise<void>((resolve) => process.once('SIGINT', resolve).once('SIGTERM', resolve));
  const s = await served.close();
  const q = s.forwarding;
  ctx.stdout(`received ${s.received}, joined ${s.joined}${q ? `; forwarded ${q.sent}, retried ${q.retries}, refused (queue full) ${q.refusedFull}, rejected upstream ${q.rejected}, still queued ${q.pending}` : ''}\n`);
  return EXIT_OK;
}

export async function telemetryCommand(ctx: CliContext): Promise<number> {
  const group = groupSubcommand(ctx, 'telemetry', TELEMETRY_HELP, ['flush', 'serve']);
  if (typeof group === 'number') return group;
  const { sub, rest } = group;
  if (sub === 'serve') return serve(ctx, rest);
  const args = commandArgs(ctx, TELEMETRY_HELP, 'telemetry flush', rest, { endpoint: { type: 'string' }, 'no-checkpoint': { type: 'boolean' }, scheduled: { type: 'boolean' }, json: { type: 'boolean' }, root: { type: 'string' } });
  if (typeof args === 'number') return args;
  const ws = workspace(ctx, stringOption(args, 'root'));
  if (args.values.scheduled) {
    const r = await runWorkspaceSchedule(ws);
    if (args.values.json) ctx.stdout(`${JSON.stringify(r, null, 2)}\n`);
    else if (r.error) ctx.stderr(`airlock telemetry flush: ${r.error}; unsent records stay queued in the audit log for the next run\n`);
    return r.error ? EXIT_VIOLATION : EXIT_OK;
  }
  const outcome = await flushWorkspaceTelemetry(ws, { endpoint: stringOption(args, 'endpoint'), checkpoint: !args.values['no-checkpoint'] });
  if ('error' in outcome) {
    ctx.stderr(`airlock telemetry flush: ${outcome.error}; unsent records stay queued in the audit log for the next flush\n`);
    return EXIT_VIOLATION;
  }
  const { endpoint, result } = outcome;
  if (args.values.json) ctx.stdout(`${JSON.stringify({ endpoint, ...result }, null, 2)}\n`);
  else {
    const what = result.exported ? `Sent ${result.exported} audit record(s) (${result.from + 1}…${result.to})` : 'No new audit records';
    ctx.stdout(`${what} to ${endpoint}${result.checkpointSize !== null ? `; signed checkpoint of ${result.checkpointSize} sent` : ''}.\n`);
  }
  return EXIT_OK;
}
