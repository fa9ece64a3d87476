import * as assert from 'node:assert/strict';
import type { AnnotatedRange, AnnotationState } from '../../../src/core/provenance/annotationTypes';
import { emptyAnnotations } from '../../../src/core/provenance/annotationOps';
import { hashRange, splitLines } from '../../../src/core/provenance/contentHash';
import { RangeTracker } from '../../../src/core/provenance/rangeTracker';
import type { TextChange } from '../../../src/core/provenance/textChange';
import { range, seeded } from './provenanceTestKit';

/** A number spelled in lower-case letters (AI text in the random test holds no digits). */
const word = (n: number): string => [...n.toString(26)].map((d) => String.fromCharCode(97 + parseInt(d, 26))).join('');

const spans = (tracker: RangeTracker): [number, number, AnnotationState][] => tracker.list().map((r) => [r.startLine, r.endLine, r.state]);

/** An insertion at a 0-based position. */
const insert = (line: number, character: number, text: string, hints: Partial<TextChange> = {}): TextChange => ({ startLine: line, startCharacter: character, endLine: line, endCharacter: character, text, ...hints });

describe('provenance/rangeTracker', () => {
  it('shifts ranges below lines inserted above them and leaves ranges above alone', () => {
    const tracker = new RangeTracker([range(2, 3), range(10, 12)]);
    tracker.applyChange(insert(5, 0, 'a\nb\n'));
    assert.deepEqual(spans(tracker), [[2, 3, 'ai'], [12, 14, 'ai']]);
  });

  it('does not extend a range when lines are inserted exactly at its boundaries', () => {
    const tracker = new RangeTracker([range(5, 7)]);
    tracker.applyChange(insert(4, 0, 'above\n')); // at the start of line 5
    assert.deepEqual(spans(tracker), [[6, 8, 'ai']]);
    tracker.applyChange(insert(8, 0, 'below\n')); // at the start of the line after the range
    assert.deepEqual(spans(tracker), [[6, 8, 'ai']]);
    tracker.applyChange(insert(7, 9, '\nnew line', { startAtLineEnd: true, endAtLineEnd: true })); // Enter at the end of the last line
    assert.deepEqual(spans(tracker), [[6, 8, 'ai']]);
  });

  it('marks only the line a human typed in as ai-modified, splitting the range', () => {
    const tracker = new RangeTracker([range(5, 9)]);
    tracker.applyChange(insert(6, 4, 'x')); // line 7
    assert.deepEqual(spans(tracker), [[5, 6, 'ai'], [7, 7, 'ai-modified'], [8, 9, 'ai']]);
    const ids = new Set(tracker.list().map((r) => r.id));
    assert.equal(ids.size, 3);
    assert.ok(ids.has('r5'), 'the first piece keeps the original id');
  });

  it('stops tagging lines that were deleted or fully replaced', () => {
    const tracker = new RangeTracker([range(5, 9)]);
    tracker.applyChange({ startLine: 5, startCharacter: 0, endLine: 7, endCharacter: 0, text: '' }); // delete lines 6-7
    assert.deepEqual(spans(tracker), [[5, 7, 'ai']]);
    tracker.applyChange({ startLine: 5, startCharacter: 0, endLine: 6, endCharacter: 0, text: 'human one\nhuman two\n' }); // replace line 6
    assert.deepEqual(spans(tracker), [[5, 5, 'ai'], [8, 8, 'ai']]);
  });

  it('splits a range around human lines inserted inside it, keeping both parts ai', () => {
    const tracker = new RangeTracker([range(1, 4)]);
    tracker.applyChange(insert(2, 0, 'h1\nh2\n'));
    assert.deepEqual(spans(tracker), [[1, 2, 'ai'], [5, 6, 'ai']]);
  });

  it('never tags a new line that may be wholly human when hints are missing', () => {
    const tracker = new RangeTracker([range(3, 3)]);
    // Enter somewhere in line 3 without knowing whether it was at the end: line 3 may be changed,
    // the new line 4 may hold only the typed indentation.
    tracker.applyChange(insert(2, 5, '\n  '));
    assert.deepEqual(spans(tracker), [[3, 3, 'ai-modified']]);
  });

  it('keeps a shifted range hash, drops the hash of a changed one, and rehashes on export', () => {
    const text = 'a\nb\nc\nd\n';
    const lines = splitLines(text);
    const tracker = new RangeTracker([range(2, 3, {}, text)]);
    tracker.applyChange(insert(0, 0, 'new\n'));
    assert.equal(tracker.list()[0].contentHash, hashRange(lines, { startLine: 2, endLine: 3 }));
    tracker.applyChange(insert(2, 1, 'X'));
    const after = 'new\na\nbX\nc\nd\n';
    assert.equal(tracker.list()[0].contentHash, undefined);
    const out = tracker.toFileAnnotations(emptyAnnotations('f.ts'), after);
    assert.deepEqual(out.ranges.map((r) => [r.startLine, r.endLine, r.contentHash]), [
      [3, 3, hashRange(splitLines(after), { startLine: 3, endLine: 3 })],
      [4, 4, hashRange(splitLines(after), { startLine: 4, endLine: 4 })],
    ]);
    assert.match(out.fileHash ?? '', /^blob:[0-9a-f]{40}$/);
  });

  it('clears the review mark of a line a human changed but keeps it on untouched lines', () => {
    const tracker = new RangeTracker([range(1, 3, { reviewedBy: 'rev@example.com', reviewedAt: '2026-01-01T00:00:00Z' })]);
    tracker.applyChange(insert(1, 0, 'y'));
    const list = tracker.list();
    assert.deepEqual(list.map((r) => r.reviewedBy), ['rev@example.com', undefined, 'rev@example.com']);
  });

  it('does not tag the new line split off the end of an already modified line', () => {
    const tracker = new RangeTracker([range(2, 2, { state: 'ai-modified' }), range(4, 4)]);
    tracker.applyChange(insert(1, 3, '\n', { startAtLineEnd: false, endAtLineEnd: false }));
    tracker.applyChange(insert(4, 3, '\n', { startAtLineEnd: false, endAtLineEnd: false }));
    assert.deepEqual(spans(tracker), [[2, 2, 'ai-modified'], [5, 5, 'ai-modified'], [6, 6, 'ai-modified']]);
  });

  it('rejects overlapping input ranges', () => {
    assert.throws(() => new RangeTracker([range(1, 5), range(5, 6)]), /overlap/);
  });

  it('never tags human text as ai, over thousands of random edits on a real document', () => {
    // AI lines are lower-case letters, human text is digits and '#': a line tagged `ai` must be
    // exactly an original AI line; a tagged line must hold some AI text.
    const random = seeded(7);
    const aiLines = new Set<string>();
    const docLines: string[] = [];
    const initial: AnnotatedRange[] = [];
    for (let block = 0; block < 60; block++) {
      const start = docLines.length + 1;
      const ai = block % 2 === 0;
      const n = 1 + Math.floor(random() * 6);
      for (let k = 0; k < n; k++) {
        docLines.push(ai ? `let ${word(block)}_${word(k)} = ${word(block * 7 + k)};` : `# ${block} ${k}`);
        if (ai) {
          aiLines.add(docLines[docLines.length - 1]);
        }
      }
      if (ai) {
        initial.push(range(start, docLines.length, { id: `b${block}`, session: `s${block}` }));
      }
    }
    let doc = docLines.join('\n') + '\n';
    const tracker = new RangeTracker(initial);
    for (let step = 0; step < 3000; step++) {
      const lines = doc.split('\n');
      const l1 = Math.floor(random() * lines.length);
      const c1 = Math.floor(random() * (lines[l1].length + 1));
      let l2 = l1;
      let c2 = c1;
      const kind = random();
      if (kind < 0.3) {
        l2 = Math.min(lines.length - 1, l1 + Math.floor(random() * 3));
        c2 = l2 === l1 ? c1 + Math.floor(random() * (lines[l1].length - c1 + 1)) : Math.floor(random() * (lines[l2].length + 1));
      }
      const text = kind < 0.5 ? '' : random() < 0.3 ? `#${step}\n${step % 7}` : random() < 0.5 ? `${step}\n` : '#';
      if (text === '' && l1 === l2 && c1 === c2) {
        continue;
      }
      const giveHints = random() < 0.7;
      const change: TextChange = {
        startLine: l1,
        startCharacter: c1,
        endLine: l2,
        endCharacter: c2,
        text,
        ...(giveHints ? { startAtLineEnd: c1 === lines[l1].length, endAtLineEnd: c2 === lines[l2].length } : {}),
      };
      const offset = (l: number, c: number): number => lines.slice(0, l).reduce((sum, line) => sum + line.length + 1, 0) + c;
      doc = doc.slice(0, offset(l1, c1)) + text + doc.slice(offset(l2, c2));
      tracker.applyChange(change);
      const now = doc.split('\n');
      if (step === 150) {
        // Lines still reading exactly as the AI wrote them keep their tag (retention).
        const tagged = new Set<number>();
        tracker.list().forEach((r) => {
          for (let line = r.startLine; line <= r.endLine; line++) {
            tagged.add(line);
          }
        });
        const aiNow = now.map((line, i) => (aiLines.has(line) ? i + 1 : 0)).filter((n) => n > 0);
        const kept = aiNow.filter((n) => tagged.has(n)).length;
        assert.ok(aiNow.length > 10 && kept / aiNow.length >= 0.95, `kept ${kept} of ${aiNow.length}`);
      }
      for (const r of tracker.list()) {
        for (let line = r.startLine; line <= r.endLine; line++) {
          const content = now[line - 1];
          assert.ok(content !== undefined, `step ${step}: range ${r.startLine}-${r.endLine} past the end`);
          // ai-modified lines may end up all human after further edits (no per-character
          // tracking); `ai` lines must be exactly what the AI wrote.
          if (r.state === 'ai') {
            assert.ok(aiLines.has(content), `step ${step}: line ${line} tagged ai but reads "${content}"`);
          }
        }
      }
    }
  });

  it('matches a per-line model of the same rule on random edits across block boundaries', () => {
    const random = seeded(11);
    const initial: AnnotatedRange[] = [];
    for (let k = 0; k < 400; k++) {
      initial.push(range(1 + k * 5, 3 + k * 5, { id: `i${k}`, session: `s${k}` }));
    }
    type Label = { session: string; state: AnnotationState } | null;
    let labels: Label[] = [];
    for (let line = 1; line <= 2000; line++) {
      const r = initial.find((x) => x.startLine <= line && line <= x.endLine);
      labels.push(r ? { session: r.session, state: 'ai' } : null);
    }
    const tracker = new RangeTracker(initial);
    for (let step = 0; step < 4000; step++) {
      const l1 = Math.floor(random() * labels.length);
      const l2 = Math.min(labels.length - 1, l1 + (random() < 0.3 ? Math.floor(random() * 4) : 0));
      const c1 = Math.floor(random() * 3);
      const c2 = l2 === l1 ? c1 + Math.floor(random() * 2) : Math.floor(random() * 3);
      const text = ['', 'x', '\n', 'a\nb', 'a\n\n'][Math.floor(random() * 5)];
      const change: TextChange = { startLine: l1, startCharacter: c1, endLine: l2, endCharacter: c2, text, startAtLineEnd: random() < 0.2, endAtLineEnd: random() < 0.2 };
      if (text === '' && l1 === l2 && c1 === c2) {
        continue;
      }
      tracker.applyChange(change);
      labels = applyToLabels(labels, change);
      if (step % 200 === 0 || step === 3999) {
        const got: Label[] = labels.map(() => null);
        for (const r of tracker.list()) {
          for (let line = r.startLine; line <= r.endLine; line++) {
            got[line - 1] = { session: r.session, state: r.state };
          }
        }
        assert.deepEqual(got, labels, `after step ${step}`);
      }
    }
  });
});

import { NEW_LINE_HAS_FIRST, NEW_LINE_HAS_LAST, NEW_LINE_KEEPS_FIRST, NEW_LINE_KEEPS_LAST, toLineEdit } from '../../../src/core/provenance/textChange';

type ModelLabel = { session: string; state: AnnotationState } | null;

function applyToLabels(labels: ModelLabel[], change: TextChange): ModelLabel[] {
  const edit = toLineEdit(change);
  if (!edit) {
    return labels;
  }
  const atFirst = labels[edit.first - 1] ?? null;
  const atLast = labels[edit.last - 1] ?? null;
  const label = (code: number): ModelLabel => {
    if (code === NEW_LINE_KEEPS_FIRST) {
      return atFirst;
    }
    if (code === NEW_LINE_KEEPS_LAST) {
      return atLast;
    }
    if ((code & NEW_LINE_HAS_FIRST) !== 0 && atFirst) {
      return { session: atFirst.session, state: 'ai-modified' };
    }
    if ((code & NEW_LINE_HAS_LAST) !== 0 && atLast && atLast.state === 'ai') {
      return { session: atLast.session, state: 'ai-modified' };
    }
    return null;
  };
  const middle: ModelLabel[] = [label(edit.head)];
  for (let k = 1; k < edit.newCount - 1; k++) {
    middle.push(null);
  }
  if (edit.newCount > 1) {
    middle.push(label(edit.tail));
  }
  return [...labels.slice(0, edit.first - 1), ...middle, ...labels.slice(edit.last)];
}
