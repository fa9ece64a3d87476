// Entry of the offline VS Code host launcher (bundled and started on Node 24 by run.sh).
import * as fs from 'node:fs';
import { Cleanup } from './cleanup';
import { parseHostOptions, USAGE, UsageError, type HostOptions } from './hostOptions';
import { prepareArtifacts, status } from './hostSession';
import { runScreenshotMode } from './screenshotMode';
import { runServeMode } from './serveMode';
import { EXIT_HOST_BROKEN, runTestMode } from './testMode';

const EXIT_USAGE = 2;
const SIGNAL_EXIT: Record<string, number> = { SIGHUP: 129, SIGINT: 130, SIGTERM: 143 };

async function main(argv: readonly string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(USAGE);
    return 0;
  }
  let options: HostOptions;
  try {
    options = parseHostOptions(argv, process.cwd());
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    process.stderr.write(`[offline-host] ${err.message}\n\n${USAGE}`);
    return EXIT_USAGE;
  }
  if (!fs.statSync(options.workspace, { throwIfNoEntry: false })?.isDirectory()) {
    process.stderr.write(`[offline-host] workspace folder not found: ${options.workspace}\n`);
    return EXIT_USAGE;
  }

  const cleanup = new Cleanup();
  process.once('exit', () => cleanup.runUrgent());
  let onSignal: (why: string) => void = () => undefined;
  const stopped = new Promise<string>((resolve) => (onSignal = resolve));
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => onSignal(signal));
  }

  prepareArtifacts(options.artifacts);
  const work =
    options.mode === 'serve'
      ? runServeMode(options, cleanup, stopped)
      : options.mode === 'screenshot'
        ? runScreenshotMode(options, cleanup)
        : runTestMode(options, cleanup);
  try {
    // A signal ends every mode (serve mode returns by itself on it); 128 + signal number, as shells do.
    return await Promise.race([work, stopped.then((signal) => (options.mode === 'serve' ? work : SIGNAL_EXIT[signal] ?? 130))]);
  } catch (err) {
    status(`error: ${err instanceof Error ? err.message : String(err)}`);
    return EXIT_HOST_BROKEN;
  } finally {
    await cleanup.run();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`[offline-host] unexpected failure: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(EXIT_HOST_BROKEN);
  },
);
