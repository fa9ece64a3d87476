// `airlock gateway`: runs the loopback model gateway until interrupted.
import { clientSetups, startStandaloneGateway } from '../../core/gateway/standaloneGateway';
import { gatewayHome } from '../runGateway';
import { commandArgs, stringOption } from '../cliArgs';
import { type CliContext, EXIT_OK, EXIT_VIOLATION, UsageError } from '../cliContext';
import { errorMessage } from '../../core/util/errorMessage';
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
  --port N          port to listen on (default: the policy's "models.gateway.port", else a free
                    one; on the policy's port the token is the per-user ~/.config/airlock/gateway-token)
  --endpoint NAME   endpoint for requests whose path names none (default: the first of the format)
  --no-token        accept requests without the gateway's token (any local user could use it)
  --json            print one JSON line { url, token, endpoints } instead of the text banner
  --root DIR        the workspace root (default: nearest folder with .airlock/policy.json)
`;

export async function gatewayCommand(ctx: CliContext): Promise<number> {
  const args = commandArgs(ctx, GATEWAY_HELP, 'gateway', ctx.argv, { port: { type: 'string' }, endpoint: { type: 'string' }, 'no-token': { type: 'boolean' }, json: { type: 'boolean' }, root: { type: 'string' } });
  if (typeof args === 'number') return args;
  const portText = stringOption(args, 'port');
  const port = portText === undefined ? undefined : Number(portText);
  if (portText !== undefined && (!/^\d+$/.test(portText) || (port ?? 0) > 65535)) throw new UsageError(`airlock gateway: --port must be a number from 0 to 65535, not "${portText}"`);
  const home = gatewayHome(ctx.env);
  const root = resolveRoot(stringOption(args, 'root'), ctx.cwd);
  const gateway = await startStandaloneGateway(root, {
    env: ctx.env, port, defaultEndpoint: stringOption(args, 'endpoint'), ...(home ? { policyPortHome: home } : {}),
    token: args.values['no-token'] ? null : ctx.env.AIRLOCK_GATEWAY_TOKEN || undefined,
    onRequest: (line) => ctx.stderr(`airlock gateway: ${line}\n`),
  });
  const { endpoints, token } = gateway;
  if (args.values.json) {
    ctx.stdout(`${JSON.stringify({ url: gateway.url, token: token ?? null, endpoints: endpoints.map((e) => ({ name: e.name, api: e.api, url: `${gateway.url}/e/${e.name}` })) })}\n`);
  } else {
    ctx.stdout(`airlock gateway: listening on ${gateway.url} (policy ${root}/.airlock/policy.json)\n`);
    for (const e of endpoints) {
      ctx.stdout(`\nendpoint "${e.name}" (${e.api}) → ${gateway.url}/e/${e.name}\n`);
      for (const { client, setup } of clientSetups(gateway, e.name)) {
        const env = Object.entries(setup.env).map(([k, v]) => `${k}=${shellQuote(v)}`).join(' ');
        ctx.stdout(`  ${client.padEnd(12)} ${env}${setup.args.length ? ` ${client} ${setup.args.map(shellQuote).join(' ')}` : ''}\n`);
      }
    }
  }
  await new Promise<void>((resolve) => {
    const stop = (): void => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  try {
    // Writes the audit events still queued (the gateway appends them in batches).
    await gateway.close();
  } catch (err) {
    ctx.stderr(`airlock gateway: stopped, but the audit events still queued could not be written: ${errorMessage(err)}\n`);
    return EXIT_VIOLATION;
  }
  return EXIT_OK;
}

function shellQuote(s: string): string {
  return /^[A-Za-z0-9_./:=@-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}
