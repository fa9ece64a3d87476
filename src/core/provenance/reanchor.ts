// Reconciles stored annotations with a file that changed outside the editor (git pull, checkout,
// rebase, merge, another tool). Losing a tag is acceptable; tagging a line the AI did not write
// is not, so every step only keeps lines it can prove are the AI's.
import { diffArrays } from 'diff';
import type { AnnotatedRange, FileAnnotations, LineRange } from './annotationTypes';
import { blobIdOf, fileHashOf, hashLines, hashRange, splitLines } from './contentHash';
import { lineCount, newRangeId } from './lineRanges';

/** Fetches file content by git blob id (see gitBlobs.ts); undefined when unknown. */
export type BlobReader = (blobId: string) => string | undefined;

export interface ReanchorOptions {
  /** The content the annotations refer to, when the caller has it (editor buffer, hook snapshot). */
  readonly oldText?: string;
  /** Otherwise the old content is fetched by `fileHash` from here. */
  readonly readBlob?: BlobReader;
  /** Give up on the line diff after this many ms and fall back to content hashes. */
  readonly diffTimeoutMs?: number;
}

export interface ReanchorResult {
  readonly annotations: FileAnnotations;
  /** `unchanged`: the file is the one annotated; `diff`: mapped through a line diff; `hash-only`: no old text. */
  readonly method: 'unchanged' | 'diff' | 'hash-only';
  readonly keptLines: number;
  readonly droppedLines: number;
  /** Ranges found intact at another place by their content hash. */
  readonly movedRanges: number;
}

export function reanchor(annotations: FileAnnotations, newText: string, options: ReanchorOptions = {}): ReanchorResult {
  const newHash = fileHashOf(newText);
  const totalLines = annotations.ranges.reduce((sum, r) => sum + lineCount(r), 0);
  const sameFile = annotations.fileHash === newHash;
  if (sameFile && wellFormed(annotations.ranges)) {
    return { annotations, method: 'unchanged', keptLines: totalLines, droppedLines: 0, movedRanges: 0 };
  }
  const newLines = splitLines(newText);
  // Same content but overlapping ranges (say, after a text merge of the store file): check each
  // range against the text and let the first claim a line.
  const oldText = sameFile ? newText : (options.oldText ?? readOld(annotations, options.readBlob));
  const oldLines = oldText === undefined ? undefined : splitLines(oldText);
  const claimed = new Uint8Array(newLines.length + 1);
  const windows = new WindowIndex(newLines);
  const placed: AnnotatedRange[] = [];
  let moved = 0;
  const unverified: AnnotatedRange[] = [];
  let method: ReanchorResult['method'] = 'hash-only';

  const mapping = oldLines ? mapLines(oldLines, newLines, options.diffTimeoutMs ?? 2000) : undefined;
  if (oldLines && mapping) {
    method = 'diff';
    const leftovers: { range: AnnotatedRange; pieces: LineRange[] }[] = [];
    for (const range of annotations.ranges) {
      if (range.endLine > oldLines.length || hashRange(oldLines, range) !== range.contentHash) {
        unverified.push(range);
        continue;
      }
      const pieces = mappedPieces(range, mapping.oldToNew);
      if (pieces.length === 1 && lineCount(pieces[0]) === lineCount(range) && isFree(claimed, pieces[0])) {
        place(placed, claimed, range, pieces[0], range.id, range.contentHash);
      } else {
        leftovers.push({ range, pieces });
      }
    }
    // A range the diff broke may have moved intact (a function moved down): look for it among
    // the added lines before settling for the pieces the diff kept.
    for (const { range, pieces } of leftovers) {
      const spot = uniqueMatch(range, windows, mapping.added, claimed);
      if (spot !== undefined) {
        place(placed, claimed, range, spot, range.id, range.contentHash);
        moved++;
        continue;
      }
      // Lines another range already claimed stay with it (the first claim wins).
      pieces.flatMap((piece) => freeParts(claimed, piece)).forEach((piece, n) => {
        place(placed, claimed, range, piece, n === 0 ? range.id : newRangeId(), hashRange(newLines, piece));
      });
    }
  } else {
    unverified.push(...annotations.ranges);
  }
  for (const range of unverified) {
    const spot = uniqueMatch(range, windows, undefined, claimed);
    if (spot !== undefined) {
      place(placed, claimed, range, spot, range.id, range.contentHash);
      if (spot.startLine !== range.startLine) {
        moved++;
      }
    }
  }
  placed.sort((a, b) => a.startLine - b.startLine);
  const keptLines = placed.reduce((sum, r) => sum + lineCount(r), 0);
  return {
    annotations: { ...annotations, fileHash: newHash, ranges: placed },
    method,
    keptLines,
    droppedLines: Math.max(0, totalLines - keptLines),
    movedRanges: moved,
  };
}

function wellFormed(ranges: readonly LineRange[]): boolean {
  return ranges.every((range, n) => range.endLine >= range.startLine && (n === 0 || range.startLine > ranges[n - 1].endLine));
}

function readOld(annotations: FileAnnotations, readBlob: BlobReader | undefined): string | undefined {
  const blobId = blobIdOf(annotations.fileHash);
  if (!blobId || !readBlob) {
    return undefined;
  }
  const text = readBlob(blobId);
  // Only trust content that really is the annotated version.
  return text !== undefined && fileHashOf(text) === annotations.fileHash ? text : undefined;
}

interface LineMapping {
  /** 1-based old line -> 1-based new line, 0 when the line is gone. */
  readonly oldToNew: Int32Array;
  /** 1 for new lines the diff says were added (not carried over from an old line). */
  readonly added: Uint8Array;
}

function mapLines(oldLines: string[], newLines: string[], timeout: number): LineMapping | undefined {
  const changes = diffArrays(oldLines, newLines, { timeout });
  if (!changes) {
    return undefined;
  }
  const oldToNew = new Int32Array(oldLines.length + 1);
  const added = new Uint8Array(newLines.length + 1);
  let o = 1;
  let n = 1;
  for (const change of changes) {
    if (change.added) {
      added.fill(1, n, n + change.count);
      n += change.count;
    } else if (change.removed) {
      o += change.count;
    } else {
      for (let k = 0; k < change.count; k++) {
        oldToNew[o + k] = n + k;
      }
      o += change.count;
      n += change.count;
    }
  }
  return { oldToNew, added };
}

/** The new-line runs an old range maps to, split wherever the mapping is not consecutive. */
function mappedPieces(range: LineRange, oldToNew: Int32Array): LineRange[] {
  const pieces: LineRange[] = [];
  let start = 0;
  let end = 0;
  for (let line = range.startLine; line <= range.endLine; line++) {
    const to = oldToNew[line];
    if (to > 0 && start > 0 && to === end + 1) {
      end = to;
      continue;
    }
    if (start > 0) {
      pieces.push({ startLine: start, endLine: end });
    }
    start = to;
    end = to;
  }
  if (start > 0) {
    pieces.push({ startLine: start, endLine: end });
  }
  return pieces;
}

/** Hashes of every window of the new text, per window length, built on first use. */
class WindowIndex {
  private readonly byLength = new Map<number, Map<string, number[]>>();

  constructor(private readonly lines: readonly string[]) {}

  starts(length: number, contentHash: string): readonly number[] {
    let index = this.byLength.get(length);
    if (!index) {
      index = new Map();
      for (let start = 1; start + length - 1 <= this.lines.length; start++) {
        const hash = hashLines(this.lines.slice(start - 1, start - 1 + length));
        const list = index.get(hash);
        if (list) {
          list.push(start);
        } else {
          index.set(hash, [start]);
        }
      }
      this.byLength.set(length, index);
    }
    return index.get(contentHash) ?? [];
  }
}

/**
 * Where the range's exact content is in the new text, if at exactly one free place (optionally
 * only on added lines). Several places are ambiguous: tagging the wrong one would be worse than
 * losing the tag, unless one of them is where the range already was.
 */
function uniqueMatch(range: AnnotatedRange, windows: WindowIndex, added: Uint8Array | undefined, claimed: Uint8Array): LineRange | undefined {
  const length = lineCount(range);
  const spots: LineRange[] = [];
  for (const start of windows.starts(length, range.contentHash)) {
    const spot = { startLine: start, endLine: start + length - 1 };
    if ((!added || allSet(added, spot)) && isFree(claimed, spot)) {
      spots.push(spot);
    }
  }
  if (spots.length === 1) {
    return spots[0];
  }
  return spots.find((spot) => spot.startLine === range.startLine);
}

function allSet(flags: Uint8Array, range: LineRange): boolean {
  for (let line = range.startLine; line <= range.endLine; line++) {
    if (flags[line] === 0) {
      return false;
    }
  }
  return true;
}

function isFree(claimed: Uint8Array, range: LineRange): boolean {
  for (let line = range.startLine; line <= range.endLine; line++) {
    if (claimed[line] !== 0) {
      return false;
    }
  }
  return true;
}

function freeParts(claimed: Uint8Array, range: LineRange): LineRange[] {
  const parts: LineRange[] = [];
  let start = 0;
  for (let line = range.startLine; line <= range.endLine + 1; line++) {
    const free = line <= range.endLine && claimed[line] === 0;
    if (free && start === 0) {
      start = line;
    } else if (!free && start > 0) {
      parts.push({ startLine: start, endLine: line - 1 });
      start = 0;
    }
  }
  return parts;
}

function place(placed: AnnotatedRange[], claimed: Uint8Array, from: AnnotatedRange, at: LineRange, id: string, contentHash: string): void {
  claimed.fill(1, at.startLine, at.endLine + 1);
  placed.push({ ...from, id, startLine: at.startLine, endLine: at.endLine, contentHash });
}
