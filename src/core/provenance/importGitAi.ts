// `airlock provenance import --format git-ai`: teams already on git-ai keep their history. Each
// refs/notes/ai note names, per file, the lines AI sessions wrote in that commit; those lines of
// the commit's content become AI records (keys, like every record), which then locate in the tree
// as it is now. Known-human (`h_`) entries are not AI lines. Importing twice adds nothing.
import { UNKNOWN_MODEL } from './annotationTypes';
import { agentOfKey, airlockToolOf, GIT_AI_NOTES_REF, parseAuthorshipLog } from './exportGitAi';
import { KeyCache, newSalt } from './lineKeys';
import { recordBase, runsFor } from './recordBuild';
import { appendRecord, readAllRecords } from './recordStore';
import type { AiLinesRecord } from './recordTypes';
import { emailOf } from './reviewJudge';
import { runGit } from '../util/gitRun';
import { errorMessage } from '../util/errorMessage';

export interface GitAiImportResult {
  readonly notes: number;
  readonly records: number;
  readonly lines: number;
  /** Notes that could not be read (commit and why): left alone, reported. */
  readonly unreadable: readonly string[];
}

export function importGitAiNotes(root: string, rev = 'HEAD'): GitAiImportResult {
  const reachable = new Set(runGit(root, ['rev-list', rev]).split('\n').filter((l) => l !== ''));
  let listing = '';
  try {
    listing = runGit(root, ['notes', `--ref=${GIT_AI_NOTES_REF}`, 'list']);
  } catch {
    listing = '';
  }
  const done = new Set(readAllRecords(root).records.map((r) => (typeof r.extra?.['source'] === 'string' ? r.extra['source'] : undefined)).filter((s) => s !== undefined));
  const unreadable: string[] = [];
  let notes = 0;
  let records = 0;
  let lines = 0;
  for (const row of listing.split('\n')) {
    const [, commit] = row.trim().split(/\s+/);
    if (commit === undefined || !reachable.has(commit)) continue;
    let log: ReturnType<typeof parseAuthorshipLog>;
    try {
      log = parseAuthorshipLog(runGit(root, ['notes', `--ref=${GIT_AI_NOTES_REF}`, 'show', commit]));
    } catch (error) {
      unreadable.push(`${commit}: ${errorMessage(error)}`);
      continue;
    }
    notes++;
    const time = runGit(root, ['show', '-s', '--format=%cI', commit]).trim();
    for (const file of log.attestations) {
      let text: string;
      try {
        text = runGit(root, ['show', `${commit}:${file.path}`]);
      } catch {
        continue; // the note names a file the commit does not have
      }
      const cache = new KeyCache(text);
      for (const entry of file.entries) {
        const source = `git-ai:${commit}:${file.path}:${entry.key}`;
        const who = agentOfKey(log.metadata, entry.key);
        if (!who || done.has(source)) continue;
        const salt = newSalt();
        const runs = runsFor(cache, salt, entry.lines);
        if (runs.length === 0) continue;
        const developer = who.humanAuthor === undefined ? undefined : emailOf(who.humanAuthor);
        const record: AiLinesRecord = {
          ...recordBase(file.path, time, salt, runs),
          kind: 'ai',
          tool: airlockToolOf(who.agent.tool),
          model: who.agent.model || UNKNOWN_MODEL,
          session: who.agent.id || `commit:${commit}`,
          state: 'ai',
          ...(developer ? { developer } : {}),
          extra: { source },
        };
        appendRecord(root, record);
        records++;
        lines += runs.reduce((n, r) => n + r.keys.length, 0);
      }
    }
  }
  return { notes, records, lines, unreadable };
}
