// What of a shell command line goes into the audit log: the command's shape, never file contents
// (heredoc bodies are dropped) and never secrets (masked), capped in length.
import { maskSecrets } from '../secrets/maskSecrets';

export const MAX_AUDIT_COMMAND_CHARS = 2000;

/** `<<EOF` / `<<-'EOF'` / `<<"EOF"` followed by a body up to the delimiter line. */
const HEREDOC = /<<(-?)\s*(['"]?)([A-Za-z_][A-Za-z0-9_]*)\2([^\n]*)\n([\s\S]*?)(?:\n[ \t]*\3[ \t]*(?=\n|$)|$)/g;

function dropHeredocBodies(command: string): string {
  return command.replace(HEREDOC, (_m, dash: string, q: string, tag: string, rest: string, body: string) => {
    const lines = body === '' ? 0 : body.split('\n').length;
    return `<<${dash}${q}${tag}${q}${rest}\n[${lines} heredoc line(s) omitted]\n${tag}`;
  });
}

/** The form of `command` stored in audit events. */
export function commandForAudit(command: string): string {
  const masked = maskSecrets(dropHeredocBodies(command));
  if (masked.length <= MAX_AUDIT_COMMAND_CHARS) return masked;
  // Cut, then mask again: the cut can leave a token fragment the first pass saw whole.
  return `${maskSecrets(masked.slice(0, MAX_AUDIT_COMMAND_CHARS))}…[${masked.length - MAX_AUDIT_COMMAND_CHARS} chars omitted]`;
}
