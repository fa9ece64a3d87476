import * as assert from 'node:assert/strict';
import { symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { explainPath, explainWorkspacePath, withoutRoot } from '../../../src/core/decide/explainPath';
import { loadPolicy } from '../../../src/core/policy/loadPolicy';
import { isStricter, loosens, strictest, worstOf } from '../../../src/core/policy/verdictOrder';
import { tempWorkspace, type TempWorkspace } from '../../helpers/tempWorkspace';

const POLICY = `{
  "version": 1,
  "classes": {
    "secret": { "read": "deny", "edit": "deny", "risk": "critical" },
    "restricted": { "read": "ask", "edit": "deny", "risk": "high" },
    "public": { "read": "allow", "edit": "allow", "risk": "low" }
  },
  "default": "public",
  "rules": [
    { "paths": ["**/.env"], "class": "secret", "reason": "Environment files" },
    { "paths": ["/.github/workflows/"], "class": "restricted" }
  ]
}`;

describe('decide: explainPath', () => {
  let ws: TempWorkspace;
  beforeEach(() => {
    ws = tempWorkspace({ 'app/.env': 'A=1', '.github/workflows/ci.yml': 'on: push', 'src/a.ts': '' });
    ws.policy(POLICY);
  });
  afterEach(() => ws.dispose());

  it('explains a protected file by its rule, with the root left out of the reason', () => {
    const engine = loadPolicy(ws.root, { env: {} });
    const e = explainPath(engine, join(ws.root, 'app/.env'), { actor: 'cli' });
    assert.equal(e.className, 'secret');
    assert.equal(e.read, 'deny');
    assert.equal(e.edit, 'deny');
    assert.equal(e.relative, 'app/.env');
    assert.equal(e.rule?.line, 10);
    assert.ok(!e.reason.includes(ws.root), e.reason);
    assert.match(e.reason, /\.airlock\/policy\.json:10: Environment files/);
  });

  it('explains a read-allowed, edit-denied file by its edit side, unless an action is asked for', () => {
    ws.policy(POLICY.replace('"read": "ask", "edit": "deny"', '"read": "allow", "edit": "deny"'));
    const engine = loadPolicy(ws.root, { env: {} });
    const byDefault = explainPath(engine, '.github/workflows/ci.yml', { actor: 'cli' });
    assert.equal(byDefault.read, 'allow');
    assert.equal(byDefault.edit, 'deny');
    assert.equal(byDefault.className, 'restricted');
    assert.match(byDefault.reason, /^"\.github\/workflows\/ci\.yml" is class "restricted"/);
    assert.equal(explainPath(engine, '.github/workflows/ci.yml', { actor: 'cli', action: 'read' }).reason.includes('restricted'), true);
  });

  it('gives a symlink to a secret the secret verdict, and the walk form agrees with the given form', () => {
    symlinkSync(join(ws.root, 'app/.env'), join(ws.root, 'src/config.txt'));
    const engine = loadPolicy(ws.root, { env: {} });
    assert.equal(explainPath(engine, 'src/config.txt', { actor: 'editor' }).read, 'deny');
    const walked = explainWorkspacePath(engine, 'app/.env');
    const given = explainPath(engine, 'app/.env', { actor: 'editor' });
    assert.deepEqual({ ...walked, path: '' }, { ...given, path: '' });
  });

  it('explains paths outside the workspace by the "outside" verdict', () => {
    const engine = loadPolicy(ws.root, { env: {} });
    const e = explainPath(engine, '../elsewhere.txt', { actor: 'cli' });
    assert.equal(e.outside, true);
    assert.equal(e.relative, null);
  });

  it('withoutRoot strips only the root followed by a slash', () => {
    assert.equal(withoutRoot('"/w/a" and /w/b and /wx/c', '/w'), '"a" and b and /wx/c');
    assert.equal(withoutRoot('/w/a', '/w/'), 'a');
  });
});

describe('policy: verdictOrder', () => {
  it('orders allow < ask < deny in every comparison', () => {
    assert.equal(strictest('allow', 'ask'), 'ask');
    assert.equal(strictest('deny', 'ask'), 'deny');
    assert.equal(isStricter('ask', 'allow'), true);
    assert.equal(isStricter('ask', 'ask'), false);
    assert.equal(worstOf('allow', 'deny'), 'deny');
    assert.equal(loosens({ read: 'allow', edit: 'deny' }, { read: 'ask', edit: 'deny' }), true);
    assert.equal(loosens({ read: 'ask', edit: 'deny' }, { read: 'allow', edit: 'deny' }), false);
  });
});
