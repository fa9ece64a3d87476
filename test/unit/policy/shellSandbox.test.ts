// The policy's "shellSandbox" switch: validated, and a baseline that wants rewriting keeps it.
import assert from 'node:assert/strict';
import { loadPolicy } from '../../../src/core/policy/loadPolicy';
import { validatePolicyText } from '../../../src/core/policy/validatePolicy';
import { tempWorkspace } from '../../helpers/tempWorkspace';

describe('policy: "shellSandbox"', () => {
  it('accepts "rewrite" and "off", rejects anything else at its position', () => {
    assert.equal(validatePolicyText('p.json', '{"version":1,"shellSandbox":"off"}', new Date()).document?.shellSandbox, 'off');
    assert.equal(validatePolicyText('p.json', '{"version":1}', new Date()).document?.shellSandbox, 'rewrite');
    const bad = validatePolicyText('p.json', '{"version":1,\n"shellSandbox":"sometimes"}', new Date());
    assert.equal(bad.document, undefined);
    assert.ok(bad.problems.some((p) => p.line === 2 && /shellSandbox/.test(p.message)));
  });

  it('is off only when every layer turns it off', () => {
    const ws = tempWorkspace({ 'base.json': '{"version":1}' });
    try {
      ws.policy('{"version":1,"shellSandbox":"off","extends":"../base.json"}');
      assert.equal(loadPolicy(ws.root, { env: {} }).shellSandbox, 'rewrite');
      ws.write('base.json', '{"version":1,"shellSandbox":"off"}');
      assert.equal(loadPolicy(ws.root, { env: {} }).shellSandbox, 'off');
    } finally {
      ws.dispose();
    }
  });
});
