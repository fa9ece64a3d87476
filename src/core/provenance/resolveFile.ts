// One file's AI lines as a function of its text and its records: each record's lines located one
// by one (locateRecord.ts), later records winning a line, reviews applied to the AI lines they
// name. Lines a record cannot locate any more are returned, so reports can list them.
import { ANNOTATION_FORMAT_VERSION, type AnnotatedRange, type FileAnnotations } from './annotationTypes';
import { fileHashOf, hashRange } from './contentHash';
import type { KeyCache } from './lineKeys';
import { locateRuns } from './locateRecord';
import type { AiLinesRecord, ProvenanceRecord, ReviewRecord } from './recordTypes';

/** An AI line no longer found: where it was when written. */
export interface LostLine {
  readonly file: string;
  readonly line: number;
  readonly record: string;
}

export interface ResolvedFile {
  readonly annotations: FileAnnotations;
  /** AI lines of the records (not retired, not replaced by a later edit of the AI). */
  readonly recordedLines: number;
  readonly locatedLines: number;
  readonly lost: readonly LostLine[];
  /** For each AI record: its line indices → current line (0 = not located). Used by capture. */
  readonly placements: ReadonlyMap<string, Int32Array>;
  /** AI records none of whose (not replaced) lines could be located. */
  readonly whollyLost: readonly string[];
}

export interface ResolveOptions {
  /** Whether a review counts for lines the given AI record wrote (signatures, peer rule). Default: yes. */
  readonly acceptReview?: (review: ReviewRecord, owner: AiLinesRecord, file: string) => boolean;
}

/** Records in the order they were written (ids start with the write time). */
export function byWriteOrder(a: ProvenanceRecord, b: ProvenanceRecord): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

export function resolveFile(file: string, text: KeyCache, source: string, records: readonly ProvenanceRecord[], options: ResolveOptions = {}): ResolvedFile {
  const sorted = [...records].sort(byWriteOrder);
  const retired = new Set(sorted.flatMap((r) => (r.kind === 'retire' ? r.records : [])));
  const models = new Map<string, string>();
  const replaced = new Map<string, Set<number>>();
  for (const r of sorted) {
    if (r.kind === 'model') for (const id of r.records) models.set(id, r.model);
    if (r.kind === 'ai') for (const rep of r.replaces ?? []) {
      const set = replaced.get(rep.record) ?? new Set<number>();
      rep.lines.forEach((n) => set.add(n));
      replaced.set(rep.record, set);
    }
  }
  const lineCount = text.lines.length;
  const owner: Array<AiLinesRecord | undefined> = new Array(lineCount + 1);
  const review: Array<ReviewRecord | undefined> = new Array(lineCount + 1);
  const placements = new Map<string, Int32Array>();
  const lost: LostLine[] = [];
  const whollyLost: string[] = [];
  let recordedLines = 0;
  for (const record of sorted) {
    if (retired.has(record.id) || record.kind === 'model' || record.kind === 'retire') continue;
    const { lines } = locateRuns(record.runs, text.forSalt(record.salt));
    if (record.kind === 'ai') {
      placements.set(record.id, lines);
      const skip = replaced.get(record.id);
      let index = 0;
      let counted = 0;
      let found = 0;
      for (const run of record.runs) {
        run.keys.forEach((_, k) => {
          const at = lines[index];
          if (!skip?.has(index)) {
            recordedLines++;
            counted++;
            if (at === 0) lost.push({ file: record.file, line: run.line + k, record: record.id });
            else found++;
          }
          if (at > 0) {
            owner[at] = record;
            review[at] = undefined;
          }
          index++;
        });
      }
      if (counted > 0 && found === 0) whollyLost.push(record.id);
    } else if (record.kind === 'human') {
      for (const at of lines) if (at > 0) owner[at] = undefined;
    } else {
      for (const at of lines) {
        const o = at > 0 ? owner[at] : undefined;
        if (o && (options.acceptReview?.(record, o, file) ?? true)) review[at] = record;
      }
    }
  }
  const ranges: AnnotatedRange[] = [];
  for (let line = 1; line <= lineCount; line++) {
    const o = owner[line];
    if (!o) continue;
    const rv = review[line];
    let end = line;
    while (end + 1 <= lineCount && owner[end + 1] === o && review[end + 1] === rv) end++;
    const range = { startLine: line, endLine: end };
    ranges.push({
      id: `${o.id}:${line}`,
      ...range,
      contentHash: hashRange(text.lines, range),
      tool: o.tool,
      model: models.get(o.id) ?? o.model,
      session: o.session,
      time: o.time,
      state: o.state,
      ...(rv ? { reviewedBy: rv.reviewer, reviewedAt: rv.time } : {}),
    });
    line = end;
  }
  const locatedLines = recordedLines - lost.length;
  return { annotations: { version: ANNOTATION_FORMAT_VERSION, file, fileHash: fileHashOf(source), ranges }, recordedLines, locatedLines, lost, placements, whollyLost };
}
