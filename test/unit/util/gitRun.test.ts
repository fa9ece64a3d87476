// The one git runner, blocking and in the background, must give the same answer and the same failure.
import * as assert from 'node:assert/strict';
import { runGit, startGit } from '../../../src/core/util/gitRun';
import { tempWorkspace } from '../../helpers/tempWorkspace';

describe('util: git runner', () => {
  it('startGit gives what runGit gives, with input on stdin', async () => {
    const ws = tempWorkspace({ 'a.ts': 'a\n' });
    try {
      ws.git('init', '-q');
      const args = ['hash-object', '--stdin'];
      const background = await startGit(ws.root, args, { input: 'some content\n' }).output;
      assert.equal(background, runGit(ws.root, args, { input: 'some content\n' }));
      assert.match(background, /^[0-9a-f]{40}\n$/);
    } finally {
      ws.dispose();
    }
  });

  it('startGit rejects with git\'s error where runGit throws it', async () => {
    const ws = tempWorkspace({ 'a.ts': 'a\n' });
    try {
      assert.throws(() => runGit(ws.root, ['rev-parse', 'HEAD']), /not a git repository/i);
      await assert.rejects(startGit(ws.root, ['rev-parse', 'HEAD']).output, /not a git repository/i);
    } finally {
      ws.dispose();
    }
  });
});
