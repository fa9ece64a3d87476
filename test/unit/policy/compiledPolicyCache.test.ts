import * as assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decideWorkspacePath } from '../../../src/core/decide/decide';
import { loadPolicyCached } from '../../../src/core/policy/compiledPolicyCache';
import { loadPolicy } from '../../../src/core/policy/loadPolicy';
import { tempWorkspace, type TempWorkspace } from '../../helpers/tempWorkspace';

const POLICY = `{ "version": 1, "rules": [
  { "paths": ["**/.env", "*.pem"], "class": "secret" },
  { "paths": ["/docs/"], "class": "public" }
] }`;

describe('policy: compiled-policy cache', () => {
  let ws: TempWorkspace;
  let cacheDir: string;
  const now = new Date('2026-06-01T10:00:00Z');
  beforeEach(() => {
    ws = tempWorkspace();
    ws.policy(POLICY);
    cacheDir = join(mkdtempSync(join(tmpdir(), 'airlock-cache-')), 'policy');
  });
  afterEach(() => {
    ws.dispose();
    rmSync(join(cacheDir, '..'), { recursive: true, force: true });
  });

  const load = (): ReturnType<typeof loadPolicyCached> => loadPolicyCached(ws.root, { env: {}, now, cacheDir, version: 'test' });
  const verdict = (rel: string): string => decideWorkspacePath(load(), rel, false, 'read').verdict;
  const entries = (): string[] => readdirSync(cacheDir).filter((f) => f.endsWith('.json'));

  it('answers from a verified entry exactly as the policy does, and follows a changed policy', () => {
    assert.equal(verdict('app/.env'), 'deny');
    assert.equal(entries().length, 1);
    const hit = load();
    assert.equal(decideWorkspacePath(hit, 'app/.env', false, 'read').verdict, 'deny', 'from the cache');
    assert.deepEqual(hit.problems, loadPolicy(ws.root, { env: {}, now }).problems);
    const plain = (d: typeof hit.document): unknown => JSON.parse(JSON.stringify({ ...d, classes: [...(d?.classes.values() ?? [])] }));
    assert.deepEqual(plain(hit.document), plain(loadPolicy(ws.root, { env: {}, now }).document), 'the same document, locations included');
    assert.equal(verdict('docs/a.md'), 'allow');
    ws.policy(POLICY.replace('"**/.env", ', ''));
    assert.equal(verdict('app/.env'), 'allow', 'new bytes, new entry');
    assert.equal(entries().length, 2);
  });

  it('ignores an entry whose content was changed to loosen the policy (the MAC no longer matches)', () => {
    load();
    const [name] = entries();
    const file = join(cacheDir, name);
    const stored = readFileSync(file, 'utf8');
    const loosened = stored.replace(/"read":"deny","edit":"deny"/g, '"read":"allow","edit":"allow"');
    assert.notEqual(loosened, stored);
    writeFileSync(file, loosened);
    assert.equal(verdict('app/.env'), 'deny');
  });

  it('ignores an entry for other policy bytes planted under the current name', () => {
    load();
    const [name] = entries();
    const original = readFileSync(join(cacheDir, name), 'utf8');
    // A valid entry, correctly signed, but built from a looser policy: its layer hash gives it away.
    ws.policy(POLICY.replace('"**/.env", ', ''));
    load();
    const looser = entries().find((e) => e !== name) as string;
    const planted = readFileSync(join(cacheDir, looser), 'utf8');
    ws.policy(POLICY);
    writeFileSync(join(cacheDir, name), planted);
    assert.notEqual(readFileSync(join(cacheDir, name), 'utf8'), original);
    assert.equal(verdict('app/.env'), 'deny');
  });

  it('does not use a cache folder others can write', () => {
    load();
    chmodSync(cacheDir, 0o777);
    const before = entries().length;
    ws.policy(POLICY.replace('*.pem', '*.key'));
    assert.equal(verdict('app/.env'), 'deny');
    assert.equal(entries().length, before, 'nothing written or read there');
    chmodSync(cacheDir, 0o700);
  });

  it('re-checks a baseline it was built with', () => {
    const baseline = join(ws.root, '..', `baseline-${Date.now()}.json`);
    writeFileSync(baseline, '{ "version": 1, "rules": [ { "paths": ["/infra/"], "class": "secret" } ] }');
    try {
      const env = { AIRLOCK_BASELINE: baseline };
      const read = (): string => decideWorkspacePath(loadPolicyCached(ws.root, { env, now, cacheDir, version: 'test' }), 'infra/main.tf', false, 'read').verdict;
      assert.equal(read(), 'deny');
      writeFileSync(baseline, '{ "version": 1, "rules": [] }');
      assert.equal(read(), 'allow', 'the baseline changed: the entry no longer applies');
    } finally {
      rmSync(baseline, { force: true });
    }
  });
});
