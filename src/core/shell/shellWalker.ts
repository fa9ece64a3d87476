// Walks lexed tokens like bash would run them, without running anything: tracks the working
// directory (`cd`), shell variables with literal values, pipelines and compound commands, resolves
// each word, and hands every simple command to its rule in the command table.
import * as path from 'node:path';
import type { CommandContext, InputRoot, ResolvedWord, StdinSource, WordValue } from './commandContext';
import { bundleValue, escapeGlob, knownDashWord, type OptionSpec, parseArgs } from './argParser';
import { optionSpecFor, ruleFor } from './commandTable';
import { lexShell, type RedirectToken, type Token, type WordPart, type WordToken } from './shellLexer';
import type { GitEffect, ShellAccess, ShellDenial, ShellOperand } from './shellTypes';
import type { ContentSearch } from '../search/contentSearch';
import { airlockCall, airlockRule } from './airlockRule';
import { commandInEnv, forbiddenEnvReason } from './forbiddenEnv';
import { expandBraces, hasBraces, hasGlob, isDevicePath, unescapePattern } from './wordValues';
import { trustedByName } from './metadataRules';

const MAX_OPERANDS = 2000;
const MAX_VALUES = 64;
const MAX_SCRIPT_DEPTH = 12;
const UNKNOWN_VAR = '__airlock_unknown';
/** Where the system's own programs live: `/usr/bin/stat` is stat, `./bin/stat` may be anything. */
const SYSTEM_PROGRAM = /^\/(usr\/)?s?bin\/[^/]+$/;
/** Commands of NO_MENTIONS whose words bash does not glob-expand (assignments, code, names of variables or options). */
const NO_GLOB_WORDS = new Set(['', 'export', 'local', 'declare', 'typeset', 'readonly', 'alias', 'unalias', 'trap', 'shopt', 'unset', 'read', 'let', 'eval']);
/** Commands whose words are data, or names they never open (`basename`, `realpath`): a mention there reads nothing. */
const NO_MENTIONS = new Set(['basename', 'dirname', 'realpath', 'readlink', 'locate', 'plocate', 'mlocate', '', 'echo', 'printf', 'test', '[', 'cd', 'pushd', 'popd', 'export', 'local', 'declare', 'typeset', 'readonly', 'alias', 'unalias', 'trap', 'shopt', 'set', 'unset', 'true', 'false', ':', 'exit', 'return', 'read', 'let', 'eval']);

type Cwd = string | null;

interface VarState {
  /** null: unknown. `glob` values come from a `for` list and stand for whatever the glob matches. */
  readonly values: readonly WordValue[] | null;
  /** Set only in some branches: it may still hold a value from the environment. */
  readonly maybeUnset: boolean;
}

interface Frame {
  readonly kind: 'subshell' | 'group' | 'cond' | 'loop' | 'case';
  readonly savedCwds: readonly Cwd[];
  readonly savedVars: Map<string, VarState> | null;
  readonly savedChangedFrom: readonly Cwd[] | null;
  casePattern: boolean;
}

interface CommandSummary {
  readonly name: string;
  readonly roots: readonly InputRoot[] | null;
}

/** Numeric specials: their values cannot spell a file name. */
const NUMERIC_VARS = new Set(['?', '$', '#', '!', 'RANDOM', 'LINENO', 'SECONDS', 'UID', 'EUID', 'PPID', 'BASHPID', 'SRANDOM', 'EPOCHSECONDS']);
/** Variables whose values no program opens as a file to read (folders to search or write in, locale, flags). */
const PLAIN_ENV_VARS = new Set(['PATH', 'TMPDIR', 'TMP', 'TEMP', 'PWD', 'OLDPWD', 'IFS', 'LANG', 'LANGUAGE', 'LC_ALL', 'LC_CTYPE', 'LC_MESSAGES', 'TZ', 'TERM', 'SHELL', 'USER', 'LOGNAME', 'NODE_ENV', 'CI', 'DEBUG', 'PORT', 'HOST', 'FORCE_COLOR', 'NO_COLOR', 'COLUMNS', 'LINES']);
/** Environment assignments whose value names a file the command reads or runs. */
const FILE_ENV_VARS = new Set(['BASH_ENV', 'ENV', 'LD_PRELOAD', 'PYTHONSTARTUP', 'GIT_CONFIG_GLOBAL', 'KUBECONFIG', 'DOTENV_CONFIG_PATH', 'GOOGLE_APPLICATION_CREDENTIALS', 'AWS_SHARED_CREDENTIALS_FILE', 'NODE_EXTRA_CA_CERTS']);

export class ShellWalker {
  private readonly operands = new Map<string, ShellOperand>();
  private readonly mentioned = new Map<string, ShellOperand>();
  private readonly gitEffects: GitEffect[] = [];
  private readonly denials: ShellDenial[] = [];
  /** Set while the mention pass runs: emitted paths go to `mentioned`. */
  private mentioning = false;
  /** Words a rule ran as a command of their own (`find -exec`, `xargs`, `sudo`), mentioned there, and known search patterns. */
  private readonly handedOn = new Set<ResolvedWord>();
  /**
   * Paths the running command's rule emitted as metadata operands: its own mention pass skips them,
   * also when attached to an option (`touch --reference=.env`). Per command, so `date -f .env;
   * stat .env` still reads `.env`.
   */
  private notReadHere = new Set<string>();
  /** The running command is a program named by a path (`./bin/stat`): not the tool its name says. */
  private ownProgram = false;
  /** Set while a script operand is emitted. */
  private scripting = false;
  private readonly reasons = new Set<string>();
  /** The reasons that are inline programs (a subset of `reasons`). */
  private readonly programs = new Set<string>();
  private readonly limits = new Set<string>();
  private readonly commandNames = new Set<string>();
  /** A function was defined: a later command name may run it instead of the program. */
  private functionsDefined = false;
  private cwds: Cwd[] = [null];
  private cwdsBeforeCommand: Cwd[] = [null];
  /** Directories that were current before a `cd` in this and-chain (the `cd` may fail). */
  private changedFrom: readonly Cwd[] | null = null;
  private previousCwds: Cwd[] | null = null;
  private readonly dirStack: Cwd[][] = [];
  private vars = new Map<string, VarState>();
  private frames: Frame[] = [];
  private andOr = false;
  private inPipeline = false;
  private scriptDepth = 0;
  private currentRoots: readonly InputRoot[] | null = null;
  /** `shopt` settings that change globbing, as set so far (conservatively never unset). */
  private globFlags: { dot?: boolean; nocase?: boolean; extglob?: boolean } = {};

  constructor(private readonly home: string | null) {}

  get result(): { operands: ShellOperand[]; mentions: ShellOperand[]; uncertain: string[]; inlinePrograms: string[]; commands: string[]; definesFunctions: boolean; gitEffects: GitEffect[]; denials: ShellDenial[]; limits: string[] } {
    // Only a read or search stands for a mention of the same path: a write or a metadata operand does not.
    const known = new Set([...this.operands.values()].filter((o) => o.access === 'read' || o.access === 'search').map((o) => `${o.cwd ?? ''}\0${o.path}`));
    const mentions = [...this.mentioned.values()].filter((o) => !known.has(`${o.cwd ?? ''}\0${o.path}`));
    return { operands: [...this.operands.values()], mentions, uncertain: [...this.reasons], inlinePrograms: [...this.programs].filter((p) => this.reasons.has(p)), commands: [...this.commandNames], definesFunctions: this.functionsDefined, gitEffects: [...this.gitEffects], denials: [...this.denials], limits: [...this.limits] };
  }

  /**
   * A function or alias named like a command whose reads Airlock relaxes by its name (`stat() {
   * cat "$1"; }`, `alias ls=cat`) would turn a later call's `stat .env` into a read, in a shell
   * the client keeps between calls: a doubt.
   */
  redefines(name: string | null | undefined, what: string): void {
    if (name !== null && name !== undefined && trustedByName(name)) this.doubt(`${what} redefines \`${name}\`, which Airlock trusts by its name to read metadata only`);
  }

  /** A bound on the work was hit: what lies beyond it is unchecked, so the command is denied. */
  overLimit(reason: string): void {
    this.limits.add(reason);
  }

  doubt(reason: string): void {
    if (this.reasons.size < 50) this.reasons.add(reason);
  }

  /** Analyze a script in the current shell (the top level). */
  runSource(source: string): void {
    const lexed = lexShell(source);
    for (const p of lexed.problems) this.doubt(p);
    this.walk(lexed.tokens);
  }

  // ---- control structure -------------------------------------------------------------------

  private walk(tokens: readonly Token[]): void {
    const outerFrames = this.frames;
    this.frames = [];
    let pipeFrom: StdinSource | null = null;
    let last: CommandSummary | null = null;
    let i = 0;
    while (i < tokens.length) {
      const t = tokens[i];
      const top = this.frames[this.frames.length - 1];
      if (t.kind === 'op') {
        i++;
        if (t.op === '|' || t.op === '|&') {
          pipeFrom = { kind: 'pipe', from: last?.name ?? '', roots: last?.roots ?? null };
          this.cwds = this.cwdsBeforeCommand; // a pipeline element runs in a subshell
          this.inPipeline = true;
          continue;
        }
        pipeFrom = null;
        this.inPipeline = false;
        if (t.op === '&&') { this.andOr = true; continue; }
        if (t.op === '&') this.cwds = this.cwdsBeforeCommand;
        if (t.op === '(' ) {
          if (top?.kind === 'case' && top.casePattern) { i = skipPast(tokens, i, ')'); top.casePattern = false; continue; }
          if (isOp(tokens[i], '(')) { i = skipArithmetic(tokens, i + 1); continue; }
          this.pushFrame('subshell');
          continue;
        }
        if (t.op === ')') {
          if (top?.kind === 'subshell') { this.popFrame(); i = this.trailingRedirects(tokens, i); }
          else this.doubt('unmatched )');
          continue;
        }
        this.settleCd();
        if (t.op !== '||') this.andOr = false; else this.andOr = true;
        if ((t.op === ';;' || t.op === ';&' || t.op === ';;&') && top?.kind === 'case') top.casePattern = true;
        continue;
      }
      if (t.kind === 'word') {
        if (top?.kind === 'case' && top.casePattern) {
          if (plainText(t) === 'esac') { this.popFrame(); i = this.trailingRedirects(tokens, i + 1); continue; }
          i = skipPast(tokens, i, ')');
          top.casePattern = false;
          continue;
        }
        const next = this.reservedWord(tokens, i);
        if (next !== null) { i = next; continue; }
      }
      let end = i;
      while (end < tokens.length && tokens[end].kind !== 'op') end++;
      this.cwdsBeforeCommand = this.cwds;
      this.currentRoots = null;
      const name = this.runSimple(tokens.slice(i, end), pipeFrom);
      last = { name, roots: this.currentRoots };
      i = end;
    }
    this.settleCd();
    while (this.frames.length > 0) {
      this.doubt('unterminated compound command');
      this.popFrame();
    }
    this.frames = outerFrames;
  }

  /** Handles a reserved word at command position; returns the next index, or null for none. */
  private reservedWord(tokens: readonly Token[], i: number): number | null {
    const word = plainText(tokens[i] as WordToken);
    switch (word) {
      case 'if': case 'while': case 'until':
        this.pushFrame('cond');
        return i + 1;
      case 'then': case 'else': case 'elif': case 'do': case '!': case 'in':
        return i + 1;
      case 'time':
        return plainText(tokens[i + 1]) === '-p' ? i + 2 : i + 1;
      case 'fi': case 'done': case 'esac': case '}':
        if (this.frames.length === 0) { this.doubt(`unexpected ${word}`); return i + 1; }
        this.popFrame();
        return this.trailingRedirects(tokens, i + 1);
      case '{':
        this.pushFrame('group');
        return i + 1;
      case 'for': case 'select':
        return this.forHeader(tokens, i + 1);
      case 'case': {
        if (tokens[i + 1]?.kind === 'word') this.resolveWord(tokens[i + 1] as WordToken);
        let j = i + 2;
        while (isOp(tokens[j], '\n')) j++;
        if (plainText(tokens[j]) === 'in') j++;
        this.pushFrame('case').casePattern = true;
        return j;
      }
      case 'function': {
        this.functionsDefined = true;
        this.redefines(plainText(tokens[i + 1]), 'a function');
        let j = i + 2;
        if (isOp(tokens[j], '(') && isOp(tokens[j + 1], ')')) j += 2;
        return j;
      }
      case '[[': {
        let j = i + 1;
        while (j < tokens.length && plainText(tokens[j]) !== ']]') {
          const t = tokens[j];
          if (t.kind === 'word') this.resolveWord(t);
          else if (t.kind === 'redir' && t.target !== null) this.resolveWord(t.target);
          j++;
        }
        return j + 1;
      }
      default:
        // `name() { ...; }`: a function definition; its body is analyzed where it stands.
        if (isOp(tokens[i + 1], '(') && isOp(tokens[i + 2], ')') && /^[\w.:-]+$/.test(word ?? '')) {
          this.functionsDefined = true;
          this.redefines(word, 'a function');
          return i + 3;
        }
        return null;
    }
  }

  private forHeader(tokens: readonly Token[], i: number): number {
    if (isOp(tokens[i], '(')) {
      this.pushFrame('loop');
      return skipArithmetic(tokens, i + 1);
    }
    const name = plainText(tokens[i]);
    let j = i + 1;
    while (isOp(tokens[j], '\n')) j++;
    let values: WordValue[] | null = [];
    if (plainText(tokens[j]) === 'in') {
      j++;
      while (j < tokens.length && tokens[j].kind === 'word') {
        const w = this.resolveWord(tokens[j] as WordToken);
        if (w.unknown.length > 0 || values === null) values = null;
        else values.push(...w.values);
        j++;
      }
    } else {
      values = null; // `for x; do` iterates over "$@"
    }
    this.pushFrame('loop');
    if (name !== null) this.setVar(name, values, false);
    return j;
  }

  private pushFrame(kind: Frame['kind']): Frame {
    const frame: Frame = {
      kind,
      savedCwds: this.cwds,
      savedVars: kind === 'subshell' ? new Map(this.vars) : null,
      savedChangedFrom: this.changedFrom,
      casePattern: false,
    };
    this.changedFrom = null;
    this.frames.push(frame);
    return frame;
  }

  private popFrame(): void {
    const frame = this.frames.pop();
    if (frame === undefined) return;
    this.settleCd();
    if (frame.kind === 'subshell') {
      this.cwds = [...frame.savedCwds];
      if (frame.savedVars !== null) this.vars = frame.savedVars;
    } else if (frame.kind !== 'group') {
      // A branch or loop body may not run at all.
      this.cwds = union(frame.savedCwds, this.cwds);
    }
    this.changedFrom = frame.savedChangedFrom;
  }

  private trailingRedirects(tokens: readonly Token[], i: number): number {
    let j = i;
    while (j < tokens.length && tokens[j].kind === 'redir') {
      this.applyRedirect(tokens[j] as RedirectToken, { kind: 'none' });
      j++;
    }
    return j;
  }

  /** After `cd x ;` (or `||`, or a newline) the `cd` may have failed: both directories are possible. */
  private settleCd(): void {
    if (this.changedFrom !== null) {
      this.cwds = union(this.cwds, this.changedFrom);
      this.changedFrom = null;
    }
  }

  private isConditional(): boolean {
    return this.andOr || this.inPipeline || this.frames.some((f) => f.kind !== 'group');
  }

  // ---- simple commands ---------------------------------------------------------------------

  /** Runs one simple command; returns its name ('' for none). */
  private runSimple(tokens: readonly Token[], pipeFrom: StdinSource | null): string {
    const words = tokens.filter((t): t is WordToken => t.kind === 'word');
    let k = 0;
    const assignments: Array<{ name: string; value: ResolvedWord }> = [];
    while (k < words.length) {
      const m = assignmentName(words[k]);
      if (m === null) break;
      const resolved = this.resolveWord(words[k]);
      assignments.push({ name: m.name, value: sliceAfter(resolved, m.length) });
      k++;
    }
    const args = expandWordBraces(words.slice(k).map((w) => this.resolveWord(w)));
    let stdin: StdinSource = pipeFrom ?? { kind: 'none' };
    for (const t of tokens) if (t.kind === 'redir') stdin = this.applyRedirect(t, stdin);
    for (const a of assignments) this.checkEnvName(a.name, a.name);
    for (const a of assignments) this.checkSearchPath(a.name, a.value);
    for (const a of assignments) this.commandValue(a.name, a.value);
    if (args.length === 0) {
      for (const a of assignments) this.assignWord(a.name, a.value);
      if (assignments.some((a) => a.name === 'GLOBIGNORE')) this.setShellOption('dotglob', true);
      return '';
    }
    for (const a of assignments) {
      if (FILE_ENV_VARS.has(a.name)) this.emitWord(a.value, 'read', a.name);
      // `IFS=x eval '$v'`: eval and source split with the prefix's IFS; kept as a possible value.
      if (a.name === 'IFS') this.setVar('IFS', a.value.unknown.length > 0 ? null : a.value.values.map((v) => ({ literal: v.literal, pattern: escapeGlob(v.literal) })), true);
    }
    return this.runCommand(args, stdin);
  }

  runCommand(words: readonly ResolvedWord[], stdin: StdinSource): string {
    if (words.length === 0) return '';
    if (this.scriptDepth > MAX_SCRIPT_DEPTH) { this.doubt('commands nested too deeply'); return ''; }
    const nameWord = words[0];
    let name: string;
    if (nameWord.unknown.length > 0 || nameWord.values.length !== 1) {
      this.doubt(`the command name is computed (${short(nameWord.raw)})`);
      for (const h of nameWord.hints) this.emitPath(h, 'read', 'command', true, false);
      name = '';
    } else {
      const literal = nameWord.values[0].literal;
      name = literal.includes('/') ? path.posix.basename(literal) : literal;
      if (literal.includes('/')) this.emitScriptWord(nameWord, name);
      for (const d of nameWord.doubts) this.doubt(`${name}: ${d}`);
    }
    if (name !== '') this.commandNames.add(name);
    this.scriptDepth++;
    const outerNotRead = this.notReadHere;
    const outerOwnProgram = this.ownProgram;
    this.notReadHere = new Set();
    this.ownProgram = name === '' || (nameWord.values[0]?.literal.includes('/') === true && !SYSTEM_PROGRAM.test(nameWord.values[0].literal));
    try {
      const ctx = this.context(name, words.slice(1), stdin);
      const ownArgs = airlockCall(name, words.slice(1));
      if (ownArgs !== null) airlockRule(ctx, ownArgs);
      ruleFor(name)(ctx);
      const spec = optionSpecFor(name, words.slice(1));
      if (spec !== undefined) this.computedOptions(words.slice(1), name, spec);
      if (!NO_MENTIONS.has(name)) this.mentions(words.slice(1), name === '' ? 'command' : name, spec);
      else if (!NO_GLOB_WORDS.has(name)) this.globNames(words.slice(1), name);
    } finally {
      this.scriptDepth--;
      this.notReadHere = outerNotRead;
      this.ownProgram = outerOwnProgram;
    }
    return name;
  }

  private applyRedirect(r: RedirectToken, stdin: StdinSource): StdinSource {
    if (r.op === '<<' || r.op === '<<-') {
      const body = r.heredoc;
      if (body === null || body.quoted) return { kind: 'text', text: body?.text ?? '' };
      const w = this.resolveParts(body.parts, '');
      return { kind: 'text', text: w.unknown.length === 0 && w.values.length === 1 ? w.values[0].literal : null };
    }
    if (r.target === null) return stdin;
    const w = this.resolveWord(r.target);
    switch (r.op) {
      case '<':
        this.emitWord(w, 'read', '<');
        // `sh < /dev/null` reads no program at all.
        return w.unknown.length === 0 && w.text === '/dev/null' ? { kind: 'text', text: '' } : { kind: 'file' };
      case '<>':
        this.emitWord(w, 'read', '<>');
        this.emitWord(w, 'write', '<>');
        return { kind: 'file' };
      case '<<<':
        return { kind: 'text', text: w.unknown.length === 0 && w.values.length === 1 ? w.values[0].literal : null };
      case '<&': case '>&':
        if (w.unknown.length === 0 && /^(\d+-?|-)$/.test(w.text)) return stdin;
        this.emitWord(w, r.op === '<&' ? 'read' : 'write', r.op);
        return stdin;
      default:
        this.emitWord(w, 'write', r.op);
        return stdin;
    }
  }

  // ---- words -------------------------------------------------------------------------------

  resolveWord(token: WordToken): ResolvedWord {
    return this.resolveParts(token.parts, token.raw);
  }

  private resolveParts(parts: readonly WordPart[], raw: string): ResolvedWord {
    let values: WordValue[] = [{ literal: '', pattern: '' }];
    const unknown: string[] = [];
    const doubts: string[] = [];
    const hints: string[] = [];
    let tail = '';
    let head = '';
    let text = '';
    let sketch = '';
    let process = false;
    const append = (literal: string, pattern: string): void => {
      values = values.map((v) => ({ literal: v.literal + literal, pattern: v.pattern + pattern }));
      tail += literal;
      text += literal;
      sketch += literal;
    };
    const markUnknown = (reason: string): void => {
      if (unknown.length === 0) head = text;
      unknown.push(reason);
      tail = '';
      sketch += `$${UNKNOWN_VAR}`;
    };
    for (const p of parts) {
      switch (p.kind) {
        case 'text':
          append(p.text, p.quoted ? escapeGlob(p.text) : p.text);
          if (p.ansiEscapes === true) doubts.push(`escape sequences spell ${JSON.stringify(p.text)}`);
          break;
        case 'tilde':
          if (p.user === '' && this.home !== null) append(this.home, escapeGlob(this.home));
          else markUnknown(`~${p.user} is an unknown home directory`);
          break;
        case 'var': {
          const looked = this.lookupVar(p.name);
          if (looked === null) { markUnknown(`$${p.name} has an unknown value`); break; }
          const separators = p.quoted ? '' : this.fieldSeparators();
          if (separators === null) { markUnknown(`$${p.name} is split by an unknown IFS`); break; }
          if (looked.doubt !== null) doubts.push(looked.doubt);
          const product: WordValue[] = [];
          for (const v of values) {
            for (const x of looked.values) {
              // An assigned value is globbed and split only when the expansion is unquoted; a `for`
              // value from a glob stands for the files it matches either way.
              const assigned = x.pattern === escapeGlob(x.literal);
              const pieces = assigned && !p.quoted ? splitFields(x.literal, separators) : [x.literal];
              for (const piece of pieces) {
                product.push({ literal: v.literal + piece, pattern: v.pattern + (!assigned ? x.pattern : p.quoted ? escapeGlob(piece) : piece) });
              }
            }
          }
          if (product.length > MAX_VALUES) { markUnknown(`$${p.name} has too many possible values`); break; }
          values = product;
          tail += looked.values[0]?.literal ?? '';
          text += looked.values[0]?.literal ?? '';
          sketch += looked.values[0]?.literal ?? '';
          break;
        }
        case 'param':
          markUnknown(`${short(p.raw)} has an unknown value`);
          break;
        case 'arith':
          markUnknown(`arithmetic ${short(p.raw)}`);
          break;
        case 'command': {
          const sub = this.runSubstitution(p.tokens);
          // A word that is only a listing's output stands for the paths it lists, like xargs input.
          // Anywhere but an operand (a command name, eval) it stays an unknown value.
          if (parts.length === 1 && sub.roots !== null && !sub.pwd) return { ...literalWord(''), raw, values: [], unknown: [`command substitution ${short(raw)}`], input: sub.roots };
          if (sub.pwd) {
            append('.', '.');
            doubts.push(`${short(p.raw)} is assumed to be the current directory`);
          } else {
            markUnknown(`command substitution ${short(p.raw)}${p.backquote ? ' (backquotes)' : ''}`);
            hints.push(...sub.visible);
          }
          break;
        }
        case 'process': {
          // What it prints may be a list of names (`tar -T <(echo .env)`): its literals are hints.
          const sub = this.runSubstitution(p.tokens);
          hints.push(...sub.visible);
          process = true;
          break;
        }
      }
    }
    if (unknown.length > 0) {
      values = [];
      // What can be seen: the text after the last unknown part (`$DIR/.env` → `.env`) and before
      // the first (`.en$((0))` → `.en`).
      const visible = tail.replace(/^\/+/, '');
      if (visible !== '') hints.unshift(visible);
      if (head !== '' && head !== visible && !hints.includes(head)) hints.push(head);
    }
    return { raw, text, values, unknown, doubts, hints, process, sketch, input: null };
  }

  private lookupVar(name: string): { values: readonly WordValue[]; doubt: string | null } | null {
    const state = this.vars.get(name);
    if (state !== undefined) {
      if (state.values === null) return null;
      return { values: state.values, doubt: state.maybeUnset ? `$${name} may also keep a value from the environment` : null };
    }
    if (NUMERIC_VARS.has(name)) return { values: [{ literal: '1', pattern: '1' }], doubt: null };
    if (name === 'PWD') return { values: [{ literal: '.', pattern: '.' }], doubt: '$PWD is assumed to be the current directory' };
    if (name === 'HOME' && this.home !== null) return { values: [{ literal: this.home, pattern: escapeGlob(this.home) }], doubt: null };
    return null;
  }

  /**
   * The characters an unquoted expansion is split on: blanks, plus every character any value
   * assigned to IFS could hold (`IFS=x; v=catx.env; $v` runs `cat .env`); null when IFS was
   * given a value the walker cannot know. Bash never takes IFS from the environment.
   */
  private fieldSeparators(): string | null {
    const ifs = this.vars.get('IFS');
    if (ifs === undefined) return '';
    if (ifs.values === null) return null;
    return [...new Set(ifs.values.flatMap((v) => [...v.literal]))].join('');
  }

  private setVar(name: string, values: readonly WordValue[] | null, conditional: boolean): void {
    const prev = this.vars.get(name);
    if (values === null) { this.vars.set(name, { values: null, maybeUnset: false }); return; }
    if (!conditional) { this.vars.set(name, { values, maybeUnset: false }); return; }
    if (prev === undefined) { this.vars.set(name, { values, maybeUnset: true }); return; }
    this.vars.set(name, { values: prev.values === null ? null : [...prev.values, ...values].slice(0, MAX_VALUES), maybeUnset: prev.maybeUnset });
  }

  private assignWord(name: string, value: ResolvedWord): void {
    // Assignment values are not globbed: keep them literal.
    const values = value.unknown.length > 0 ? null : value.values.map((v) => ({ literal: v.literal, pattern: escapeGlob(v.literal) }));
    this.setVar(name, values, this.isConditional());
  }

  /** Runs a `$(...)`/`<(...)` in a subshell scope; tells whether it is just `pwd`. */
  private runSubstitution(tokens: readonly Token[]): { pwd: boolean; visible: string[]; roots: readonly InputRoot[] | null } {
    const plain = tokens.filter((t) => !isOp(t, '\n'));
    const pwd = plain.length >= 1 && plainText(plain[0]) === 'pwd' && plain.slice(1).every((t) => /^-[LP]$/.test(plainText(t) ?? ''));
    let roots: readonly InputRoot[] | null = null;
    this.inSubshell(() => {
      this.walk(tokens);
      // One `find` that prints only the paths it finds (`$(find src -name "*.ts")`): its output is
      // paths under its roots. `-exec`, `-printf`, `-ls` print other text, which could name anything.
      if (plain.every((t) => t.kind !== 'op') && plainText(plain[0]) === 'find' && plain.every((t) => t.kind === 'word' && !FIND_PRINTS_OTHER.test(literalText(t) ?? '-exec'))) roots = this.currentRoots;
    });
    return { pwd, visible: pwd ? [] : visibleLiterals(tokens), roots };
  }

  private inSubshell(fn: () => void): void {
    const saved = { cwds: this.cwds, before: this.cwdsBeforeCommand, changed: this.changedFrom, vars: new Map(this.vars), andOr: this.andOr, pipe: this.inPipeline, roots: this.currentRoots };
    this.changedFrom = null;
    try {
      fn();
    } finally {
      this.cwds = saved.cwds;
      this.cwdsBeforeCommand = saved.before;
      this.changedFrom = saved.changed;
      this.vars = saved.vars;
      this.andOr = saved.andOr;
      this.inPipeline = saved.pipe;
      this.currentRoots = saved.roots;
    }
  }

  // ---- operands ----------------------------------------------------------------------------

  emitWord(word: ResolvedWord, given: ShellAccess, label: string, search?: ContentSearch, listsEntries = false): void {
    // `./bin/stat .env` runs whatever the AI put there: its operands are read.
    const access = given === 'metadata' && this.ownProgram ? 'read' : given;
    // Items of command input are any paths below its roots: a listing of them reaches the whole
    // tree (`find . | xargs ls`), their metadata alone does not.
    const below = access === 'read' || (access === 'metadata' && listsEntries) ? 'search' : access;
    if (word.process) {
      for (const h of word.hints) this.emitPath(h, below, label, true, false);
      return;
    }
    if (word.input !== null) {
      if (word.input === 'unknown') this.doubt(`${label} takes file names from its input`);
      else for (const r of word.input) this.emitWord(r.word, below, label, search);
      return;
    }
    for (const d of word.doubts) this.doubt(`${label}: ${d}`);
    if (word.unknown.length > 0) {
      this.doubt(`${label}: ${word.unknown.join('; ')}`);
      for (const h of word.hints) this.emitPath(h, access, label, true, false, undefined, listsEntries);
      return;
    }
    for (const v of word.values) {
      if (!hasGlob(v.pattern) && !v.pattern.includes('{')) { this.emitPath(v.literal, access, label, false, false, search, listsEntries); continue; }
      const expanded = expandBraces(v.pattern);
      if (expanded === null) {
        this.doubt(`${label}: brace expansion too large (${short(word.raw)})`);
        this.emitPath(v.pattern, access, label, false, true, search, listsEntries);
        continue;
      }
      for (const p of expanded) {
        const glob = hasGlob(p);
        this.emitPath(glob ? p : unescapePattern(p), access, label, false, glob, search, listsEntries);
      }
    }
  }

  emitPath(p: string, access: ShellAccess, label: string, partial: boolean, glob: boolean, search?: ContentSearch, listsEntries = false): void {
    if (p === '' || p === '-' || isDevicePath(p)) return;
    if (this.mentioning && this.notReadHere.has(p)) return;
    if (!this.mentioning && access === 'metadata') this.notReadHere.add(p);
    const lists = access === 'metadata' && listsEntries;
    const flags = {
      ...(glob && (this.globFlags.dot === true || this.globFlags.nocase === true) ? { globFlags: { ...this.globFlags } } : {}),
      ...(this.scripting ? { script: true } : {}),
      ...(search !== undefined && access === 'search' && !partial ? { contentSearch: search } : {}),
      ...(lists ? { listsEntries: true } : {}),
    };
    const into = this.mentioning ? this.mentioned : this.operands;
    for (const cwd of this.cwds) {
      const key = `${access}\0${cwd ?? ''}\0${p}\0${partial ? 1 : 0}${this.scripting ? '\0s' : ''}${lists ? '\0l' : ''}`;
      const seen = into.get(key);
      if (seen !== undefined) {
        // The same folder searched twice with different patterns (or once without one): no
        // pattern speaks for both, so neither relaxes the verdict.
        if (seen.contentSearch !== undefined && JSON.stringify(seen.contentSearch) !== JSON.stringify(flags.contentSearch)) {
          const { contentSearch: _dropped, ...plain } = seen;
          into.set(key, plain);
        }
        continue;
      }
      if (into.size >= MAX_OPERANDS) { this.overLimit(`more than ${MAX_OPERANDS} operands`); return; }
      into.set(key, { path: p, access, glob, cwd, command: label, partial, ...flags });
    }
  }

  /**
   * Every word a command is given that could name a file counts as a read, whatever option comes
   * before it and whatever the command's rule made of it: an option spec that swallows `.env`
   * (`cat -n .env`, `date -f .env`) must not hide it. Attached values (`--file=.env`, `-f.env`,
   * `if=.env`) and `file://` URLs count too.
   */
  private mentions(args: readonly ResolvedWord[], label: string, spec: OptionSpec | undefined): void {
    this.mentioning = true;
    try {
      this.mentionWords(args, label, spec);
    } finally {
      this.mentioning = false;
    }
  }

  private mentionWords(args: readonly ResolvedWord[], label: string, spec?: OptionSpec): void {
    args.forEach((w, i) => {
      if (w.input !== null || this.handedOn.has(w)) return;
      if (w.process || w.unknown.length > 0) return; // judged where the rule emitted it, or a doubt
      // A name pattern or a number (`find -name .env`): a name is not content.
      const before = args[i - 1];
      if (before !== undefined && before.unknown.length === 0 && spec?.patternValues?.includes(before.text.slice(1)) === true) return;
      if (!/^-./.test(w.text)) this.emitWord(w, 'read', label);
      for (const v of w.values) for (const p of attachedPaths(v.literal, spec)) this.emitPath(p, 'read', label, false, false);
    });
  }

  /**
   * bash expands an unquoted glob by listing the folder it names, whatever the command does with
   * the names (`echo secrets/*` prints what is inside): for commands whose words are otherwise not
   * read, each glob is judged as the metadata of its matches, so listing a protected folder is
   * refused while `echo *` goes ahead.
   */
  private globNames(args: readonly ResolvedWord[], label: string): void {
    for (const w of args) {
      if (w.process || w.input !== null || w.unknown.length > 0) continue;
      if (w.values.some((v) => hasGlob(v.pattern))) this.emitWord(w, 'metadata', label);
    }
  }

  /**
   * A word computed at run time where an option may stand (`grep "$(echo -rv)" zzz .`) can turn
   * into one: the command is then not the one the rule read. Only for the commands whose every
   * option letter Airlock knows (the others are read generously already).
   */
  private computedOptions(args: readonly ResolvedWord[], name: string, spec: OptionSpec): void {
    const parsed = parseArgs(args, spec);
    for (const w of parsed.operands.slice(0, parsed.operandsBeforeDashDash)) {
      if (w.unknown.length === 0 || w.process || w.input !== null) continue;
      if (w.sketch.startsWith('-') || w.sketch.startsWith(`$${UNKNOWN_VAR}`)) this.doubt(`${name}: ${short(w.raw)} is computed when it runs and may be an option`);
    }
  }

  /**
   * `PATH=./bin:$PATH ls` runs whatever `./bin/ls` is, a program the AI may have written, which
   * opens files by itself: no parser can follow it (masked execution confines it). A PATH that
   * holds anything but `$PATH` and system folders is a doubt.
   */
  private checkSearchPath(name: string, value: ResolvedWord): void {
    if (name !== 'PATH') return;
    const parts = value.raw.replace(/^[A-Za-z_]\w*\+?=/, '').replace(/["']/g, '').split(':');
    const odd = parts.filter((p) => !/^\$(\{PATH\}|PATH)$/.test(p) && !/^\/(usr|bin|sbin|opt|snap|nix)(\/[^$]*)?$/.test(p));
    if (odd.length > 0) this.doubt(`PATH takes commands from ${odd.map((p) => (p === '' ? 'the current folder' : p)).join(', ')}: a program found there opens files Airlock cannot see`);
  }

  /**
   * `GIT_EXTERNAL_DIFF='cat .env' git diff`, `EDITOR=… git commit`, `LESSOPEN='|cat .env' less x`:
   * the value is a command another program runs later; it is judged as one now.
   */
  private commandValue(name: string, value: ResolvedWord): void {
    this.mentionValue(value, name);
    if (commandInEnv(name, '') === null) return;
    if (value.unknown.length > 0) { this.doubt(`${name} holds a command Airlock cannot see (${short(value.raw)})`); return; }
    for (const v of value.values) this.runScript(commandInEnv(name, v.literal) ?? '');
  }

  /**
   * An environment value a program may open as a file (`npm_config_userconfig=.env npm config list`,
   * `HISTFILE=.env`): each path-like part counts as a read, like the words a command is given.
   */
  private mentionValue(value: ResolvedWord, label: string): void {
    if (value.unknown.length > 0 || value.process || PLAIN_ENV_VARS.has(label)) return;
    this.mentioning = true;
    try {
      for (const v of value.values) {
        for (const part of v.literal.split(/[\s:;,]+/)) {
          if (part.startsWith('-')) for (const p of attachedPaths(part)) this.emitPath(p, 'read', label, false, false);
          else this.emitPath(part, 'read', label, false, false);
        }
      }
    } finally {
      this.mentioning = false;
    }
  }

  /** Environment variables that change who git says wrote a commit, or which repository and config it uses. */
  checkEnvName(name: string, label: string): void {
    const reason = forbiddenEnvReason(name);
    if (reason !== null && this.denials.length < 32) this.denials.push({ command: label, reason });
  }

  private emitScriptWord(word: ResolvedWord, label: string): void {
    this.scripting = true;
    try {
      this.emitWord(word, 'read', label);
    } finally {
      this.scripting = false;
    }
  }

  /** `shopt -s dotglob|nocaseglob|extglob` changes what later globs match. */
  setShellOption(name: string, on: boolean): void {
    if (!on) return; // turning an option off is ignored: the wider reading stays
    if (name === 'dotglob') this.globFlags = { ...this.globFlags, dot: true };
    else if (name === 'nocaseglob' || name === 'nocasematch') this.globFlags = { ...this.globFlags, nocase: true };
    else if (name === 'extglob') {
      this.globFlags = { ...this.globFlags, extglob: true };
      this.doubt('shopt -s extglob: extended glob patterns are not expanded');
    }
  }

  // ---- the context rules see ---------------------------------------------------------------

  private context(name: string, args: readonly ResolvedWord[], stdin: StdinSource): CommandContext {
    const label = name === '' ? 'command' : name;
    const pipeRoots = stdin.kind === 'pipe' ? stdin.roots : null;
    return {
      name,
      args,
      stdin,
      pipeRoots,
      emit: (word, access, search) => this.emitWord(word, access, label, search),
      emitMetadata: (word, listsEntries) => this.emitWord(word, 'metadata', label, undefined, listsEntries),
      emitScript: (word) => this.emitScriptWord(word, label),
      emitPath: (p, access, partial = false) => this.emitPath(p, access, label, partial, false),
      uncertain: (reason) => this.doubt(reason),
      inlineProgram: (reason) => {
        this.doubt(reason);
        this.programs.add(reason);
      },
      gitEffect: (effect) => {
        for (const cwd of this.cwds) if (this.gitEffects.length < 64) this.gitEffects.push({ ...effect, cwd, command: label } as GitEffect);
      },
      deny: (reason) => { if (this.denials.length < 32) this.denials.push({ command: label, reason }); },
      runCommand: (words, inner) => {
        this.runCommand(words, inner ?? stdin);
        // The inner command's words had their own mention pass, read with its own option spec.
        for (const w of words) this.handedOn.add(w);
      },
      runScript: (source) => this.runScript(source),
      changeDirectory: (word, kind) => this.changeDirectory(word, kind),
      inDirectory: (dir, fn) => this.inDirectory(dir, fn),
      listsPathsUnder: (roots) => { this.currentRoots = roots.map((word) => ({ word })); },
      assignUnknown: (names) => { for (const n of names) this.setVar(n, null, false); },
      assign: (words) => {
        for (const w of words) {
          const exported = /^[A-Za-z_]\w*$/.test(w.text) && w.unknown.length === 0 ? this.lookupVar(w.text) : null;
          if (exported !== null) this.commandValue(w.text, { ...w, values: exported.values });
          const m = /^([A-Za-z_]\w*)\+?=/.exec(w.text);
          if (m !== null) this.assignWord(m[1], sliceAfter(w, m[0].length));
          if (m !== null) this.checkSearchPath(m[1], sliceAfter(w, m[0].length));
          if (m !== null) this.checkEnvName(m[1], label);
          if (m !== null) this.commandValue(m[1], sliceAfter(w, m[0].length));
        }
      },
      literalWord: (text) => literalWord(text),
      setShellOption: (option, on) => this.setShellOption(option, on),
      inputWord: (roots) => ({ ...literalWord(''), input: roots }),
      patternWord: (word) => { this.handedOn.add(word); },
    };
  }

  private runScript(source: string): void {
    if (this.scriptDepth > MAX_SCRIPT_DEPTH) { this.doubt('scripts nested too deeply'); return; }
    const lexed = lexShell(source);
    for (const p of lexed.problems) this.doubt(p);
    this.scriptDepth++;
    try {
      this.inSubshell(() => this.walk(lexed.tokens));
    } finally {
      this.scriptDepth--;
    }
  }

  private changeDirectory(word: ResolvedWord | null, kind: 'cd' | 'pushd' | 'popd'): void {
    const before = this.cwds;
    let next: Cwd[];
    if (kind === 'popd') {
      next = this.dirStack.pop() ?? before;
    } else if (word === null) {
      if (this.home === null) { this.doubt(`${kind} to the home directory`); return; }
      next = [this.home];
    } else if (word.unknown.length === 0 && word.text === '-') {
      if (this.previousCwds === null) { this.doubt(`${kind} - to an unknown directory`); return; }
      next = this.previousCwds;
    } else if (word.unknown.length > 0 || word.values.length === 0) {
      this.doubt(`${kind} to an unknown directory (${short(word.raw)})`);
      return;
    } else {
      for (const d of word.doubts) this.doubt(`${kind}: ${d}`);
      if (word.values.some((v) => hasGlob(v.pattern))) this.doubt(`${kind} to a glob (${short(word.raw)})`);
      next = [];
      for (const cwd of before) for (const v of word.values) next.push(joinCwd(cwd, v.literal));
    }
    if (kind === 'pushd') this.dirStack.push(before);
    this.previousCwds = before;
    this.changedFrom = union(this.changedFrom ?? [], before);
    this.cwds = union(next, []);
  }

  private inDirectory(dir: ResolvedWord, fn: () => void): void {
    if (dir.unknown.length > 0 || dir.values.length === 0) {
      this.doubt(`runs in an unknown directory (${short(dir.raw)})`);
      fn();
      return;
    }
    const saved = this.cwds;
    const next: Cwd[] = [];
    for (const cwd of saved) for (const v of dir.values) next.push(joinCwd(cwd, v.literal));
    this.cwds = union(next, []);
    try {
      fn();
    } finally {
      this.cwds = saved;
    }
  }
}

// ---- helpers ---------------------------------------------------------------------------------

function isOp(t: Token | undefined, op: string): boolean {
  return t !== undefined && t.kind === 'op' && t.op === op;
}

/** The text of an unquoted, expansion-free word (reserved words must be written plainly). */
function plainText(t: Token | undefined): string | null {
  if (t === undefined || t.kind !== 'word') return null;
  if (t.parts.length !== 1 || t.parts[0].kind !== 'text' || t.parts[0].quoted) return null;
  return t.parts[0].text;
}

function skipPast(tokens: readonly Token[], i: number, op: string): number {
  let j = i;
  while (j < tokens.length && !isOp(tokens[j], op)) j++;
  return j + 1;
}

/** `((...))`: skip to the matching `))`; `i` is just after the second `(`. */
function skipArithmetic(tokens: readonly Token[], i: number): number {
  let depth = 2;
  let j = i + 1;
  while (j < tokens.length && depth > 0) {
    if (isOp(tokens[j], '(')) depth++;
    else if (isOp(tokens[j], ')')) depth--;
    j++;
  }
  return j;
}

function assignmentName(word: WordToken): { name: string; length: number } | null {
  const first = word.parts[0];
  if (first === undefined || first.kind !== 'text' || first.quoted) return null;
  const m = /^([A-Za-z_]\w*)(\[[^\]]*\])?\+?=/.exec(first.text);
  return m === null ? null : { name: m[1], length: m[0].length };
}

function sliceAfter(word: ResolvedWord, n: number): ResolvedWord {
  const prefix = word.text.slice(0, n);
  return {
    ...word,
    text: word.text.slice(n),
    sketch: word.sketch.slice(n),
    values: word.values.map((v) => ({ literal: v.literal.slice(n), pattern: v.pattern.startsWith(prefix) ? v.pattern.slice(n) : escapeGlob(v.literal.slice(n)) })),
  };
}

/** Brace expansion turns one word into several (`{cat,.env}` is `cat .env`). */
function expandWordBraces(words: readonly ResolvedWord[]): ResolvedWord[] {
  const out: ResolvedWord[] = [];
  for (const w of words) {
    const expanded = w.unknown.length === 0 && w.values.length === 1 && hasBraces(w.values[0].pattern) ? expandBraces(w.values[0].pattern) : null;
    if (expanded === null) { out.push(w); continue; }
    for (const pattern of expanded) {
      const literal = unescapePattern(pattern);
      out.push({ ...w, text: literal, sketch: literal, values: [{ literal, pattern }] });
    }
  }
  return out;
}

/**
 * The words an unquoted expansion may become: split on blanks and, with IFS set, on its
 * characters as well. Both readings are kept, since an `unset IFS` the walker does not follow
 * brings the blanks back.
 */
function splitFields(literal: string, separators: string): string[] {
  const blanks = literal.split(/\s+/).filter((s) => s !== '');
  if (separators === '') return blanks;
  const set = new Set([...separators, ' ', '\t', '\n']);
  const fields: string[] = [];
  let field = '';
  for (const ch of literal) {
    if (set.has(ch)) { if (field !== '') fields.push(field); field = ''; } else field += ch;
  }
  if (field !== '') fields.push(field);
  return [...new Set([...blanks, ...fields])];
}

function literalWord(text: string): ResolvedWord {
  return { raw: text, text, values: [{ literal: text, pattern: escapeGlob(text) }], unknown: [], doubts: [], hints: [], process: false, sketch: text, input: null };
}

const FIND_PRINTS_OTHER = /^-(exec|execdir|ok|okdir|printf|fprintf|fprint|fprint0|fls|ls|print0|delete|quit)$/;

/** Literal arguments inside a command substitution, reported when its output is used as a path. */
function visibleLiterals(tokens: readonly Token[]): string[] {
  const out: string[] = [];
  let atStart = true;
  for (const t of tokens) {
    if (t.kind === 'op') { atStart = true; continue; }
    const text = t.kind === 'word' ? literalText(t) : t.target !== null ? literalText(t.target) : null;
    if (t.kind === 'word' && atStart) { atStart = false; continue; }
    if (text !== null && text !== '' && !text.startsWith('-') && out.length < 16) out.push(text);
  }
  return out;
}

function literalText(word: WordToken): string | null {
  let s = '';
  for (const p of word.parts) {
    if (p.kind !== 'text') return null;
    s += p.text;
  }
  return s;
}

function joinCwd(base: Cwd, dir: string): Cwd {
  const joined = dir.startsWith('/') || base === null ? path.posix.normalize(dir) : path.posix.join(base, dir);
  const trimmed = joined.length > 1 ? joined.replace(/\/+$/, '') : joined;
  return trimmed === '.' || trimmed === '' ? null : trimmed;
}

function union(a: readonly Cwd[], b: readonly Cwd[]): Cwd[] {
  const out: Cwd[] = [];
  for (const x of [...a, ...b]) if (!out.includes(x)) out.push(x);
  return out.slice(0, 16);
}

function short(raw: string): string {
  return raw.length > 60 ? `${raw.slice(0, 57)}...` : raw;
}

/** Path-like parts inside one word: `--opt=VALUE`, `NAME=VALUE`, `-fVALUE`, `file://…`, `@file`. */
/**
 * The file names an option word may carry attached. Where the command's option spec knows every
 * letter of a short-option bundle, only the value it really takes counts (`-rn` carries none,
 * `-rnf.env` carries `.env`); otherwise every tail of the bundle might be one.
 */
function attachedPaths(literal: string, spec?: OptionSpec): string[] {
  const out: string[] = [];
  const eq = literal.indexOf('=');
  if (eq > 0 && eq < literal.length - 1) out.push(literal.slice(eq + 1));
  if (/^-[A-Za-z0-9]/.test(literal) && !literal.startsWith('--') && !(spec !== undefined && knownDashWord(literal, spec))) {
    const value = spec === undefined ? undefined : bundleValue(literal, spec);
    if (value === undefined) {
      for (let k = 2; k < Math.min(literal.length, 8); k++) if (k === 2 || /[./]/.test(literal.slice(k))) out.push(literal.slice(k));
    } else if (value !== null) {
      out.push(value);
    }
  }
  if (literal.startsWith('@') && literal.length > 1) out.push(literal.slice(1));
  const url = /^file:(?:\/\/(?:localhost)?)?(.*)$/i.exec(literal);
  if (url !== null && url[1] !== '') {
    let p = url[1];
    try { p = decodeURIComponent(p); } catch { /* keep it as written */ }
    out.push(p);
  }
  return out.filter((p) => p !== '' && p !== '-');
}
