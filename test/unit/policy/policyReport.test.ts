import * as assert from 'node:assert/strict';
import { applyEdits } from 'jsonc-parser';
import { loadPolicy } from '../../../src/core/policy/loadPolicy';
import { policyReport, neverMatchReason, SHADOWED_PATTERN, NEVER_MATCHES, BACKSLASH_SEPARATOR } from '../../../src/core/policy/policyReport';
import { removalFixAt } from '../../../src/core/risk/policyFixes';
import { tempWorkspace, type TempWorkspace } from '../../helpers/tempWorkspace';

const POLICY = `{
  "version": 1,
  "rules": [
    { "paths": ["/src/auth/login.ts", "*.pem"], "class": "secret" },
    { "paths": ["./build/", "~/notes"], "class": "restricted" },
    { "paths": ["/src/"], "class": "public" },
    { "paths": ["*.pem"], "class": "secret" },
    { "paths": ["src\\\\auth"], "class": "secret" }
  ],
  "exceptions": [
    // An old one.
    { "paths": ["/infra/"], "class": "public", "owner": "a@example.com", "reason": "r", "approvedBy": "s", "expires": "2020-01-01" },
    { "paths": ["/docs/"], "class": "public", "owner": "b@example.com", "reason": "r", "approvedBy": "s", "expires": "2999-01-01" }
  ]
}
`;

describe('risk: policy lint and quick fixes', () => {
  let ws: TempWorkspace;
  beforeEach(() => {
    ws = tempWorkspace();
    ws.policy(POLICY);
  });
  afterEach(() => ws.dispose());

  function problems(): ReturnType<typeof policyReport> {
    const engine = loadPolicy(ws.root, { env: {} });
    assert.equal(engine.valid, true, engine.error?.message);
    return policyReport(engine);
  }

  it('finds patterns that can never match, at their exact range', () => {
    const never = problems().filter((p) => p.code === NEVER_MATCHES);
    assert.deepEqual(never.map((p) => [p.line, POLICY.slice(p.offset, p.offset + p.length)]), [
      [5, '"./build/"'],
      [5, '"~/notes"'],
    ]);
    assert.match(neverMatchReason('/home/alice/project/secrets/') ?? '', /absolute file-system path/);
    assert.match(neverMatchReason('C:/work/x') ?? '', /absolute file-system path/);
    assert.match(neverMatchReason('/src/../x') ?? '', /canonical form/);
    assert.equal(neverMatchReason('/src/x/'), null);
  });

  it('finds a pattern a later rule shadows, and a redundant one', () => {
    const shadowed = problems().filter((p) => p.code === SHADOWED_PATTERN);
    assert.deepEqual(shadowed.map((p) => POLICY.slice(p.offset, p.offset + p.length)), ['"/src/auth/login.ts"', '"*.pem"']);
    assert.match(shadowed[0].message, /shadowed: the later rule at policy\.json line 6 \("\/src\/", class "public"\)/);
    assert.match(shadowed[1].message, /redundant/);
  });

  it('flags a backslash used as a path separator', () => {
    const back = problems().filter((p) => p.code === BACKSLASH_SEPARATOR);
    assert.equal(back.length, 1);
    assert.match(back[0].message, /matches "srcauth"/);
  });

  it('removes the expired exception the validation warning points at, keeping the rest valid', () => {
    const engine = loadPolicy(ws.root, { env: {} });
    const expired = engine.problems.find((p) => p.code === 'expired-exception');
    assert.ok(expired);
    const fix = removalFixAt(POLICY, expired.offset);
    assert.equal(fix?.title, 'Remove this exception');
    ws.policy(applyEdits(POLICY, fix?.edits ?? []));
    const after = loadPolicy(ws.root, { env: {} });
    assert.equal(after.valid, true);
    assert.deepEqual(after.document?.exceptions.map((e) => e.owner), ['b@example.com']);
    assert.equal(after.problems.some((p) => p.code === 'expired-exception'), false);
  });

  it('removes one shadowed pattern, or the whole rule when it was its only pattern', () => {
    const [first] = problems().filter((p) => p.code === SHADOWED_PATTERN);
    const one = removalFixAt(POLICY, first.offset);
    assert.equal(one?.title, 'Remove this pattern');
    ws.policy(applyEdits(POLICY, one?.edits ?? []));
    let doc = loadPolicy(ws.root, { env: {} }).document;
    assert.deepEqual(doc?.rules[0].patterns.map((p) => p.text), ['*.pem']);
    const whole = removalFixAt(POLICY, POLICY.indexOf('"*.pem"', POLICY.indexOf('"/src/"')));
    assert.equal(whole?.title, 'Remove this rule');
    ws.policy(applyEdits(POLICY, whole?.edits ?? []));
    doc = loadPolicy(ws.root, { env: {} }).document;
    assert.equal(doc?.rules.length, 4);
    assert.equal(removalFixAt(POLICY, POLICY.indexOf('"version"')), undefined);
  });
});
