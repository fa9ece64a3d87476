// Test mode: run the extensionTestsPath suite in the real extension host and return its exit code.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Cleanup } from './cleanup';
import type { HostOptions } from './hostOptions';
import { openWorkbench, startSession, status, type Workbench } from './hostSession';
import { linkExtension } from './serveMode';

export const EXIT_TIMEOUT = 124;
export const EXIT_HOST_BROKEN = 3;

export async function saveScreenshot(workbench: Workbench, file: string): Promise<void> {
  try {
    await workbench.page.screenshot({ path: file, timeout: 10_000 });
    status(`screenshot saved: ${file}`);
  } catch (err) {
    status(`could not save a screenshot: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** The agent-hooks probe (test/hooksProbe, built next to the tests by esbuild --tests), if built. */
function hooksProbe(options: HostOptions): string | undefined {
  const dir = path.join(path.dirname(options.testsPath), '..', 'hooksProbe');
  return fs.existsSync(path.join(dir, 'package.json')) ? dir : undefined;
}

export async function runTestMode(options: HostOptions, cleanup: Cleanup): Promise<number> {
  const started = Date.now();
  if (!fs.existsSync(`${options.testsPath}.js`)) {
    throw new Error(`${options.testsPath}.js not found: build the tests first (node esbuild.config.mjs --tests)`);
  }
  const deadline = sleep(options.timeoutSeconds * 1000, 'timeout' as const, { ref: false });
  const probe = hooksProbe(options);
  // The payload takes one development extension, so the probe is installed instead, into this run's
  // own extensions dir, which then holds nothing else: installed extensions can stay enabled.
  const session = await startSession(options, cleanup, {
    smokeTestDriver: true,
    // agentHooks.test.ts installs the org plugin at its /etc path, as an organisation would.
    privateEtc: true,
    prepareExtensions: probe ? (dir) => linkExtension(probe, dir) : undefined,
  });
  const workbench = await openWorkbench(options, session, cleanup, {
    extensionDevelopmentPath: options.extensionPath,
    extensionTestsPath: options.testsPath,
    disableExtensions: !options.enableExtensions && !probe,
  });
  status(`workbench opened on ${options.workspace}; waiting for the extension host`);

  const outcome = await Promise.race([
    workbench.hostExit,
    deadline,
    session.server.exited.then((code) => `code-server exited (${code}) before the extension host finished`),
    workbench.pageGone,
  ]);
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const failureShot = path.join(options.artifacts, 'failure.png');
  if (outcome === 'timeout') {
    status(`timed out after ${options.timeoutSeconds} s; logs in ${options.artifacts}`);
    await saveScreenshot(workbench, failureShot);
    return EXIT_TIMEOUT;
  }
  if (typeof outcome === 'string') {
    status(`${outcome}; logs in ${options.artifacts}`);
    await saveScreenshot(workbench, failureShot);
    return EXIT_HOST_BROKEN;
  }
  status(`extension host exited with code ${outcome.code} after ${seconds} s`);
  if (outcome.code !== 0) {
    await saveScreenshot(workbench, failureShot);
    status(`logs in ${options.artifacts}`);
  }
  return outcome.code;
}
