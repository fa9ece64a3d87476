// The sandbox masks exactly what decide() refuses a shell read (shellReadVerdict.ts is the one
// rule): protected and ask classes, live secrets at the policy's confidence, files the scanner
// cannot judge. Real policy, real files, the real secret scanner the hook uses.
import * as assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { hookSecretFinder } from '../../../src/cli/hookSecretFinder';
import { decide } from '../../../src/core/decide/decide';
import { workspaceRoot } from '../../../src/core/paths/canonicalPath';
import { loadPolicy } from '../../../src/core/policy/loadPolicy';
import type { PolicyEngine } from '../../../src/core/policy/policyEngine';
import { scanText } from '../../../src/core/secrets/scanText';
import { buildSandboxSpec } from '../../../src/core/sandbox/buildSandboxSpec';
import { tempWorkspace, type TempWorkspace } from '../../helpers/tempWorkspace';
import { FakeTokens } from '../secrets/fakeTokens';

const tokens = new FakeTokens(23);
const GITHUB = tokens.github();
const generic = (value: string): string => `password = "${value}"\n`;
const confidence = (value: string): number => scanText(generic(value), 'data/settings.conf').find((f) => f.rule === 'generic-secret')?.confidence ?? 0;
/** A keyword/entropy secret the scanner is 0.5–0.9 sure of: live only under a lower `secretsConfidence` (the first such value of a fixed sequence). */
const GENERIC = generic(Array.from({ length: 50 }, () => tokens.chars('abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789', 16)).find((v) => confidence(v) >= 0.5 && confidence(v) < 0.9) ?? '');

function policy(extra: Record<string, unknown>): string {
  return JSON.stringify({
    version: 1,
    classes: { secret: { read: 'deny', edit: 'deny' }, restricted: { read: 'ask', edit: 'deny' } },
    rules: [{ paths: ['**/.env'], class: 'secret' }, { paths: ['/ops/'], class: 'restricted' }],
    outside: 'allow',
    ...extra,
  });
}

describe('sandbox masks: the verdicts decide() gives a shell read, one rule', () => {
  let ws: TempWorkspace;
  let cache: string;
  before(() => {
    assert.ok(scanText(GENERIC, 'data/settings.conf').some((f) => f.confidence !== undefined && f.confidence >= 0.5 && f.confidence < 0.9), 'the generic secret must sit between 0.5 and 0.9');
  });
  beforeEach(() => {
    ws = tempWorkspace({
      'data/.env': 'A=1\n',
      'ops/runbook.md': 'restart it\n',
      'data/readme.md': 'ordinary words\n',
      'data/token.ts': `export const t = "${GITHUB}";\n`,
      'data/settings.conf': GENERIC,
      'node_modules/pkg/token.js': `module.exports = "${GITHUB}";\n`,
    });
    // Larger than the scanner reads: it cannot judge this file.
    writeFileSync(path.join(ws.root, 'data/huge.log'), `${'y'.repeat(99)}\n`.repeat(50_000) + `${GITHUB}\n`);
    cache = path.join(ws.root, '..', `${path.basename(ws.root)}-cache`);
    process.env.XDG_CACHE_HOME = cache;
  });
  afterEach(() => {
    delete process.env.XDG_CACHE_HOME;
    ws.dispose();
  });

  function masked(engine: PolicyEngine): string[] {
    const spec = buildSandboxSpec({ engine, workspace: workspaceRoot(ws.root), home: null, secretIn: hookSecretFinder(ws.root, engine.secretsConfidence) });
    return spec.masks.map((m) => path.relative(ws.root, m.path)).filter((r) => !r.startsWith('..')).sort();
  }

  /** What decide() says to `cat <rel>` for each file of the tree (the hook's own verdicts). */
  function refusedToCat(engine: PolicyEngine, rels: readonly string[]): string[] {
    const secretIn = hookSecretFinder(ws.root, engine.secretsConfidence);
    return rels.filter((rel) => decide(engine, { action: 'execute', paths: [], command: `cat ${rel}` }, { secretIn }).verdict !== 'allow').sort();
  }

  const FILES = ['data/.env', 'data/huge.log', 'data/readme.md', 'data/settings.conf', 'data/token.ts', 'node_modules/pkg/token.js', 'ops/runbook.md'];

  it('default policy: protected and ask classes, a live token, a file the scanner cannot judge — the same set the hook refuses', () => {
    ws.policy(policy({}));
    const engine = loadPolicy(ws.root, { env: {} });
    const masks = masked(engine);
    assert.deepEqual(masks, ['data/.env', 'data/huge.log', 'data/token.ts', 'ops']);
    // The hook refuses `cat` of the same files (ops/ masked whole: its only file is refused). A
    // file of node_modules is checked only when named outright (the hook's fast deny stays); a
    // search over it never checked its content, so the masks leave it, as the scope walk did.
    assert.deepEqual(refusedToCat(engine, FILES), ['data/.env', 'data/huge.log', 'data/token.ts', 'node_modules/pkg/token.js', 'ops/runbook.md']);
    const grep = decide(engine, { action: 'execute', paths: [], command: 'grep -r x node_modules' }, { secretIn: hookSecretFinder(ws.root, engine.secretsConfidence) });
    assert.equal(grep.verdict, 'allow');
  });

  it("the policy's secretsConfidence decides: a generic secret below the default but above the policy's is masked", () => {
    ws.policy(policy({ secretsConfidence: 0.5 }));
    const engine = loadPolicy(ws.root, { env: {} });
    assert.ok(masked(engine).includes('data/settings.conf'));
    assert.ok(refusedToCat(engine, FILES).includes('data/settings.conf'));
  });

  it('"warn" verdicts mask nothing for secrets (the hook allows with a note); classes still apply', () => {
    ws.policy(policy({ secrets: 'warn', secretsUnscanned: 'warn' }));
    const engine = loadPolicy(ws.root, { env: {} });
    assert.deepEqual(masked(engine), ['data/.env', 'ops']);
    assert.deepEqual(refusedToCat(engine, FILES), ['data/.env', 'ops/runbook.md']);
  });

  it('secretsUnscanned "deny" with secrets "warn": only the file the scanner cannot judge is masked for content', () => {
    ws.policy(policy({ secrets: 'warn', secretsUnscanned: 'deny' }));
    const engine = loadPolicy(ws.root, { env: {} });
    assert.deepEqual(masked(engine), ['data/.env', 'data/huge.log', 'ops']);
  });
});
