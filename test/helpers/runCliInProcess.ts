// Runs `airlock <args>` in-process against a real workspace, capturing what it prints.
import { runCli } from '../../src/cli/runCli';

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export async function runAirlock(args: readonly string[], options: { cwd: string; stdin?: string; env?: NodeJS.ProcessEnv; now?: Date }): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await runCli({
    argv: args,
    cwd: options.cwd,
    env: options.env ?? { ...process.env, AIRLOCK_BASELINE: '' },
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    readStdin: async () => options.stdin ?? '',
    now: () => options.now ?? new Date(),
  });
  return { code, stdout, stderr };
}
