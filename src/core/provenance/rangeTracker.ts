// Keeps one document's AI ranges in step with every edit made in the editor.
//
// Ranges sit in blocks of up to 2*BLOCK sorted entries; each block carries a line offset that
// applies to all its entries. An edit touches the (usually 0-2) ranges at the edit, shifts the
// rest of that block one by one and only bumps the offset of later blocks, so the cost per edit
// is O(log n + sqrt-ish n / BLOCK) instead of a pass over every range.
import type { AnnotatedRange, AnnotationState, FileAnnotations } from './annotationTypes';
import { fileHashOf, hashRange, splitLines } from './contentHash';
import { randomBytes } from 'node:crypto';
import {
  NEW_LINE_HAS_FIRST,
  NEW_LINE_HAS_LAST,
  NEW_LINE_KEEPS_FIRST,
  NEW_LINE_KEEPS_LAST,
  toLineEdit,
  type TextChange,
} from './textChange';

const BLOCK = 64;

/** A range as the tracker holds it: `contentHash` is undefined once the lines it covers changed. */
export interface TrackedRange extends Omit<AnnotatedRange, 'contentHash'> {
  readonly contentHash: string | undefined;
}

interface Info {
  readonly id: string;
  readonly source: AnnotatedRange;
  readonly state: AnnotationState;
  readonly reviewed: boolean;
  /** Valid only while the range still covers exactly the lines it was hashed over. */
  readonly contentHash: string | undefined;
}

interface Block {
  starts: number[];
  ends: number[];
  infos: Info[];
  offset: number;
}

interface Piece {
  start: number;
  end: number;
  from: Info;
  modified: boolean;
  /** How many of `from`'s original lines this piece keeps unchanged. */
  intact: number;
  fromLength: number;
}

export class RangeTracker {
  private blocks: Block[] = [];
  private count = 0;
  // Ids for split-off ranges: a random per-tracker prefix and a counter (cheap per keystroke).
  private readonly idPrefix = randomBytes(4).toString('hex');
  private idCounter = 0;

  constructor(ranges: readonly AnnotatedRange[]) {
    const sorted = [...ranges].sort((a, b) => a.startLine - b.startLine);
    let previousEnd = 0;
    let block: Block | undefined;
    for (const range of sorted) {
      if (range.startLine <= previousEnd || range.endLine < range.startLine) {
        throw new Error(`RangeTracker: ranges overlap or are empty at line ${range.startLine}; normalize them first`);
      }
      previousEnd = range.endLine;
      if (!block || block.starts.length >= BLOCK) {
        block = { starts: [], ends: [], infos: [], offset: 0 };
        this.blocks.push(block);
      }
      block.starts.push(range.startLine);
      block.ends.push(range.endLine);
      block.infos.push({
        id: range.id,
        source: range,
        state: range.state,
        reviewed: range.reviewedBy !== undefined,
        contentHash: range.contentHash,
      });
      this.count++;
    }
  }

  static fromAnnotations(annotations: FileAnnotations): RangeTracker {
    return new RangeTracker(annotations.ranges);
  }

  get size(): number {
    return this.count;
  }

  /** Apply the changes of one editor event in order (VS Code lists them so that this works). */
  applyChanges(changes: readonly TextChange[]): void {
    for (const change of changes) {
      this.applyChange(change);
    }
  }

  applyChange(change: TextChange): void {
    const edit = toLineEdit(change);
    if (!edit) {
      return;
    }
    const { first, last, newCount, head, tail, delta } = edit;
    const [bi, i] = this.locate(first);
    if (bi < 0) {
      return;
    }
    // Collect the ranges that intersect old lines first..last.
    const hit: Hit[] = [];
    for (let b = bi, j = i; b < this.blocks.length; b++, j = 0) {
      const block = this.blocks[b];
      let stop = false;
      for (; j < block.starts.length; j++) {
        const start = block.starts[j] + block.offset;
        if (start > last) {
          stop = true;
          break;
        }
        hit.push({ start, end: block.ends[j] + block.offset, info: block.infos[j] });
      }
      if (stop) {
        break;
      }
    }
    if (hit.length === 0) {
      if (delta !== 0) {
        this.shiftFrom(bi, i, delta);
      }
      return;
    }
    const pieces = buildPieces(hit, first, last, newCount, head, tail, delta);
    const infos = this.assignInfos(pieces);
    if (delta === 0 && hit.length === 1 && pieces.length === 1 && pieces[0].start === hit[0].start && pieces[0].end === hit[0].end) {
      // Typing inside a line: same span, at most a new state. No array surgery.
      this.blocks[bi].infos[i] = infos[0];
      return;
    }
    this.removeAt(bi, i, hit.length);
    this.insertAt(bi, i, pieces, infos);
    this.shiftFrom(bi, i + pieces.length, delta);
    this.rebalance(bi);
  }

  /** The range covering a 1-based line, if any. */
  rangeAt(line: number): TrackedRange | undefined {
    const [bi, i] = this.locate(line);
    if (bi < 0) {
      return undefined;
    }
    const block = this.blocks[bi];
    const start = block.starts[i] + block.offset;
    return start <= line ? toTracked(start, block.ends[i] + block.offset, block.infos[i]) : undefined;
  }

  /** All ranges, sorted by start line. */
  list(): TrackedRange[] {
    const out: TrackedRange[] = [];
    for (const block of this.blocks) {
      for (let j = 0; j < block.starts.length; j++) {
        out.push(toTracked(block.starts[j] + block.offset, block.ends[j] + block.offset, block.infos[j]));
      }
    }
    return out;
  }

  /**
   * The annotations to store for the document's current text: hashes of changed ranges are
   * recomputed and `fileHash` set, so a later load can tell whether the file moved on.
   */
  toFileAnnotations(base: FileAnnotations, text: string): FileAnnotations {
    const lines = splitLines(text);
    const ranges: AnnotatedRange[] = [];
    for (const tracked of this.list()) {
      if (tracked.endLine > lines.length) {
        throw new Error(`RangeTracker: range ${tracked.startLine}-${tracked.endLine} is past the end of ${base.file} (${lines.length} lines)`);
      }
      ranges.push({ ...tracked, contentHash: tracked.contentHash ?? hashRange(lines, tracked) });
    }
    return { ...base, fileHash: fileHashOf(text), ranges };
  }

  /** [block, index] of the first range whose end is >= line, or [-1, -1]. */
  private locate(line: number): [number, number] {
    const blocks = this.blocks;
    let lo = 0;
    let hi = blocks.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const block = blocks[mid];
      if (block.ends[block.ends.length - 1] + block.offset >= line) {
        found = mid;
        hi = mid - 1;
      } else {
        lo = mid + 1;
      }
    }
    if (found < 0) {
      return [-1, -1];
    }
    const block = blocks[found];
    const target = line - block.offset;
    const ends = block.ends;
    let a = 0;
    let z = ends.length - 1;
    while (a < z) {
      const mid = (a + z) >> 1;
      if (ends[mid] >= target) {
        z = mid;
      } else {
        a = mid + 1;
      }
    }
    return [found, a];
  }

  private shiftFrom(bi: number, i: number, delta: number): void {
    if (delta === 0 || bi >= this.blocks.length) {
      return;
    }
    const block = this.blocks[bi];
    if (i === 0) {
      block.offset += delta;
    } else {
      for (let j = i; j < block.starts.length; j++) {
        block.starts[j] += delta;
        block.ends[j] += delta;
      }
    }
    for (let b = bi + 1; b < this.blocks.length; b++) {
      this.blocks[b].offset += delta;
    }
  }

  private removeAt(bi: number, i: number, n: number): void {
    let remaining = n;
    let b = bi;
    let j = i;
    while (remaining > 0) {
      const block = this.blocks[b];
      const take = Math.min(remaining, block.starts.length - j);
      block.starts.splice(j, take);
      block.ends.splice(j, take);
      block.infos.splice(j, take);
      remaining -= take;
      b++;
      j = 0;
    }
    this.count -= n;
    // Drop later blocks the removal emptied; block bi stays for the insertion.
    let empty = 0;
    for (let k = bi + 1; k < b; k++) {
      if (this.blocks[k].starts.length === 0) {
        empty++;
      }
    }
    if (empty > 0) {
      this.blocks = this.blocks.filter((block, k) => k <= bi || block.starts.length > 0);
    }
  }

  private insertAt(bi: number, i: number, pieces: readonly Piece[], infos: readonly Info[]): void {
    const block = this.blocks[bi];
    for (let k = 0; k < pieces.length; k++) {
      block.starts.splice(i + k, 0, pieces[k].start - block.offset);
      block.ends.splice(i + k, 0, pieces[k].end - block.offset);
      block.infos.splice(i + k, 0, infos[k]);
    }
    this.count += pieces.length;
  }

  /** Give each piece its info: the first intact piece of a range keeps its id; others get new ids. */
  private assignInfos(pieces: readonly Piece[]): Info[] {
    const infos: Info[] = [];
    for (let k = 0; k < pieces.length; k++) {
      const piece = pieces[k];
      const from = piece.from;
      let used = false;
      for (let j = 0; j < k; j++) {
        used ||= pieces[j].from === from;
      }
      if (piece.modified) {
        // Typing again in a line already marked modified keeps that range as it is.
        if (from.state === 'ai-modified' && piece.fromLength === 1 && !used) {
          infos.push(from.contentHash === undefined ? from : { ...from, contentHash: undefined });
        } else {
          infos.push({ id: this.newId(), source: from.source, state: 'ai-modified', reviewed: false, contentHash: undefined });
        }
        continue;
      }
      const whole = piece.intact === piece.fromLength;
      if (!used) {
        infos.push(whole ? from : { ...from, contentHash: undefined });
      } else {
        infos.push({ ...from, id: this.newId(), contentHash: whole ? from.contentHash : undefined });
      }
    }
    return infos;
  }

  private newId(): string {
    return this.idPrefix + (this.idCounter++).toString(36);
  }

  private rebalance(bi: number): void {
    const block = this.blocks[bi];
    const n = block.starts.length;
    if (n === 0) {
      this.blocks.splice(bi, 1);
    } else if (n > 2 * BLOCK) {
      const half = n >> 1;
      const tail: Block = {
        starts: block.starts.splice(half),
        ends: block.ends.splice(half),
        infos: block.infos.splice(half),
        offset: block.offset,
      };
      this.blocks.splice(bi + 1, 0, tail);
    }
  }
}

function toTracked(start: number, end: number, info: Info): TrackedRange {
  const source = info.source;
  const out: TrackedRange = {
    id: info.id,
    startLine: start,
    endLine: end,
    contentHash: info.contentHash,
    tool: source.tool,
    model: source.model,
    session: source.session,
    time: source.time,
    state: info.state,
    ...(info.reviewed ? { reviewedBy: source.reviewedBy, reviewedAt: source.reviewedAt } : {}),
    ...(source.extra ? { extra: source.extra } : {}),
  };
  return out;
}

interface Hit {
  start: number;
  end: number;
  info: Info;
}

function pushPiece(pieces: Piece[], start: number, end: number, from: Hit, modified: boolean): void {
  const previous = pieces.length > 0 ? pieces[pieces.length - 1] : undefined;
  if (previous && !modified && !previous.modified && previous.from === from.info && previous.end + 1 === start) {
    previous.end = end;
    previous.intact += end - start + 1;
    return;
  }
  pieces.push({ start, end, from: from.info, modified, intact: modified ? 0 : end - start + 1, fromLength: from.end - from.start + 1 });
}

function placeLine(pieces: Piece[], line: number, code: number, atFirst: Hit | undefined, atLast: Hit | undefined): void {
  if (code === NEW_LINE_KEEPS_FIRST) {
    if (atFirst) {
      pushPiece(pieces, line, line, atFirst, false);
    }
  } else if (code === NEW_LINE_KEEPS_LAST) {
    if (atLast) {
      pushPiece(pieces, line, line, atLast, false);
    }
  } else if ((code & NEW_LINE_HAS_FIRST) !== 0 && atFirst) {
    pushPiece(pieces, line, line, atFirst, true);
  } else if ((code & NEW_LINE_HAS_LAST) !== 0 && atLast && atLast.info.state === 'ai') {
    // The end of a line joins another line: it surely holds AI text only if the whole old
    // line was the AI's. The end of an already modified line may be all human.
    pushPiece(pieces, line, line, atLast, true);
  }
}

/** The ranges that replace the hit ones, in new-document lines, in order. */
function buildPieces(hit: readonly Hit[], first: number, last: number, newCount: number, head: number, tail: number, delta: number): Piece[] {
  const firstHit = hit[0];
  const lastHit = hit[hit.length - 1];
  const atFirst = firstHit.start <= first ? firstHit : undefined;
  const atLast = lastHit.end >= last && lastHit.start <= last ? lastHit : undefined;
  const pieces: Piece[] = [];
  if (atFirst && atFirst.start < first) {
    pushPiece(pieces, atFirst.start, first - 1, atFirst, false);
  }
  placeLine(pieces, first, head, atFirst, atLast);
  if (newCount > 1) {
    placeLine(pieces, first + newCount - 1, tail, atFirst, atLast);
  }
  if (atLast && atLast.end > last) {
    pushPiece(pieces, last + 1 + delta, atLast.end + delta, atLast, false);
  }
  return pieces;
}
