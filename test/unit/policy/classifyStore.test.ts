// The classify store answers "which pattern wins" for paths a process classified before: the
// answers must be exactly the engine's own, a pack forged or left by another policy must be
// ignored, and a call that classifies a handful of paths must neither read nor write it.
import * as assert from 'node:assert/strict';
import { createHash, createHmac } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadPolicyCached } from '../../../src/core/policy/compiledPolicyCache';
import { loadPolicy } from '../../../src/core/policy/loadPolicy';

const POLICY = JSON.stringify({
  version: 1,
  rules: [
    { paths: ['**/.env', '*.pem', 'secrets/'], class: 'secret' },
    { paths: ['/infra/prod/'], class: 'restricted' },
    { paths: ['/src/auth/', 'README*'], class: 'reviewed' },
    { paths: ['secrets/README.md'], class: 'public' },
  ],
});

const PATHS: Array<[string, boolean]> = [];
for (const dir of ['src', 'src/auth', 'infra/prod', 'infra/dev', 'secrets', 'SECRETS', 'docs', 'node_modules/x']) {
  PATHS.push([dir, true]);
  for (const f of ['.env', 'a.ts', 'key.pem', 'KEY.PEM', 'README.md', '.ENV', 'notes.txt']) PATHS.push([`${dir}/${f}`, false]);
}
PATHS.push(['secrets/README.md', false], ['.airlock/policy.json', false], ['.git/config', false], ['café/.env', false]);

function classes(engine: ReturnType<typeof loadPolicy>): string[] {
  return PATHS.map(([p, d]) => JSON.stringify(engine.classify(p, d).map((m) => [m.dataClass.name, m.rule?.line ?? null, m.byCase, m.source])));
}

describe('policy: classify store beside the compiled-policy cache', () => {
  let ws: string;
  let cacheDir: string;
  beforeEach(() => {
    ws = fs.mkdtempSync(path.join(os.tmpdir(), 'airlock-cls-'));
    fs.mkdirSync(path.join(ws, '.airlock'));
    fs.writeFileSync(path.join(ws, '.airlock/policy.json'), POLICY);
    cacheDir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'airlock-clscache-')), 'policy');
  });
  afterEach(() => {
    fs.rmSync(ws, { recursive: true, force: true });
    fs.rmSync(path.dirname(cacheDir), { recursive: true, force: true });
  });
  const load = (): ReturnType<typeof loadPolicy> => loadPolicyCached(ws, { env: {}, cacheDir, version: 'test' });
  const packs = (): string[] => fs.readdirSync(cacheDir).filter((f) => f.endsWith('.classify'));

  it('answers exactly as the engine without it, from the pack in the next process', () => {
    const truth = classes(loadPolicy(ws, { env: {} }));
    const first = load();
    assert.deepEqual(classes(first), truth);
    first.flushClassifyStore();
    assert.equal(packs().length, 1);
    const second = load();
    assert.deepEqual(classes(second), truth, 'from the pack');
    // Proof the pack is what answered: re-signed with the cache's own key, an edit takes effect
    // (the key is the boundary, as for the compiled policy beside it).
    const file = path.join(cacheDir, packs()[0]);
    const body = JSON.stringify(Object.fromEntries(Object.entries(JSON.parse(fs.readFileSync(file, 'utf8').split('\n')[1]) as Record<string, number[]>).map(([k, v]) => [k, v.map((x, i) => (i < 2 ? -1 : x))])));
    const context = JSON.stringify([packs()[0].replace(/\.classify$/, ''), [{ file: path.join(ws, '.airlock/policy.json'), sha256: createHash('sha256').update(POLICY).digest('hex') }]]);
    fs.writeFileSync(file, `${createHmac('sha256', fs.readFileSync(path.join(cacheDir, 'key'))).update(`${context}\0${body}`).digest('hex')}\n${body}`);
    assert.notDeepEqual(classes(load()), truth);
  });

  it('a forged or altered pack is ignored', () => {
    const truth = classes(loadPolicy(ws, { env: {} }));
    const first = load();
    classes(first);
    first.flushClassifyStore();
    const file = path.join(cacheDir, packs()[0]);
    const [mac, body] = fs.readFileSync(file, 'utf8').split('\n');
    // Every path made to win the last rule ("public"): .env would read as public.
    const forged = Object.fromEntries(Object.entries(JSON.parse(body) as Record<string, number[]>).map(([k, v]) => [k, v.map((x, i) => (i < 2 ? 5 : x))]));
    fs.writeFileSync(file, `${mac}\n${JSON.stringify(forged)}`);
    assert.deepEqual(classes(load()), truth, 'altered body under the old MAC');
    fs.writeFileSync(file, `${'0'.repeat(64)}\n${JSON.stringify(forged)}`);
    assert.deepEqual(classes(load()), truth, 'made-up MAC');
  });

  it('another policy never reads the pack of this one', () => {
    const first = load();
    classes(first);
    first.flushClassifyStore();
    fs.writeFileSync(path.join(ws, '.airlock/policy.json'), JSON.stringify({ version: 1, rules: [{ paths: ['docs/'], class: 'secret' }] }));
    const truth = classes(loadPolicy(ws, { env: {} }));
    assert.deepEqual(classes(load()), truth);
  });

  it('a call that classifies a few paths neither writes nor needs the pack', () => {
    const engine = load();
    engine.classify('src/a.ts', false);
    engine.classify('.env', false);
    engine.flushClassifyStore();
    assert.deepEqual(packs(), []);
  });
});
