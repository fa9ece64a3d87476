// `airlock provenance prune` and `migrate`: housekeeping of the record store by a human.
import { migrateLegacy, pruneRecords } from '../../core/provenance/recordMaintenance';
import { commandArgs, stringOption } from '../cliArgs';
import { type CliContext, EXIT_OK } from '../cliContext';
import { resolveRoot } from '../workspaceOption';

export const PRUNE_HELP = `Usage: airlock provenance prune [--root DIR]

Retires the records of annotated files that are gone (and whose lines were found in no other
file), and of AI edits none of whose lines can be located any more. Each retirement is a new
record; nothing is deleted. \`airlock check\` reports such records until they are pruned.
`;

export const MIGRATE_HELP = `Usage: airlock provenance migrate [--root DIR]

Turns version-1 store files (.airlock/provenance/<file>.json) into records and removes them.
Run it where the annotations were written: carrying them over may need old file versions from
this clone's object store. Commit the result.
`;

export async function provenancePrune(ctx: CliContext): Promise<number> {
  const args = commandArgs(ctx, PRUNE_HELP, 'provenance prune', ctx.argv, { root: { type: 'string' } });
  if (typeof args === 'number') return args;
  const root = resolveRoot(stringOption(args, 'root'), ctx.cwd, false);
  const { retired } = pruneRecords(root, ctx.now());
  if (retired.length === 0) ctx.stdout('Nothing to prune.\n');
  for (const r of retired) ctx.stdout(`${r.file}: ${r.records} record(s) retired (${r.why === 'gone' ? 'the file is gone' : 'none of their lines can be located'})\n`);
  return EXIT_OK;
}

export async function provenanceMigrate(ctx: CliContext): Promise<number> {
  const args = commandArgs(ctx, MIGRATE_HELP, 'provenance migrate', ctx.argv, { root: { type: 'string' } });
  if (typeof args === 'number') return args;
  const root = resolveRoot(stringOption(args, 'root'), ctx.cwd, false);
  const result = migrateLegacy(root);
  for (const p of result.problems) ctx.stderr(`airlock: unreadable version-1 store file left as it is: ${p.file}:${p.line}:${p.column}: ${p.message}\n`);
  ctx.stdout(`${result.files} version-1 store file(s) migrated into ${result.records} record(s)\n`);
  return EXIT_OK;
}
