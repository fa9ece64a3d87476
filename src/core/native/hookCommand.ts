// How generated assistant configs start `airlock hook`, and the wrappers that make a missing or
// crashed Airlock block the tool call instead of letting it through (fail closed).
import type { ClientId } from '../hook/clientTypes';

/**
 * The command line that runs `airlock hook` (without `--client`), once per shell family.
 * Each must be a single simple command: the planner appends arguments and a fail-closed wrapper.
 */
export interface HookCommand {
  /** For sh/bash (macOS, Linux, and Git Bash on Windows), e.g. `npx --no-install airlock hook`. */
  readonly posix: string;
  /**
   * For PowerShell on Windows: what follows the call operator `&`,
   * e.g. `npx.cmd --no-install airlock hook` or `"$env:USERPROFILE\.airlock\bin\airlock.cmd" hook`.
   */
  readonly powershell: string;
}

/**
 * Where teammates' machines find Airlock:
 * - 'npx': the repository's devDependency (`npx --no-install` never downloads, so a missing install fails closed);
 * - 'global': an `airlock` on PATH;
 * - 'launcher': the stable launcher the VS Code extension keeps at `~/.airlock/bin/` pointing at its bundled CLI.
 */
export type HookLauncher = 'npx' | 'global' | 'launcher';

export function hookCommandFor(launcher: HookLauncher): HookCommand {
  switch (launcher) {
    case 'npx':
      return { posix: 'npx --no-install airlock hook', powershell: 'npx.cmd --no-install airlock hook' };
    case 'global':
      return { posix: 'airlock hook', powershell: 'airlock hook' };
    case 'launcher':
      return { posix: '"$HOME/.airlock/bin/airlock" hook', powershell: '"$env:USERPROFILE\\.airlock\\bin\\airlock.cmd" hook' };
  }
}

function checkSimple(cmd: string, what: string): void {
  if (cmd.trim().length === 0) throw new Error(`${what} hook command is empty`);
  if (/[\r\n]/.test(cmd)) throw new Error(`${what} hook command must be one line: ${JSON.stringify(cmd)}`);
}

/** The hook command for one client, without a fail-closed wrapper (for events that cannot block). */
export function posixHookLine(cmd: HookCommand, client: ClientId): string {
  checkSimple(cmd.posix, 'POSIX');
  return `${cmd.posix} --client ${client}`;
}

/**
 * POSIX, failing closed: Claude Code, VS Code and Codex block only on exit code 2 and treat other
 * non-zero codes (127 for "not found", 1 for a crash) as non-blocking, so every failure becomes 2.
 */
export function posixFailClosed(cmd: HookCommand, client: ClientId): string {
  return `${posixHookLine(cmd, client)} || exit 2`;
}

/** The PowerShell statement for one client (the part after `&`). */
export function powershellHookLine(cmd: HookCommand, client: ClientId): string {
  checkSimple(cmd.powershell, 'PowerShell');
  return `${cmd.powershell} --client ${client}`;
}

/**
 * PowerShell, failing closed: a command that is not found raises an error (caught), a crash sets a
 * non-zero $LASTEXITCODE; both become exit 2.
 */
export function powershellFailClosed(cmd: HookCommand, client: ClientId): string {
  return `try { & ${powershellHookLine(cmd, client)}; if ($LASTEXITCODE -ne 0) { exit 2 } } catch { exit 2 }`;
}

/**
 * A Windows command line that runs a PowerShell script whatever shell starts it (cmd.exe or
 * PowerShell): -EncodedCommand avoids every quoting rule of both.
 */
export function windowsEncodedPowerShell(script: string): string {
  const encoded = Buffer.from(script, 'utf16le').toString('base64');
  return `powershell.exe -NoProfile -NonInteractive -ExecutionPolicy Bypass -EncodedCommand ${encoded}`;
}
