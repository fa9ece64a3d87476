import * as assert from 'node:assert/strict';
import { addAiRanges, emptyAnnotations, markReviewed, normalizeRanges } from '../../../src/core/provenance/annotationOps';
import type { FileAnnotations } from '../../../src/core/provenance/annotationTypes';

const unreviewedLineCount = (a: FileAnnotations): number => a.ranges.filter((r) => r.reviewedBy === undefined).reduce((n, r) => n + r.endLine - r.startLine + 1, 0);
import type { AiOrigin } from '../../../src/core/provenance/annotationTypes';
import { hashRange, splitLines } from '../../../src/core/provenance/contentHash';
import { ProvenanceError } from '../../../src/core/provenance/provenanceError';
import { range } from './provenanceTestKit';

const origin = (session: string, time = '2026-11-24T21:35:42.813Z'): AiOrigin => ({ tool: 'copilot-cli', model: 'unknown', session, time });
const doc = Array.from({ length: 20 }, (_, k) => `line ${k + 1}`).join('\n') + '\n';

describe('provenance/annotationOps', () => {
  it('lets a newer AI edit take over the lines it rewrote, trimming the older range', () => {
    let a = addAiRanges(emptyAnnotations('f.ts'), doc, [{ startLine: 2, endLine: 10 }], origin('one'));
    a = addAiRanges(a, doc, [{ startLine: 5, endLine: 6 }], origin('two'));
    assert.deepEqual(a.ranges.map((r) => [r.startLine, r.endLine, r.session]), [[2, 4, 'one'], [5, 6, 'two'], [7, 10, 'one']]);
    const lines = splitLines(doc);
    for (const r of a.ranges) {
      assert.equal(r.contentHash, hashRange(lines, r));
    }
    assert.equal(a.ranges[0].model, 'unknown');
  });

  it('refuses to add ranges to annotations of another version of the file', () => {
    const a = addAiRanges(emptyAnnotations('f.ts'), doc, [{ startLine: 1, endLine: 1 }], origin('one'));
    assert.throws(() => addAiRanges(a, 'other\n' + doc, [{ startLine: 1, endLine: 1 }], origin('two')), ProvenanceError);
    assert.throws(() => addAiRanges(a, doc, [{ startLine: 20, endLine: 21 }], origin('two')), /outside the file/);
  });

  it('marks reviewed exactly the lines asked for, splitting ranges at the edge', () => {
    const a = addAiRanges(emptyAnnotations('f.ts'), doc, [{ startLine: 2, endLine: 6 }, { startLine: 9, endLine: 9 }], origin('one'));
    assert.equal(unreviewedLineCount(a), 6);
    const b = markReviewed(a, { startLine: 4, endLine: 9 }, 'rev@example.com', '2026-12-01T10:00:00Z', doc);
    assert.deepEqual(b.ranges.map((r) => [r.startLine, r.endLine, r.reviewedBy ?? null]), [
      [2, 3, null],
      [4, 6, 'rev@example.com'],
      [9, 9, 'rev@example.com'],
    ]);
    assert.equal(unreviewedLineCount(b), 2);
    assert.equal(b.ranges[0].id, a.ranges[0].id);
    assert.throws(() => markReviewed(a, { startLine: 4, endLine: 9 }, 'rev', 't'), /pass the file text/);
    const all = markReviewed(a, 'all', 'rev@example.com', '2026-12-01T10:00:00Z');
    assert.equal(unreviewedLineCount(all), 0);
  });

  it('merges neighbouring ranges that say the same thing', () => {
    const text = 'a\nb\nc\n';
    const merged = normalizeRanges([range(1, 1, { session: 's' }, text), range(2, 3, { session: 's' }, text)], text);
    assert.deepEqual(merged.map((r) => [r.startLine, r.endLine, r.id]), [[1, 3, 'r1']]);
    assert.equal(merged[0].contentHash, hashRange(splitLines(text), { startLine: 1, endLine: 3 }));
  });
});
