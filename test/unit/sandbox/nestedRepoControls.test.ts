// A repository the AI makes inside the workspace (`git init sub`) has controls of its own: its
// config (core.fsmonitor runs on the next `git status` there), hooks, commondir. They are guarded
// like the root's: the parser refuses writes to them, and `airlock exec` keeps those that exist
// read-only while git in that repository goes on working. Real git, real bubblewrap, the built CLI.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { CLI } from '../../helpers/builtCli';
import { sandboxSuite } from '../../helpers/sandboxWorkspace';

describe("a nested repository's git controls are guarded like the root's", function () {
  const template = sandboxSuite(this, 300_000);

  it('inside airlock exec its config and hooks are read-only, and git there still commits', () => {
    const ws = template.fresh();
    spawnSync('git', ['init', '-q', 'sub'], { cwd: ws });
    const config = readFileSync(path.join(ws, 'sub', '.git', 'config'), 'utf8');
    const script = [
      'printf "[core]\\n\\tfsmonitor = ./fsmon\\n" >> sub/.git/config && echo WROTE-CONFIG',
      'echo "#!/bin/sh" > sub/.git/hooks/post-checkout && echo WROTE-HOOK',
      'echo note > sub/n.txt && git -C sub add n.txt && git -C sub -c user.name=A -c user.email=a@example.com commit -qm n && echo COMMITTED',
    ].join('; ');
    const r = spawnSync(process.execPath, [CLI, 'exec', '--', '/bin/bash', '-c', script], { cwd: ws, encoding: 'utf8', env: { ...process.env, AIRLOCK_BASELINE: '' } });
    assert.equal(r.status, 0, r.stderr);
    assert.doesNotMatch(r.stdout, /WROTE/);
    assert.match(r.stderr, /sub\/\.git\/config: Read-only file system/);
    assert.match(r.stdout, /COMMITTED/);
    assert.equal(readFileSync(path.join(ws, 'sub', '.git', 'config'), 'utf8'), config);
    assert.ok(!existsSync(path.join(ws, 'sub', '.git', 'hooks', 'post-checkout')));
  });
});
