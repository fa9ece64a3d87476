// Starts the built `airlock gateway` as its own process (as a user would) and reads the JSON line
// it prints: the URL and the token clients must present.
import { type ChildProcess, spawn } from 'node:child_process';
import { AIRLOCK_CLI } from './airlockSetup';

export interface RunningGateway {
  readonly url: string;
  readonly token: string;
  /** What the gateway logged on stderr (one line per request). */
  log(): string;
  stop(): Promise<void>;
}

export function startGatewayProcess(root: string, env: Record<string, string>): Promise<RunningGateway> {
  const child: ChildProcess = spawn(process.execPath, [AIRLOCK_CLI, 'gateway', '--root', root, '--json'], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr?.on('data', (c: Buffer) => { stderr += c.toString('utf8'); });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the gateway did not start in 15 s:\n${stderr}`)), 15_000);
    child.on('exit', (code) => reject(new Error(`the gateway exited (${code}):\n${stderr}`)));
    child.stdout?.on('data', (c: Buffer) => {
      stdout += c.toString('utf8');
      const line = stdout.split('\n')[0];
      if (!stdout.includes('\n')) return;
      clearTimeout(timer);
      const info = JSON.parse(line) as { url: string; token: string };
      resolve({
        url: info.url,
        token: info.token,
        log: () => stderr,
        stop: () => new Promise<void>((done) => {
          child.removeAllListeners('exit');
          child.once('exit', () => done());
          child.kill('SIGTERM');
        }),
      });
    });
  });
}
