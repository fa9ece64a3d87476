import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SecretScanCache } from '../../../src/core/secrets/scanCache';

function packFiles(dir: string): string[] {
  return fs.readdirSync(path.join(dir, 'packs')).map((f) => path.join(dir, 'packs', f));
}

describe('secrets: scan cache by file identity', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'airlock-scancache-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('remembers a verdict across instances, keyed by path, identity and context', () => {
    const first = new SecretScanCache(dir, 'ctx');
    first.set('/w/a.ts', '1:2:3:4:5', { kind: 'secret', rule: 'github-pat', line: 3 });
    assert.equal(new SecretScanCache(dir, 'ctx').get('/w/a.ts', '1:2:3:4:5'), undefined, 'nothing reaches the disk before flush');
    first.flush();
    const fresh = new SecretScanCache(dir, 'ctx');
    assert.deepEqual(fresh.get('/w/a.ts', '1:2:3:4:5'), { kind: 'secret', rule: 'github-pat', line: 3 });
    assert.equal(fresh.get('/w/a.ts', '1:2:3:4:6'), undefined, 'a changed file misses');
    assert.equal(fresh.get('/w/b.ts', '1:2:3:4:5'), undefined, 'another path with the same identity misses');
    assert.equal(new SecretScanCache(dir, 'other').get('/w/a.ts', '1:2:3:4:5'), undefined, 'another workspace, baseline or threshold misses');
    assert.equal((fs.statSync(path.join(dir, 'key')).mode & 0o777).toString(8), '600');
    for (const f of packFiles(dir)) assert.equal((fs.statSync(f).mode & 0o777).toString(8), '600');
  });

  it('keeps one pack per context that several processes add to', () => {
    const a = new SecretScanCache(dir, 'ctx');
    const b = new SecretScanCache(dir, 'ctx');
    assert.equal(a.get('/w/x', 'i'), undefined);
    assert.equal(b.get('/w/y', 'i'), undefined);
    a.set('/w/a.ts', 'ia', { kind: 'clean' });
    b.set('/w/b.ts', 'ib', { kind: 'unscanned', reason: 'it is binary' });
    a.flush();
    b.flush();
    const fresh = new SecretScanCache(dir, 'ctx');
    assert.deepEqual(fresh.get('/w/a.ts', 'ia'), { kind: 'clean' }, "a later writer keeps the earlier writer's answers");
    assert.deepEqual(fresh.get('/w/b.ts', 'ib'), { kind: 'unscanned', reason: 'it is binary' });
    assert.equal(new Set(packFiles(dir).map((f) => path.basename(f).replace(/-\d+$/, ''))).size, 1, 'one pack (in shards by folder)');
  });

  it('ignores a pack that was altered, planted without the key, or signed with another key', () => {
    const c = new SecretScanCache(dir, 'ctx');
    c.set('/w/a.ts', 'id', { kind: 'secret', rule: 'github-pat', line: 1 });
    c.flush();
    const [file] = packFiles(dir);
    assert.equal(packFiles(dir).length, 1);
    const [mac] = fs.readFileSync(file, 'utf8').split('\n');
    // The attacker's aim: "clean" for the file that holds a secret, under the old signature.
    fs.writeFileSync(file, `${mac}\n${JSON.stringify([['/w/a.ts', 'id', { kind: 'clean' }]])}`);
    assert.equal(new SecretScanCache(dir, 'ctx').get('/w/a.ts', 'id'), undefined);
    fs.writeFileSync(file, `${'0'.repeat(64)}\n${JSON.stringify([['/w/a.ts', 'id', { kind: 'clean' }]])}`);
    assert.equal(new SecretScanCache(dir, 'ctx').get('/w/a.ts', 'id'), undefined, 'a made-up signature');
    fs.writeFileSync(path.join(dir, 'key'), Buffer.alloc(32, 1));
    const d = new SecretScanCache(dir, 'ctx');
    d.set('/w/b.ts', 'id', { kind: 'clean' });
    d.flush();
    fs.writeFileSync(path.join(dir, 'key'), Buffer.alloc(32, 2));
    assert.equal(new SecretScanCache(dir, 'ctx').get('/w/b.ts', 'id'), undefined, 'a key swap invalidates');
  });

  it('a pack that cannot be written costs only a rescan', () => {
    fs.writeFileSync(path.join(dir, 'packs'), 'a file where the folder should be');
    const c = new SecretScanCache(dir, 'ctx');
    c.set('/w/a.ts', 'id', { kind: 'clean' });
    assert.doesNotThrow(() => c.flush());
    assert.deepEqual(c.get('/w/a.ts', 'id'), { kind: 'clean' }, 'still remembered in memory');
    assert.equal(new SecretScanCache(dir, 'ctx').get('/w/a.ts', 'id'), undefined);
  });
});
