// Git facts where the repository's config may be the AI's: `git status` (the only fact that hashes
// work-tree files) empties every filter driver and gives the answer plain git gives; a nested
// repository other than the governing root's is not asked at all; a planted commondir is refused.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { gitDirtyPaths, startGitDirtyPaths } from '../../../src/core/provenance/captureGitState';
import { gitFactsFor } from '../../../src/core/workspace/gitFacts';
import { tempWorkspace, type TempWorkspace } from '../../helpers/tempWorkspace';

const ID = ['-c', 'user.name=T', '-c', 'user.email=t@e'];

describe('workspace: git facts run no program a repository configures', () => {
  let ws: TempWorkspace;
  let markDir: string;
  let marker: string;
  beforeEach(() => {
    ws = tempWorkspace({ 'a.txt': 'one\n', 'b.txt': 'two\n', 'keep.md': 'k\n' });
    markDir = mkdtempSync(path.join(tmpdir(), 'airlock-facts-mark-'));
    marker = path.join(markDir, 'ran');
    ws.git('init', '-q');
    ws.git('add', '-A');
    ws.git(...ID, 'commit', '-qm', 'init');
  });
  afterEach(() => {
    ws.dispose();
    rmSync(markDir, { recursive: true, force: true });
  });

  /** Same size, new mtime: git must hash the file (through its filter) to tell whether it changed. */
  function touchSameSize(rel: string, content: string): void {
    ws.write(rel, content);
    const later = new Date(Date.now() + 5000);
    utimesSync(path.join(ws.root, rel), later, later);
  }

  function plainStatus(dir: string): string[] {
    const out = execFileSync('git', ['-c', 'core.fsmonitor=false', 'status', '--porcelain=v1', '-z', '--untracked-files=all', '--no-renames'], { cwd: dir, encoding: 'utf8' });
    return out.split('\0').filter((l) => l !== '').map((l) => l.slice(3)).sort();
  }

  it('the governing root\'s facts are what plain git answers (no filters configured)', async () => {
    touchSameSize('a.txt', 'ONE\n');
    ws.write('new.txt', 'n\n');
    const facts = gitFactsFor(ws.root);
    assert.deepEqual([...(facts.dirtyPaths(true, false) ?? [])].sort(), plainStatus(ws.root));
    assert.deepEqual([...(facts.dirtyPaths(true, false) ?? [])].sort(), ['a.txt', 'new.txt']);
    assert.deepEqual([...(facts.trackedPaths() ?? [])].sort(), ['a.txt', 'b.txt', 'keep.md']);
    assert.deepEqual(gitDirtyPaths(ws.root)?.sort(), ['a.txt', 'new.txt']);
    assert.deepEqual((await startGitDirtyPaths(ws.root).result).dirty?.sort(), ['a.txt', 'new.txt']);
  });

  it('clean and process filters (any driver name, dotted too) are emptied, and the answer is unchanged', async () => {
    ws.write('.gitattributes', '*.txt filter=evil\n*.md filter=a.b.c\n');
    ws.write('hk/proc', `#!/bin/sh\necho process >> ${marker}\nexit 1\n`);
    chmodSync(path.join(ws.root, 'hk/proc'), 0o755);
    ws.git('config', 'filter.evil.clean', `sh -c "echo clean >> ${marker}; cat"`);
    ws.git('config', 'filter.evil.required', 'true');
    ws.git('config', 'filter.a.b.c.process', path.join(ws.root, 'hk/proc'));
    touchSameSize('a.txt', 'ONE\n');
    touchSameSize('b.txt', 'two\n'); // unchanged content, changed mtime
    touchSameSize('keep.md', 'K\n');
    const dirty = gitFactsFor(ws.root).dirtyPaths(true, false);
    assert.equal(existsSync(marker), false, 'a filter ran');
    assert.deepEqual([...(dirty ?? [])].sort(), ['.gitattributes', 'a.txt', 'hk/proc', 'keep.md']);
    assert.deepEqual(gitDirtyPaths(ws.root)?.sort(), ['.gitattributes', 'a.txt', 'hk/proc', 'keep.md']);
    assert.deepEqual((await startGitDirtyPaths(ws.root).result).dirty?.sort(), ['.gitattributes', 'a.txt', 'hk/proc', 'keep.md']);
    assert.equal(existsSync(marker), false, 'a filter ran');
  });

  it('a submodule\'s own filters do not run: its work tree is not walked', () => {
    const sub = tempWorkspace({ 's.txt': 's\n' });
    try {
      sub.git('init', '-q');
      sub.git('add', '-A');
      sub.git(...ID, 'commit', '-qm', 's');
      ws.git('-c', 'protocol.file.allow=always', 'submodule', 'add', '-q', sub.root, 'mod');
      ws.git(...ID, 'commit', '-qm', 'mod');
      const mod = path.join(ws.root, 'mod');
      execFileSync('git', ['config', 'filter.evil.clean', `sh -c "echo submodule >> ${marker}; cat"`], { cwd: mod });
      ws.write('mod/.gitattributes', '*.txt filter=evil\n');
      touchSameSize('mod/s.txt', 'S\n');
      assert.deepEqual(gitFactsFor(ws.root).dirtyPaths(true, false), []);
      assert.deepEqual(gitDirtyPaths(ws.root), []);
      assert.equal(existsSync(marker), false, 'the submodule\'s filter ran');
    } finally {
      sub.dispose();
    }
  });

  it('a nested folder that is its own repository is not asked (unknown), one of the root\'s is', () => {
    ws.write('app/x.txt', 'x\n');
    ws.write('nested/n.txt', 'n\n');
    execFileSync('git', ['init', '-q'], { cwd: path.join(ws.root, 'nested') });
    execFileSync('git', ['config', 'core.fsmonitor', `echo fsmonitor >> ${marker}; false`], { cwd: path.join(ws.root, 'nested') });
    const nested = gitFactsFor(path.join(ws.root, 'nested'), { sameRepositoryAs: ws.root });
    assert.equal(nested.dirtyPaths(true, false), null);
    assert.equal(nested.trackedPaths(), null);
    assert.equal(nested.historyPaths(), null);
    assert.equal(existsSync(marker), false);
    const app = gitFactsFor(path.join(ws.root, 'app'), { sameRepositoryAs: ws.root });
    assert.deepEqual(app.dirtyPaths(true, false), ['x.txt']);
  });

  it('a commondir planted in .git is refused: no fact, no status, no program', async () => {
    const evil = path.join(markDir, 'evil.git');
    execFileSync('cp', ['-r', path.join(ws.root, '.git'), evil]);
    execFileSync('git', ['config', '--file', path.join(evil, 'config'), 'core.fsmonitor', `echo commondir >> ${marker}; false`]);
    ws.write('.git/commondir', `${evil}\n`);
    const facts = gitFactsFor(ws.root);
    assert.equal(facts.dirtyPaths(true, false), null);
    assert.equal(facts.trackedPaths(), null);
    assert.equal(gitDirtyPaths(ws.root), undefined);
    assert.equal((await startGitDirtyPaths(ws.root).result).dirty, undefined);
    assert.equal(existsSync(marker), false);
  });

  it('a bare repository planted in a sub-folder is not used by Airlock\'s git runs', () => {
    const dir = path.join(ws.root, 'app');
    execFileSync('git', ['init', '-q', '--bare', dir]);
    execFileSync('git', ['config', '--file', path.join(dir, 'config'), 'core.fsmonitor', `echo bare >> ${marker}; false`]);
    // Plain git in app/ would take app/ itself as the repository.
    assert.equal(execFileSync('git', ['rev-parse', '--absolute-git-dir'], { cwd: dir, encoding: 'utf8' }).trim(), dir);
    assert.equal(gitFactsFor(dir).trackedPaths(), null);
    assert.equal(existsSync(marker), false);
  });
});
