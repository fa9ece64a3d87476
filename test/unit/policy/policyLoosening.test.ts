import * as assert from 'node:assert/strict';
import { loadPolicy } from '../../../src/core/policy/loadPolicy';
import { OverlapOracle, patternShape } from '../../../src/core/policy/patternOverlap';
import { LOOSENED_BY_LATER_RULE, policyReport } from '../../../src/core/policy/policyReport';
import { STARTER_POLICY } from '../../../src/core/policy/starterPolicy';
import { tempWorkspace, type TempWorkspace } from '../../helpers/tempWorkspace';

/** The starter policy with rules appended after its last rule, as a team lead following JSON habit would. */
function starterWith(...rules: string[]): string {
  const last = '"carveOut": true }';
  assert.ok(STARTER_POLICY.includes(last));
  return STARTER_POLICY.replace(last, `${last},\n${rules.map((r) => `    ${r}`).join(',\n')}`);
}

/** The same rules added where the starter policy says to add them (above the secret rules). */
function starterAbove(...rules: string[]): string {
  const marker = '    // Add your own rules HERE';
  assert.ok(STARTER_POLICY.includes(marker));
  return STARTER_POLICY.replace(marker, `${rules.map((r) => `    ${r},`).join('\n')}\n${marker}`);
}

describe('policy: loosening warnings decided on the patterns', () => {
  let ws: TempWorkspace;
  beforeEach(() => (ws = tempWorkspace()));
  afterEach(() => ws.dispose());

  function loosened(text: string): ReturnType<typeof policyReport> {
    ws.policy(text);
    const engine = loadPolicy(ws.root, { env: {} });
    assert.equal(engine.valid, true, engine.error?.message);
    return policyReport(engine).filter((p) => p.code === LOOSENED_BY_LATER_RULE);
  }

  it('the starter policy itself has no loosening warning (its template carve-out is marked)', () => {
    assert.deepEqual(loosened(STARTER_POLICY), []);
  });

  it('warns about a folder rule appended after the secret rules, with no file present', () => {
    const found = loosened(starterWith('{ "paths": ["/src/auth/"], "class": "reviewed" }'));
    assert.equal(found.length, 1);
    assert.match(found[0].message, /pattern "\/src\/auth\/" \(class "reviewed"\) can loosen the stricter earlier patterns .*class "secret"/);
    // The workspace has no file at all: the warning comes from the patterns alone.
    const engine = loadPolicy(ws.root, { env: {} });
    assert.equal(engine.classify('src/auth/server.pem', false)[0].dataClass.name, 'reviewed');
  });

  it('the same rule added where the starter says keeps the secret secret, and no warning', () => {
    assert.deepEqual(loosened(starterAbove('{ "paths": ["/src/auth/"], "class": "reviewed" }')), []);
    const engine = loadPolicy(ws.root, { env: {} });
    assert.equal(engine.classify('src/auth/server.pem', false)[0].dataClass.name, 'secret');
    assert.equal(engine.classify('src/config/.env', false)[0].dataClass.name, 'secret');
  });

  it('warns about a file-type rule that reaches into a stricter folder ("*.md" after "secrets/")', () => {
    const found = loosened(starterWith('{ "paths": ["*.md"], "class": "public" }'));
    assert.equal(found.length, 1);
    assert.match(found[0].message, /"secrets\/"|"\.secrets\/"|"\.aws\/"|"\.kube\/"/);
  });

  it('does not warn where the patterns cannot meet, or where the later rule is as strict', () => {
    const text = `{ "version": 1, "rules": [
      { "paths": ["/infra/prod/", "*.pem"], "class": "secret" },
      { "paths": ["/docs/README.md", "/src/*.ts"], "class": "public" },
      { "paths": ["/infra/"], "class": "secret" }
    ] }`;
    assert.deepEqual(loosened(text), []);
  });

  it('a carveOut rule is not warned about; without the mark the same rule is', () => {
    const base = `{ "version": 1, "rules": [
      { "paths": ["**/.env.*"], "class": "secret" },
      { "paths": ["**/.env.example"], "class": "public"CARVE }
    ] }`;
    assert.equal(loosened(base.replace('CARVE', '')).length, 1);
    assert.deepEqual(loosened(base.replace('CARVE', ', "carveOut": true')), []);
  });

  it('rejects a carveOut that is not a boolean', () => {
    ws.policy('{ "version": 1, "rules": [ { "paths": ["a"], "class": "public", "carveOut": "yes" } ] }');
    const engine = loadPolicy(ws.root, { env: {} });
    assert.equal(engine.valid, false);
    assert.match(engine.problems[0].message, /"carveOut" of rule 1 must be true or false/);
  });

  it('adds what the walk finds to the warning when given the files', () => {
    ws.policy(starterWith('{ "paths": ["/src/auth/"], "class": "reviewed" }'));
    const engine = loadPolicy(ws.root, { env: {} });
    const [w] = policyReport(engine, { files: ['src/auth/server.pem', 'src/auth/login.ts', 'README.md'] }).filter((p) => p.code === LOOSENED_BY_LATER_RULE);
    assert.match(w.message, /\(in this workspace: 1 file, e\.g\. src\/auth\/server\.pem\)$/);
  });
});

describe('policy: pattern overlap', () => {
  const o = new OverlapOracle();
  const meet = (a: string, b: string, strict = false): boolean => o.overlap(patternShape(a), patternShape(b), strict);

  it('decides overlaps through folders, globs, brackets and anchoring', () => {
    assert.equal(meet('/src/auth/', '*.pem'), true);
    assert.equal(meet('secrets/', '*.md'), true);
    assert.equal(meet('**/.env.*', '**/.env.example'), true);
    assert.equal(meet('/src/*.ts', '/src/config/'), false);
    assert.equal(meet('/infra/prod/', '/docs/'), false);
    assert.equal(meet('/a/[0-9]x/', '/a/5x/b'), true);
    assert.equal(meet('/a/[0-9]x/', '/a/zx/b'), false);
    assert.equal(meet('/src/**/legacy/', '/src/a/b/legacy/c.ts'), true);
    assert.equal(meet('report-*.csv', 'data-*.csv'), false);
  });

  it('takes names that look like files as files, unless asked to be strict', () => {
    assert.equal(meet('/package.json', '*.lock'), false);
    assert.equal(meet('/package.json', '*.lock', true), true);
    assert.equal(meet('/README.md', '**/.env'), false);
  });
});
