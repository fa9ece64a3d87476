// git status run in the background by the hook (while it decides) must say what the blocking run says.
import * as assert from 'node:assert/strict';
import { gitDirtyPaths, startGitDirtyPaths } from '../../../src/core/provenance/captureGitState';
import { tempWorkspace } from '../../helpers/tempWorkspace';

describe('provenance: git status started in the background', () => {
  it('gives the same dirty paths as the blocking run: changed, added, untracked, names with spaces and newlines', async () => {
    const ws = tempWorkspace({ 'src/a.ts': 'a\n', 'src/b.ts': 'b\n', '.gitignore': 'ignored/\n' });
    try {
      ws.git('init', '-q');
      ws.git('add', '-A');
      ws.git('commit', '-qm', 'init');
      ws.write('src/a.ts', 'changed\n');
      ws.write('new file.ts', 'n\n');
      ws.write('odd\nname.ts', 'n\n');
      ws.write('ignored/x.ts', 'i\n');
      ws.git('add', 'new file.ts');
      const background = await startGitDirtyPaths(ws.root).result;
      assert.deepEqual(background.dirty?.sort(), gitDirtyPaths(ws.root)?.sort());
      assert.deepEqual(background.dirty?.sort(), ['new file.ts', 'odd\nname.ts', 'src/a.ts']);
    } finally {
      ws.dispose();
    }
  });

  it('says "not a work tree" outside git, and a cancelled run settles without an answer', async () => {
    const ws = tempWorkspace({ 'a.ts': 'a\n' });
    try {
      assert.deepEqual(await startGitDirtyPaths(ws.root).result, { dirty: undefined });
      ws.git('init', '-q');
      const run = startGitDirtyPaths(ws.root);
      run.cancel();
      const settled = await run.result;
      assert.ok(settled.dirty === undefined || Array.isArray(settled.dirty), 'it settles either way (git may finish first)');
    } finally {
      ws.dispose();
    }
  });
});
