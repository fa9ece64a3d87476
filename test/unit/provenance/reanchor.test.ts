import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { addAiRanges, emptyAnnotations } from '../../../src/core/provenance/annotationOps';
import type { AiOrigin, FileAnnotations } from '../../../src/core/provenance/annotationTypes';
import { fileHashOf } from '../../../src/core/provenance/contentHash';
import { gitBlobReader, writeGitBlob } from '../../../src/core/provenance/gitBlobs';
import { reanchor } from '../../../src/core/provenance/reanchor';
import { initRepo } from './provenanceTestKit';

const origin: AiOrigin = { tool: 'claude-code', model: 'claude-opus-5-5', session: 's1', time: '2026-11-24T21:35:42.813Z' };
const lines = (n: number, tag: string): string[] => Array.from({ length: n }, (_, k) => `${tag} line ${k + 1}`);
const text = (parts: string[]): string => parts.join('\n') + '\n';
const spans = (a: FileAnnotations): [number, number][] => a.ranges.map((r) => [r.startLine, r.endLine]);

describe('provenance/reanchor', () => {
  const human = lines(10, 'human');
  const ai = lines(4, 'ai');
  const oldText = text([...human.slice(0, 5), ...ai, ...human.slice(5)]);
  const annotated = addAiRanges(emptyAnnotations('f.ts'), oldText, [{ startLine: 6, endLine: 9 }], origin);

  it('does nothing when the file is the annotated version', () => {
    const result = reanchor(annotated, oldText);
    assert.equal(result.method, 'unchanged');
    assert.equal(result.annotations, annotated);
  });

  it('follows lines inserted and deleted above, keeping the range and its hash', () => {
    const newText = text(['new 1', 'new 2', 'new 3', ...human.slice(1, 5), ...ai, ...human.slice(5)]);
    const result = reanchor(annotated, newText, { oldText });
    assert.equal(result.method, 'diff');
    assert.deepEqual(spans(result.annotations), [[8, 11]]);
    assert.equal(result.annotations.ranges[0].contentHash, annotated.ranges[0].contentHash);
    assert.equal(result.annotations.ranges[0].id, annotated.ranges[0].id);
    assert.equal(result.annotations.fileHash, fileHashOf(newText));
  });

  it('trims lines that changed and splits a range a human inserted lines into', () => {
    const newText = text([...human.slice(0, 5), ai[0], 'human inserted', ai[1], 'ai line 3 edited', ai[3], ...human.slice(5)]);
    const result = reanchor(annotated, newText, { oldText });
    assert.deepEqual(spans(result.annotations), [[6, 6], [8, 8], [10, 10]]);
    assert.deepEqual(result.annotations.ranges.map((r) => r.state), ['ai', 'ai', 'ai']);
    assert.equal(new Set(result.annotations.ranges.map((r) => r.id)).size, 3);
    assert.equal(result.keptLines, 3);
    assert.equal(result.droppedLines, 1);
  });

  it('finds a range moved intact by its content hash', () => {
    const newText = text([...human.slice(0, 5), ...human.slice(5), 'tail 1', ...ai]);
    const result = reanchor(annotated, newText, { oldText });
    assert.deepEqual(spans(result.annotations), [[12, 15]]);
    assert.equal(result.movedRanges, 1);
  });

  it('without the old text, relocates only ranges whose content is at one place', () => {
    const moved = text(['x', ...human, ...ai]);
    assert.deepEqual(spans(reanchor(annotated, moved).annotations), [[12, 15]]);
    const twice = text([...ai, ...human, ...ai]);
    assert.deepEqual(spans(reanchor(annotated, twice).annotations), [], 'ambiguous: dropped, not guessed');
    const edited = text([...human.slice(0, 5), ai[0], 'changed', ai[2], ai[3], ...human.slice(5)]);
    const result = reanchor(annotated, edited);
    assert.equal(result.method, 'hash-only');
    assert.deepEqual(spans(result.annotations), []);
  });

  it('gets the old text from git by the stored blob id', () => {
    const repo = initRepo('airlock-reanchor-');
    fs.writeFileSync(path.join(repo, 'f.ts'), oldText);
    assert.equal('blob:' + writeGitBlob(repo, oldText), annotated.fileHash);
    const newText = text(['top', ...human.slice(0, 5), ai[0], ai[1], 'edited', ai[3], ...human.slice(5)]);
    const result = reanchor(annotated, newText, { readBlob: gitBlobReader(repo) });
    assert.equal(result.method, 'diff');
    assert.deepEqual(spans(result.annotations), [[7, 8], [10, 10]]);
    assert.equal(gitBlobReader(repo)('0'.repeat(40)), undefined);
  });

  it('untangles overlapping ranges (say, from a text merge of the store file): the first keeps shared lines', () => {
    const second = addAiRanges(emptyAnnotations('f.ts'), oldText, [{ startLine: 8, endLine: 11 }], { ...origin, session: 's2' }).ranges[0];
    const merged: FileAnnotations = { ...annotated, ranges: [annotated.ranges[0], second] };
    const result = reanchor(merged, oldText);
    assert.deepEqual(result.annotations.ranges.map((r) => [r.startLine, r.endLine, r.session]), [[6, 9, 's1'], [10, 11, 's2']]);
  });

  it('ignores a stored range whose hash does not match the old text, rather than trusting its lines', () => {
    const stale: FileAnnotations = { ...annotated, ranges: [{ ...annotated.ranges[0], startLine: 1, endLine: 4 }] };
    const newText = text(['top', ...human, ...ai]);
    const result = reanchor(stale, newText, { oldText });
    // Lines 1-4 of the old text are human; the range's real content is found by hash instead.
    assert.deepEqual(spans(result.annotations), [[12, 15]]);
  });
});
