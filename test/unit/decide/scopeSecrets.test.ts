// decide() and secrets in a search scope: the real scanner over real files, and the time budget.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { decide } from '../../../src/core/decide/decide';
import type { SecretCheck } from '../../../src/core/decide/scopeScan';
import { loadPolicy } from '../../../src/core/policy/loadPolicy';
import { probeFile } from '../../../src/core/secrets/secretProbe';
import { tempWorkspace, type TempWorkspace } from '../../helpers/tempWorkspace';
import { FakeTokens } from '../secrets/fakeTokens';

describe('decide: secrets in search scopes', () => {
  let ws: TempWorkspace;
  const check = (root: string) => (abs: string): SecretCheck | null => {
    const v = probeFile(abs, root);
    return v.kind === 'secret' ? { rule: v.rule, line: v.line } : v.kind === 'unscanned' ? { unscanned: v.reason } : null;
  };
  beforeEach(() => {
    ws = tempWorkspace({ 'lib/a.ts': 'export const a = 1;\n', 'lib/b.ts': 'export const b = 2;\n' });
    ws.policy('{ "version": 1 }');
  });
  afterEach(() => ws.dispose());

  it('a search of a folder with a live credential gets "secrets"; the reason names file, rule and line, never the value', () => {
    const token = new FakeTokens(3).github();
    ws.write('lib/deep/c.ts', `\nexport const t = "${token}";\n`);
    const engine = loadPolicy(ws.root);
    const d = decide(engine, { action: 'search', paths: ['lib'] }, { secretIn: check(ws.root) });
    assert.equal(d.verdict, 'deny');
    assert.match(d.reason, /lib\/deep\/c\.ts" holds a live secret \(github-pat, line 2\)/);
    assert.ok(!d.reason.includes(token.slice(4)));
    assert.equal(d.paths[0].reached, 'lib/deep/c.ts');
  });

  it('past its time budget the rest of the scope counts as not scanned ("secretsUnscanned")', () => {
    const engine = loadPolicy(ws.root);
    const d = decide(engine, { action: 'search', paths: ['lib'] }, { secretIn: check(ws.root), scopeSecretBudgetMs: -1 });
    assert.equal(d.verdict, 'ask');
    assert.match(d.reason, /more files than can be checked for secrets/);
  });

  it('edits and names-only searches do not scan contents', () => {
    ws.write('lib/c.ts', `export const t = "${new FakeTokens(4).github()}";\n`);
    const engine = loadPolicy(ws.root);
    assert.equal(decide(engine, { action: 'search', paths: ['lib'], namesOnly: true }, { secretIn: check(ws.root) }).verdict, 'allow');
    assert.equal(decide(engine, { action: 'edit', paths: [join(ws.root, 'lib/a.ts')] }, { secretIn: check(ws.root) }).verdict, 'allow');
  });
});
