import * as assert from 'node:assert/strict';
import { createHash, createHmac } from 'node:crypto';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decideWorkspacePath } from '../../../src/core/decide/decide';
import { loadPolicyCached } from '../../../src/core/policy/compiledPolicyCache';
import { loadPolicy } from '../../../src/core/policy/loadPolicy';
import { generatePaths, generateRules, policyJson } from '../../bench/benchCorpus';
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

  it('attack: a rule record rewritten in place to a looser class is ignored (the signed head\'s block hashes cover every record)', () => {
    load();
    const [name] = entries();
    const file = join(cacheDir, name);
    const stored = readFileSync(file, 'utf8');
    // Records follow the head, one a line: the `.env` rule's record names its class first.
    const lines = stored.split('\n');
    const at = lines.findIndex((l, i) => i > 1 && l.startsWith('["secret"'));
    assert.ok(at > 1, 'the rule record is there to attack');
    lines[at] = lines[at].replace('["secret"', '["public"');
    writeFileSync(file, lines.join('\n'));
    assert.equal(verdict('app/.env'), 'deny');
  });

  it('attack: a truncated or emptied entry is a miss, never a looser policy', () => {
    load();
    const [name] = entries();
    const file = join(cacheDir, name);
    const stored = readFileSync(file, 'utf8');
    for (const cut of [stored.slice(0, stored.lastIndexOf('\n', stored.length - 2) + 1), stored.slice(0, 80), '', '\n\n']) {
      writeFileSync(file, cut);
      assert.equal(verdict('app/.env'), 'deny', JSON.stringify(cut.slice(0, 20)));
    }
  });

  it('attack: a correctly signed entry of another workspace, planted under this one\'s name, is ignored', () => {
    const other = tempWorkspace();
    try {
      other.policy(POLICY.replace('"**/.env", ', ''));
      loadPolicyCached(other.root, { env: {}, now, cacheDir, version: 'test' });
      const [foreign] = entries();
      load();
      const mine = entries().find((e) => e !== foreign) as string;
      writeFileSync(join(cacheDir, mine), readFileSync(join(cacheDir, foreign)));
      assert.equal(verdict('app/.env'), 'deny');
    } finally {
      other.dispose();
    }
  });

  it('a cache hit answers every path as the policy does: exceptions, letter case, folders, loosenings', () => {
    const rules = generateRules(400);
    const doc = JSON.parse(policyJson(rules)) as { rules: unknown[]; exceptions?: unknown[] };
    doc.exceptions = [
      { paths: ['services/svc-3/config/', '**/fixtures-7/'], class: 'public', owner: 'a@example.com', reason: 'migration', approvedBy: 'lead@example.com', expires: '2099-01-01' },
      { paths: ['*.ext5'], class: 'public', owner: 'a@example.com', reason: 'old', approvedBy: 'lead@example.com', expires: '2020-01-01' },
    ];
    ws.policy(JSON.stringify(doc, null, 2));
    const plain = loadPolicy(ws.root, { env: {}, now });
    load();
    const hit = load();
    assert.equal(plain.valid, true);
    assert.equal(hit.hasProtectedPaths, plain.hasProtectedPaths);
    const same = (x: unknown): unknown => JSON.parse(JSON.stringify(x)) as unknown;
    for (const p of [...generatePaths(2000, 5), 'services/svc-3/config/a.yml', 'x/fixtures-7/a', 'a/b.ext5', 'SERVICES/SVC-3/CONFIG/A.YML']) {
      for (const isDir of [false, true]) {
        assert.deepEqual(same(hit.classify(p, isDir)), same(plain.classify(p, isDir)), `${p} ${isDir}`);
        const loosen = (e: typeof plain): unknown => same(e.layers[0].loosenings(p, isDir).map((l) => [l.winner.index, l.overridden.index]));
        assert.deepEqual(loosen(hit), loosen(plain), `loosenings of ${p}`);
      }
    }
    assert.deepEqual(hit.layers[0].expiredExceptions.map((e) => e.index), plain.layers[0].expiredExceptions.map((e) => e.index));
    // Records read a block at a time give the same answers (the hook's way).
    const lazy = loadPolicyCached(ws.root, { env: {}, now, cacheDir, version: 'test', lazyRecords: true });
    for (const p of [...generatePaths(500, 6), 'services/svc-3/config/a.yml', 'SERVICES/SVC-3/CONFIG/A.YML']) {
      assert.deepEqual(same(lazy.classify(p, false)), same(plain.classify(p, false)), `lazy ${p}`);
    }
    assert.deepEqual(same(lazy.document?.rules.map((r) => [r.className, r.patterns.map((x) => x.text)])), same(plain.document?.rules.map((r) => [r.className, r.patterns.map((x) => x.text)])));
  });

  describe('records read a block at a time (lazyRecords)', () => {
    const lazyLoad = (): ReturnType<typeof loadPolicyCached> => loadPolicyCached(ws.root, { env: {}, now, cacheDir, version: 'test', lazyRecords: true });
    const recordLine = (file: string): { lines: string[]; at: number } => {
      const lines = readFileSync(file, 'utf8').split('\n');
      const at = lines.findIndex((l, i) => i > 1 && l.startsWith('["secret"'));
      assert.ok(at > 1, 'the rule record is there to attack');
      return { lines, at };
    };

    it('answers from the cache as the policy does', () => {
      load();
      assert.equal(decideWorkspacePath(lazyLoad(), 'app/.env', false, 'read').verdict, 'deny');
      assert.equal(decideWorkspacePath(lazyLoad(), 'docs/a.md', false, 'read').verdict, 'allow');
    });

    it('attack: a record rewritten in place to a looser class after the head was verified is refused (throws), never used', () => {
      load();
      const file = join(cacheDir, entries()[0]);
      const engine = lazyLoad();
      const { lines, at } = recordLine(file);
      lines[at] = lines[at].replace('["secret"', '["public"');
      writeFileSync(file, lines.join('\n'));
      assert.throws(() => decideWorkspacePath(engine, 'app/.env', false, 'read'), /changed after it was verified/);
    });

    it('attack: a record rewritten before the load (same length) never gives a looser verdict', () => {
      load();
      const file = join(cacheDir, entries()[0]);
      const { lines, at } = recordLine(file);
      lines[at] = lines[at].replace('["secret"', '["public"');
      writeFileSync(file, lines.join('\n'));
      // The signed head still verifies; the block holding the record does not: refused, not used.
      const engine = lazyLoad();
      assert.throws(() => decideWorkspacePath(engine, 'app/.env', false, 'read'), /changed after it was verified/);
    });

    it('attack: a block hash in the head changed to fit a rewritten record does not verify (the MAC covers the head)', () => {
      load();
      const file = join(cacheDir, entries()[0]);
      const { lines, at } = recordLine(file);
      lines[at] = lines[at].replace('["secret"', '["public"');
      const records = Buffer.from(lines.slice(2).join('\n'), 'utf8');
      const head = JSON.parse(lines[1]) as { blocks: string };
      head.blocks = createHash('sha256').update(records.subarray(0, 1 << 16)).digest('hex') + head.blocks.slice(64);
      lines[1] = JSON.stringify(head);
      writeFileSync(file, lines.join('\n'));
      assert.equal(decideWorkspacePath(lazyLoad(), 'app/.env', false, 'read').verdict, 'deny');
    });

    it('attack: a truncated or extended entry is a miss', () => {
      load();
      const file = join(cacheDir, entries()[0]);
      const stored = readFileSync(file, 'utf8');
      for (const changed of [stored.slice(0, -2), `${stored}["public"]\n`, stored.slice(0, stored.indexOf('\n', stored.indexOf('\n') + 1) + 1)]) {
        writeFileSync(file, changed);
        assert.equal(decideWorkspacePath(lazyLoad(), 'app/.env', false, 'read').verdict, 'deny');
      }
    });
  });

  it('an entry of another layout under the same name is a miss, never a crash', () => {
    load();
    const [name] = entries();
    const file = join(cacheDir, name);
    const [mac, head, ...records] = readFileSync(file, 'utf8').split('\n');
    // An older build kept offsets as a number array, signed with this user's key as every entry is.
    const older = JSON.stringify({ ...(JSON.parse(head) as object), offsets: [0, 10, 20] });
    assert.ok(mac.length > 0);
    writeFileSync(file, `${createHmac('sha256', readFileSync(join(cacheDir, 'key'))).update(older).digest('hex')}\n${[older, ...records].join('\n')}`);
    assert.equal(verdict('app/.env'), 'deny');
    assert.equal(verdict('docs/a.md'), 'allow');
  });
});
