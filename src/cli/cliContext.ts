// What a subcommand gets from its shell: arguments, where it runs, and where output goes.
// Injected so tests run commands in-process against real temp workspaces.
import { InputError } from '../core/words/inputError';

export interface CliContext {
  readonly argv: readonly string[];
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Reads all of standard input (for `airlock hook`). */
  readonly readStdin: () => Promise<string>;
  readonly now: () => Date;
}

/** A mistake in how the command was called: exit 2 with the message, never a stack trace. */
export class UsageError extends InputError {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export const EXIT_OK = 0;
export const EXIT_VIOLATION = 1;
export const EXIT_USAGE = 2;

/** Airlock's version (set by the bundle; the package version when run from source). */
export function airlockVersion(): string {
  return process.env.AIRLOCK_VERSION ?? '0.1.0';
}
