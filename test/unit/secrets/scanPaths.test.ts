import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { scanFile, scanPaths, type ScanPathsOptions } from '../../../src/core/secrets/scanPaths';
import type { FileScanResult } from '../../../src/core/secrets/secretTypes';
import { FakeTokens } from './fakeTokens';

async function collect(root: string, paths?: string[], options?: ScanPathsOptions): Promise<FileScanResult[]> {
  const out: FileScanResult[] = [];
  for await (const r of scanPaths(root, paths, options)) out.push(r);
  return out;
}

describe('secrets: scanning files and folders', () => {
  const gen = new FakeTokens(47);
  let root: string;
  const write = (rel: string, content: string | Buffer): void => {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), content);
  };
  const secretLine = (): string => `token = "${gen.github()}"\n`;

  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'airlock-scan-'));
    execFileSync('git', ['init', '-q'], { cwd: root });
    write('.gitignore', 'build/\n*.log\n!keep.log\n');
    write('src/app.py', secretLine());
    write('src/clean.ts', 'export const x = 1;\n');
    write('src/nested/.gitignore', 'local.py\n!/build/\n');
    write('src/nested/local.py', secretLine());
    write('src/nested/kept.py', secretLine());
    write('build/out.js', secretLine());
    write('debug.log', secretLine());
    write('keep.log', secretLine());
    write('node_modules/pkg/index.js', secretLine());
    write('.git/config.bak', secretLine());
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('walks the workspace in a stable order, honouring nested .gitignore files like git does', async () => {
    const results = await collect(root);
    const files = results.map((r) => r.file);
    const gitListed = execFileSync('git', ['ls-files', '--others', '--exclude-standard'], { cwd: root, encoding: 'utf8' })
      .trim().split('\n').filter((f) => !f.startsWith('node_modules/')).sort();
    assert.deepEqual([...files].sort(), gitListed);
    assert.deepEqual(results.filter((r) => r.findings.length > 0).map((r) => r.file).sort(),
      ['keep.log', 'src/app.py', 'src/nested/kept.py']);
  });

  it('scans ignored files with `all`, but never .git or node_modules', async () => {
    const files = (await collect(root, undefined, { all: true })).map((r) => r.file);
    assert.ok(files.includes('build/out.js') && files.includes('debug.log') && files.includes('src/nested/local.py'));
    assert.ok(!files.some((f) => f.startsWith('node_modules/') || f.startsWith('.git/')));
  });

  it('scans an explicitly named ignored file, and applies parent .gitignore files inside a named folder', async () => {
    const named = await collect(root, ['debug.log', 'src/nested']);
    assert.deepEqual(named.map((r) => r.file), ['debug.log', 'src/nested/.gitignore', 'src/nested/kept.py']);
    assert.equal(named[0].findings.length, 1);
    const absolute = await collect(root, [path.join(root, 'src', 'app.py')]);
    assert.deepEqual(absolute.map((r) => r.file), ['src/app.py']);
  });

  it('reports compressed, oversized, missing and out-of-workspace paths instead of hiding them', async () => {
    write('img.png', Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0]), Buffer.from(secretLine())]));
    write('big.txt', `${'a'.repeat(2000)}\n${secretLine()}`);
    write('data.gz', gzipSync(Buffer.from(secretLine())));
    const results = await collect(root, ['img.png', 'big.txt', 'missing.txt', 'data.gz'], { maxFileBytes: 1000 });
    assert.deepEqual(results.map((r) => [r.file, r.skipped]), [['img.png', undefined], ['big.txt', 'too-large'], ['missing.txt', 'unreadable'], ['data.gz', 'compressed']]);
    // Binary that is not compressed is scanned through its printable strings.
    assert.equal(results[0].findings.length, 1);
    assert.match(results[2].error ?? '', /ENOENT/);
    await assert.rejects(collect(root, ['../elsewhere']), /outside the workspace/);
  });

  it('does not follow symlinks while walking', async () => {
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'airlock-outside-'));
    try {
      fs.writeFileSync(path.join(outside, 'secret.py'), secretLine());
      fs.symlinkSync(outside, path.join(root, 'src', 'link'));
      const files = (await collect(root)).map((r) => r.file);
      assert.ok(!files.some((f) => f.startsWith('src/link')));
    } finally {
      fs.rmSync(outside, { recursive: true, force: true });
    }
  });

  it('yields incrementally, so a caller can stop early', async () => {
    for (let i = 0; i < 50; i++) write(`many/f${String(i).padStart(2, '0')}.py`, secretLine());
    let seen = 0;
    for await (const r of scanPaths(root, ['many'])) {
      assert.equal(r.findings.length, 1);
      if (++seen === 3) break;
    }
    assert.equal(seen, 3);
  });

  it('scanFile returns workspace-relative findings and strips a BOM before counting columns', async () => {
    const token = gen.npm();
    write('cfg/app.js', `\uFEFFconst t = "${token}";\n`);
    const result = scanFile(path.join(root, 'cfg', 'app.js'), root);
    assert.equal(result.file, 'cfg/app.js');
    assert.equal(result.findings[0].file, 'cfg/app.js');
    assert.equal(result.findings[0].column, 'const t = "'.length + 1);
  });
});
