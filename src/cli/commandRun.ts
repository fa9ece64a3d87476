// How every bundle's entry runs one subcommand: user mistakes exit 2 with one clear line, and an
// internal failure says so plainly (exit 2), never a bare stack trace.
import { type CliContext, EXIT_USAGE } from './cliContext';
import { InputError } from '../core/words/inputError';
import { errorMessage } from '../core/util/errorMessage';

export type Command = (ctx: CliContext) => Promise<number>;

export async function runSubcommand(run: Command, ctx: CliContext): Promise<number> {
  try {
    return await run(ctx);
  } catch (err) {
    if (err instanceof InputError) {
      ctx.stderr(`${err.message}\n`);
      return EXIT_USAGE;
    }
    throw err;
  }
}

/** An internal failure, with the detail for a bug report under AIRLOCK_DEBUG. */
export function reportInternalError(err: unknown): number {
  process.stderr.write(`airlock: internal error: ${errorMessage(err)}\n`);
  if (process.env.AIRLOCK_DEBUG) process.stderr.write(`${err instanceof Error ? err.stack : ''}\n`);
  return 2;
}
