// Runs one headless agent client to completion (or a hard timeout) and collects its output. The
// client spawns shells and hooks, so a timeout ends its whole process group.
import { spawn } from 'node:child_process';

export interface AgentProcessResult {
  readonly exitCode: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly timedOut: boolean;
  readonly stdout: string;
  readonly stderr: string;
  /** The stdout lines that parsed as JSON objects (stream-json / JSONL event output). */
  readonly events: readonly Record<string, unknown>[];
  readonly elapsedMs: number;
}

export interface AgentProcessOptions {
  readonly command: string;
  readonly args: readonly string[];
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  readonly timeoutMs: number;
}

export function runAgentProcess(opts: AgentProcessOptions): Promise<AgentProcessResult> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(opts.command, [...opts.args], {
      cwd: opts.cwd,
      env: opts.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: process.platform !== 'win32',
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => { stdout += c.toString('utf8'); });
    child.stderr.on('data', (c: Buffer) => { stderr += c.toString('utf8'); });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        if (child.pid !== undefined && process.platform !== 'win32') process.kill(-child.pid, 'SIGKILL');
        else child.kill('SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    }, opts.timeoutMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('close', (exitCode, signal) => {
      clearTimeout(timer);
      const events: Record<string, unknown>[] = [];
      for (const line of stdout.split('\n')) {
        if (!line.trim().startsWith('{')) continue;
        try {
          events.push(JSON.parse(line) as Record<string, unknown>);
        } catch {
          // Non-JSON lines are kept in stdout for the failure message.
        }
      }
      resolve({ exitCode, signal, timedOut, stdout, stderr, events, elapsedMs: Date.now() - started });
    });
  });
}
