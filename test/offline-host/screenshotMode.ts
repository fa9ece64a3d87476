// Screenshot mode: open a workspace with the extension loaded, run commands, and save a PNG (for the
// README and for checking by eye what a person would see).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Page } from 'playwright-core';
import type { Cleanup } from './cleanup';
import type { HostOptions } from './hostOptions';
import { openWorkbench, startSession, status } from './hostSession';
import { extensionId } from './serveMode';
import { EXIT_HOST_BROKEN, EXIT_TIMEOUT, saveScreenshot } from './testMode';


// The web workbench runs extensionTestsPath only beside a development extension, so the title bar says
// "[Extension Development Host]"; a user with Airlock installed never sees that label, so it is removed
// from the title bar (and nothing else) before the picture.
async function hideDevelopmentHostLabel(page: Page): Promise<void> {
  // A string, as it runs in the page (this project compiles without the DOM types).
  await page.evaluate(`(() => {
    const label = '[Extension Development Host]';
    const titleBar = document.querySelector('.part.titlebar');
    if (!titleBar) return;
    const walker = document.createTreeWalker(titleBar, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (node.textContent.includes(label)) node.textContent = node.textContent.replace(label, '').trimStart();
    }
  })()`);
}

async function waitForFile(file: string): Promise<'ready'> {
  while (!fs.existsSync(file)) await sleep(200);
  return 'ready';
}

export async function runScreenshotMode(options: HostOptions, cleanup: Cleanup): Promise<number> {
  const target = options.screenshotPath;
  if (!target) throw new Error('screenshot mode needs --screenshot FILE.png');
  if (!fs.existsSync(`${options.testsPath}.js`)) throw new Error(`${options.testsPath}.js not found (run.sh builds it)`);
  const deadline = sleep(options.timeoutSeconds * 1000, 'timeout' as const, { ref: false });

  // The signal files live in the run dir, which exists only after the session starts: name them up front.
  const signalDir = fs.mkdtempSync(path.join(options.artifacts, 'signals-'));
  const readyFile = path.join(signalDir, 'ready');
  const releaseFile = path.join(signalDir, 'release');
  const session = await startSession(options, cleanup, {
    smokeTestDriver: true,
    extraEnv: {
      AIRLOCK_SHOT_READY: readyFile,
      AIRLOCK_SHOT_RELEASE: releaseFile,
      AIRLOCK_SHOT_COMMANDS: JSON.stringify(options.commands),
      AIRLOCK_SHOT_OPEN: JSON.stringify(options.openFiles),
      AIRLOCK_SHOT_EXTENSION: extensionId(options.extensionPath),
    },
  });
  cleanup.add('remove signal files', () => fs.rmSync(signalDir, { recursive: true, force: true }));
  const workbench = await openWorkbench(options, session, cleanup, {
    extensionDevelopmentPath: options.extensionPath,
    extensionTestsPath: options.testsPath,
    disableExtensions: !options.enableExtensions,
  });

  const outcome = await Promise.race([
    waitForFile(readyFile),
    workbench.hostExit,
    deadline,
    session.server.exited.then((code) => `code-server exited (${code})`),
    workbench.pageGone,
  ]);
  if (outcome !== 'ready') {
    const failureShot = path.join(options.artifacts, 'failure.png');
    if (typeof outcome === 'object') {
      // The driver settled before signalling ready: a command failed (its error is printed above).
      status(`the screenshot driver failed (extension host exit code ${outcome.code}); logs in ${options.artifacts}`);
      await saveScreenshot(workbench, failureShot);
      return outcome.code === 0 ? EXIT_HOST_BROKEN : outcome.code;
    }
    status(`${outcome === 'timeout' ? `timed out after ${options.timeoutSeconds} s` : outcome}; logs in ${options.artifacts}`);
    await saveScreenshot(workbench, failureShot);
    return outcome === 'timeout' ? EXIT_TIMEOUT : EXIT_HOST_BROKEN;
  }
  // Let views render and notifications settle before the picture.
  await sleep(options.waitMs);
  await hideDevelopmentHostLabel(workbench.page);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  await workbench.page.screenshot({ path: target });
  status(`screenshot saved: ${target}`);
  fs.writeFileSync(releaseFile, 'done');
  const exit = await Promise.race([workbench.hostExit, sleep(15_000, undefined)]);
  return exit?.code ?? 0;
}
