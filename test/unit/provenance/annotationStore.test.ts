import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FileAnnotations } from '../../../src/core/provenance/annotationTypes';
import { AnnotationStore } from '../../../src/core/provenance/annotationStore';
import { ProvenanceError } from '../../../src/core/provenance/provenanceError';
import { range, tempDir } from './provenanceTestKit';

const sample = (file = 'src/app.ts'): FileAnnotations => ({
  version: 1,
  file,
  fileHash: 'blob:' + 'a'.repeat(40),
  ranges: [range(9, 10, { reviewedBy: 'rev@example.com', reviewedAt: '2026-01-02T00:00:00Z' }), range(2, 4)],
});

describe('provenance/annotationStore', () => {
  it('writes one stably ordered JSON file per source file and reads it back', () => {
    const root = tempDir('airlock-prov-');
    const store = new AnnotationStore(root);
    store.save(sample());
    const file = path.join(root, '.airlock/provenance/src/app.ts.json');
    const text = fs.readFileSync(file, 'utf8');
    assert.ok(text.endsWith('}\n'));
    assert.ok(text.startsWith('{\n  "version": 1,\n  "file": "src/app.ts",\n  "fileHash": '));
    const parsed = JSON.parse(text) as { ranges: Record<string, unknown>[] };
    assert.deepEqual(parsed.ranges.map((r) => r.startLine), [2, 9], 'ranges sorted by start line');
    assert.deepEqual(Object.keys(parsed.ranges[1]), ['id', 'startLine', 'endLine', 'contentHash', 'tool', 'model', 'session', 'time', 'state', 'reviewedBy', 'reviewedAt']);
    const loaded = store.load('src/app.ts');
    assert.deepEqual(loaded?.ranges.map((r) => r.id), ['r2', 'r9']);
    store.save(loaded as FileAnnotations);
    assert.equal(fs.readFileSync(file, 'utf8'), text, 'a load/save roundtrip changes no byte');
    assert.deepEqual(fs.readdirSync(path.dirname(file)), ['app.ts.json'], 'no temp file left behind');
    assert.deepEqual(store.list(), ['src/app.ts']);
  });

  it('keeps fields written by a newer version through a load/save roundtrip', () => {
    const root = tempDir('airlock-prov-');
    const store = new AnnotationStore(root);
    const target = store.storePath('a.ts');
    fs.mkdirSync(path.dirname(target), { recursive: true });
    const newer = {
      version: 2,
      file: 'a.ts',
      ranges: [{ ...range(1, 2), promptId: 'p-1', confidence: { score: 0.9 } }],
      signature: 'sig',
    };
    fs.writeFileSync(target, JSON.stringify(newer));
    const loaded = store.load('a.ts') as FileAnnotations;
    assert.deepEqual(loaded.extra, { signature: 'sig' });
    assert.deepEqual(loaded.ranges[0].extra, { promptId: 'p-1', confidence: { score: 0.9 } });
    store.save(loaded);
    const again = JSON.parse(fs.readFileSync(target, 'utf8')) as Record<string, unknown>;
    assert.equal(again.version, 2);
    assert.equal(again.signature, 'sig');
    assert.deepEqual((again.ranges as Record<string, unknown>[])[0].confidence, { score: 0.9 });
  });

  it('moves a git-conflicted store file aside and reports where the conflict is', () => {
    const root = tempDir('airlock-prov-');
    const store = new AnnotationStore(root, { now: () => new Date('2026-03-04T05:06:07.000Z') });
    const target = store.storePath('src/app.ts');
    fs.mkdirSync(path.dirname(target), { recursive: true });
    const conflicted = '{\n  "version": 1,\n<<<<<<< HEAD\n  "file": "src/app.ts",\n=======\n  "file": "src/app.ts", \n>>>>>>> feature\n  "ranges": []\n}\n';
    fs.writeFileSync(target, conflicted);
    assert.equal(store.load('src/app.ts'), undefined);
    assert.equal(fs.existsSync(target), false);
    const aside = `${target}.corrupt-2026-03-04T05-06-07-000Z`;
    assert.equal(fs.readFileSync(aside, 'utf8'), conflicted, 'the conflicted content is kept byte for byte');
    assert.deepEqual(store.problems, [
      {
        file: '.airlock/provenance/src/app.ts.json',
        line: 3,
        column: 1,
        message: 'unresolved git merge conflict in the annotation file',
        movedTo: '.airlock/provenance/src/app.ts.json.corrupt-2026-03-04T05-06-07-000Z',
      },
    ]);
    assert.deepEqual(store.setAsideFiles(), ['.airlock/provenance/src/app.ts.json.corrupt-2026-03-04T05-06-07-000Z']);
    assert.deepEqual(store.list(), [], 'a set-aside file is not listed as annotations');
  });

  it('reports invalid JSON and invalid fields with line and column, never overwriting an earlier set-aside file', () => {
    const root = tempDir('airlock-prov-');
    const store = new AnnotationStore(root, { now: () => new Date('2026-03-04T05:06:07.000Z') });
    const target = store.storePath('b.ts');
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, '{\n  "version": 1,\n  "file": "b.ts",\n  "ranges": [\n');
    store.load('b.ts');
    const bad = JSON.stringify({ ...range(1, 2), startLine: 0 });
    fs.writeFileSync(target, `{\n  "version": 1,\n  "file": "b.ts",\n  "ranges": [\n    ${bad}\n  ]\n}\n`);
    store.load('b.ts');
    assert.equal(store.problems.length, 2);
    assert.match(store.problems[0].message, /invalid JSON/);
    assert.equal(store.problems[0].line, 5);
    assert.deepEqual([store.problems[1].line, store.problems[1].column], [5, 5 + bad.indexOf('"startLine":0') + '"startLine":'.length]);
    assert.match(store.problems[1].message, /startLine/);
    assert.notEqual(store.problems[0].movedTo, store.problems[1].movedTo);
    assert.equal(store.setAsideFiles().length, 2);
  });

  it('removes the store file when no ranges are left, and refuses paths outside the workspace', () => {
    const root = tempDir('airlock-prov-');
    const store = new AnnotationStore(root);
    store.save(sample('x.ts'));
    store.save({ ...sample('x.ts'), ranges: [] });
    assert.equal(fs.existsSync(store.storePath('x.ts')), false);
    for (const bad of ['../etc/passwd', '/abs.ts', 'a/../../b.ts', 'C:/x.ts', '']) {
      assert.throws(() => store.storePath(bad), ProvenanceError, bad);
    }
  });
});
