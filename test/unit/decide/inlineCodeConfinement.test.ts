// Inline code (`node -e`, `python3 -c`, `perl -e`, `ruby -e`) is opaque to the parser. The hook alone
// asks; where Airlock's sandbox stands behind the command (a verified `airlock run`, or the rewrite
// into `airlock exec`), the kernel confines what it does with files, and decide() allows it — unless
// git history, which no mask covers, holds a protected file the program could print through git.
import * as assert from 'node:assert/strict';
import type { Confinement } from '../../../src/core/decide/confinement';
import { decide } from '../../../src/core/decide/decide';
import { loadPolicy } from '../../../src/core/policy/loadPolicy';
import { gitFactsFor } from '../../../src/core/workspace/gitFacts';
import { tempWorkspace, type TempWorkspace } from '../../helpers/tempWorkspace';

const INLINE = [
  `node -e "console.log(require('fs').readdirSync('src').length)"`,
  `python3 -c 'import json,sys; print(json.load(open("package.json"))["name"])'`,
  `perl -e 'print 1+1'`,
  `ruby -e 'puts Dir.glob("src/*").size'`,
  `python3 - <<'EOF'\nprint(sum(range(10)))\nEOF`,
];

describe('decide(): inline code under the sandbox', () => {
  let ws: TempWorkspace;
  beforeEach(() => {
    ws = tempWorkspace({ '.env': 'A=1', 'src/app.ts': 'x', 'package.json': '{"name":"p"}', 'vendor/lib.js': 'v' });
    ws.policy(JSON.stringify({ version: 1, classes: { generated: { read: 'allow', edit: 'deny' } }, rules: [{ paths: ['**/.env'], class: 'secret' }, { paths: ['/vendor/'], class: 'generated' }], shell: 'ask' }));
    ws.git('init', '-q');
    ws.write('.git/info/exclude', '.env\n');
    ws.git('add', '-A');
    ws.git('commit', '-qm', 'initial');
  });
  afterEach(() => ws.dispose());

  const verified: Confinement = { kind: 'verified', masks: () => true };
  const rewrite: Confinement = { kind: 'rewrite', masksShellReads: true, masks: () => true };
  const run = (command: string, confinement?: Confinement): ReturnType<typeof decide> =>
    decide(loadPolicy(ws.root, { env: {} }), { action: 'execute', paths: [], command }, { git: gitFactsFor(ws.root), ...(confinement ? { confinement } : {}) });

  it('the hook alone asks (the policy\'s shell verdict): it cannot tell which files the code reaches', () => {
    for (const c of INLINE) {
      const d = run(c);
      assert.equal(d.verdict, 'ask', c);
      assert.match(d.reason, /cannot tell with confidence/);
    }
  });

  for (const [name, c] of [['a verified airlock run', verified], ['the rewrite into airlock exec', rewrite]] as const) {
    it(`${name}: allowed, and the answer says the kernel enforces it`, () => {
      for (const cmd of INLINE) {
        const d = run(cmd, c);
        assert.equal(d.verdict, 'allow', `${cmd}: ${d.reason}`);
        assert.match(d.reason, /runs (inline code|a program from a here-document).*allowed because .*sandbox.*\(kernel-enforced\)/s, cmd);
      }
    });
  }

  it('a rewrite that does not mask shell reads is not enough (a search relaxation alone confines nothing else)', () => {
    assert.equal(run(INLINE[0], { kind: 'rewrite', masks: () => true }).verdict, 'ask');
  });

  it('a protected path named in the code keeps its deny, confined or not', () => {
    for (const cmd of [`node -e "require('fs').readFileSync('.env')"`, `python3 -c 'open(".env").read()'`]) {
      assert.equal(run(cmd, verified).verdict, 'deny', cmd);
      assert.equal(run(cmd, rewrite).verdict, 'deny', cmd);
    }
  });

  it('other doubts in the same command keep the shell verdict (only inline code is the kernel\'s)', () => {
    assert.equal(run(`node -e 1; eval "$X"`, verified).verdict, 'ask');
  });

  it('git history holding a protected file: inline code could print it through git, so it is not left to the sandbox (the `shell` verdict, as with the hook alone)', () => {
    ws.git('add', '-f', '.env');
    ws.git('commit', '-qm', 'oops, a secret');
    ws.git('rm', '-q', '--cached', '.env');
    ws.git('commit', '-qm', 'removed again');
    const d = run(`node -e "require('child_process').execSync('git log -p')"`, rewrite);
    assert.equal(d.verdict, 'ask', d.reason);
    assert.match(d.reason, /"shell"\); inline code is not left to Airlock's sandbox: it can run git, and git history is not masked .*\.env/s);
  });

  it('outside a git repository there is no history to print', () => {
    ws.dispose();
    ws = tempWorkspace({ '.env': 'A=1', 'src/app.ts': 'x' });
    ws.policy(JSON.stringify({ version: 1, rules: [{ paths: ['**/.env'], class: 'secret' }] }));
    const d = decide(loadPolicy(ws.root, { env: {} }), { action: 'execute', paths: [], command: INLINE[2] }, { confinement: rewrite });
    assert.equal(d.verdict, 'allow', d.reason);
  });
});
