// `airlock provenance <subcommand>`: AI-edit annotations from the command line.
import { groupSubcommand } from '../cliArgs';
import type { CliContext } from '../cliContext';
import { provenanceImport, provenanceInstallGitHook, provenanceTrailer } from './provenanceGit';
import { provenanceMigrate, provenancePrune } from './provenanceMaintain';
import { provenanceMark, provenanceReview } from './provenanceMark';
import { provenanceExport, provenanceSummary } from './provenanceReport';

const SUBCOMMANDS: Record<string, { run: (ctx: CliContext) => Promise<number>; summary: string; hidden?: boolean }> = {
  mark: { run: provenanceMark, summary: 'tag lines as AI-written: mark <file> --lines A-B --tool T [--model M]' },
  review: { run: provenanceReview, summary: 'mark AI lines reviewed: review <file> [--lines A-B]' },
  summary: { run: provenanceSummary, summary: 'AI lines, reviewed share, per file: summary [--base REF] [--format md|json]' },
  import: { run: provenanceImport, summary: 'import --format trailers|git-ai: AI trailers (git blame) or git-ai notes' },
  prune: { run: provenancePrune, summary: 'retire records of files that are gone or lines beyond recognition' },
  migrate: { run: provenanceMigrate, summary: 'turn version-1 store files into records' },
  export: { run: provenanceExport, summary: 'export --format git-ai|agent-trace' },
  'install-git-hook': { run: provenanceInstallGitHook, summary: 'add Assisted-by: trailers to commits with AI lines' },
  trailer: { run: provenanceTrailer, summary: '(run by the git hook)', hidden: true },
};

export const PROVENANCE_HELP = `Usage: airlock provenance <subcommand> [options]

Line-level annotations of AI-written code: immutable records in .airlock/provenance/records/
(commit them; they never conflict).

Subcommands:
${Object.entries(SUBCOMMANDS)
  .filter(([, s]) => !s.hidden)
  .map(([name, s]) => `  ${name.padEnd(18)}${s.summary}`)
  .join('\n')}

Run \`airlock provenance <subcommand> --help\` for its options.
`;

export async function provenanceCommand(ctx: CliContext): Promise<number> {
  const group = groupSubcommand(ctx, 'provenance', PROVENANCE_HELP, Object.keys(SUBCOMMANDS));
  if (typeof group === 'number') return group;
  return SUBCOMMANDS[group.sub].run({ ...ctx, argv: group.rest });
}
