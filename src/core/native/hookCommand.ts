// How generated assistant configs start `airlock hook`, and the wrappers that make a missing or
// crashed Airlock block the tool call instead of letting it through (fail closed).
import type { ClientId } from '../words/clientTypes';

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
  /**
   * One line for a teammate whose machine could not run Airlock: names Airlock and exactly what to
   * install. Printed by the fail-closed wrapper; must hold no single quote and no newline.
   */
  readonly missing?: string;
  /** A POSIX test that Airlock is there, run first so the shell adds no "not found" line of its own. */
  readonly probe?: string;
}

/**
 * Where teammates' machines find Airlock:
 * - 'npx': the repository's devDependency (`npx --no-install` never downloads, so a missing install fails closed);
 * - 'global': an `airlock` on PATH;
 * - 'launcher': the stable launcher the VS Code extension keeps at `~/.airlock/bin/` pointing at its bundled CLI.
 */
export type HookLauncher = 'npx' | 'global' | 'launcher';

/** The npm package the project publishes (the unscoped name `airlock` belongs to someone else). */
export const NPM_PACKAGE = '@airlock-dev/airlock';
/** The VS Code extension that ships the CLI and keeps the per-user launcher up to date. */
export const EXTENSION_ID = 'airlock-dev.airlock';

export function hookCommandFor(launcher: HookLauncher): HookCommand {
  switch (launcher) {
    case 'npx':
      return {
        // The bin name, not the package: npx resolves a package name on the registry even with
        // --no-install. --loglevel=silent keeps npm's own error off: the hint below says it.
        posix: 'npx --no-install --loglevel=silent airlock hook',
        powershell: 'npx.cmd --no-install --loglevel=silent airlock hook',
        missing: `Airlock (${NPM_PACKAGE}, a devDependency of this repository) did not run: install it with npm install in the repository root`,
      };
    case 'global':
      return {
        posix: 'airlock hook',
        powershell: 'airlock hook',
        probe: 'command -v airlock >/dev/null 2>&1',
        missing: `Airlock did not run (no airlock command on PATH): install it with npm install -g ${NPM_PACKAGE}`,
      };
    case 'launcher':
      return {
        posix: '"$HOME/.airlock/bin/airlock" hook',
        probe: '[ -x "$HOME/.airlock/bin/airlock" ]',
        powershell: '"$env:USERPROFILE\\.airlock\\bin\\airlock.cmd" hook',
        missing: `Airlock did not run (launcher ~/.airlock/bin/airlock missing or broken): install the VS Code extension ${EXTENSION_ID} and open this folder, or run npm install -g ${NPM_PACKAGE} and then airlock launcher install`,
      };
  }
}

/** A command someone chose by hand: the hint can only name what was configured. */
export function customHookCommand(line: string): HookCommand {
  return { posix: line, powershell: line, missing: `Airlock did not run (hook command: ${line.replace(/'/g, '')}): install Airlock (npm install -g ${NPM_PACKAGE}) or fix the command in airlock sync --hook-command` };
}

function missingLine(cmd: HookCommand): string {
  const text = cmd.missing ?? `Airlock did not run: install it with npm install -g ${NPM_PACKAGE}`;
  if (/['\r\n]/.test(text)) throw new Error(`hook hint must be one line without single quotes: ${JSON.stringify(text)}`);
  return text;
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
 * Airlock itself exits only 0 or 2, so any other code means it did not run: say what to install.
 */
export function posixFailClosed(cmd: HookCommand, client: ClientId): string {
  const probe = cmd.probe ? `${cmd.probe} && ` : '';
  return `${probe}${posixHookLine(cmd, client)} || { [ $? -eq 2 ] || echo '${missingLine(cmd)}' >&2; exit 2; }`;
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
  const say = `[Console]::Error.WriteLine('${missingLine(cmd)}')`;
  return `try { & ${powershellHookLine(cmd, client)}; if ($LASTEXITCODE -ne 0) { if ($LASTEXITCODE -ne 2) { ${say} }; exit 2 } } catch { ${say}; exit 2 }`;
}

/**
 * A Windows command line that runs a PowerShell script whatever shell starts it (cmd.exe or
 * PowerShell): -EncodedCommand avoids every quoting rule of both.
 */
export function windowsEncodedPowerShell(script: string): string {
  const encoded = Buffer.from(script, 'utf16le').toString('base64');
  return `powershell.exe -NoProfile -NonInteractive -ExecutionPolicy Bypass -EncodedCommand ${encoded}`;
}
