// Runs a command inside the sandbox and reports its exit status. Fails closed: when the sandbox
// cannot be set up, the command does not run, and the caller gets an error it can show.
import { spawn, type StdioOptions } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { NestedUser } from './nestedUser';
import { type ProcMode, type SandboxSpec, SandboxUnavailableError } from './sandboxTypes';
import { sandboxInvocation, sandboxStartHint } from './sandboxPlatform';

export interface SandboxRunOptions {
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  readonly proc?: ProcMode;
  /** Interactive agents: keep Ctrl-C for the child (the terminal sends it to the whole process group). */
  readonly interactive?: boolean;
  /** Root's stand-in account inside, so that another sandbox can start in this one (see nestedUser). */
  readonly nestAs?: NestedUser;
}

/** Exit status of the command; SandboxUnavailableError when the sandbox did not start it. */
/** A private, empty, read-only file to bind over masked files; removed when the command ends. */
function emptyFile(): { file: string; remove: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), 'airlock-sandbox-'));
  const file = path.join(dir, 'masked');
  writeFileSync(file, '', { mode: 0o444 });
  return { file, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export async function runSandboxed(spec: SandboxSpec, argv: readonly string[], options: SandboxRunOptions): Promise<number> {
  const empty = process.platform === 'linux' && spec.masks.some((m) => m.kind === 'file') ? emptyFile() : null;
  try {
    return await runWith(spec, argv, options, empty?.file);
  } finally {
    empty?.remove();
  }
}

function runWith(spec: SandboxSpec, argv: readonly string[], options: SandboxRunOptions, empty: string | undefined): Promise<number> {
  const inv = sandboxInvocation(spec, argv, { cwd: options.cwd, proc: options.proc, env: options.env, emptyFile: empty, nestAs: options.nestAs });
  const statusFd = inv.mechanism === 'bubblewrap';
  const args = statusFd ? ['--json-status-fd', '3', ...inv.args] : [...inv.args];
  const stdio: StdioOptions = statusFd ? ['inherit', 'inherit', 'inherit', 'pipe'] : 'inherit';
  return new Promise((resolve, reject) => {
    const child = spawn(inv.file, args, { cwd: options.cwd, env: options.env, stdio });
    let status = '';
    if (statusFd) child.stdio[3]?.on('data', (c: Buffer) => (status += c.toString('utf8')));
    const forward = (signal: NodeJS.Signals): void => {
      if (!options.interactive || signal === 'SIGTERM' || signal === 'SIGHUP') child.kill(signal);
    };
    const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT'];
    for (const s of signals) process.on(s, forward);
    const done = (): void => {
      for (const s of signals) process.off(s, forward);
    };
    child.on('error', (err) => {
      done();
      reject(new SandboxUnavailableError(`could not start ${inv.file}: ${err.message}`));
    });
    child.on('close', (code, signal) => {
      done();
      // bwrap reports "exit-code" only once the command itself ran: no such line means the
      // sandbox (or the exec of the command) failed, and nothing ran outside it.
      if (statusFd && !/"exit-code"\s*:/.test(status)) {
        reject(new SandboxUnavailableError(`the sandbox did not start the command (${inv.file} exited with ${code ?? signal}; its message is above${sandboxStartHint()})`));
        return;
      }
      resolve(code ?? 128 + (signal ? 15 : 0));
    });
  });
}
