// Range shifting per editor edit: the block-offset RangeTracker beside a naive full pass over
// every range, on the same random but realistic edit stream (typing, Enter, line deletes, pastes;
// the cursor mostly stays near where it was and sometimes jumps).
import type { AnnotatedRange, AnnotationState } from '../../src/core/provenance/annotationTypes';
import { RangeTracker } from '../../src/core/provenance/rangeTracker';
import { seeded } from '../unit/provenance/provenanceTestKit';
import { NEW_LINE_HAS_FIRST, NEW_LINE_HAS_LAST, NEW_LINE_KEEPS_FIRST, NEW_LINE_KEEPS_LAST, toLineEdit, type TextChange } from '../../src/core/provenance/textChange';

function makeRanges(count: number): AnnotatedRange[] {
  // 3 AI lines every 10 lines.
  return Array.from({ length: count }, (_, k) => ({
    id: `r${k}`,
    startLine: k * 10 + 4,
    endLine: k * 10 + 6,
    contentHash: 'sha256:x',
    tool: 'claude-code',
    model: 'm',
    session: `s${k % 7}`,
    time: '2026-01-01T00:00:00Z',
    state: 'ai' as AnnotationState,
  }));
}

function makeEdits(lineCount: number, count: number, seed: number): TextChange[] {
  const random = seeded(seed);
  let lines = lineCount;
  let cursor = Math.floor(lines / 2);
  const edits: TextChange[] = [];
  while (edits.length < count) {
    cursor = random() < 0.9 ? cursor + Math.floor(random() * 41) - 20 : Math.floor(random() * lines);
    cursor = Math.max(0, Math.min(lines - 2, cursor));
    const kind = random();
    const column = Math.floor(random() * 30);
    if (kind < 0.7) {
      edits.push({ startLine: cursor, startCharacter: column, endLine: cursor, endCharacter: column, text: 'x', startAtLineEnd: false, endAtLineEnd: false });
    } else if (kind < 0.85) {
      edits.push({ startLine: cursor, startCharacter: column, endLine: cursor, endCharacter: column, text: '\n    ', startAtLineEnd: random() < 0.5, endAtLineEnd: false });
      lines++;
    } else if (kind < 0.95) {
      edits.push({ startLine: cursor, startCharacter: 0, endLine: cursor + 1, endCharacter: 0, text: '' });
      lines--;
    } else {
      edits.push({ startLine: cursor, startCharacter: 0, endLine: cursor, endCharacter: 0, text: 'a\nb\nc\n' });
      lines += 3;
    }
  }
  return edits;
}

interface NaiveRange {
  start: number;
  end: number;
  session: string;
  state: AnnotationState;
}

/** The baseline: the same rule, applied by visiting every range on every edit (in place). */
class NaiveTracker {
  ranges: NaiveRange[];

  constructor(ranges: readonly AnnotatedRange[]) {
    this.ranges = ranges.map((r) => ({ start: r.startLine, end: r.endLine, session: r.session, state: r.state }));
  }

  applyChange(change: TextChange): void {
    const edit = toLineEdit(change);
    if (!edit) {
      return;
    }
    const { first, last, newCount, head, tail, delta } = edit;
    const ranges = this.ranges;
    let hitFrom = -1;
    let hitTo = -1;
    for (let k = 0; k < ranges.length; k++) {
      const r = ranges[k];
      if (r.end < first) {
        continue;
      }
      if (r.start > last) {
        r.start += delta;
        r.end += delta;
        continue;
      }
      if (hitFrom < 0) {
        hitFrom = k;
      }
      hitTo = k;
    }
    if (hitFrom < 0) {
      return;
    }
    const atFirst = ranges[hitFrom].start <= first ? ranges[hitFrom] : undefined;
    const lastHit = ranges[hitTo];
    const atLast = lastHit.end >= last ? lastHit : undefined;
    const out: NaiveRange[] = [];
    if (atFirst && atFirst.start < first) {
      out.push({ ...atFirst, end: first - 1 });
    }
    const place = (line: number, code: number): void => {
      if (code === NEW_LINE_KEEPS_FIRST && atFirst) {
        out.push({ ...atFirst, start: line, end: line });
      } else if (code === NEW_LINE_KEEPS_LAST && atLast) {
        out.push({ ...atLast, start: line, end: line });
      } else if ((code & NEW_LINE_HAS_FIRST) !== 0 && atFirst) {
        out.push({ ...atFirst, start: line, end: line, state: 'ai-modified' });
      } else if ((code & NEW_LINE_HAS_LAST) !== 0 && atLast && atLast.state === 'ai') {
        out.push({ ...atLast, start: line, end: line, state: 'ai-modified' });
      }
    };
    place(first, head);
    if (newCount > 1) {
      place(first + newCount - 1, tail);
    }
    if (atLast && atLast.end > last) {
      out.push({ ...atLast, start: last + 1 + delta, end: atLast.end + delta });
    }
    ranges.splice(hitFrom, hitTo - hitFrom + 1, ...out);
  }
}

/** Per-line (session, state) view, for checking both trackers agree. */
function linesOf(ranges: readonly { start: number; end: number; session: string; state: string }[]): string {
  const parts: string[] = [];
  for (const r of ranges) {
    for (let line = r.start; line <= r.end; line++) {
      parts.push(`${line}:${r.session}:${r.state}`);
    }
  }
  return parts.sort().join(',');
}

function timeNs(run: () => void): number {
  const start = process.hrtime.bigint();
  run();
  return Number(process.hrtime.bigint() - start);
}

export async function runProvenanceBench(): Promise<Record<string, number>> {
  const figures: Record<string, number> = {};
  for (const count of [1000, 10000]) {
    const edits = makeEdits(count * 10, 100000, count);
    const tracker = new RangeTracker(makeRanges(count));
    const naive = new NaiveTracker(makeRanges(count));
    // Warm both up on a separate copy, then time the whole stream.
    const warm = new RangeTracker(makeRanges(count));
    edits.slice(0, 20000).forEach((e) => warm.applyChange(e));
    const naiveEdits = edits.slice(0, count >= 10000 ? 5000 : 20000);
    const trackerNs = timeNs(() => edits.forEach((e) => tracker.applyChange(e))) / edits.length;
    const naiveNs = timeNs(() => naiveEdits.forEach((e) => naive.applyChange(e))) / naiveEdits.length;
    // Same rule, same result: replay the naive prefix on a fresh tracker and compare.
    const check = new RangeTracker(makeRanges(count));
    naiveEdits.forEach((e) => check.applyChange(e));
    const agree = linesOf(check.list().map((r) => ({ start: r.startLine, end: r.endLine, session: r.session, state: r.state }))) === linesOf(naive.ranges);
    console.log(
      `provenance: ${count} ranges: tracker ${trackerNs.toFixed(0)} ns/edit, naive full pass ${naiveNs.toFixed(0)} ns/edit ` +
        `(${(naiveNs / trackerNs).toFixed(1)}x faster; ${tracker.size} ranges after ${edits.length} edits; results ${agree ? 'agree' : 'DIFFER'})`,
    );
    figures[`tracker_ns_per_edit_${count}`] = trackerNs;
    figures[`naive_ns_per_edit_${count}`] = naiveNs;
    figures[`speedup_${count}`] = naiveNs / trackerNs;
    figures[`results_agree_${count}`] = agree ? 1 : 0;
  }
  return figures;
}

if (require.main === module) {
  void runProvenanceBench();
}
