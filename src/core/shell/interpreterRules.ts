// Rules for commands that run other code: shells, `eval`, script interpreters, sed/awk programs,
// and command prefixes (`sudo`, `env`, `xargs`, `timeout`...).
import { hasOption, optionValues, parseArgs, type OptionSpec } from './argParser';
import type { CommandContext, ResolvedWord } from './commandContext';
import { emitFileOptions, emitProgramArgs, inlineCode, programFromStdin, type Rule } from './ruleHelpers';
import { commandInEnv, forbiddenEnvReason } from './forbiddenEnv';
import { awkProgramTouchesFiles, sedScriptEffects } from './scriptLanguages';
import type { ShellAccess } from './shellTypes';
import { trustedByName } from './metadataRules';

/** The text a word holds, with unknown parts standing as unset variables. */
function scriptText(word: ResolvedWord): string {
  return word.unknown.length > 0 || word.values.length === 0 ? word.sketch : word.values[0].literal;
}

function runInline(ctx: CommandContext, word: ResolvedWord | undefined, what: string): void {
  if (word === undefined) return;
  if (word.unknown.length > 0) ctx.uncertain(`${ctx.name} ${what} runs a computed script (${word.raw})`);
  for (const d of word.doubts) ctx.uncertain(`${ctx.name} ${what}: ${d}`);
  const texts = word.unknown.length > 0 || word.values.length === 0 ? [word.sketch] : word.values.map((v) => v.literal);
  for (const t of texts) ctx.runScript(t);
}

/** bash, sh, zsh...: `-c STRING`, a script file, or a program on standard input. */
export const shellRule: Rule = (ctx) => {
  const args = ctx.args;
  let i = 0;
  let fromStdin = false;
  if (ctx.name === 'fish') ctx.uncertain('fish syntax is analyzed as if it were bash');
  while (i < args.length) {
    const w = args[i];
    const t = w.text;
    if (w.unknown.length > 0 || !/^[-+]./.test(t)) break;
    if (t === '--') { i++; break; }
    if (t === '--rcfile' || t === '--init-file') { if (args[i + 1] !== undefined) ctx.emit(args[i + 1], 'read'); i += 2; continue; }
    // `bash -O dotglob -c 'cat *env'`: a shell option set for the script it runs.
    if ((t === '-O' || t === '+O') && args[i + 1] !== undefined) {
      if (args[i + 1].unknown.length > 0) ctx.uncertain(`${ctx.name} ${t} sets a shell option Airlock cannot see`);
      else ctx.setShellOption(args[i + 1].text, t === '-O');
      i += 2;
      continue;
    }
    if (t.startsWith('--')) { i++; continue; }
    if (t.startsWith('-') && t.includes('c')) {
      runInline(ctx, args[i + 1], '-c');
      return;
    }
    if (t.includes('s')) fromStdin = true;
    i += /[oO]$/.test(t) ? 2 : 1;
  }
  if (!fromStdin && i < args.length && args[i].text !== '-' && !readsStdin(args[i])) {
    ctx.emitScript(args[i]);
    emitProgramArgs(ctx, args.slice(i + 1));
    return;
  }
  programFromStdin(ctx, true);
};

export const evalRule: Rule = (ctx) => {
  ctx.uncertain('eval runs a string as a command');
  ctx.runScript(ctx.args.map(scriptText).join(' '));
};

/** `source FILE` / `. FILE`: reads and runs the file. */
export const sourceRule: Rule = (ctx) => {
  const args = ctx.args.filter((w, i) => i > 0 || w.text !== '--');
  if (args[0] === undefined) return;
  // `source /dev/stdin <<< 'cat .env'`: the script is the command's input.
  if (readsStdin(args[0])) programFromStdin(ctx, true);
  else if (args[0].unknown.length === 0 && /^\/(dev\/fd|proc\/self\/fd)\/\d+$/.test(args[0].text)) ctx.uncertain(`${ctx.name} runs a script from an open descriptor (${args[0].text})`);
  else ctx.emitScript(args[0]);
};

/** A script operand that is the command's own standard input. */
function readsStdin(w: ResolvedWord): boolean {
  return w.unknown.length === 0 && /^(\/dev\/stdin|\/dev\/fd\/0|\/proc\/self\/fd\/0)$/.test(w.text);
}

interface InterpreterSpec {
  /** Options whose value is inline program code (`-c`, `-e`, `--eval`). */
  readonly code: readonly string[];
  /** Options that take a value that is not a file. */
  readonly value?: readonly string[];
  /** Options whose value is a file that is read. */
  readonly fileValue?: readonly string[];
  /** Options that run a module; what follows are its arguments (`python -m`). */
  readonly module?: readonly string[];
  /** Short options whose value is attached and optional (`perl -i.bak`, `-0777`). */
  readonly attached?: readonly string[];
  /** A first word that is a subcommand to skip (`deno run`, `bun run`), or `eval` for code. */
  readonly subcommands?: boolean;
}

/** python, node, perl, ruby...: inline code is opaque, a script is read, arguments may be files. */
export function interpreter(spec: InterpreterSpec): Rule {
  const takesValue = (name: string): boolean => spec.code.includes(name) || spec.value?.includes(name) === true || spec.fileValue?.includes(name) === true || spec.module?.includes(name) === true;
  return (ctx) => {
    const args = ctx.args;
    let i = 0;
    const state: { code: ResolvedWord | null; module: boolean; inPlace: boolean } = { code: null, module: false, inPlace: false };
    if (spec.subcommands === true && args[0] !== undefined && args[0].unknown.length === 0) {
      if (args[0].text === 'eval' || args[0].text === 'e') {
        if (args[1] !== undefined) inlineCode(ctx, args[1], 'runs inline code');
        return;
      }
      if (/^(run|x|exec|test)$/.test(args[0].text)) i = 1;
    }
    const take = (name: string, value: ResolvedWord | undefined): void => {
      if (value === undefined) return;
      if (spec.code.includes(name)) state.code = value;
      else if (spec.fileValue?.includes(name) === true) ctx.emit(value, 'read');
      else if (spec.module?.includes(name) === true) state.module = true;
    };
    while (i < args.length && state.code === null && !state.module) {
      const w = args[i];
      const t = w.text;
      if (w.unknown.length > 0 || !t.startsWith('-') || t === '-') break;
      i++;
      if (t === '--') break;
      if (t.startsWith('--')) {
        const eq = t.indexOf('=');
        const name = eq < 0 ? t : t.slice(0, eq);
        if (eq >= 0) take(name, ctx.literalWord(t.slice(eq + 1)));
        else if (takesValue(name)) take(name, args[i++]);
        continue;
      }
      if (takesValue(t)) { take(t, args[i++]); continue; }
      for (let k = 1; k < t.length; k++) {
        const name = `-${t[k]}`;
        if (name === '-i') state.inPlace = true;
        if (spec.attached?.includes(name) === true) break;
        if (takesValue(name)) {
          take(name, k + 1 < t.length ? ctx.literalWord(t.slice(k + 1)) : args[i++]);
          break;
        }
      }
    }
    const rest = args.slice(i);
    const access: ShellAccess[] = state.inPlace ? ['read', 'write'] : ['read'];
    if (state.code !== null) {
      inlineCode(ctx, state.code, 'runs inline code');
      for (const w of rest) for (const a of access) if (!(w.unknown.length === 0 && w.text.startsWith('-'))) ctx.emit(w, a);
      return;
    }
    if (state.module) { emitProgramArgs(ctx, rest); return; }
    if (rest.length === 0 || rest[0].text === '-') { programFromStdin(ctx, false); return; }
    ctx.emit(rest[0], 'read');
    emitProgramArgs(ctx, rest.slice(1));
  };
}

/** sed: the first operand is the script unless -e/-f; `-i` writes the files. */
export const sedRule: Rule = (ctx) => {
  const scripts: ResolvedWord[] = [];
  const operands: ResolvedWord[] = [];
  let inPlace = false;
  let sandbox = false;
  let haveScript = false;
  const args = ctx.args;
  for (let i = 0; i < args.length; i++) {
    const w = args[i];
    const t = w.text;
    if (w.unknown.length > 0 || !t.startsWith('-') || t === '-') { operands.push(w); continue; }
    if (t === '--') { operands.push(...args.slice(i + 1)); break; }
    if (t.startsWith('--')) {
      const [name, value] = t.includes('=') ? [t.slice(0, t.indexOf('=')), ctx.literalWord(t.slice(t.indexOf('=') + 1))] : [t, undefined];
      if (name === '--in-place') inPlace = true;
      else if (name === '--sandbox') sandbox = true;
      else if (name === '--expression') { const v = value ?? args[++i]; if (v !== undefined) scripts.push(v); haveScript = true; }
      else if (name === '--file') { const v = value ?? args[++i]; if (v !== undefined) ctx.emit(v, 'read'); haveScript = true; }
      else if (name === '--line-length' && value === undefined) i++;
      continue;
    }
    for (let k = 1; k < t.length; k++) {
      const c = t[k];
      if (c === 'i') {
        inPlace = true;
        // BSD sed: `-i ''` takes a separate (empty) suffix.
        if (k === t.length - 1 && args[i + 1]?.text === '' && args[i + 1].unknown.length === 0) i++;
        break;
      }
      if (c === 'e' || c === 'f' || c === 'l') {
        const v = k + 1 < t.length ? ctx.literalWord(t.slice(k + 1)) : args[++i];
        if (v !== undefined && c === 'e') scripts.push(v);
        if (v !== undefined && c === 'f') ctx.emit(v, 'read');
        if (c !== 'l') haveScript = true;
        break;
      }
    }
  }
  if (!haveScript && operands.length > 0) scripts.push(operands.shift() as ResolvedWord);
  for (const s of scripts) {
    if (s.unknown.length > 0) { ctx.uncertain(`sed script is computed (${s.raw})`); continue; }
    for (const v of s.values) {
      const effects = sedScriptEffects(v.literal);
      if (sandbox) continue;
      for (const r of effects.reads) ctx.emitPath(r, 'read');
      for (const w of effects.writes) ctx.emitPath(w, 'write');
      if (effects.executes) ctx.uncertain('sed script runs shell commands (e)');
      if (effects.unsure) ctx.uncertain('sed script could not be fully parsed');
    }
  }
  for (const w of operands) {
    ctx.emit(w, 'read');
    if (inPlace) ctx.emit(w, 'write');
  }
};

/** awk: the first operand is the program unless -f; `var=value` operands are assignments. */
export const awkRule: Rule = (ctx) => {
  const parsed = parseArgs(ctx.args, { short: 'fvFiElWo', long: ['file', 'assign', 'field-separator', 'include', 'exec', 'load', 'source'] });
  const progFiles = optionValues(parsed, '-f', '--file', '-i', '--include', '-E', '--exec');
  for (const f of progFiles) ctx.emit(f, 'read');
  const sources = optionValues(parsed, '--source');
  const operands = [...parsed.operands];
  const programs = progFiles.length > 0 ? sources : [...sources, ...operands.splice(0, 1)];
  for (const p of programs) {
    if (p.unknown.length > 0) { ctx.uncertain(`awk program is computed (${p.raw})`); continue; }
    for (const v of p.values) if (awkProgramTouchesFiles(v.literal)) inlineCode(ctx, v.literal, 'program reads or writes files or runs commands');
  }
  for (const w of operands) {
    if (w.unknown.length === 0 && /^[A-Za-z_]\w*=/.test(w.text)) continue;
    ctx.emit(w, 'read');
  }
};

interface PrefixSpec extends OptionSpec {
  readonly fileOptions?: Readonly<Record<string, ShellAccess>>;
  /** Options that change directory before running the command (`env -C`, `sudo -D`). */
  readonly chdir?: readonly string[];
  /** Leading operands before the command (`timeout DURATION`, `flock FILE`). */
  readonly skip?: number;
  /** `NAME=value` operands may come before the command (env, sudo). */
  readonly assignments?: boolean;
  /** Options after which no command runs (`command -v`). */
  readonly noRun?: readonly string[];
}

function denyEnv(ctx: CommandContext, word: ResolvedWord): void {
  const name = word.text.slice(0, word.text.indexOf('='));
  const reason = forbiddenEnvReason(name);
  if (reason !== null) ctx.deny(reason);
  // `env EDITOR='cat .env' git commit`: the value is a command the program runs.
  if (commandInEnv(name, '') !== null) runInline(ctx, { ...word, values: word.values.map((v) => ({ literal: commandInEnv(name, v.literal.slice(name.length + 1)) ?? '', pattern: v.pattern })), sketch: word.sketch.slice(name.length + 1) }, name);
}

/** A command that runs the rest of its arguments as a command. */
export function prefix(spec: PrefixSpec): Rule {
  return (ctx) => {
    const parsed = parseArgs(ctx.args, { ...spec, stopAtOperand: true });
    emitFileOptions(ctx, parsed, spec.fileOptions);
    if (spec.noRun !== undefined && hasOption(parsed, ...spec.noRun)) return;
    let rest = parsed.operands.slice(spec.skip ?? 0);
    if (spec.assignments === true) {
      let k = 0;
      while (k < rest.length && rest[k].unknown.length === 0 && /^[A-Za-z_]\w*=/.test(rest[k].text)) denyEnv(ctx, rest[k++]);
      rest = rest.slice(k);
    }
    const dirs = spec.chdir === undefined ? [] : optionValues(parsed, ...spec.chdir);
    const run = (): void => ctx.runCommand(rest);
    if (dirs.length > 0) ctx.inDirectory(dirs[dirs.length - 1], run);
    else run();
  };
}

/** `env -S "cmd args"` splits a string into a command. */
export const envRule: Rule = (ctx) => {
  const parsed = parseArgs(ctx.args, { short: 'uCSP', long: ['unset', 'chdir', 'split-string', 'block-signal', 'default-signal', 'ignore-signal'], stopAtOperand: true });
  const split = optionValues(parsed, '-S', '--split-string');
  let k = 0;
  const rest = parsed.operands;
  while (k < rest.length && rest[k].unknown.length === 0 && /^[A-Za-z_]\w*=/.test(rest[k].text)) denyEnv(ctx, rest[k++]);
  const run = (): void => {
    if (split.length > 0) ctx.runScript([...split, ...rest.slice(k)].map(scriptText).join(' '));
    else ctx.runCommand(rest.slice(k));
  };
  const dirs = optionValues(parsed, '-C', '--chdir');
  if (dirs.length > 0) ctx.inDirectory(dirs[dirs.length - 1], run);
  else run();
};

/** xargs: the items it reads become arguments; they are known only when fed by find/fd/grep -l. */
export const xargsRule: Rule = (ctx) => {
  const parsed = parseArgs(ctx.args, { short: 'IEdLnPsa', long: ['replace', 'eof', 'delimiter', 'max-lines', 'max-args', 'max-procs', 'max-chars', 'arg-file', 'process-slot-var'], stopAtOperand: true });
  const argFiles = optionValues(parsed, '-a', '--arg-file');
  for (const f of argFiles) ctx.emit(f, 'read');
  const roots = argFiles.length === 0 && ctx.pipeRoots !== null ? ctx.pipeRoots : 'unknown';
  const input = ctx.inputWord(roots);
  const replace = optionValues(parsed, '-I', '--replace')[0]?.text ?? (parsed.options.some((o) => o.name.startsWith('-i')) ? '{}' : null);
  const command = parsed.operands.length > 0 ? parsed.operands : [ctx.literalWord('echo')];
  const words = replace !== null && replace !== '' ? command.map((w, i) => (i > 0 && w.text.includes(replace) ? input : w)) : [...command, input];
  // Spliced into a longer word (`sh -c 'cat {}'`, `--file={}`) the input becomes script text or
  // part of an option, which the input word cannot stand for.
  if (replace !== null && replace !== '' && command.some((w, i) => i > 0 && w.text !== replace && w.text.includes(replace))) ctx.uncertain(`xargs splices its input into a longer word (${replace})`);
  ctx.runCommand(words, { kind: 'none' });
};

/** `man -P 'pager'`, `man -H browser`: man runs those through the shell; its other words are page names or files. */
export const manRule: Rule = (ctx) => {
  const parsed = parseArgs(ctx.args, { short: 'PHCMSemLRTEp', long: ['pager', 'html', 'config-file', 'manpath', 'sections', 'extension', 'locale', 'systems', 'preprocessor', 'encoding', 'recode'] });
  for (const w of optionValues(parsed, '-P', '--pager', '-H', '--html')) runInline(ctx, w, 'pager');
  if (ctx.args.some((w) => /^--html$/.test(w.text))) ctx.uncertain('man --html starts the browser in $BROWSER');
  for (const w of optionValues(parsed, '-C', '--config-file')) ctx.emit(w, 'read');
  for (const w of parsed.operands) ctx.emit(w, 'read');
};

/**
 * make runs the recipes of its makefile: one given inline (`--eval`, `-f <(…)`, `-f /dev/stdin`) is
 * text the parser does not follow; `NAME=value` overrides may be commands (`SHELL=`, `CC=`).
 */
export const makeRule: Rule = (ctx) => {
  const parsed = parseArgs(ctx.args, { short: 'fCIjloWE', long: ['file', 'makefile', 'directory', 'include-dir', 'jobs', 'load-average', 'old-file', 'assume-old', 'what-if', 'new-file', 'assume-new', 'eval', 'output-sync', 'debug'] });
  if (optionValues(parsed, '-E', '--eval').length > 0) ctx.uncertain('make --eval runs make text given on the command line');
  for (const f of optionValues(parsed, '-f', '--file', '--makefile')) {
    if (f.process || f.unknown.length > 0 || f.input !== null || readsStdin(f) || f.text === '-') ctx.uncertain(`make runs the recipes of a makefile Airlock cannot see (${f.raw})`);
    else ctx.emit(f, 'read');
  }
  for (const w of parsed.operands) {
    const eq = /^[A-Za-z_][\w.-]*:?=/.exec(w.text);
    if (eq !== null) runInline(ctx, { ...w, values: w.values.map((v) => ({ literal: v.literal.slice(eq[0].length), pattern: v.pattern })), sketch: w.sketch.slice(eq[0].length) }, 'variable');
  }
};

/** `watch [opts] command...`: the words are joined and run by `sh -c` unless `-x`. */
export const watchRule: Rule = (ctx) => {
  const parsed = parseArgs(ctx.args, { short: 'nq', long: ['interval', 'differences', 'equexit', 'chgexit'], stopAtOperand: true });
  if (hasOption(parsed, '-x', '--exec')) ctx.runCommand(parsed.operands);
  else ctx.runScript(parsed.operands.map(scriptText).join(' '));
};

/** `trap 'commands' SIGNAL`: the handler runs later, in this shell. */
export const trapRule: Rule = (ctx) => {
  const args = ctx.args.filter((w) => !(w.unknown.length === 0 && /^-[lp]$/.test(w.text)));
  if (args.length >= 2 && args[0].text !== '-') runInline(ctx, args[0], 'handler');
};

/** `alias name='command'`: aliases run later (in interactive shells); analyze the text now. */
export const aliasRule: Rule = (ctx) => {
  for (const w of ctx.args) {
    const eq = w.text.indexOf('=');
    if (eq > 0 && trustedByName(w.text.slice(0, eq))) ctx.uncertain(`alias redefines \`${w.text.slice(0, eq)}\`, which Airlock trusts by its name to read metadata only`);
    if (eq > 0) runInline(ctx, { ...w, values: w.values.map((v) => ({ literal: v.literal.slice(eq + 1), pattern: v.pattern })), sketch: w.sketch.slice(eq + 1) }, 'alias');
  }
};

/** `read`, `mapfile`, `printf -v`: assign values Airlock cannot know. */
export const readRule: Rule = (ctx) => {
  const parsed = parseArgs(ctx.args, { short: ctx.name === 'read' ? 'adinNptu' : 'dnOsuCc' });
  const names = parsed.operands.map((w) => w.text).filter((t) => /^[A-Za-z_]\w*$/.test(t));
  ctx.assignUnknown(names.length > 0 ? names : [ctx.name === 'read' ? 'REPLY' : 'MAPFILE']);
  if (ctx.name === 'read') ctx.assignUnknown(optionValues(parsed, '-a').map((w) => w.text));
};

export const printfRule: Rule = (ctx) => {
  const parsed = parseArgs(ctx.args, { short: 'v', stopAtOperand: true });
  ctx.assignUnknown(optionValues(parsed, '-v').map((w) => w.text));
};

/** export/local/declare/typeset/readonly: `NAME=value` words are assignments. */
export const declareRule: Rule = (ctx) => {
  const words = ctx.args.filter((w) => !w.text.startsWith('-'));
  // `declare -n ref=name` makes a nameref: `$ref` then reads another variable, followed nowhere.
  if (ctx.args.some((w) => /^-[a-zA-Z]*n/.test(w.text))) {
    ctx.assignUnknown(words.map((w) => /^([A-Za-z_]\w*)/.exec(w.text)?.[1]).filter((n): n is string => n !== undefined));
    return;
  }
  ctx.assign(words);
};

/** `shopt -s dotglob` and friends change what later globs match. */
export const shoptRule: Rule = (ctx) => {
  const on = ctx.args.some((w) => w.text === '-s');
  const off = ctx.args.some((w) => w.text === '-u');
  if (!on && !off) return;
  for (const w of ctx.args) {
    if (w.unknown.length > 0) ctx.uncertain(`shopt option is computed (${w.raw})`);
    else if (!w.text.startsWith('-')) ctx.setShellOption(w.text, on);
  }
};

/** `su [user] -c CMD`, `runuser -c CMD`, `script -c CMD [file]`: run a string as a shell command. */
export const commandStringRule: Rule = (ctx) => {
  const parsed = parseArgs(ctx.args, { short: ctx.name === 'script' ? 'cEIOBTtm' : 'cgGswu', long: ['command', 'session-command', 'group', 'supp-group', 'shell', 'whitelist-environment', 'user', 'log-in', 'log-out', 'log-io', 'log-timing', 'echo', 'timing', 'logging-format', 'output-limit'] });
  const code = optionValues(parsed, '-c', '--command', '--session-command');
  for (const c of code) runInline(ctx, c, '-c');
  emitFileOptions(ctx, parsed, ctx.name === 'script' ? { '-I': 'write', '-O': 'write', '-B': 'write', '-T': 'write', '--log-in': 'write', '--log-out': 'write', '--log-io': 'write', '--log-timing': 'write' } : {});
  if (ctx.name === 'script') {
    for (const w of parsed.operands) ctx.emit(w, 'write');
    if (code.length === 0) ctx.uncertain('script runs an interactive shell');
  } else if (code.length === 0) {
    // `runuser -u USER -- cmd args` runs a command; `su USER args` hands the args to the shell.
    const rest = ctx.name === 'runuser' && hasOption(parsed, '-u', '--user') ? parsed.operands : parsed.operands.slice(1);
    if (rest.length === 0) programFromStdin(ctx, true);
    else if (ctx.name === 'runuser' && hasOption(parsed, '-u', '--user')) ctx.runCommand(rest);
    else ctx.runCommand([ctx.literalWord('sh'), ...rest]);
  }
};

/** Sandboxing and privilege tools (`unshare`, `chroot`, `bwrap`...): Airlock cannot follow what they remap. */
export const remapRule: Rule = (ctx) => {
  ctx.uncertain(`${ctx.name} runs a command in a changed view of the file system`);
  // Which word starts the command depends on options Airlock does not model: try each one.
  let tries = 0;
  ctx.args.forEach((w, i) => {
    if (tries >= 8 || w.unknown.length > 0 || w.text.startsWith('-')) return;
    tries++;
    ctx.runCommand(ctx.args.slice(i));
  });
};

export const cdRule: Rule = (ctx) => {
  const args = ctx.args.filter((w) => !(w.unknown.length === 0 && /^-[LPe@]+$/.test(w.text)));
  const kind = ctx.name === 'pushd' ? 'pushd' : ctx.name === 'popd' ? 'popd' : 'cd';
  ctx.changeDirectory(args[0] ?? null, kind);
};
