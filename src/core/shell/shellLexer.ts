// Tokenizer for bash command lines: words (with their quoting and expansions kept apart), control
// operators and redirections. It never executes anything; nested command substitutions are lexed
// recursively so the analyzer can look inside them.

export type WordPart =
  /** Literal text; `quoted` text is taken literally (no globbing, no brace expansion). */
  | { readonly kind: 'text'; readonly text: string; readonly quoted: boolean; readonly ansiEscapes?: boolean }
  /** `$name`, `${name}`, `$1`, `$@`... */
  | { readonly kind: 'var'; readonly name: string; readonly quoted: boolean }
  /** Any other `${...}` form (defaults, substitutions, lengths): value unknown. */
  | { readonly kind: 'param'; readonly raw: string; readonly quoted: boolean }
  /** `$(...)` or backquotes. */
  | { readonly kind: 'command'; readonly tokens: readonly Token[]; readonly raw: string; readonly backquote: boolean; readonly quoted: boolean }
  | { readonly kind: 'arith'; readonly raw: string }
  /** `<(...)` / `>(...)`: the word becomes a pipe path such as /dev/fd/63. */
  | { readonly kind: 'process'; readonly tokens: readonly Token[]; readonly raw: string }
  /** Unquoted `~` or `~user` at the start of a word. */
  | { readonly kind: 'tilde'; readonly user: string };

export interface WordToken {
  readonly kind: 'word';
  readonly parts: readonly WordPart[];
  readonly raw: string;
}

export interface OperatorToken {
  readonly kind: 'op';
  /** `&&` `||` `;` `;;` `;&` `;;&` `|` `|&` `&` `(` `)` or `\n`. */
  readonly op: string;
}

export interface HeredocBody {
  readonly text: string;
  /** A quoted delimiter means no expansion happens in the body. */
  readonly quoted: boolean;
  /** The body lexed like double-quoted text (only when not quoted), to find substitutions. */
  readonly parts: readonly WordPart[];
}

export interface RedirectToken {
  readonly kind: 'redir';
  readonly op: string;
  readonly fd: string | null;
  readonly target: WordToken | null;
  /** Filled for `<<` and `<<-` once the body lines have been read. */
  heredoc: HeredocBody | null;
}

export type Token = WordToken | OperatorToken | RedirectToken;

export interface LexResult {
  readonly tokens: Token[];
  /** Syntax problems (unterminated quotes...) that make the parse unreliable. */
  readonly problems: string[];
  /** Index just past the last consumed character (for `$(`: the closing parenthesis). */
  readonly end: number;
}

/** Longest first, so `&&` wins over `&`. */
const OPERATORS = ['&&', '||', ';;&', ';;', ';&', '|&', '&>>', '&>', '<<<', '<<-', '<<', '<>', '<&', '>&', '>>', '>|', '<', '>', '|', '&', ';', '(', ')'];
const REDIRECTS = new Set(['&>>', '&>', '<<<', '<<-', '<<', '<>', '<&', '>&', '>>', '>|', '<', '>']);
const WORD_BREAK = ' \t\r\n;&|()';
const MAX_DEPTH = 24;

/** Lex a whole command line. */
export function lexShell(source: string): LexResult {
  return new ShellLexer(source, 0, false, 0).run();
}

class ShellLexer {
  private i: number;
  private readonly n: number;
  private readonly tokens: Token[] = [];
  private readonly problems: string[] = [];
  private readonly pending: Array<{ token: RedirectToken; delimiter: string; quoted: boolean; stripTabs: boolean }> = [];
  private parenDepth = 0;
  private caseDepth = 0;

  constructor(private readonly src: string, start: number, private readonly stopAtParen: boolean, private readonly depth: number) {
    this.i = start;
    this.n = src.length;
  }

  run(): LexResult {
    if (this.depth > MAX_DEPTH) {
      this.problems.push('nesting too deep');
      return { tokens: [], problems: this.problems, end: this.n };
    }
    while (this.i < this.n) {
      const c = this.src[this.i];
      if (c === ' ' || c === '\t' || c === '\r') { this.i++; continue; }
      if (c === '\\' && this.src[this.i + 1] === '\n') { this.i += 2; continue; }
      if (c === '\n') {
        this.tokens.push({ kind: 'op', op: '\n' });
        this.i++;
        this.readHeredocBodies();
        continue;
      }
      if (c === '#') {
        while (this.i < this.n && this.src[this.i] !== '\n') this.i++;
        continue;
      }
      if (this.stopAtParen && c === ')' && this.parenDepth === 0 && this.caseDepth === 0) {
        this.finishPending();
        return { tokens: this.tokens, problems: this.problems, end: this.i };
      }
      if ((c === '<' || c === '>') && this.src[this.i + 1] === '(') {
        this.pushWord(this.readWord());
        continue;
      }
      const fd = /^(\d+|\{[A-Za-z_]\w*\})(?=[<>])/.exec(this.src.slice(this.i, this.i + 24));
      if (fd) this.i += fd[0].length;
      const op = this.matchOperator();
      if (op !== null) {
        this.i += op.length;
        if (REDIRECTS.has(op)) this.readRedirect(op, fd ? fd[1] : null);
        else {
          if (op === '(') this.parenDepth++;
          if (op === ')') this.parenDepth--;
          this.tokens.push({ kind: 'op', op });
        }
        continue;
      }
      this.pushWord(this.readWord());
    }
    if (this.stopAtParen) this.problems.push('unterminated command substitution');
    this.finishPending();
    return { tokens: this.tokens, problems: this.problems, end: this.n };
  }

  private pushWord(word: WordToken): void {
    // Track `case ... esac` so that the `)` after a case pattern does not end a `$(...)`.
    if (this.stopAtParen && word.parts.length === 1 && word.parts[0].kind === 'text' && !word.parts[0].quoted) {
      if (word.raw === 'case') this.caseDepth++;
      else if (word.raw === 'esac' && this.caseDepth > 0) this.caseDepth--;
    }
    this.tokens.push(word);
  }

  private matchOperator(): string | null {
    for (const op of OPERATORS) {
      if (this.src.startsWith(op, this.i)) return op;
    }
    return null;
  }

  private readRedirect(op: string, fd: string | null): void {
    while (this.src[this.i] === ' ' || this.src[this.i] === '\t') this.i++;
    const c = this.src[this.i];
    const startsWord = c !== undefined && (c === '<' || c === '>' ? this.src[this.i + 1] === '(' : !WORD_BREAK.includes(c));
    const target = startsWord ? this.readWord() : null;
    if (target === null) this.problems.push(`redirection ${op} without a target`);
    const token: RedirectToken = { kind: 'redir', op, fd, target, heredoc: null };
    this.tokens.push(token);
    if ((op === '<<' || op === '<<-') && target !== null) {
      const quoted = target.parts.some((p) => p.kind === 'text' && p.quoted);
      const delimiter = target.parts.map((p) => (p.kind === 'text' ? p.text : '')).join('');
      this.pending.push({ token, delimiter, quoted, stripTabs: op === '<<-' });
    }
  }

  private readHeredocBodies(): void {
    const pending = this.pending.splice(0);
    for (const h of pending) {
      let body = '';
      let found = false;
      while (this.i < this.n) {
        let end = this.src.indexOf('\n', this.i);
        if (end < 0) end = this.n;
        const line = this.src.slice(this.i, end);
        this.i = Math.min(end + 1, this.n);
        const compared = h.stripTabs ? line.replace(/^\t+/, '') : line;
        if (compared === h.delimiter) { found = true; break; }
        body += compared + '\n';
      }
      if (!found) this.problems.push(`here-document not terminated by ${h.delimiter}`);
      h.token.heredoc = { text: body, quoted: h.quoted, parts: h.quoted ? [] : lexDoubleQuotedText(body, this.depth + 1) };
    }
  }

  /** A here-document whose body never came (the command line ended first). */
  private finishPending(): void {
    for (const h of this.pending.splice(0)) h.token.heredoc = { text: '', quoted: h.quoted, parts: [] };
  }

  private readWord(): WordToken {
    const start = this.i;
    const parts: WordPart[] = [];
    let first = true;
    while (this.i < this.n) {
      const c = this.src[this.i];
      if (c === '<' || c === '>') {
        if (this.src[this.i + 1] !== '(') break;
        this.readProcess(parts);
      } else if (c === '(' && isArrayAssignment(parts)) {
        // `name=(a b c)`: keep the whole list as an unknown value.
        const end = findClosing(this.src, this.i, '(', ')');
        parts.push({ kind: 'param', raw: this.src.slice(this.i, end), quoted: false });
        this.i = end;
      } else if (WORD_BREAK.includes(c)) {
        break;
      } else if (c === "'") {
        const end = this.src.indexOf("'", this.i + 1);
        if (end < 0) {
          this.problems.push('unterminated single quote');
          pushText(parts, this.src.slice(this.i + 1), true);
          this.i = this.n;
        } else {
          pushText(parts, this.src.slice(this.i + 1, end), true);
          this.i = end + 1;
        }
      } else if (c === '"') {
        this.i++;
        this.readDoubleQuoted(parts, true);
      } else if (c === '\\') {
        const next = this.src[this.i + 1];
        if (next === '\n') this.i += 2;
        else if (next === undefined) { pushText(parts, '\\', false); this.i++; }
        else { pushText(parts, next, true); this.i += 2; }
      } else if (c === '$') {
        this.readDollar(parts, false);
      } else if (c === '`') {
        this.readBackquote(parts, false);
      } else if (c === '~' && first) {
        let j = this.i + 1;
        while (j < this.n && /[A-Za-z0-9._-]/.test(this.src[j])) j++;
        const after = this.src[j];
        if (after === undefined || after === '/' || WORD_BREAK.includes(after) || after === ':') {
          parts.push({ kind: 'tilde', user: this.src.slice(this.i + 1, j) });
          this.i = j;
        } else {
          pushText(parts, '~', false);
          this.i++;
        }
      } else {
        pushText(parts, c, false);
        this.i++;
      }
      first = false;
    }
    return { kind: 'word', parts, raw: this.src.slice(start, this.i) };
  }

  /** Reads until the closing `"` (or the end of the text when `closed` is false). */
  readDoubleQuoted(parts: WordPart[], closed: boolean): void {
    while (this.i < this.n) {
      const c = this.src[this.i];
      if (c === '"' && closed) { this.i++; return; }
      if (c === '\\') {
        const next = this.src[this.i + 1];
        if (next !== undefined && (next === '$' || next === '`' || next === '\\' || (next === '"' && closed))) {
          pushText(parts, next, true);
          this.i += 2;
        } else if (next === '\n') {
          this.i += 2;
        } else {
          pushText(parts, '\\', true);
          this.i++;
        }
      } else if (c === '$') {
        this.readDollar(parts, true);
      } else if (c === '`') {
        this.readBackquote(parts, true);
      } else {
        pushText(parts, c, true);
        this.i++;
      }
    }
    if (closed) this.problems.push('unterminated double quote');
  }

  private readDollar(parts: WordPart[], quoted: boolean): void {
    const next = this.src[this.i + 1];
    if (next === "'" && !quoted) {
      this.readAnsiC(parts);
    } else if (next === '"' && !quoted) {
      this.i += 2;
      this.readDoubleQuoted(parts, true);
    } else if (next === '(' && this.src[this.i + 2] === '(') {
      const end = findClosing(this.src, this.i + 1, '(', ')');
      parts.push({ kind: 'arith', raw: this.src.slice(this.i, end) });
      if (end > this.n) this.problems.push('unterminated arithmetic expansion');
      this.i = Math.min(end, this.n);
    } else if (next === '(') {
      const start = this.i;
      const inner = new ShellLexer(this.src, this.i + 2, true, this.depth + 1).run();
      this.problems.push(...inner.problems);
      this.i = Math.min(inner.end + 1, this.n);
      parts.push({ kind: 'command', tokens: inner.tokens, raw: this.src.slice(start, this.i), backquote: false, quoted });
    } else if (next === '{') {
      const end = findClosing(this.src, this.i + 1, '{', '}');
      if (end > this.n) this.problems.push('unterminated ${...}');
      const raw = this.src.slice(this.i, Math.min(end, this.n));
      const inner = raw.slice(2, -1);
      if (/^([A-Za-z_]\w*|\d+|[@*#?$!-])$/.test(inner)) parts.push({ kind: 'var', name: inner, quoted });
      else parts.push({ kind: 'param', raw, quoted });
      this.i = Math.min(end, this.n);
    } else if (next !== undefined && /[A-Za-z_]/.test(next)) {
      let j = this.i + 1;
      while (j < this.n && /\w/.test(this.src[j])) j++;
      parts.push({ kind: 'var', name: this.src.slice(this.i + 1, j), quoted });
      this.i = j;
    } else if (next !== undefined && /[0-9@*#?$!-]/.test(next)) {
      parts.push({ kind: 'var', name: next, quoted });
      this.i += 2;
    } else {
      pushText(parts, '$', quoted);
      this.i++;
    }
  }

  private readAnsiC(parts: WordPart[]): void {
    let j = this.i + 2;
    let out = '';
    let escapes = false;
    while (j < this.n && this.src[j] !== "'") {
      if (this.src[j] !== '\\') { out += this.src[j++]; continue; }
      const e = this.src[j + 1];
      j += 2;
      const simple: Record<string, string> = { a: '\x07', b: '\b', e: '\x1b', E: '\x1b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\', "'": "'", '"': '"', '?': '?' };
      if (e !== undefined && e in simple) { out += simple[e]; continue; }
      escapes = true;
      let m: RegExpExecArray | null;
      const rest = this.src.slice(j - 1, j + 9);
      if ((m = /^x([0-9a-fA-F]{1,2})/.exec(rest))) { out += String.fromCharCode(parseInt(m[1], 16)); j += m[0].length - 1; }
      else if ((m = /^u([0-9a-fA-F]{1,4})/.exec(rest)) || (m = /^U([0-9a-fA-F]{1,8})/.exec(rest))) { out += safeCodePoint(parseInt(m[1], 16)); j += m[0].length - 1; }
      else if ((m = /^([0-7]{1,3})/.exec(rest))) { out += String.fromCharCode(parseInt(m[1], 8) & 0xff); j += m[0].length - 1; }
      else if ((m = /^c(.)/.exec(rest))) { out += String.fromCharCode(m[1].charCodeAt(0) & 0x1f); j += 1; }
      else out += '\\' + (e ?? '');
    }
    if (j >= this.n) this.problems.push("unterminated $'...' quote");
    parts.push({ kind: 'text', text: out, quoted: true, ansiEscapes: escapes });
    this.i = Math.min(j + 1, this.n);
  }

  private readBackquote(parts: WordPart[], quoted: boolean): void {
    let j = this.i + 1;
    let inner = '';
    while (j < this.n && this.src[j] !== '`') {
      if (this.src[j] === '\\' && j + 1 < this.n && '`$\\'.includes(this.src[j + 1])) { inner += this.src[j + 1]; j += 2; continue; }
      inner += this.src[j++];
    }
    if (j >= this.n) this.problems.push('unterminated backquote');
    const lexed = new ShellLexer(inner, 0, false, this.depth + 1).run();
    this.problems.push(...lexed.problems);
    parts.push({ kind: 'command', tokens: lexed.tokens, raw: this.src.slice(this.i, Math.min(j + 1, this.n)), backquote: true, quoted });
    this.i = Math.min(j + 1, this.n);
  }

  private readProcess(parts: WordPart[]): void {
    const start = this.i;
    const inner = new ShellLexer(this.src, this.i + 2, true, this.depth + 1).run();
    this.problems.push(...inner.problems);
    this.i = Math.min(inner.end + 1, this.n);
    parts.push({ kind: 'process', tokens: inner.tokens, raw: this.src.slice(start, this.i) });
  }

  /** Lex `src` (from `i`) as the inside of double quotes with no closing quote. */
  lexBody(): { parts: WordPart[]; problems: string[] } {
    const parts: WordPart[] = [];
    this.readDoubleQuoted(parts, false);
    return { parts, problems: this.problems };
  }
}

/** Lex text as if it stood inside double quotes (here-document bodies, `bash -c` strings). */
export function lexDoubleQuotedText(text: string, depth = 0): WordPart[] {
  return new ShellLexer(text, 0, false, depth).lexBody().parts;
}

function pushText(parts: WordPart[], text: string, quoted: boolean): void {
  const last = parts[parts.length - 1];
  if (last !== undefined && last.kind === 'text' && last.quoted === quoted && !last.ansiEscapes) {
    parts[parts.length - 1] = { kind: 'text', text: last.text + text, quoted };
  } else {
    parts.push({ kind: 'text', text, quoted });
  }
}

function isArrayAssignment(parts: readonly WordPart[]): boolean {
  if (parts.length !== 1) return false;
  const p = parts[0];
  return p.kind === 'text' && !p.quoted && /^[A-Za-z_]\w*\+?=$/.test(p.text);
}

/** Index just past the bracket that closes the one at `open` (skipping quotes); n+1 when unclosed. */
function findClosing(src: string, open: number, openCh: string, closeCh: string): number {
  let depth = 0;
  for (let j = open; j < src.length; j++) {
    const c = src[j];
    if (c === '\\') { j++; continue; }
    if (c === "'" && openCh !== '{') {
      const end = src.indexOf("'", j + 1);
      if (end < 0) return src.length + 1;
      j = end;
      continue;
    }
    if (c === openCh) depth++;
    else if (c === closeCh && --depth === 0) return j + 1;
  }
  return src.length + 1;
}

function safeCodePoint(cp: number): string {
  return cp <= 0x10ffff ? String.fromCodePoint(cp) : '';
}
