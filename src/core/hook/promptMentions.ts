// `@path` mentions in a prompt. Clients inline a mentioned file into the model context before any
// tool hook runs (Claude Code fires no PreToolUse for them), so the prompt hook must judge them.

/** Characters a mention may not end with: sentence punctuation after the path. */
const TRAILING_PUNCTUATION = /[.,;:!?)\]}>'"`]+$/;
/** Quotes or brackets before an unquoted path (`#file:\`.env\``): not part of it. */
const LEADING_PUNCTUATION = /^[`'"([{<]+/;
/**
 * What may stand before a mention: start, space, an opening bracket, a separator, or a quote or
 * backtick (a prompt that quotes a mention is judged as if it mentioned the file: stricter, never looser).
 */
const BEFORE_MENTION = /(^|[\s([{,;"'`])/.source;
/** Claude Code accepts `@file#L10-20`; the range is not part of the path. */
const LINE_RANGE = /#L?\d+(?:-L?\d+)?$/;
/** MCP resource references (`@server:uri`) are not local paths; a drive letter (`C:\`) is. */
const MCP_RESOURCE = /^[A-Za-z0-9_-]{2,}:(?![\\/])/;

function cleanUnquoted(raw: string): string {
  let p = raw.replace(/\\ /g, ' ').replace(LEADING_PUNCTUATION, '');
  p = p.replace(LINE_RANGE, '');
  // Keep a path that is only dots (`@.`, `@..`); otherwise drop sentence punctuation.
  if (!/^\.+$/.test(p)) p = p.replace(TRAILING_PUNCTUATION, '');
  return p.replace(LINE_RANGE, '');
}

/** VS Code chat's `#file:path` reference (also `#file:"a b"`). */
const VSCODE_FILE_REF = `${BEFORE_MENTION}${/#file:("([^"\r\n]+)"|((?:\\ |[^\s])+))/.source}`;

/**
 * Paths mentioned as `@path`, `@./x`, `@"path with spaces"`, `@'x'` or `@path\ with\ spaces`,
 * or VS Code's `#file:path`, unique and in order. `@` inside a word (e-mail addresses,
 * `npm i pkg@1`) is not a mention.
 */
export function extractPromptMentions(prompt: string): string[] {
  const found = new Set<string>();
  const re = new RegExp(`${BEFORE_MENTION}${/@("([^"\r\n]+)"|'([^'\r\n]+)'|((?:\\ |[^\s])+))/.source}`, 'g');
  let m: RegExpExecArray | null;
  while ((m = re.exec(prompt)) !== null) {
    const quoted = m[3] ?? m[4];
    const path = quoted !== undefined ? quoted.replace(LINE_RANGE, '') : cleanUnquoted(m[5] ?? '');
    if (path === '' || path.startsWith('@') || MCP_RESOURCE.test(path)) continue;
    found.add(path);
  }
  const fileRef = new RegExp(VSCODE_FILE_REF, 'g');
  while ((m = fileRef.exec(prompt)) !== null) {
    const path = m[3] !== undefined ? m[3] : cleanUnquoted(m[4] ?? '');
    if (path !== '') found.add(path);
  }
  return [...found];
}
