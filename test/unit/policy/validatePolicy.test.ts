import assert from 'node:assert/strict';
import { validatePolicyText } from '../../../src/core/policy/validatePolicy';
import { STARTER_POLICY } from '../../../src/core/policy/starterPolicy';

const NOW = new Date('2026-11-24T12:00:00Z');
const errorsOf = (text: string): string[] =>
  validatePolicyText('/ws/.airlock/policy.json', text, NOW)
    .problems.filter((p) => p.severity === 'error')
    .map((p) => `${p.line}:${p.column} ${p.code} ${p.message}`);

describe('policy validation', () => {
  it('accepts the starter policy written by `airlock init`', () => {
    const r = validatePolicyText('p.json', STARTER_POLICY, NOW);
    assert.deepEqual(r.problems, []);
    assert.ok(r.document);
    assert.ok(r.document.rules.length >= 5);
  });

  it('accepts the minimal policy with built-in classes and defaults', () => {
    const r = validatePolicyText('p.json', '{ "version": 1 }', NOW);
    assert.equal(r.document?.defaultClass, 'public');
    assert.equal(r.document?.ai, 'on');
    assert.equal(r.document?.mode, 'enforce');
    assert.equal(r.document?.outside, 'ask');
    assert.equal(r.document?.shell, 'ask');
    assert.deepEqual([...(r.document?.classes.keys() ?? [])], ['secret', 'restricted', 'reviewed', 'public']);
  });

  it('reports a syntax error with line and column', () => {
    const errs = errorsOf('{\n  "version": 1,\n  "rules": [\n    { "paths": ["a"] "class": "secret" }\n  ]\n}');
    assert.equal(errs.length, 1);
    assert.match(errs[0], /^4:22 syntax JSON syntax error: a "," was expected/);
  });

  it('reports every problem at once, each at its own position', () => {
    const text = [
      '{',
      '  "version": 1,',
      '  "mdoe": "enforce",',
      '  "ai": "maybe",',
      '  "classes": { "internal": { "read": "allow", "edit": "nope" } },',
      '  "rules": [',
      '    { "paths": ["src/[abc"], "class": "secret" },',
      '    { "paths": ["!keep.txt"], "class": "public" },',
      '    { "paths": ["x/"], "class": "internl" },',
      '    { "paths": [], "class": "public" }',
      '  ],',
      '  "exceptions": [',
      '    { "paths": ["a/"], "class": "public", "owner": "o", "reason": "r", "approvedBy": "s", "expires": "2026-02-30" },',
      '    { "paths": ["b/"], "class": "public", "owner": "o", "reason": "r" }',
      '  ]',
      '}',
    ].join('\n');
    const errs = errorsOf(text);
    const expect = [
      /^3:3 unknown-key unknown key "mdoe" in the policy \(did you mean "mode"\?\)/,
      /^4:9 invalid-value "ai" must be one of "on", "off"/,
      /^5:55 invalid-value "edit" of class "internal" must be one of/,
      /^7:17 invalid-pattern invalid pattern "src\/\[abc": unclosed/,
      /^8:17 invalid-pattern .*negation \("!"\) has no place in a class rule/,
      /^9:33 unknown-class unknown class "internl" in rule 3 \(did you mean "internal"\?\)/,
      /^10:16 empty-value "paths" in rule 4 is empty/,
      /^13:102 invalid-date "expires" of exception 1 must be a date written YYYY-MM-DD/,
      /^14:5 missing-key "approvedBy" of exception 2 is required/,
      /^14:5 missing-key "expires" of exception 2 is required/,
    ];
    assert.equal(errs.length, expect.length, errs.join('\n'));
    expect.forEach((re, i) => assert.match(errs[i], re));
  });

  it('rejects an unsupported version and a missing version', () => {
    assert.match(errorsOf('{ "version": 2 }')[0], /unsupported "version" 2/);
    assert.match(errorsOf('{ }')[0], /"version" is required/);
  });

  it('rejects a comment-like pattern with advice', () => {
    assert.match(errorsOf('{ "version": 1, "rules": [ { "paths": ["#x"], "class": "secret" } ] }')[0], /write "\\#"/);
  });

  it('warns (does not fail) on an expired exception', () => {
    const r = validatePolicyText('p.json', '{ "version": 1, "exceptions": [ { "paths": ["a/"], "class": "public", "owner": "o", "reason": "r", "approvedBy": "s", "expires": "2026-11-23" } ] }', NOW);
    assert.ok(r.document);
    assert.equal(r.problems.length, 1);
    assert.equal(r.problems[0].severity, 'warning');
    assert.equal(r.problems[0].code, 'expired-exception');
    const today = validatePolicyText('p.json', '{ "version": 1, "exceptions": [ { "paths": ["a/"], "class": "public", "owner": "o", "reason": "r", "approvedBy": "s", "expires": "2026-11-24" } ] }', NOW);
    assert.deepEqual(today.problems, [], 'an exception applies through its last day');
  });
});
