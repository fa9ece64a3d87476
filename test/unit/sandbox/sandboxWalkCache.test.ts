// The sandbox walk remembered by folder identity: the same masks as a fresh walk, whatever changed
// in between (a new protected file, a file that became a secret in an unchanged folder), and a
// pack the AI edited or forged is ignored. Real files, the real secret scanner, a real signed pack.
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, lstatSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { hookSecretFinder } from '../../../src/cli/hookSecretFinder';
import { workspaceRoot } from '../../../src/core/paths/canonicalPath';
import { loadPolicy } from '../../../src/core/policy/loadPolicy';
import { buildSandboxSpec } from '../../../src/core/sandbox/buildSandboxSpec';
import { SandboxWalkCache } from '../../../src/core/sandbox/sandboxWalkCache';
import type { SignedPackPlace } from '../../../src/core/util/signedPack';
import { writeSignedPack } from '../../../src/core/util/signedPack';
import { tempWorkspace, type TempWorkspace } from '../../helpers/tempWorkspace';
import { FakeTokens } from '../secrets/fakeTokens';

const POLICY = JSON.stringify({ version: 1, classes: { secret: { read: 'deny', edit: 'deny' } }, rules: [{ paths: ['**/.env', 'keys/'], class: 'secret' }], outside: 'allow' });
const TOKEN = new FakeTokens(5).github();
/** The walk as a call a minute from now sees it: every folder made by the test has settled by then. */
const later = (): bigint => BigInt(Date.now() + 60_000) * 1_000_000n;

describe('sandbox walk cache (by folder identity, signed)', () => {
  let ws: TempWorkspace;
  let place: SignedPackPlace;
  beforeEach(() => {
    ws = tempWorkspace({ '.env': 'A=1\n', 'src/app.ts': 'code\n', 'src/lib/util.ts': 'code\n', 'keys/a.key': 'k\n', 'docs/readme.md': 'words\n' });
    ws.policy(POLICY);
    place = { file: path.join(ws.root, '..', `${path.basename(ws.root)}-walk.pack`), key: randomBytes(32), context: 'test-policy' };
    process.env.XDG_CACHE_HOME = path.join(ws.root, '..', `${path.basename(ws.root)}-cache`);
  });
  afterEach(() => {
    delete process.env.XDG_CACHE_HOME;
    ws.dispose();
  });

  function masks(cache?: SandboxWalkCache): string[] {
    const engine = loadPolicy(ws.root, { env: {} });
    const spec = buildSandboxSpec({ engine, workspace: workspaceRoot(ws.root), home: null, secretIn: hookSecretFinder(ws.root, engine.secretsConfidence), walkCache: cache });
    cache?.flush();
    return spec.masks.map((m) => `${path.relative(ws.root, m.path)}${m.kind === 'dir' ? '/' : ''}`).sort();
  }

  it('gives the masks of a fresh walk, from the pack on the next call', () => {
    const fresh = masks();
    assert.deepEqual(masks(new SandboxWalkCache(place, later())), fresh);
    assert.ok(existsSync(place.file));
    assert.match(readFileSync(place.file, 'utf8'), /src\/lib/);
    assert.deepEqual(masks(new SandboxWalkCache(place, later())), fresh);
  });

  it('a protected file added to a remembered folder is masked (the folder changed identity)', () => {
    masks(new SandboxWalkCache(place, later()));
    writeFileSync(path.join(ws.root, 'src/lib/.env'), 'B=2\n');
    assert.ok(masks(new SandboxWalkCache(place, later())).includes('src/lib/.env'));
  });

  it('a file that became a live secret in an unchanged folder is masked (its own identity is checked)', () => {
    masks(new SandboxWalkCache(place, later()));
    writeFileSync(path.join(ws.root, 'src/app.ts'), `export const t = "${TOKEN}";\n`);
    assert.ok(masks(new SandboxWalkCache(place, later())).includes('src/app.ts'));
  });

  it('a folder that changed within the last seconds is not remembered (coarse timestamps could hide a second change)', () => {
    masks(new SandboxWalkCache(place));
    const body = readFileSync(place.file, 'utf8');
    assert.doesNotMatch(body, /src\/lib/);
  });

  it('a pack edited or forged without the key is ignored: a hidden .env is still masked', () => {
    masks(new SandboxWalkCache(place, later()));
    mkdirSync(path.join(ws.root, 'new'));
    writeFileSync(path.join(ws.root, 'new/.env'), 'C=3\n');
    // The forger's pack, under the root's real identity, says it holds only src/ (nothing protected).
    const st = lstatSync(ws.root, { bigint: true });
    const forged = JSON.stringify({ [ws.root]: [`${st.dev}:${st.ino}:${st.mtimeNs}:${st.ctimeNs}`, [['src', 'd', null, 0]]] });
    writeFileSync(place.file, `${'0'.repeat(64)}\n${forged}`);
    assert.ok(masks(new SandboxWalkCache(place, later())).includes('new/.env'));
    // Signed under another key: ignored too.
    writeSignedPack({ ...place, key: randomBytes(32) }, forged);
    const m = masks(new SandboxWalkCache(place, later()));
    assert.ok(m.includes('new/.env') && m.includes('.env') && m.includes('keys/'));
    // The same pack signed with the right key would be believed: the signature is what stands.
    writeSignedPack(place, forged);
    assert.deepEqual(masks(new SandboxWalkCache(place, later())), []);
  });
});
