import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { addedLinesByFile } from '../../../src/core/provenance/diffAddedLines';
import { git, initRepo } from './provenanceTestKit';

describe('provenance/diffAddedLines (real git diff -U0)', () => {
  it('reads names git quotes (café.ts) and names it ends with a tab (my file.ts)', () => {
    const root = initRepo('airlock-diff-');
    fs.writeFileSync(path.join(root, 'café.ts'), 'one\ntwo\n');
    fs.writeFileSync(path.join(root, 'my file.ts'), 'a\nb\nc\n');
    fs.writeFileSync(path.join(root, 'plain.ts'), '1\n2\n3\n4\n');
    git(root, 'add', '-A');
    git(root, 'commit', '-q', '-m', 'base');
    fs.writeFileSync(path.join(root, 'café.ts'), 'zero\none\ntwo\nthree\n');
    fs.writeFileSync(path.join(root, 'my file.ts'), 'a\nB\nc\n');
    fs.writeFileSync(path.join(root, 'plain.ts'), '1\n4\n');
    fs.writeFileSync(path.join(root, 'new é file.ts'), 'x\ny\n');
    git(root, 'add', '-N', '.');
    const diff = git(root, 'diff', '-U0', '--no-color', '--no-ext-diff', '--no-renames');
    assert.match(diff, /"b\/caf\\303\\251\.ts"/, 'git really quoted the name');
    assert.match(diff, /\+\+\+ b\/my file\.ts\t/, 'git really ended the name with a tab');
    const added = addedLinesByFile(`${diff}\n`);
    assert.deepEqual(Object.fromEntries([...added].map(([f, s]) => [f, [...s].sort((a, b) => a - b)])), {
      'café.ts': [1, 4],
      'my file.ts': [2],
      'plain.ts': [],
      'new é file.ts': [1, 2],
    });
  });

  it('a deleted file adds nothing', () => {
    const root = initRepo('airlock-diff-');
    fs.writeFileSync(path.join(root, 'gone.ts'), 'a\n');
    git(root, 'add', '-A');
    git(root, 'commit', '-q', '-m', 'base');
    fs.rmSync(path.join(root, 'gone.ts'));
    assert.deepEqual([...addedLinesByFile(git(root, 'diff', '-U0'))], []);
  });
});
