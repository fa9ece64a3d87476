import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SecretScanCache } from '../../../src/core/secrets/scanCache';

describe('secrets: scan cache by file identity', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'airlock-scancache-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('remembers a verdict across instances, keyed by path, identity and context', () => {
    new SecretScanCache(dir, 'ctx').set('/w/a.ts', '1:2:3:4:5', { kind: 'secret', rule: 'github-pat', line: 3 });
    const fresh = new SecretScanCache(dir, 'ctx');
    assert.deepEqual(fresh.get('/w/a.ts', '1:2:3:4:5'), { kind: 'secret', rule: 'github-pat', line: 3 });
    assert.equal(fresh.get('/w/a.ts', '1:2:3:4:6'), undefined, 'a changed file misses');
    assert.equal(new SecretScanCache(dir, 'other').get('/w/a.ts', '1:2:3:4:5'), undefined, 'another baseline or threshold misses');
    assert.equal((fs.statSync(path.join(dir, 'key')).mode & 0o777).toString(8), '600');
  });

  it('ignores entries that were altered or written without the key', () => {
    new SecretScanCache(dir, 'ctx').set('/w/a.ts', 'id', { kind: 'secret', rule: 'github-pat', line: 1 });
    const entry = fs.readdirSync(dir, { recursive: true }).map(String).find((f) => /\/[0-9a-f]{64}$/.test(f)) as string;
    const file = path.join(dir, entry);
    const [mac] = fs.readFileSync(file, 'utf8').split('\n');
    fs.writeFileSync(file, `${mac}\n{"kind":"clean"}`);
    assert.equal(new SecretScanCache(dir, 'ctx').get('/w/a.ts', 'id'), undefined);
    fs.writeFileSync(path.join(dir, 'key'), Buffer.alloc(32, 1));
    new SecretScanCache(dir, 'ctx').set('/w/b.ts', 'id', { kind: 'clean' });
    fs.writeFileSync(path.join(dir, 'key'), Buffer.alloc(32, 2));
    assert.equal(new SecretScanCache(dir, 'ctx').get('/w/b.ts', 'id'), undefined, 'a key swap invalidates');
  });
});
