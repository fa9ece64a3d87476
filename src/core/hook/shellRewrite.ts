// The shell-tool rewrite: the client runs `<node> <airlock> exec --root <ws> -- <shell> -c '<the
// original command>'` instead of the original, so the command runs with protected paths masked.
// Quoting is POSIX single quotes (every byte literal but the quote itself), which bash, zsh, dash
// and sh all read the same way; the original reaches the inner shell byte for byte.
import { isObject } from './payloadFields';
import { posixQuote } from '../util/posixQuote';

export interface RewriteTarget {
  /** Absolute path of the node binary that runs Airlock. */
  readonly node: string;
  /** Absolute path of Airlock's CLI entry (`dist/cli.js`). */
  readonly cli: string;
  /** The workspace root whose policy the sandbox enforces. */
  readonly root: string;
  /** The shell that runs the original command inside the sandbox (`/bin/bash`, else `/bin/sh`). */
  readonly shell: string;
}

function prefix(t: RewriteTarget): string[] {
  return [t.node, t.cli, 'exec', '--root', t.root, '--'];
}

export function rewriteCommandLine(command: string, t: RewriteTarget): string {
  return [...prefix(t), t.shell, '-c', command].map(posixQuote).join(' ');
}

/** Reads one token exactly as `posixQuote` writes it; null for anything else. */
function unquoteOwn(token: string): string | null {
  if (/^[\w@%+=:,./-]+$/.test(token)) return token;
  const m = /^'((?:[^']|'\\'')*)'$/.exec(token);
  if (m === null) return null;
  const value = (m[1] ?? '').replace(/'\\''/g, "'");
  return posixQuote(value) === token ? value : null;
}

/**
 * The original command inside a rewrite this very target would write, byte for byte (same node,
 * same Airlock entry, same root, same shell, no other option); null for anything else. A client
 * that runs two hooks hands the second one the first one's rewrite: that one is passed through
 * rather than judged as a command reading node outside the workspace. A lookalike (another
 * binary, `--root /`, an extra option, anything after the quoted command) is not recognised.
 */
export function ownRewriteInner(command: string, t: RewriteTarget): string | null {
  const head = `${[...prefix(t), t.shell, '-c'].map(posixQuote).join(' ')} `;
  if (!command.startsWith(head)) return null;
  const inner = unquoteOwn(command.slice(head.length));
  return inner !== null && rewriteCommandLine(inner, t) === command ? inner : null;
}

/**
 * The tool input with its command rewritten, every other argument kept (descriptions, timeouts,
 * working directory), and the command `airlock exec` will run (its arguments after `--`). An
 * error when the input has no command the rewrite can express.
 */
export function rewriteToolInput(toolInput: unknown, t: RewriteTarget): { readonly input: Record<string, unknown>; readonly argv: readonly string[] } | { readonly error: string } {
  if (!isObject(toolInput)) return { error: 'the tool input is not an object' };
  for (const key of ['command', 'cmd']) {
    const value = toolInput[key];
    if (typeof value === 'string') {
      if (value.includes('\0')) return { error: 'the command contains a NUL byte' };
      return { input: { ...toolInput, [key]: rewriteCommandLine(value, t) }, argv: [t.shell, '-c', value] };
    }
    if (Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === 'string')) {
      // An argv array (older Codex): no shell in between, so the sandbox takes it as it is.
      return { input: { ...toolInput, [key]: [...prefix(t), ...(value as string[])] }, argv: [...(value as string[])] };
    }
  }
  return { error: 'the tool input has no "command" to rewrite' };
}
