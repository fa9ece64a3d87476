// Starts and stops code-server (the VS Code server + web workbench) on 127.0.0.1.
import { spawn, type ChildProcess } from 'node:child_process';
import { untrustedRun } from './runDirs';
import * as fs from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

export interface CodeServerOptions {
  nodeBin: string;
  entry: string;
  port: number;
  userDataDir: string;
  extensionsDir: string;
  configFile: string;
  logFile: string;
  env: NodeJS.ProcessEnv;
  /** Lets the workbench honour extensionDevelopmentPath/extensionTestsPath from the URL payload. */
  smokeTestDriver: boolean;
  /** Starts code-server through this (e.g. in a private mount namespace) instead of directly. */
  wrap?: (command: string, args: string[]) => { command: string; args: string[] };
}

export interface CodeServer {
  url: string;
  port: number;
  pid: number;
  /** Resolves with the exit code (or signal name) when code-server exits for any reason. */
  exited: Promise<number | string>;
  stop(): Promise<void>;
  /** Last resort from a synchronous 'exit' handler. */
  killNow(): void;
}

export function codeServerArgs(options: CodeServerOptions): string[] {
  const args = [
    options.entry,
    '--bind-addr', `127.0.0.1:${options.port}`,
    '--auth', 'none',
    '--config', options.configFile,
    '--user-data-dir', options.userDataDir,
    '--extensions-dir', options.extensionsDir,
    '--disable-telemetry',
    '--disable-update-check',
    ...(untrustedRun() ? [] : ['--disable-workspace-trust']),
    '--disable-getting-started-override',
    '--ignore-last-opened',
  ];
  if (options.smokeTestDriver) args.push('--vscode-option', 'enable-smoke-test-driver');
  return args;
}

export async function startCodeServer(options: CodeServerOptions, readyTimeoutMs = 60_000): Promise<CodeServer> {
  const log = fs.openSync(options.logFile, 'a');
  // detached: its own process group, so stop() also reaches the extension host and other children.
  const start = options.wrap ? options.wrap(options.nodeBin, codeServerArgs(options)) : { command: options.nodeBin, args: codeServerArgs(options) };
  const child: ChildProcess = spawn(start.command, start.args, {
    detached: true,
    stdio: ['ignore', log, log],
    env: options.env,
  });
  fs.closeSync(log);
  const pid = child.pid;
  if (pid === undefined) throw new Error(`could not start code-server (${options.nodeBin})`);

  let running = true;
  const exited = new Promise<number | string>((resolve) => {
    child.once('exit', (code, signal) => {
      running = false;
      resolve(code ?? signal ?? 'unknown');
    });
    child.once('error', (err) => {
      running = false;
      resolve(`spawn error: ${err.message}`);
    });
  });

  const signalGroup = (signal: NodeJS.Signals): void => {
    try {
      process.kill(-pid, signal);
    } catch {
      // The group is already gone.
    }
  };

  const server: CodeServer = {
    url: `http://127.0.0.1:${options.port}/`,
    port: options.port,
    pid,
    exited,
    async stop(): Promise<void> {
      signalGroup('SIGTERM');
      const done = await Promise.race([exited.then(() => true), sleep(5000).then(() => false)]);
      // Children (extension host, pty host) may outlive the server for a moment: always sweep the group.
      signalGroup('SIGKILL');
      if (!done) await Promise.race([exited, sleep(2000)]);
    },
    killNow(): void {
      signalGroup('SIGKILL');
    },
  };

  const deadline = Date.now() + readyTimeoutMs;
  while (Date.now() < deadline) {
    if (!running) {
      throw new Error(`code-server exited before it was ready (${await exited}); see ${options.logFile}`);
    }
    try {
      const res = await fetch(`${server.url}healthz`);
      if (res.ok) return server;
    } catch {
      // Not listening yet.
    }
    await sleep(200);
  }
  await server.stop();
  throw new Error(`code-server was not ready within ${readyTimeoutMs / 1000} s; see ${options.logFile}`);
}
