// Relays the workbench's window log (window.codeAutomationLog) to stdout. Under test the extension
// host's console output (mocha's report) arrives here too, mixed with workbench chatter that an
// offline workbench produces; the chatter is kept in the log file but not printed unless --verbose.
import * as fs from 'node:fs';
import { format } from 'node:util';

// Entries the workbench logs about itself (connection set-up, services starting, the offline gallery
// lookups failing). Judged on an entry's first line so a stack trace goes with its message. Kept to
// known messages: an unknown line is shown, since it may be the test's own output.
const CHATTER: readonly RegExp[] = [
  /^Resolv(?:ing|ed) connection token\b/,
  /^Creating a socket \(renderer-/,
  /^Updating additional builtin extensions cache/,
  /^Timed out waiting for authentication provider '/,
  /^\[(?:reconnection-grace-time|Service Worker|AgentHost[^\]]*|AccountPolicyGate|Extension Gallery[^\]]*|Chat[^\]]*|Copilot[^\]]*)\]/,
  /open-vsx\.org|marketplace\.visualstudio|gallery\.vsassets|update\.code\.visualstudio/i,
];

export function isWorkbenchChatter(entry: string): boolean {
  const firstLine = entry.split('\n', 1)[0];
  return CHATTER.some((re) => re.test(firstLine));
}

export class LogRelay {
  private readonly fd: number;

  constructor(
    logFile: string,
    private readonly verbose: boolean,
    private readonly print: (line: string) => void = (line) => process.stdout.write(line + '\n'),
  ) {
    this.fd = fs.openSync(logFile, 'a');
  }

  /** One window-log entry: a level and printf-style arguments, as the workbench passes them. */
  entry(level: string, args: unknown): void {
    const text = Array.isArray(args) ? format(...(args as unknown[])) : format(args);
    fs.writeSync(this.fd, `[${level}] ${text}\n`);
    if (this.verbose || !isWorkbenchChatter(text)) this.print(text);
  }

  /** Launcher-side notes go to the same file so the log reads in order. */
  note(text: string): void {
    fs.writeSync(this.fd, `[launcher] ${text}\n`);
  }

  close(): void {
    fs.closeSync(this.fd);
  }
}
