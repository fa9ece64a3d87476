// Commands that print what `stat` tells of a path and no byte of it: GNU `ls` (`dir`, `vdir`),
// `stat`, `du`. Their operands are metadata reads, and a folder whose entries they print is a
// listing (decide() judges both: metadataAccess.ts). Only when every option is one Airlock knows
// (checked against GNU coreutils 9.1): an unknown one, or an abbreviation, reads every operand as
// before, since it might be one that opens a file.
import { hasOption, optionValues, parseArgs, type OptionSpec, type ParsedArgs } from './argParser';
import type { CommandContext, ResolvedWord } from './commandContext';
import { emitFileOptions, type Rule } from './ruleHelpers';
import { LS_SPEC } from './searchSpecs';
import { listRule } from './searchRules';

interface MetadataSpec extends OptionSpec {
  /** Long options (without `--`) known to take no value, or only an attached one (`--color[=WHEN]`). */
  readonly longFlags: readonly string[];
}

const LS: MetadataSpec = {
  ...LS_SPEC,
  longFlags: ['all', 'almost-all', 'author', 'escape', 'ignore-backups', 'color', 'directory', 'dired', 'classify', 'file-type', 'full-time', 'group-directories-first', 'no-group', 'human-readable', 'si', 'dereference-command-line', 'dereference-command-line-symlink-to-dir', 'hyperlink', 'inode', 'kibibytes', 'dereference', 'literal', 'numeric-uid-gid', 'hide-control-chars', 'show-control-chars', 'quote-name', 'reverse', 'recursive', 'size', 'context', 'zero', 'help', 'version'],
};

const STAT: MetadataSpec = {
  short: 'c',
  flags: 'Lft',
  long: ['format', 'printf', 'cached'],
  longFlags: ['dereference', 'file-system', 'terse', 'help', 'version'],
};

const DU: MetadataSpec = {
  short: 'BdtX',
  flags: '0abcDHhkLlmPSsx',
  long: ['block-size', 'max-depth', 'threshold', 'exclude-from', 'exclude', 'files0-from', 'time-style'],
  longFlags: ['null', 'all', 'apparent-size', 'bytes', 'total', 'dereference-args', 'human-readable', 'inodes', 'dereference', 'count-links', 'no-dereference', 'separate-dirs', 'si', 'summarize', 'one-file-system', 'time', 'help', 'version'],
};

/** Every option the command was given is one the spec knows (GNU also takes abbreviations: those are not). */
function understood(parsed: ParsedArgs, spec: MetadataSpec): boolean {
  return parsed.options.every((o) => {
    if (o.name.startsWith('--')) {
      const name = o.name.slice(2);
      return spec.long?.includes(name) === true || spec.longFlags.includes(name);
    }
    const letter = o.name.slice(1);
    return spec.short?.includes(letter) === true || spec.flags?.includes(letter) === true;
  });
}

/** The commands whose operands are metadata reads because of their name. */
const METADATA_COMMANDS = new Set(['ls', 'dir', 'vdir', 'stat', 'du']);

/** True for a name a later call trusts to read metadata only: redefining it (an alias, a function) is a doubt. */
export function trustedByName(name: string): boolean {
  return METADATA_COMMANDS.has(name);
}

/** Without operands `ls` and `du` list the current folder (`cd secrets && ls`). */
function operandsOrHere(ctx: CommandContext, parsed: ParsedArgs): readonly ResolvedWord[] {
  return parsed.operands.length > 0 ? parsed.operands : [ctx.literalWord('.')];
}

/** The specs the mention pass reads `stat` and `du` words with, letter by letter (`du -sh` holds no file "h"). */
export function metadataSpecFor(name: string): OptionSpec | undefined {
  return name === 'stat' ? STAT : name === 'du' ? DU : undefined;
}

/** Values that are name patterns, never files (`ls --hide=.env src`): not read by the mention pass. */
function patterns(ctx: CommandContext, parsed: ParsedArgs, ...names: string[]): void {
  for (const w of optionValues(parsed, ...names)) ctx.patternWord(w);
}

/** `ls`, `dir`, `vdir` (GNU): a folder operand is listed unless `-d`; anything else is metadata. */
export const lsRule: Rule = (ctx) => {
  const parsed = parseArgs(ctx.args, LS);
  if (!understood(parsed, LS)) {
    listRule(ctx);
    return;
  }
  patterns(ctx, parsed, '-I', '--ignore', '--hide');
  const lists = !hasOption(parsed, '-d', '--directory');
  for (const w of operandsOrHere(ctx, parsed)) ctx.emitMetadata(w, lists);
  ctx.listsPathsUnder(operandsOrHere(ctx, parsed));
};

/** `stat`: metadata of each operand, whatever the format (`%N` prints a link's target name, a name). */
export const statRule: Rule = (ctx) => {
  const parsed = parseArgs(ctx.args, STAT);
  if (!understood(parsed, STAT)) {
    for (const w of parsed.operands) ctx.emit(w, 'read');
    return;
  }
  for (const w of parsed.operands) ctx.emitMetadata(w, false);
};

/**
 * `du`: sizes. A folder operand prints its subfolders' names (all names with `-a`) unless
 * summarized (`-s`, `-d 0`); `--files0-from` and `--exclude-from` read their file.
 */
export const duRule: Rule = (ctx) => {
  const parsed = parseArgs(ctx.args, DU);
  emitFileOptions(ctx, parsed, { '-X': 'read', '--exclude-from': 'read', '--files0-from': 'read' });
  if (!understood(parsed, DU)) {
    for (const w of operandsOrHere(ctx, parsed)) ctx.emit(w, 'read');
    ctx.listsPathsUnder(operandsOrHere(ctx, parsed));
    return;
  }
  patterns(ctx, parsed, '--exclude');
  const summarized = hasOption(parsed, '-s', '--summarize') || optionValues(parsed, '-d', '--max-depth').some((w) => w.unknown.length === 0 && /^0+$/.test(w.text));
  const lists = !summarized || hasOption(parsed, '-a', '--all');
  // `--files0-from` names the operands itself (in a file already read above).
  const operands = hasOption(parsed, '--files0-from') ? parsed.operands : operandsOrHere(ctx, parsed);
  for (const w of operands) ctx.emitMetadata(w, lists);
  ctx.listsPathsUnder(operands);
};
