// What happens to records when their file goes: reported as orphaned by `check` until pruned,
// never inherited by a file a human creates again at the same path; version-1 stores migrate.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runAirlock } from '../../helpers/runCliInProcess';
import { AnnotationStore } from '../../../src/core/provenance/annotationStore';
import { serializeAnnotations } from '../../../src/core/provenance/annotationCodec';
import { fileHashOf } from '../../../src/core/provenance/contentHash';
import { readAllRecords } from '../../../src/core/provenance/recordStore';
import { aiText, claudeEdit, claudeWrite, read, write } from './scenarioKit';
import { loadCurrentAnnotations } from '../../../src/core/provenance/summaryCurrent';
import { git, initRepo, range } from './provenanceTestKit';

const CONTENT = aiText(['export function parse(text: string): number {', '  return Number.parseInt(text, 10);', '}', '']);

function commitAll(root: string, message: string): void {
  git(root, 'add', '-A');
  git(root, 'commit', '-q', '-m', message);
}

async function checkJson(root: string): Promise<{ code: number; violations: Array<{ kind: string; file?: string }> }> {
  const r = await runAirlock(['check', '--json'], { cwd: root });
  return { code: r.code, ...(JSON.parse(r.stdout) as { violations: Array<{ kind: string; file?: string }> }) };
}

async function repoWithAiFile(): Promise<string> {
  const root = fs.realpathSync(initRepo('airlock-life-'));
  write(root, '.airlock/policy.json', '{ "version": 1 }\n');
  write(root, 'README.md', '# x\n');
  commitAll(root, 'base');
  await claudeWrite(root, 'src/parse.ts', CONTENT, 'toolu_life');
  commitAll(root, 'ai: parse');
  return root;
}

describe('provenance/lifecycle: deleted files, re-created files, migration', function () {
  this.timeout(60_000);

  it('a deleted file\'s records are reported by check until pruned', async () => {
    const root = await repoWithAiFile();
    git(root, 'rm', '-q', 'src/parse.ts');
    commitAll(root, 'drop parse');
    let c = await checkJson(root);
    assert.equal(c.code, 1);
    assert.deepEqual(c.violations.map((v) => [v.kind, v.file]), [['orphaned-annotations', 'src/parse.ts']]);
    c = await checkJson(root);
    assert.equal(c.violations.length, 1, 'reported on every run');
    const r = await runAirlock(['provenance', 'prune'], { cwd: root });
    assert.match(r.stdout, /src\/parse\.ts: 1 record\(s\) retired \(the file is gone\)/);
    c = await checkJson(root);
    assert.equal(c.code, 0, JSON.stringify(c.violations));
    assert.equal(readAllRecords(root).records.length, 2, 'nothing deleted: the AI record and its retirement');
  });

  it('a human re-creating a deleted file does not inherit its AI tags', async () => {
    const root = await repoWithAiFile();
    const text = read(root, 'src/parse.ts');
    git(root, 'rm', '-q', 'src/parse.ts');
    commitAll(root, 'drop parse');
    // Let the wall clock pass the deletion commit's second (commit times have 1 s resolution).
    await new Promise((r) => setTimeout(r, 1100));
    write(root, 'src/parse.ts', text);
    commitAll(root, 'human: parse again');
    assert.equal(new AnnotationStore(root).list().includes('src/parse.ts'), true, 'the old records are still there');
    const r = await runAirlock(['provenance', 'summary', '--format', 'json'], { cwd: root });
    assert.equal((JSON.parse(r.stdout) as { aiLines: number }).aiLines, 0);
  });

  it('an AI rewriting its own line is not reported as a lost line; a human rewriting one is', async () => {
    const root = await repoWithAiFile();
    await claudeEdit(root, 'src/parse.ts', 'Number.parseInt(text, 10); ', 'Number.parseInt(text.trim(), 10); ', 'toolu_life2');
    let current = loadCurrentAnnotations(root);
    assert.deepEqual(current.lost, []);
    assert.equal(current.locatedLines, 3);
    write(root, 'src/parse.ts', read(root, 'src/parse.ts').replace('text.trim()', 'text.trimStart()'));
    current = loadCurrentAnnotations(root);
    assert.deepEqual(current.lost.map((l) => [l.file, l.line]), [['src/parse.ts', 2]]);
  });

  it('migrate turns a version-1 store file into records, losing nothing', async () => {
    const root = fs.realpathSync(initRepo('airlock-life-'));
    const text = 'const a = 1;\nconst b = 2;\nconst c = 3;\n';
    write(root, 'src/a.ts', text);
    write(root, '.airlock/provenance/src/a.ts.json', serializeAnnotations({ version: 1, file: 'src/a.ts', fileHash: fileHashOf(text), ranges: [range(2, 3, { reviewedBy: 'Rev <rev@example.com>', reviewedAt: '2026-01-02T00:00:00Z' }, text)] }));
    const before = new AnnotationStore(root).load('src/a.ts')?.ranges.map((x) => [x.startLine, x.endLine, x.tool, x.reviewedBy]);
    const r = await runAirlock(['provenance', 'migrate'], { cwd: root });
    assert.match(r.stdout, /1 version-1 store file\(s\) migrated into 2 record\(s\)/);
    assert.equal(fs.existsSync(path.join(root, '.airlock/provenance/src/a.ts.json')), false);
    assert.deepEqual(new AnnotationStore(root).load('src/a.ts')?.ranges.map((x) => [x.startLine, x.endLine, x.tool, x.reviewedBy]), before);
    assert.deepEqual(before, [[2, 3, 'claude-code', 'Rev <rev@example.com>']]);
  });
});
