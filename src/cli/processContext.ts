// The real process as a CliContext.
import type { CliContext } from './cliContext';
import { readStdin } from './readStdin';

export function processContext(argv: readonly string[]): CliContext {
  // A closed pipe (`airlock check | head`) is not an error worth a stack trace. Watched from the
  // first write: touching process.stdout builds its stream (~1 ms), which an allowed hook call that
  // prints nothing never needs.
  let watched = false;
  const stdout = (t: string): void => {
    if (!watched) {
      watched = true;
      process.stdout.on('error', (err: NodeJS.ErrnoException) => {
        if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
        throw err;
      });
    }
    process.stdout.write(t);
  };
  return {
    argv,
    cwd: process.cwd(),
    env: process.env,
    stdout,
    stderr: (t) => process.stderr.write(t),
    readStdin,
    now: () => new Date(),
  };
}

export function finish(promise: Promise<number>, onInternalError: (err: unknown) => number): void {
  promise.then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.exitCode = onInternalError(err);
    },
  );
}
