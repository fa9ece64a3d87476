// The one git runner, blocking and in the background, must give the same answer and the same failure.
import * as assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
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

  it('runs no program the repository configures: hooks (reference-transaction) and fsmonitor', async () => {
    const ws = tempWorkspace({ 'a.ts': 'a\n' });
    const markDir = mkdtempSync(path.join(tmpdir(), 'airlock-gitrun-'));
    const marker = path.join(markDir, 'ran');
    try {
      ws.git('init', '-q');
      ws.git('add', '-A');
      ws.git('-c', 'user.name=T', '-c', 'user.email=t@e', 'commit', '-qm', 'init');
      const hooks = path.join(ws.root, 'hk');
      ws.write('hk/reference-transaction', `#!/bin/sh\necho hook >> ${marker}\n`);
      chmodSync(path.join(hooks, 'reference-transaction'), 0o755);
      ws.git('config', 'core.hooksPath', hooks);
      ws.git('config', 'core.fsmonitor', `echo fsmonitor >> ${marker}; false`);
      // Airlock writes refs itself (audit checkpoints, notes): that must not fire a hook.
      runGit(ws.root, ['update-ref', 'refs/airlock/test', 'HEAD']);
      await startGit(ws.root, ['update-ref', 'refs/airlock/test2', 'HEAD']).output;
      // Every command that reads the index would start the fsmonitor.
      runGit(ws.root, ['ls-files']);
      writeFileSync(path.join(ws.root, 'a.ts'), 'b\n');
      runGit(ws.root, ['status', '--porcelain']);
      assert.equal(existsSync(marker), false, 'a repository-configured program ran');
      // The refs were written all the same.
      assert.match(runGit(ws.root, ['rev-parse', 'refs/airlock/test', 'refs/airlock/test2']), /^[0-9a-f]{40}\n[0-9a-f]{40}\n$/);
    } finally {
      ws.dispose();
      rmSync(markDir, { recursive: true, force: true });
    }
  });
});
