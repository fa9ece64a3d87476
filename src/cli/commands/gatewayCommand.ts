// `airlock gateway`: runs the loopback model gateway until interrupted.
import { randomBytes } from 'node:crypto';
import { GATEWAY_CLIENTS, gatewayClientSetup } from '../../core/gateway/gatewayClientSetup';
import { startGateway } from '../../core/gateway/gatewayServer';
import { livePolicy } from '../../core/models/livePolicy';
import { OutboundInspector } from '../../core/models/outboundInspector';
import { parseCommandArgs, stringOption } from '../cliArgs';
import { type CliContext, EXIT_OK, EXIT_USAGE, UsageError } from '../cliContext';
import { resolveRoot } from '../workspaceOption';

export const GATEWAY_HELP = `Usage: airlock gateway [--root DIR] [--port N] [--endpoint NAME] [--no-token] [--json]

A model gateway on 127.0.0.1 for CLI agents. It speaks the Anthropic (/v1/messages) and
OpenAI (/v1/chat/completions) wire formats, streaming included. Before a request leaves it masks
secrets, refuses or removes content of protected files (recognised by fingerprint, whatever route
it took), checks the endpoint against the policy's "models" section, writes an audit event, and
forwards to the endpoint with the key named by its "keyEnv".

Point a client at http://127.0.0.1:<port>/e/<endpoint> (or the plain URL for --endpoint).
The settings for Claude Code, the Copilot CLI, Codex and opencode are printed at start.

Options:
  --port N          port to listen on (default: a free one)
  --endpoint NAME   endpoint for requests whose path names none (default: the first of the format)
  --no-token        accept requests without the gateway's token (any local user could use it)
  --json            print one JSON line { url, token, endpoints } instead of the text banner
  --root DIR        the workspace root (default: nearest folder with .airlock/policy.json)
`;

export async function gatewayCommand(ctx: CliContext): Promise<number> {
  const args = parseCommandArgs('gateway', ctx.argv, { port: { type: 'string' }, endpoint: { type: 'string' }, 'no-token': { type: 'boolean' }, json: { type: 'boolean' }, root: { type: 'string' } });
  if (args.values.help) {
    ctx.stdout(GATEWAY_HELP);
    return EXIT_OK;
  }
  const portText = stringOption(args, 'port') ?? '0';
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port > 65535) throw new UsageError(`airlock gateway: --port must be a number from 0 to 65535, not "${portText}"`);
  const root = resolveRoot(stringOption(args, 'root'), ctx.cwd);
  const inspector = new OutboundInspector({ engine: livePolicy(root, ctx.env), env: ctx.env });
  const { engine, rules } = inspector.state();
  if (engine.error) {
    ctx.stderr(`airlock gateway: the policy is invalid; fix it first:\n  ${engine.error.message}\n`);
    return EXIT_USAGE;
  }
  if (!rules.configured) throw new UsageError('airlock gateway: the policy has no "models" section naming an endpoint; see README "The governed model path"');
  const defaultEndpoint = stringOption(args, 'endpoint');
  if (defaultEndpoint !== undefined && !rules.endpoints.has(defaultEndpoint)) throw new UsageError(`airlock gateway: no endpoint "${defaultEndpoint}" in the policy (defined: ${[...rules.endpoints.keys()].join(', ')})`);
  const token = args.values['no-token'] ? undefined : ctx.env.AIRLOCK_GATEWAY_TOKEN || randomBytes(24).toString('base64url');
  const gateway = await startGateway({ inspector, defaultEndpoint, env: ctx.env, token, port, onRequest: (line) => ctx.stderr(`airlock gateway: ${line}\n`) });
  const endpoints = [...rules.endpoints.values()];
  if (args.values.json) {
    ctx.stdout(`${JSON.stringify({ url: gateway.url, token: token ?? null, endpoints: endpoints.map((e) => ({ name: e.name, api: e.api, url: `${gateway.url}/e/${e.name}` })) })}\n`);
  } else {
    ctx.stdout(`airlock gateway: listening on ${gateway.url} (policy ${root}/.airlock/policy.json)\n`);
    for (const e of endpoints) {
      ctx.stdout(`\nendpoint "${e.name}" (${e.api}) → ${gateway.url}/e/${e.name}\n`);
      for (const client of GATEWAY_CLIENTS) {
        try {
          const setup = gatewayClientSetup(client, { gatewayUrl: gateway.url, endpoint: e, token });
          const env = Object.entries(setup.env).map(([k, v]) => `${k}=${shellQuote(v)}`).join(' ');
          ctx.stdout(`  ${client.padEnd(12)} ${env}${setup.args.length ? ` ${client === 'codex' ? 'codex' : client} ${setup.args.map(shellQuote).join(' ')}` : ''}\n`);
        } catch {
          // This client cannot use an endpoint of this format.
        }
      }
    }
  }
  await new Promise<void>((resolve) => {
    const stop = (): void => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await gateway.close();
  return EXIT_OK;
}

function shellQuote(s: string): string {
  return /^[A-Za-z0-9_./:=@-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}
