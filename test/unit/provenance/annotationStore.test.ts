import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { addAiRanges, emptyAnnotations, markReviewed } from '../../../src/core/provenance/annotationOps';
import { AnnotationStore } from '../../../src/core/provenance/annotationStore';
import { serializeAnnotations } from '../../../src/core/provenance/annotationCodec';
import { fileHashOf } from '../../../src/core/provenance/contentHash';
import { ProvenanceError } from '../../../src/core/provenance/provenanceError';
import { appendRecord, readAllRecords, recordDirOf } from '../../../src/core/provenance/recordStore';
import { loadCurrentAnnotations } from '../../../src/core/provenance/summaryCurrent';
import { range, tempDir } from './provenanceTestKit';

const ORIGIN = { tool: 'claude-code', model: 'claude-opus-5-5', session: 's1', time: '2026-11-24T21:35:42.813Z' };
const TEXT = ['import { a } from "./a";', '', 'export function f(x: number) {', '  return a(x) + 1;', '}', 'export const g = 2;', ''].join('\n');

function write(root: string, rel: string, text: string): void {
  fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
  fs.writeFileSync(path.join(root, rel), text);
}

describe('provenance/annotationStore (immutable records)', () => {
  it('appends one uniquely named record per fact and reads the same lines back', () => {
    const root = tempDir('airlock-prov-');
    write(root, 'src/app.ts', TEXT);
    const store = new AnnotationStore(root);
    const tagged = addAiRanges(emptyAnnotations('src/app.ts'), TEXT, [{ startLine: 3, endLine: 5 }], ORIGIN);
    const written = store.save(tagged, TEXT);
    assert.equal(written.length, 1);
    const names = fs.readdirSync(recordDirOf(root, 'src/app.ts'));
    assert.equal(names.length, 1);
    assert.match(names[0], /^\d{8}T\d{12}Z-[0-9a-f]{16}\.json$/);
    const onDisk = fs.readFileSync(path.join(recordDirOf(root, 'src/app.ts'), names[0]), 'utf8');
    assert.ok(!onDisk.includes('return a(x)'), 'no line text is stored, only salted keys');
    const loaded = store.load('src/app.ts');
    assert.deepEqual(loaded?.ranges.map((r) => [r.startLine, r.endLine, r.tool, r.model]), [[3, 5, 'claude-code', 'claude-opus-5-5']]);
    assert.equal(store.save(loaded ?? tagged, TEXT).length, 0, 'saving what the store already says writes nothing');
    const reviewed = markReviewed(loaded ?? tagged, 'all', 'Rev <rev@example.com>', '2026-11-25T00:00:00Z', TEXT);
    assert.equal(store.save(reviewed, TEXT).length, 1);
    assert.deepEqual(store.load('src/app.ts')?.ranges.map((r) => r.reviewedBy), ['Rev <rev@example.com>']);
    assert.equal(fs.readdirSync(recordDirOf(root, 'src/app.ts')).length, 2, 'the first record is never rewritten');
    assert.deepEqual(store.list(), ['src/app.ts']);
  });

  it('takes lines back with a human record instead of editing the AI record', () => {
    const root = tempDir('airlock-prov-');
    write(root, 'a.ts', TEXT);
    const store = new AnnotationStore(root);
    store.save(addAiRanges(emptyAnnotations('a.ts'), TEXT, [{ startLine: 3, endLine: 6 }], ORIGIN), TEXT);
    const current = store.load('a.ts');
    assert.ok(current);
    store.save({ ...current, ranges: [{ ...current.ranges[0], startLine: 6, endLine: 6 }] }, TEXT);
    assert.deepEqual(store.load('a.ts')?.ranges.map((r) => [r.startLine, r.endLine]), [[6, 6]]);
    assert.deepEqual(readAllRecords(root).records.map((r) => r.kind).sort(), ['ai', 'human']);
  });

  it('reports a broken record with line and column on every read and never moves or rewrites it', () => {
    const root = tempDir('airlock-prov-');
    write(root, 'b.ts', TEXT);
    const store = new AnnotationStore(root);
    store.save(addAiRanges(emptyAnnotations('b.ts'), TEXT, [{ startLine: 4, endLine: 4 }], ORIGIN), TEXT);
    const dir = recordDirOf(root, 'b.ts');
    const [name] = fs.readdirSync(dir);
    const target = path.join(dir, name);
    const broken = fs.readFileSync(target, 'utf8').replace('"salt": "', '<<<<<<< HEAD\n"salt": "');
    fs.writeFileSync(target, broken);
    for (let run = 0; run < 3; run++) {
      const current = loadCurrentAnnotations(root);
      assert.equal(current.problems.length, 1, `run ${run}`);
      assert.equal(current.problems[0].file, `.airlock/provenance/records/b.ts/${name}`);
      assert.ok(current.problems[0].line > 1);
      assert.match(current.problems[0].message, /invalid JSON/);
    }
    assert.equal(fs.readFileSync(target, 'utf8'), broken, 'left byte for byte');
    const badKey = fs.readFileSync(target, 'utf8').replace('<<<<<<< HEAD\n', '').replace(/"keys": \[\n\s+"[0-9a-f]{16}"/, '"keys": [\n    "nothex"');
    fs.writeFileSync(target, badKey);
    const [problem] = loadCurrentAnnotations(root).problems;
    assert.match(problem.message, /16 hex digits/);
    assert.equal(badKey.split('\n')[problem.line - 1].trim(), '"nothex"');
  });

  it('never replaces an existing record, even on an id collision', () => {
    const root = tempDir('airlock-prov-');
    write(root, 'c.ts', TEXT);
    const store = new AnnotationStore(root);
    const [record] = store.save(addAiRanges(emptyAnnotations('c.ts'), TEXT, [{ startLine: 1, endLine: 1 }], ORIGIN), TEXT);
    assert.throws(() => appendRecord(root, { ...record, file: 'c.ts' }), /EEXIST/);
    assert.equal(readAllRecords(root).records.length, 1);
  });

  it('reads a version-1 store file (nothing lost) until it is migrated', () => {
    const root = tempDir('airlock-prov-');
    write(root, 'src/old.ts', TEXT);
    const legacy = { version: 1, file: 'src/old.ts', fileHash: fileHashOf(TEXT), ranges: [range(3, 5, { reviewedBy: 'Rev', reviewedAt: '2026-01-02T00:00:00Z' }, TEXT), range(6, 6, {}, TEXT)] };
    write(root, '.airlock/provenance/src/old.ts.json', serializeAnnotations(legacy));
    const store = new AnnotationStore(root);
    assert.deepEqual(store.list(), ['src/old.ts']);
    const loaded = store.load('src/old.ts');
    assert.deepEqual(loaded?.ranges.map((r) => [r.startLine, r.endLine, r.reviewedBy]), [[3, 5, 'Rev'], [6, 6, undefined]]);
    const current = loadCurrentAnnotations(root);
    assert.equal(current.locatedLines, 4);
    assert.equal(current.recordedLines, 4);
  });

  it('refuses store paths outside the workspace', () => {
    const root = tempDir('airlock-prov-');
    for (const bad of ['../etc/passwd', '/abs.ts', 'a/../../b.ts', 'C:/x.ts', '']) {
      assert.throws(() => recordDirOf(root, bad), ProvenanceError, bad);
    }
  });
});
