// decide() with a confinement: exactly the verdicts the sandbox makes moot are relaxed.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
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

// The hook's end-to-end answer inside a real `airlock run` is tested in
// test/unit/sandbox/runAskDeny.test.ts; here the rule itself, path by path.
describe('decide(): an ask that a verified sandbox makes unanswerable is a deny', () => {
  let ws: TempWorkspace;
  beforeEach(() => {
    ws = tempWorkspace({ 'infra/main.tf': 'tf', 'db/001.sql': 'sql', 'src/app.ts': 'x' });
    ws.policy(JSON.stringify({
      version: 1,
      classes: { restricted: { read: 'ask', edit: 'deny' }, migrations: { read: 'allow', edit: 'ask' } },
      rules: [{ paths: ['/infra/'], class: 'restricted' }, { paths: ['/db/*.sql'], class: 'migrations' }],
    }));
  });
  afterEach(() => ws.dispose());

  const run = (request: Parameters<typeof decide>[1], confinement?: Confinement, mode?: 'monitor'): ReturnType<typeof decide> => {
    if (mode) ws.policy(JSON.stringify({ ...JSON.parse(readFileSync(path.join(ws.root, '.airlock/policy.json'), 'utf8')), mode }));
    return decide(loadPolicy(ws.root, { env: {} }), request, confinement ? { confinement } : {});
  };
  const under = (root: string, rels: string[]) => (abs: string): boolean => rels.some((r) => abs === path.join(root, r) || abs.startsWith(`${path.join(root, r)}/`));
  const verified = (): Confinement => ({ kind: 'verified', masks: under(ws.root, ['infra']), freezes: under(ws.root, ['infra', 'db/001.sql']) });

  it('a read of a masked path and an edit of a frozen one are denied, with why and what a person can do', () => {
    const read = run({ action: 'read', paths: ['infra/main.tf'] }, verified());
    assert.equal(read.verdict, 'deny');
    assert.match(read.reason, /"infra\/main\.tf" is class "restricted".*the kernel masks it \(it reads as empty\).*open it yourself, or start the agent outside `airlock run` to be asked/);
    const edit = run({ action: 'edit', paths: ['db/001.sql'] }, verified());
    assert.equal(edit.verdict, 'deny');
    assert.match(edit.reason, /the kernel keeps it read-only.*edit it yourself/);
  });

  it('what the sandbox leaves readable or writable keeps its ask; allow and deny are unchanged', () => {
    const c: Confinement = { kind: 'verified', masks: () => false, freezes: () => false };
    assert.equal(run({ action: 'read', paths: ['infra/main.tf'] }, c).verdict, 'ask');
    assert.equal(run({ action: 'edit', paths: ['db/001.sql'] }, c).verdict, 'ask');
    assert.equal(run({ action: 'edit', paths: ['db/002.sql'] }, verified()).verdict, 'ask', 'a new file the kernel does not freeze');
    assert.equal(run({ action: 'read', paths: ['src/app.ts'] }, verified()).verdict, 'allow');
    assert.equal(run({ action: 'edit', paths: ['infra/main.tf'] }, verified()).reason.includes('kernel'), false, 'a policy deny keeps its reason');
  });

  it('only a verified sandbox: without one, under the shell rewrite, or for a shell command, the ask stays', () => {
    assert.equal(run({ action: 'read', paths: ['infra/main.tf'] }).verdict, 'ask');
    assert.equal(run({ action: 'read', paths: ['infra/main.tf'] }, { kind: 'rewrite', masks: () => true, masksShellReads: true }).verdict, 'ask');
    assert.equal(run({ action: 'edit', paths: ['db/001.sql'] }, { kind: 'rewrite', masks: () => true, masksShellReads: true }).verdict, 'ask');
    const shell = run({ action: 'execute', paths: [], command: 'cat infra/main.tf' }, verified());
    assert.doesNotMatch(shell.reason, /an approval could not/);
  });

  it('a read the kernel answers with the mask (masked for a live secret at the start) is denied even where the hook saw nothing', () => {
    const c: Confinement = { ...verified(), showsMask: under(ws.root, ['src/app.ts']) };
    const d = run({ action: 'read', paths: ['src/app.ts'] }, c);
    assert.equal(d.verdict, 'deny');
    assert.match(d.reason, /"src\/app\.ts" is masked inside `airlock run`.*empty mask, not the file/);
    assert.equal(run({ action: 'edit', paths: ['src/app.ts'] }, c).verdict, 'allow', 'writes are the kernel\'s to refuse; an allowed edit is unchanged');
    assert.equal(run({ action: 'read', paths: ['src/app.ts'] }, { kind: 'rewrite', masks: () => true, showsMask: () => true }).verdict, 'allow');
  });

  it('monitor mode allows and records what enforcement would do', () => {
    const d = run({ action: 'read', paths: ['infra/main.tf'] }, verified(), 'monitor');
    assert.equal(d.verdict, 'allow');
    assert.equal(d.enforcedVerdict, 'deny');
    assert.match(d.reason, /^monitor mode \(allowed; enforcement would deny\).*kernel masks it/);
  });
});
