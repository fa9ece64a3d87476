// Argument parsing shared by subcommands (node's own parseArgs: no dependency).
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { type CliContext, EXIT_OK, EXIT_USAGE, UsageError } from './cliContext';
import { errorMessage } from '../core/util/errorMessage';

type Options = NonNullable<ParseArgsConfig['options']>;

export interface Parsed {
  readonly values: Record<string, string | boolean | string[] | undefined>;
  readonly positionals: string[];
}

/**
 * The shape every generated hook and rewritten shell call passes (`--name value`, `--name=value`,
 * `--flag`, each once), read without node's parser, whose first use costs ~1 ms on every hook call.
 * Null for anything else (short options, positionals, repeats, values that look like options,
 * defaults): parseArgs then reads it, and reports its errors.
 */
function plainArgs(argv: readonly string[], options: Options): Parsed | null {
  for (const name in options) if (options[name].default !== undefined) return null;
  const values: Record<string, string | boolean> = {};
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i];
    if (!word.startsWith('--') || word === '--') return null;
    const eq = word.indexOf('=');
    const name = eq < 0 ? word.slice(2) : word.slice(2, eq);
    const option = Object.hasOwn(options, name) ? options[name] : undefined;
    if (name === 'help' || !option || option.multiple || Object.hasOwn(values, name)) return null;
    if (option.type === 'boolean') {
      if (eq >= 0) return null;
      values[name] = true;
    } else if (eq >= 0) {
      values[name] = word.slice(eq + 1);
    } else {
      const value = argv[i + 1];
      if (value === undefined || value.startsWith('-')) return null;
      values[name] = value;
      i++;
    }
  }
  return { values, positionals: [] };
}

export function parseCommandArgs(command: string, argv: readonly string[], options: Options): Parsed {
  const plain = plainArgs(argv, options);
  if (plain) return plain;
  try {
    const { values, positionals } = parseArgs({ args: [...argv], options: { ...options, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true });
    return { values: values as Parsed['values'], positionals };
  } catch (err) {
    throw new UsageError(`airlock ${command}: ${errorMessage(err).replace(/\. To specify a positional.*$/s, '')}. See \`airlock ${command} --help\`.`);
  }
}

/**
 * The first word of a command group (`airlock audit verify`), read alike by every group: help
 * (`--help`, `-h`, `help`) on stdout, exit 0; no subcommand: the help, exit 2; an unknown one: a
 * usage error naming the known ones (exit 2). Returns the exit code when there is nothing to run.
 */
export function groupSubcommand(ctx: CliContext, group: string, help: string, known: readonly string[]): { sub: string; rest: string[] } | number {
  const [sub, ...rest] = ctx.argv;
  if (sub === undefined || sub === '--help' || sub === '-h' || sub === 'help') {
    ctx.stdout(help);
    return sub === undefined ? EXIT_USAGE : EXIT_OK;
  }
  if (!known.includes(sub)) {
    const list = known.length > 1 ? `${known.slice(0, -1).join(', ')} or ${known[known.length - 1]}` : known.join('');
    throw new UsageError(`airlock ${group}: unknown subcommand "${sub}"; use ${list}. See \`airlock ${group} --help\`.`);
  }
  return { sub, rest };
}

/** A command's options, or its exit code once `--help` printed the help (each command reads `--help` alike). */
export function commandArgs(ctx: CliContext, help: string, command: string, argv: readonly string[], options: Options): Parsed | number {
  const args = parseCommandArgs(command, argv, options);
  if (!args.values.help) return args;
  ctx.stdout(help);
  return EXIT_OK;
}

/** A command's options: flags (`--json`) and options that take a value (`--root DIR`). */
export function optionsOf(flags: readonly string[], valued: readonly string[]): Options {
  return Object.fromEntries([...flags.map((f) => [f, { type: 'boolean' as const }]), ...valued.map((v) => [v, { type: 'string' as const }])]);
}

export function stringOption(p: Parsed, name: string): string | undefined {
  const v = p.values[name];
  return typeof v === 'string' ? v : undefined;
}
