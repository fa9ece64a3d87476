// A search scope under a sandbox that masks some of its files: a masked file reads as the mask
// whatever it holds, so decide() does not open it for a secret check (inside `airlock run` each
// such probe scanned the empty mask, and loaded the scanner, on every search). Files the masks
// leave readable are still checked, and a rewrite's masks never stand in for the client's own
// tools, which run outside any sandbox.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Confinement } from '../../../src/core/decide/confinement';
import { decide } from '../../../src/core/decide/decide';
import type { SecretCheck } from '../../../src/core/decide/scopeScan';
import { loadPolicy } from '../../../src/core/policy/loadPolicy';
import { probeFile } from '../../../src/core/secrets/secretProbe';
import { tempWorkspace, type TempWorkspace } from '../../helpers/tempWorkspace';
import { FakeTokens } from '../secrets/fakeTokens';

const POLICY = JSON.stringify({ version: 1, classes: { restricted: { read: 'ask', edit: 'deny' } }, rules: [{ paths: ['/data/prod/'], class: 'restricted' }] });

describe('decide: secret checks of files a sandbox masks', () => {
  let ws: TempWorkspace;
  let probed: string[];
  let secretIn: (abs: string) => SecretCheck | null;
  const tokens = new FakeTokens(11);
  beforeEach(() => {
    ws = tempWorkspace({ 'data/prod/main.tf': `token = "${tokens.github()}"\n`, 'data/readme.md': 'words\n', 'data/app.ts': 'export const x = 1;\n' });
    ws.policy(POLICY);
    probed = [];
    secretIn = (abs) => {
      probed.push(abs);
      const v = probeFile(abs, ws.root);
      return v.kind === 'secret' ? { rule: v.rule, line: v.line } : v.kind === 'unscanned' ? { unscanned: v.reason } : null;
    };
  });
  afterEach(() => ws.dispose());

  const masksProd = (kind: Confinement['kind']): Confinement => ({ kind, masks: (abs) => abs.startsWith(join(ws.root, 'data/prod')) });
  const grep = (confinement?: Confinement) => decide(loadPolicy(ws.root), { action: 'search', paths: ['data'] }, { secretIn, ...(confinement ? { confinement } : {}) });

  it('inside a verified sandbox a masked file is not probed, the readable ones are, and the search goes ahead', () => {
    const d = grep(masksProd('verified'));
    assert.equal(d.verdict, 'allow', d.reason);
    assert.match(d.reason, /masks "data\/prod" \(kernel-enforced\)/);
    assert.deepEqual(probed.filter((p) => p.includes('/data/prod/')), []);
    assert.ok(probed.some((p) => p.endsWith('/data/app.ts')) && probed.some((p) => p.endsWith('/data/readme.md')), probed.join(', '));
  });

  it('a live secret in a file the masks leave readable still refuses the search', () => {
    ws.write('data/late.ts', `export const t = "${tokens.github()}";\n`);
    const d = grep(masksProd('verified'));
    assert.equal(d.verdict, 'deny', d.reason);
    assert.match(d.reason, /data\/late\.ts/);
  });

  it("a rewrite's masks do not stand in for the client's own Grep: every file is probed, the secret decides", () => {
    const d = grep(masksProd('rewrite'));
    assert.ok(probed.some((p) => p.endsWith('/data/prod/main.tf')), probed.join(', '));
    assert.equal(d.verdict, 'deny', d.reason);
    assert.match(d.reason, /live secret/);
    // Without any sandbox: the same answer.
    probed = [];
    assert.equal(grep().verdict, 'deny');
    assert.ok(probed.some((p) => p.endsWith('/data/prod/main.tf')));
  });
});
