// Argument parsing shared by subcommands (node's own parseArgs: no dependency).
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './cliContext';
import { errorMessage } from '../core/util/errorMessage';

type Options = NonNullable<ParseArgsConfig['options']>;

export interface Parsed {
  readonly values: Record<string, string | boolean | string[] | undefined>;
  readonly positionals: string[];
}

export function parseCommandArgs(command: string, argv: readonly string[], options: Options): Parsed {
  try {
    const { values, positionals } = parseArgs({ args: [...argv], options: { ...options, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true });
    return { values: values as Parsed['values'], positionals };
  } catch (err) {
    throw new UsageError(`airlock ${command}: ${errorMessage(err).replace(/\. To specify a positional.*$/s, '')}. See \`airlock ${command} --help\`.`);
  }
}

export function stringOption(p: Parsed, name: string): string | undefined {
  const v = p.values[name];
  return typeof v === 'string' ? v : undefined;
}
