// decide() with a confinement: exactly the verdicts the sandbox makes moot are relaxed.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import type { Confinement } from '../../../src/core/decide/confinement';
import { decide } from '../../../src/core/decide/decide';
import { loadPolicy } from '../../../src/core/policy/loadPolicy';
import { tempWorkspace, type TempWorkspace } from '../../helpers/tempWorkspace';

describe('decide(): confinement by the sandbox', () => {
  let ws: TempWorkspace;
  const masksAll = (root: string, masked: string[]): ((abs: string) => boolean) => (abs) => masked.some((m) => abs === path.join(root, m) || abs.startsWith(`${path.join(root, m)}/`));
  beforeEach(() => {
    ws = tempWorkspace({ '.env': 'A=1', 'src/app.ts': 'x', 'secrets/k.txt': 'k', 'infra/prod/main.tf': 'tf' });
    ws.policy(JSON.stringify({ version: 1, rules: [{ paths: ['/infra/prod/'], class: 'restricted' }, { paths: ['**/.env', 'secrets/'], class: 'secret' }] }));
  });
  afterEach(() => ws.dispose());

  const run = (request: Parameters<typeof decide>[1], confinement?: Confinement): ReturnType<typeof decide> => decide(loadPolicy(ws.root, { env: {} }), request, confinement ? { confinement } : {});

  it('without one, a repository-wide search is refused (as before)', () => {
    assert.equal(run({ action: 'search', paths: ['.'] }).verdict, 'deny');
  });

  it('verified: a search whose protected paths are all masked is allowed, and says why', () => {
    const c: Confinement = { kind: 'verified', masks: masksAll(ws.root, ['.env', 'secrets', 'infra/prod']) };
    const d = run({ action: 'search', paths: ['.'] }, c);
    assert.equal(d.verdict, 'allow');
    assert.match(d.reason, /masks ".*" \(kernel-enforced\)/);
  });

  it('verified: a search that reaches an UNmasked protected path keeps its verdict', () => {
    const c: Confinement = { kind: 'verified', masks: masksAll(ws.root, ['secrets', 'infra/prod']) };
    assert.equal(run({ action: 'search', paths: ['.'] }, c).verdict, 'deny');
  });

  it('a protected path named outright, an edit, and a git command keep their verdicts', () => {
    const c: Confinement = { kind: 'verified', masks: () => true };
    assert.equal(run({ action: 'read', paths: ['.env'] }, c).verdict, 'deny');
    assert.equal(run({ action: 'edit', paths: ['.env'] }, c).verdict, 'deny');
    assert.equal(run({ action: 'execute', paths: [], command: 'cat .env' }, c).verdict, 'deny');
    assert.equal(run({ action: 'execute', paths: [], command: 'rm -rf secrets' }, c).verdict, 'deny');
    assert.notEqual(run({ action: 'execute', paths: [], command: 'git grep -n x HEAD' }, c).verdict, 'allow');
  });

  it('verified: git grep over the work tree, which the sandbox does not relax, is still checked by its pattern', () => {
    const c: Confinement = { kind: 'verified', masks: () => true };
    ws.write('.env', 'A=hunter2\n');
    assert.equal(run({ action: 'execute', paths: [], command: 'git grep --untracked -n zzz' }, c).verdict, 'allow');
    assert.equal(run({ action: 'execute', paths: [], command: 'git grep --no-index hunter2' }, c).verdict, 'deny');
    assert.notEqual(run({ action: 'execute', paths: [], command: 'git grep --no-index -v zzz' }, c).verdict, 'allow');
  });

  it('rewrite: relaxes the shell command only, never the client\'s own file tools', () => {
    const c: Confinement = { kind: 'rewrite', masks: () => true };
    assert.equal(run({ action: 'execute', paths: [], command: 'grep -rn x .' }, c).verdict, 'allow');
    assert.equal(run({ action: 'search', paths: ['.'] }, c).verdict, 'deny');
  });

  it('unparsed shell keeps the policy\'s shell verdict even when confined (git history is not masked)', () => {
    const c: Confinement = { kind: 'verified', masks: () => true };
    assert.equal(run({ action: 'execute', paths: [], command: 'eval "$X"' }, c).verdict, 'ask');
  });
});
