// `airlock run` creates, outside the sandbox, what an agent writes at start in a folder the
// sandbox freezes (opencode's `.opencode/.gitignore`): only where the agent is set up, never over
// an existing file, never through a planted link.
import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { prepareClientStartFiles } from '../../../src/core/sandbox/clientStartFiles';

describe('agent start-up files created before the sandbox starts', () => {
  let dir = '';
  beforeEach(() => {
    dir = realpathSync(mkdtempSync(path.join(tmpdir(), 'airlock-start-')));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("writes opencode's .gitignore with opencode's own content where .opencode/ exists", () => {
    mkdirSync(path.join(dir, '.opencode'));
    assert.deepEqual(prepareClientStartFiles(dir), ['.opencode/.gitignore']);
    assert.equal(readFileSync(path.join(dir, '.opencode/.gitignore'), 'utf8'), 'node_modules\npackage.json\npackage-lock.json\nbun.lock\n.gitignore');
    assert.deepEqual(prepareClientStartFiles(dir), [], 'nothing to do the second time');
  });

  it('creates no agent folder of its own, and keeps an existing file as it is', () => {
    assert.deepEqual(prepareClientStartFiles(dir), []);
    assert.equal(existsSync(path.join(dir, '.opencode')), false);
    mkdirSync(path.join(dir, '.opencode'));
    writeFileSync(path.join(dir, '.opencode/.gitignore'), 'mine\n');
    assert.deepEqual(prepareClientStartFiles(dir), []);
    assert.equal(readFileSync(path.join(dir, '.opencode/.gitignore'), 'utf8'), 'mine\n');
  });

  it('does not write through a dangling link planted in its place', () => {
    mkdirSync(path.join(dir, '.opencode'));
    const target = path.join(dir, 'elsewhere.txt');
    symlinkSync(target, path.join(dir, '.opencode/.gitignore'));
    assert.deepEqual(prepareClientStartFiles(dir), []);
    assert.equal(existsSync(target), false);
  });
});
