// `airlock init`: writes a starter policy; never overwrites one.
import { resolve } from 'node:path';
import { writeStarterPolicy } from '../../core/policy/writeStarterPolicy';
import { commandArgs, stringOption } from '../cliArgs';
import { type CliContext, EXIT_OK, EXIT_VIOLATION } from '../cliContext';

export const INIT_HELP = `Usage: airlock init [--root DIR]

Writes a starter .airlock/policy.json (common secret files, keys, cloud credentials, CI
secrets) with comments to guide you. Refuses to overwrite an existing policy.
`;

export async function initCommand(ctx: CliContext): Promise<number> {
  const args = commandArgs(ctx, INIT_HELP, 'init', ctx.argv, { root: { type: 'string' } });
  if (typeof args === 'number') return args;
  const root = resolve(ctx.cwd, stringOption(args, 'root') ?? '.');
  const result = writeStarterPolicy(root);
  const file = result.file;
  if (!result.written) {
    ctx.stderr(`${file} already exists; Airlock never overwrites a policy. Edit it, or check it with \`airlock check\`.\n`);
    return EXIT_VIOLATION;
  }
  ctx.stdout(`Wrote ${file}.\nNext: review the rules, run \`airlock check\`, then \`airlock sync\` to install it in your assistants.\n`);
  return EXIT_OK;
}
