// A search's hook inside `airlock run` reads the masks `run` mounted from run's read-only folder
// and checks each one it relies on in the mount table and by reading it, instead of building the
// whole sandbox spec. Attacked here: a listed path that is not (or no longer) masked, a writable or
// non-empty mount, a look-alike sandbox, a damaged list. With the real CLI and bubblewrap (the list
// is there and read-only, a protected file that appeared after the start is still refused):
// runView.test.ts.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { runMaskConfinement } from '../../../src/core/sandbox/runMaskConfinement';

describe("airlock run: a search's confinement from the masks run mounted", () => {
  let dir: string;
  let root: string;
  let view: string;
  beforeEach(() => {
    dir = fs.realpathSync(fs.mkdtempSync(path.join(tmpdir(), 'airlock-masks-')));
    root = path.join(dir, 'ws');
    view = path.join(dir, 'view');
    fs.mkdirSync(path.join(root, '.airlock'), { recursive: true });
    fs.mkdirSync(path.join(root, 'secrets'));
    fs.mkdirSync(view);
    fs.writeFileSync(path.join(root, '.env'), ''); // what a file mask reads as
    fs.writeFileSync(path.join(root, 'full.key'), 'KEY=1\n'); // a listed path that still shows its content
    fs.writeFileSync(path.join(view, 'masks.json'), JSON.stringify([[path.join(root, '.env'), 'file'], [path.join(root, 'secrets'), 'dir'], [path.join(root, 'full.key'), 'file'], [path.join(root, 'gone.pem'), 'file']]));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const line = (point: string, opts: string, fs = 'ext4'): string => `40 35 98:0 /x ${point} ${opts},nosuid - ${fs} /dev/root rw`;
  const table = (...extra: string[]): string => [line('/', 'rw'), line(path.join(root, '.airlock'), 'ro'), ...extra].join('\n');

  it('a listed mask counts only where a read-only mount sits exactly on it and it reads as empty', () => {
    const c = runMaskConfinement(view, table(line(path.join(root, '.env'), 'ro'), line(path.join(root, 'secrets'), 'ro', 'tmpfs'), line(path.join(root, 'full.key'), 'ro')), root);
    assert.ok(c !== null);
    assert.equal(c.kind, 'verified');
    assert.equal(c.masks(path.join(root, '.env')), true);
    assert.equal(c.showsMask?.(path.join(root, '.env')), true);
    assert.equal(c.masks(path.join(root, 'secrets', 'api.key')), true, 'below a masked folder');
    assert.equal(c.showsMask?.(path.join(root, 'secrets', 'api.key')), false, 'a folder mask is not a file mask');
    assert.equal(c.masks(path.join(root, 'full.key')), false, 'mounted read-only but it still shows content');
    assert.equal(c.masks(path.join(root, 'gone.pem')), false, 'listed, but nothing is mounted there');
    assert.equal(c.masks(path.join(root, 'src', 'app.ts')), false, 'not listed');
  });

  it('attack: a writable mount, a mount above the path instead of on it, a mount nobody listed do not count', () => {
    const writable = runMaskConfinement(view, table(line(path.join(root, '.env'), 'rw')), root);
    assert.equal(writable?.masks(path.join(root, '.env')), false);
    const above = runMaskConfinement(view, table(line(root, 'ro')), root);
    assert.equal(above?.masks(path.join(root, '.env')), false);
    fs.writeFileSync(path.join(root, 'unlisted.txt'), '');
    const unlisted = runMaskConfinement(view, table(line(path.join(root, 'unlisted.txt'), 'ro')), root);
    assert.equal(unlisted?.masks(path.join(root, 'unlisted.txt')), false);
  });

  it('attack: no answer (the full check instead) without the look of the sandbox or with a damaged list', () => {
    assert.equal(runMaskConfinement(view, [line('/', 'rw'), line(path.join(root, '.env'), 'ro')].join('\n'), root), null, '.airlock/ not read-only');
    for (const body of ['', 'not json', '{}', '[["relative/.env","file"]]', `[["${path.join(root, '.env')}","socket"]]`]) {
      fs.writeFileSync(path.join(view, 'masks.json'), body);
      assert.equal(runMaskConfinement(view, table(), root), null, body);
    }
    fs.rmSync(path.join(view, 'masks.json'));
    assert.equal(runMaskConfinement(view, table(), root), null, 'missing');
  });
});
