// Annotations of one file as the editor, the CLI and the hook see them: ranges over the file's
// current text, computed from the immutable records (recordStore.ts) and any version-1 store file.
// Saving appends records for what changed; nothing already written is ever rewritten.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { AnnotatedRange, FileAnnotations, LineRange } from './annotationTypes';
import { KeyCache, newSalt } from './lineKeys';
import { legacyRecords, listLegacy, readLegacy } from './legacyStore';
import { recordBase, runsFor } from './recordBuild';
import { appendRecord, readAllRecords, readRecordsOf, type RecordProblem } from './recordStore';
import type { ProvenanceRecord } from './recordTypes';
import { byWriteOrder, resolveFile, type ResolvedFile, type ResolveOptions } from './resolveFile';
import type { BlobReader } from './reanchor';

export type ProvenanceProblem = RecordProblem;

export interface AnnotationStoreOptions {
  /** Clock for new records (tests). */
  readonly now?: () => Date;
  /** Old versions for carrying version-1 store files over (gitBlobs.ts). */
  readonly readBlob?: BlobReader;
  /** The developer's git email, stamped on AI records (peer review). */
  readonly developer?: string;
}

export class AnnotationStore {
  private readonly found: RecordProblem[] = [];
  private readonly seen = new Set<string>();
  private readonly now: () => Date;

  constructor(
    readonly root: string,
    private readonly options: AnnotationStoreOptions = {},
  ) {
    this.now = options.now ?? ((): Date => new Date());
  }

  /** Unreadable records and store files met so far (reported, never moved or rewritten). */
  get problems(): readonly ProvenanceProblem[] {
    return this.found;
  }

  /** Every record of `file` (stored under its path), version-1 annotations included. */
  records(file: string, cache: KeyCache, source: string): ProvenanceRecord[] {
    const set = readRecordsOf(this.root, file);
    this.report(set.problems);
    const problems: RecordProblem[] = [];
    const legacy = readLegacy(this.root, file, problems);
    this.report(problems);
    return [...(legacy ? legacyRecords(legacy, source, cache, this.options.readBlob) : []), ...set.records];
  }

  /** The file's records resolved against `text` (default: the file on disk). */
  resolve(file: string, text?: string, options: ResolveOptions = {}): ResolvedFile | undefined {
    const source = text ?? readFile(path.join(this.root, ...file.split('/')));
    if (source === undefined) return undefined;
    const cache = new KeyCache(source);
    const records = this.records(file, cache, source);
    if (records.length === 0) return undefined;
    return resolveFile(file, cache, source, records, options);
  }

  /** The annotations of `file` over `text` (default: on disk), or undefined when it has none. */
  load(file: string, text?: string): FileAnnotations | undefined {
    return this.resolve(file, text)?.annotations;
  }

  /**
   * Make the store say `annotations` about `text`: appends records for lines whose attribution
   * or review differs from what the records say now (lines taken back become `human` records).
   * Returns the records written.
   */
  save(annotations: FileAnnotations, text: string): ProvenanceRecord[] {
    const cache = new KeyCache(text);
    const existing = this.records(annotations.file, cache, text);
    const current = existing.length > 0 ? resolveFile(annotations.file, cache, text, existing).annotations.ranges : [];
    const had = perLine(current);
    const want = perLine(annotations.ranges);
    const salt = [...existing].sort(byWriteOrder).reverse().find((r) => !r.id.startsWith('00000000'))?.salt ?? newSalt();
    const groups = new Map<string, { range: AnnotatedRange | undefined; review: boolean; lines: number[] }>();
    const add = (key: string, range: AnnotatedRange | undefined, review: boolean, line: number): void => {
      const g = groups.get(key) ?? { range, review, lines: [] };
      g.lines.push(line);
      groups.set(key, g);
    };
    for (let line = 1; line <= cache.lines.length; line++) {
      const w = want.get(line);
      const h = had.get(line);
      if (w && (!h || attribution(w) !== attribution(h))) add(`ai\0${attribution(w)}`, w, false, line);
      if (!w && h) add('human', undefined, false, line);
      if (w?.reviewedBy !== undefined && (h?.reviewedBy !== w.reviewedBy || attribution(w) !== attribution(h))) add(`review\0${w.reviewedBy}\0${w.reviewedAt ?? ''}`, w, true, line);
    }
    const written: ProvenanceRecord[] = [];
    // AI lines first, then reviews of them (write order decides).
    for (const g of [...groups.values()].sort((a, b) => Number(a.review) - Number(b.review))) {
      const runs = runsFor(cache, salt, g.lines.map((l): LineRange => ({ startLine: l, endLine: l })));
      if (runs.length === 0) continue;
      const base = recordBase(annotations.file, this.now().toISOString(), salt, runs);
      const r = g.range;
      let record: ProvenanceRecord;
      if (!r) record = { ...base, kind: 'human' };
      else if (g.review) record = { ...base, kind: 'review', reviewer: r.reviewedBy ?? '', ...(r.reviewedAt !== undefined ? { time: r.reviewedAt } : {}) };
      else record = { ...base, kind: 'ai', time: r.time, tool: r.tool, model: r.model, session: r.session, state: r.state, ...(this.options.developer ? { developer: this.options.developer } : {}) };
      appendRecord(this.root, record);
      written.push(record);
    }
    return written;
  }

  /** Workspace-relative paths of every file with records or a version-1 store file, sorted. */
  list(): string[] {
    const set = readAllRecords(this.root);
    this.report(set.problems);
    return [...new Set([...set.records.map((r) => r.file), ...listLegacy(this.root)])].sort();
  }

  private report(problems: readonly RecordProblem[]): void {
    for (const p of problems) {
      if (this.seen.has(p.file)) continue;
      this.seen.add(p.file);
      this.found.push(p);
    }
  }
}

function attribution(r: AnnotatedRange | undefined): string {
  return r ? `${r.tool}\0${r.model}\0${r.session}\0${r.time}\0${r.state}` : '';
}

function perLine(ranges: readonly AnnotatedRange[]): Map<number, AnnotatedRange> {
  const out = new Map<number, AnnotatedRange>();
  for (const r of ranges) for (let line = r.startLine; line <= r.endLine; line++) out.set(line, r);
  return out;
}

function readFile(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}
