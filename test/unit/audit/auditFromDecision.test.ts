import * as assert from 'node:assert/strict';
import { auditEventFromDecision } from '../../../src/core/audit/auditFromDecision';
import type { Decision, PathDecision } from '../../../src/core/decide/decisionTypes';

function pathDecision(p: Partial<PathDecision> & Pick<PathDecision, 'path' | 'verdict' | 'className'>): PathDecision {
  return { relative: p.path, outside: false, rule: null, exception: null, reason: '', ...p };
}

describe('auditEventFromDecision', () => {
  it('records the strictest path as the deciding class and rule, and keeps outside paths absolute', () => {
    const decision: Decision = {
      verdict: 'allow',
      enforcedVerdict: 'deny',
      action: 'read',
      monitor: true,
      reason: 'monitor mode: .env would be denied',
      location: null,
      paths: [
        pathDecision({ path: 'README.md', verdict: 'allow', className: 'public' }),
        pathDecision({
          path: '.env',
          verdict: 'deny',
          className: 'secret',
          rule: { source: '.airlock/policy.json', line: 9 },
          exception: { source: '.airlock/policy.json', line: 30, owner: 'a@x', reason: 'r', approvedBy: 'sec', expires: '2026-12-31' },
        }),
        pathDecision({ path: '/etc/passwd', relative: null, outside: true, verdict: 'ask', className: 'outside' }),
      ],
    };
    const ev = auditEventFromDecision(decision, { client: 'claude-code', session: 's', tool: 'Read', command: 'cat .env' });
    assert.equal(ev.kind, 'decision');
    assert.deepEqual(ev.paths, ['README.md', '.env', '/etc/passwd']);
    assert.equal(ev.verdict, 'allow');
    assert.equal(ev.enforcedVerdict, 'deny');
    assert.equal(ev.monitor, true);
    assert.equal(ev.class, 'secret');
    assert.deepEqual(ev.rule, { source: '.airlock/policy.json', line: 9 });
    assert.deepEqual(ev.exception, { source: '.airlock/policy.json', line: 30, owner: 'a@x', expires: '2026-12-31' });
    assert.equal(ev.command, 'cat .env');
  });

  it('falls back to the decision location (e.g. a policy error that failed closed)', () => {
    const decision: Decision = {
      verdict: 'deny',
      enforcedVerdict: 'deny',
      action: 'edit',
      monitor: false,
      reason: 'policy.json:3:5: unknown class',
      location: { source: '.airlock/policy.json', line: 3, column: 5 },
      paths: [],
    };
    const ev = auditEventFromDecision(decision, { client: 'cli' });
    assert.deepEqual(ev.rule, { source: '.airlock/policy.json', line: 3 });
    assert.equal(ev.class, null);
  });
});
