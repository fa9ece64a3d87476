// Building blocks for per-command operand rules.
import { hasOption, optionValues, parseArgs, type OptionSpec, type ParsedArgs } from './argParser';
import type { CommandContext, ResolvedWord } from './commandContext';
import type { ShellAccess } from './shellTypes';

export type Rule = (ctx: CommandContext) => void;

export interface FileCommandSpec extends OptionSpec {
  /** What the command does to its operands. */
  readonly access?: ShellAccess | 'none';
  /** Options whose value is a file, and what is done to it (`-o`: write, `--files0-from`: read). */
  readonly fileOptions?: Readonly<Record<string, ShellAccess>>;
  /** Options that make directory operands recursive (their access becomes `search`). */
  readonly recursive?: readonly string[];
  /** How many leading operands are not files (a mode, a pattern, a script). */
  readonly skip?: number;
}

/** A command whose operands all get the same access. */
export function fileCommand(spec: FileCommandSpec): Rule {
  return (ctx) => {
    const parsed = parseArgs(ctx.args, spec);
    emitFileOptions(ctx, parsed, spec.fileOptions);
    const access = spec.access ?? 'read';
    if (access === 'none') return;
    const recursive = spec.recursive !== undefined && hasOption(parsed, ...spec.recursive);
    for (const w of parsed.operands.slice(spec.skip ?? 0)) ctx.emit(w, recursive && access === 'read' ? 'search' : access);
  };
}

export function emitFileOptions(ctx: CommandContext, parsed: ParsedArgs, fileOptions: Readonly<Record<string, ShellAccess>> | undefined): void {
  if (fileOptions === undefined) return;
  for (const [name, access] of Object.entries(fileOptions)) {
    for (const v of optionValues(parsed, name)) ctx.emit(v, access);
  }
}

/** Emit each operand with each access. */
export function emitAll(ctx: CommandContext, words: readonly ResolvedWord[], ...accesses: ShellAccess[]): void {
  for (const w of words) for (const a of accesses) ctx.emit(w, a);
}

/** For commands Airlock does not know: every non-option argument might be a path. */
export const unknownCommand: Rule = (ctx) => {
  for (const w of ctx.args) {
    if (w.unknown.length === 0 && w.text.startsWith('-')) {
      const eq = w.text.indexOf('=');
      if (eq > 0 && w.text.startsWith('--')) ctx.emit(ctx.literalWord(w.text.slice(eq + 1)), 'read');
      continue;
    }
    ctx.emit(w, 'read');
  }
};

/** Commands that take no file operands at all (their arguments are text, numbers, names). */
export const noFiles: Rule = () => undefined;

/**
 * Literal strings inside inline program code (`python -c`, `node -e`, an awk program) that could be
 * file names. Best effort: the code can build names any way it likes, so callers also mark doubt.
 */
export function codeLiterals(code: string): string[] {
  const out: string[] = [];
  for (const m of code.matchAll(/(['"`])((?:\\.|(?!\1)[^\\\n])*)\1/g)) {
    const s = m[2].replace(/\\(.)/g, '$1');
    if (looksLikePath(s) && !out.includes(s)) out.push(s);
    if (out.length >= 64) break;
  }
  return out;
}

/** A string that could name a file: no spaces and either a slash, a dot, or a plain name. */
export function looksLikePath(s: string): boolean {
  if (s === '' || s.length > 512 || /[\s<>|;&$]/.test(s) || /^[a-z][a-z0-9+.-]*:\/\//i.test(s)) return false;
  return s.includes('/') || s.includes('.') || /^[\w-]+$/.test(s);
}

/** Emit the program arguments of an interpreter (generously: any of them may be a file). */
export function emitProgramArgs(ctx: CommandContext, words: readonly ResolvedWord[]): void {
  for (const w of words) {
    if (w.unknown.length === 0 && w.text.startsWith('-')) {
      const eq = w.text.indexOf('=');
      if (eq > 0) ctx.emit(ctx.literalWord(w.text.slice(eq + 1)), 'read');
      continue;
    }
    ctx.emit(w, 'read');
  }
}

/** Doubt + literal extraction for code Airlock cannot follow. */
export function inlineCode(ctx: CommandContext, code: ResolvedWord | string, what: string): void {
  ctx.inlineProgram(`${ctx.name} ${what}`);
  const text = typeof code === 'string' ? code : code.sketch;
  for (const s of codeLiterals(text)) ctx.emitPath(s, 'read', true);
}

/** A program read from standard input (`curl … | sh`, `python <<EOF`). */
export function programFromStdin(ctx: CommandContext, isShell: boolean): void {
  const stdin = ctx.stdin;
  if (stdin.kind === 'pipe') ctx.uncertain(`${ctx.name} runs a program read from a pipe`);
  else if (stdin.kind === 'file') ctx.uncertain(`${ctx.name} runs a program read from a file whose commands Airlock does not follow`);
  else if (stdin.kind === 'text') {
    if (stdin.text === null) ctx.uncertain(`${ctx.name} runs a here-document with unknown parts`);
    else if (isShell) ctx.runScript(stdin.text);
    else inlineCode(ctx, stdin.text, 'runs a program from a here-document');
  }
}
