import * as assert from 'node:assert/strict';
import { loadPolicy } from '../../../src/core/policy/loadPolicy';
import { RiskModel } from '../../../src/core/risk/riskModel';
import { runInSlices } from '../../../src/core/risk/runInSlices';
import { walkWorkspace } from '../../../src/core/workspace/walkWorkspace';
import { tempWorkspace, type TempWorkspace } from '../../helpers/tempWorkspace';
import { NOW, RISK_POLICY } from './riskFixture';

const FILES = ['src/app.ts', 'src/auth/session.ts', 'infra/prod/main.tf', 'infra/prod/dashboards/latency.json', 'config/.env', 'README.md'];

describe('risk: RiskModel', () => {
  let ws: TempWorkspace;
  let model: RiskModel;
  beforeEach(() => {
    ws = tempWorkspace(Object.fromEntries(FILES.map((f) => [f, 'x\n'])));
    ws.policy(RISK_POLICY);
    model = new RiskModel(loadPolicy(ws.root, { env: {}, now: NOW }), { now: () => NOW });
    for (const e of walkWorkspace(ws.root)) if (!e.isDir) model.upsert(e.rel);
  });
  afterEach(() => ws.dispose());

  it('knows every walked file and groups them by level', () => {
    assert.equal(model.size, FILES.length + 1); // + the policy file itself
    assert.deepEqual([...model.atLevel('critical')], ['config/.env']);
    assert.deepEqual([...model.atLevel('high')].sort(), ['infra/prod/main.tf']);
    assert.deepEqual([...model.atLevel('medium')].sort(), ['.airlock/policy.json', 'infra/prod/dashboards/latency.json', 'src/auth/session.ts']);
    assert.deepEqual([...model.atLevel('low')].sort(), ['README.md', 'src/app.ts']);
  });

  it('aggregates folders: the strongest level below and counts per level', () => {
    const infra = model.folder('infra');
    assert.equal(infra?.level, 'high');
    assert.equal(infra?.files, 2);
    assert.equal(infra?.counts.medium, 1);
    assert.equal(model.folder('')?.files, FILES.length + 1);
    assert.deepEqual(model.children('infra/prod'), { folders: ['infra/prod/dashboards'], files: ['infra/prod/main.tf'] });
  });

  it('recomputes one file on a provenance or secret change, updating its folders', () => {
    const r = model.setAiLines('src/auth/session.ts', { total: 5, unreviewed: 5, modified: 0 });
    assert.equal(r?.level, 'high');
    assert.equal(model.folder('src')?.level, 'high');
    assert.equal(model.folder('src')?.aiUnreviewed, 5);
    model.setAiLines('src/auth/session.ts', undefined);
    assert.equal(model.folder('src')?.level, 'medium');
    assert.equal(model.folder('src')?.aiUnreviewed, 0);
    // Input for an unknown file is kept and applies when the file appears.
    assert.equal(model.setAiLines('src/new.ts', { total: 1, unreviewed: 1, modified: 0 }), undefined);
    assert.equal(model.upsert('src/new.ts').ai.unreviewed, 1);
  });

  it('removes a file and prunes folders that become empty', () => {
    assert.equal(model.remove('config/.env'), true);
    assert.equal(model.remove('config/.env'), false);
    assert.equal(model.folder('config'), undefined);
    assert.equal(model.children('').folders.includes('config'), false);
    assert.equal(model.atLevel('critical').size, 0);
    assert.equal(model.folder('')?.counts.critical, 0);
  });

  it('applies a policy change to every file without walking the disk again', async () => {
    ws.policy(RISK_POLICY.replace('"/src/auth/"', '"/src/"').replace('"reviewed" }', '"secret" }'));
    model.setEngine(loadPolicy(ws.root, { env: {}, now: NOW }));
    let slices = 0;
    const done = await runInSlices(model.recomputeSteps(), () => undefined, { sliceMs: 0, onSlice: () => slices++ });
    assert.equal(done, model.size);
    assert.ok(slices >= 2, 'each step should end a zero-length slice');
    assert.equal(model.get('src/app.ts')?.className, 'secret');
    assert.equal(model.folder('src')?.level, 'critical');
  });

  it('stops a sliced run when cancelled', async () => {
    let cancel = false;
    const seen: number[] = [];
    const result = await runInSlices([1, 2, 3, 4], (n) => {
      seen.push(n);
      cancel = n === 2;
    }, { sliceMs: 0, cancelled: () => cancel });
    assert.equal(result, false);
    assert.deepEqual(seen, [1, 2]);
  });
});
