import assert from 'node:assert/strict';
import { loadPolicy } from '../../../src/core/policy/loadPolicy';
import { validatePolicyText } from '../../../src/core/policy/validatePolicy';
import { tempWorkspace } from '../../helpers/tempWorkspace';

const NOW = new Date('2026-11-24T12:00:00Z');

describe('policy: secretsUnscanned and secretsConfidence', () => {
  it('default to "ask" and 0.9', () => {
    const ws = tempWorkspace();
    try {
      ws.policy('{ "version": 1 }');
      const engine = loadPolicy(ws.root);
      assert.equal(engine.secretsUnscannedVerdict, 'ask');
      assert.equal(engine.secretsConfidence, 0.9);
    } finally {
      ws.dispose();
    }
  });

  it('accept valid values and reject others with a clear error', () => {
    const doc = validatePolicyText('p.json', '{ "version": 1, "secretsUnscanned": "deny", "secretsConfidence": 0.75 }', NOW).document;
    assert.equal(doc?.secretsUnscanned, 'deny');
    assert.equal(doc?.secretsConfidence, 0.75);
    for (const bad of ['"secretsUnscanned": "allow"', '"secretsConfidence": 1.5', '"secretsConfidence": "high"', '"secretsConfidence": -0.1']) {
      const r = validatePolicyText('p.json', `{ "version": 1, ${bad} }`, NOW);
      assert.equal(r.document, undefined, bad);
      assert.match(r.problems.map((p) => p.message).join('\n'), /secretsUnscanned|secretsConfidence/, bad);
    }
  });

  it('take the strictest layer: a repository cannot loosen its baseline', () => {
    const ws = tempWorkspace();
    try {
      ws.write('baseline.json', '{ "version": 1, "secretsUnscanned": "deny", "secretsConfidence": 0.6 }');
      ws.policy('{ "version": 1, "extends": "../baseline.json", "secretsUnscanned": "warn", "secretsConfidence": 1 }');
      const engine = loadPolicy(ws.root);
      assert.equal(engine.valid, true, engine.error?.message);
      assert.equal(engine.secretsUnscannedVerdict, 'deny');
      assert.equal(engine.secretsConfidence, 0.6);
    } finally {
      ws.dispose();
    }
  });
});
