// `airlock telemetry flush`: ships the audit log (from the export cursor) and a signed checkpoint
// to the OTLP/HTTP logs endpoint, outside the hook's answer path.
import * as path from 'node:path';
import { isGitRepo } from '../../core/audit/auditAnchor';
import { createAuditCheckpoint } from '../../core/audit/auditCheckpoint';
import { loadAuditSigner } from '../../core/audit/auditKeys';
import { resolveAuditDir } from '../../core/audit/auditLocation';
import { loadPolicy } from '../../core/policy/loadPolicy';
import { flushTelemetry } from '../../core/telemetry/flushTelemetry';
import { startTelemetryReceiver } from '../../core/telemetry/telemetryReceiver';
import { commandArgs, groupSubcommand, stringOption } from '../cliArgs';
import { type CliContext, EXIT_OK, EXIT_VIOLATION, UsageError } from '../cliContext';
import { resolveRoot } from '../workspaceOption';
import { errorMessage } from '../../core/util/errorMessage';

export const TELEMETRY_HELP = `Usage: airlock telemetry flush [--endpoint URL] [--no-checkpoint] [--json] [--root DIR]
       airlock telemetry serve [--port N] [--forward URL] [--root DIR]

flush  sends every audit record not yet acknowledged to the OTLP/HTTP logs endpoint (official
       OpenTelemetry JS exporter; gen_ai.* and airlock.* attributes), then a signed checkpoint of
       the log (also anchored on refs/airlock/audit-checkpoints). The endpoint is --endpoint, else
       the policy's telemetry.otlpEndpoint (a baseline's wins), else OTEL_EXPORTER_OTLP_LOGS_ENDPOINT.
       Headers come from OTEL_EXPORTER_OTLP_HEADERS. The hook never sends: run this on a schedule
       (or from CI); records wait in the audit log, which is the durable buffer.
serve  a loopback OTLP/HTTP JSON logs receiver (127.0.0.1, default port 4318) for the assistants'
       own exporters (e.g. Claude Code: OTEL_LOGS_EXPORTER=otlp, OTEL_EXPORTER_OTLP_PROTOCOL=http/json,
       OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:4318). Each event is joined with Airlock's
       decision for the same session and tool, appended to telemetry-timeline.jsonl next to the
       audit log, and forwarded (annotated with airlock.* attributes) to --forward.
`;

async function serve(ctx: CliContext, rest: readonly string[]): Promise<number> {
  const args = commandArgs(ctx, TELEMETRY_HELP, 'telemetry serve', rest, { port: { type: 'string' }, forward: { type: 'string' }, root: { type: 'string' } });
  if (typeof args === 'number') return args;
  const root = resolveRoot(stringOption(args, 'root'), ctx.cwd);
  const port = Number(stringOption(args, 'port') ?? '4318');
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError('airlock telemetry serve: --port must be 0..65535');
  const dir = resolveAuditDir(root).dir;
  const rx = await startTelemetryReceiver({ auditDir: dir, timelineFile: path.join(dir, 'telemetry-timeline.jsonl'), forward: stringOption(args, 'forward') ?? null, port });
  ctx.stdout(`Airlock telemetry receiver on ${rx.url} (Ctrl-C to stop)\n`);
  await new Promise<void>((resolve) => process.once('SIGINT', resolve).once('SIGTERM', resolve));
  await rx.close();
  ctx.stdout(`received ${rx.stats.received}, joined ${rx.stats.joined}, forward failures ${rx.stats.forwardFailures}\n`);
  return EXIT_OK;
}

export async function telemetryCommand(ctx: CliContext): Promise<number> {
  const group = groupSubcommand(ctx, 'telemetry', TELEMETRY_HELP, ['flush', 'serve']);
  if (typeof group === 'number') return group;
  const { sub, rest } = group;
  if (sub === 'serve') return serve(ctx, rest);
  const args = commandArgs(ctx, TELEMETRY_HELP, 'telemetry flush', rest, { endpoint: { type: 'string' }, 'no-checkpoint': { type: 'boolean' }, json: { type: 'boolean' }, root: { type: 'string' } });
  if (typeof args === 'number') return args;
  const root = resolveRoot(stringOption(args, 'root'), ctx.cwd);
  const engine = loadPolicy(root, { env: ctx.env, now: ctx.now() });
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
    result = await flushTelemetry(dir, { endpoint, serviceVersion: '0.1.0', checkpoint });
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
