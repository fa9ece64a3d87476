// Hard links the work-tree index used to miss: links kept in installed packages (`node_modules`),
// protected files that live there or in `.git`, and links outside the workspace (a backup made
// with `cp -al`). decide() on real files, with the hook alone behind it; the real tools show that
// each refused command would have printed the canary. Installed packages hard-linked to a store
// outside the workspace (pnpm) must not be refused for it.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { linkSync, mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BudgetExceeded, decideBudget } from '../../../src/core/decide/decideBudget';
import { decide } from '../../../src/core/decide/decide';
import { loadPolicy } from '../../../src/core/policy/loadPolicy';
import { tempWorkspace, type TempWorkspace } from '../../helpers/tempWorkspace';

const CANARY = 'AIRLOCK_CANARY_ENV_3f9c1a';
const PKG_CANARY = 'AIRLOCK_CANARY_PKG_91d0be';

function policy(outside: 'allow' | 'ask'): string {
  return JSON.stringify({
    version: 1,
    outside,
    classes: { secret: { read: 'deny', edit: 'deny' } },
    rules: [{ paths: ['**/.env', 'secrets/', '*.key'], class: 'secret' }],
  });
}

describe('decide: hard links in node_modules, in .git and outside the workspace (hook alone)', () => {
  let ws: TempWorkspace;
  let outside: string;
  beforeEach(() => {
    ws = tempWorkspace({
      '.env': `API_KEY=${CANARY}\n`,
      'src/app.ts': 'export const port = 8080;\n',
      'node_modules/left-pad/index.js': 'module.exports = (s) => s;\n',
    });
    outside = realpathSync(mkdtempSync(join(tmpdir(), 'airlock-outside-')));
  });
  afterEach(() => {
    ws.dispose();
    rmSync(outside, { recursive: true, force: true });
  });

  const engineFor = (o: 'allow' | 'ask') => {
    ws.policy(policy(o));
    return loadPolicy(ws.root, { env: {} });
  };
  const shell = (o: 'allow' | 'ask', command: string) => decide(engineFor(o), { action: 'execute', paths: [], command, cwd: ws.root }, { home: '/home/nobody' });
  const printed = (command: string): string => {
    const r = spawnSync('/bin/bash', ['-c', command], { cwd: ws.root, encoding: 'utf8' });
    return `${r.stdout}${r.stderr}`;
  };

  it('a link kept inside node_modules is judged by the file it is, however the folder is read', () => {
    linkSync(join(ws.root, '.env'), join(ws.root, 'node_modules/left-pad/notes.txt'));
    for (const c of ['grep -rv zzz_nothing node_modules', "grep -r '' node_modules", 'grep -rh . node_modules/left-pad', 'tar cf - node_modules', 'find node_modules -type f -exec cat {} +', 'cat node_modules/left-pad/notes.txt']) {
      const d = shell('ask', c);
      assert.equal(d.verdict, 'deny', `${c}: ${d.reason}`);
      assert.match(d.reason, /hard link to "\.env"/, c);
    }
    assert.ok(printed('grep -rv zzz_nothing node_modules/left-pad').includes(CANARY), 'the link really gives up the content');
    assert.equal(decide(engineFor('ask'), { action: 'search', paths: ['node_modules/left-pad'], cwd: ws.root }).verdict, 'deny');
  });

  it('past the first files of a large node_modules, a link is still found (the index says links exist), and without one the search proceeds', () => {
    for (let i = 0; i < 400; i++) writeFileSync(join(ws.root, `node_modules/left-pad/f${i}.js`), `module.exports = ${i};\n`);
    assert.equal(shell('ask', 'grep -rn exports node_modules').verdict, 'allow');
    linkSync(join(ws.root, '.env'), join(ws.root, 'node_modules/left-pad/f399-notes.txt'));
    const d = shell('ask', 'grep -rv zzz_nothing node_modules');
    assert.equal(d.verdict, 'deny', d.reason);
    assert.match(d.reason, /hard link to "\.env"/);
  });

  it('a protected file inside node_modules or .git carries its verdict to its links in the work tree', () => {
    ws.write('node_modules/vendor/.env', `TOKEN=${PKG_CANARY}\n`);
    ws.write('.git/info/deploy.key', `${PKG_CANARY}\n`);
    linkSync(join(ws.root, 'node_modules/vendor/.env'), join(ws.root, 'src/vendor-notes.txt'));
    linkSync(join(ws.root, '.git/info/deploy.key'), join(ws.root, 'src/deploy.txt'));
    for (const c of ['cat src/vendor-notes.txt', 'cat src/deploy.txt', 'grep -rv zzz_nothing src', 'cp src/deploy.txt /tmp/x']) {
      const d = shell('ask', c);
      assert.equal(d.verdict, 'deny', `${c}: ${d.reason}`);
      assert.match(d.reason, /hard link to "(node_modules\/vendor\/\.env|\.git\/info\/deploy\.key)"/, c);
    }
    assert.ok(printed('cat src/vendor-notes.txt src/deploy.txt').includes(PKG_CANARY));
    assert.equal(decide(engineFor('ask'), { action: 'read', paths: ['src/deploy.txt'], cwd: ws.root }).verdict, 'deny');
  });

  it('a link outside the workspace is the protected file, even where the policy allows outside paths', () => {
    linkSync(join(ws.root, '.env'), join(outside, 'env.bak'));
    writeFileSync(join(outside, 'readme.txt'), 'nothing here\n');
    for (const c of [`cat ${outside}/env.bak`, `cat ${outside}/*`, `grep -rv zzz_nothing ${outside}`, `tar cf - ${outside}`, `cp -r ${outside} /tmp/airlock-copy`]) {
      const d = shell('allow', c);
      assert.equal(d.verdict, 'deny', `${c}: ${d.reason}`);
      assert.match(d.reason, /hard link to "\.env" in the workspace/, c);
    }
    assert.ok(printed(`cat ${outside}/env.bak`).includes(CANARY), 'the outside link really reads the file');
    assert.equal(decide(engineFor('allow'), { action: 'read', paths: [join(outside, 'env.bak')], cwd: ws.root }).verdict, 'deny');
    // Writing through it changes the protected file as well.
    assert.equal(shell('allow', `echo x >> ${outside}/env.bak`).verdict, 'deny');
    assert.equal(decide(engineFor('allow'), { action: 'edit', paths: [join(outside, 'env.bak')], cwd: ws.root }).verdict, 'deny');
    assert.equal(decide(engineFor('allow'), { action: 'search', paths: [outside], cwd: ws.root }).verdict, 'deny');
    // Ordinary outside files next to it keep the policy's "outside" verdict.
    assert.equal(shell('allow', `cat ${outside}/readme.txt`).verdict, 'allow');
  });

  it('with every name of the protected files inside the workspace, outside folders are not walked and keep the "outside" verdict', () => {
    linkSync(join(ws.root, '.env'), join(ws.root, 'src/notes.txt'));
    writeFileSync(join(outside, 'readme.txt'), 'nothing here\n');
    assert.equal(shell('allow', `grep -r nothing ${outside}`).verdict, 'allow');
    assert.equal(decide(engineFor('allow'), { action: 'search', paths: [outside], cwd: ws.root }).verdict, 'allow');
  });

  it('a folder outside that holds the workspace reaches all of it (`grep -r x ..`)', () => {
    for (const c of ['grep -rv zzz_nothing ..', `grep -r API_KEY ${ws.root}/..`, 'tar cf /tmp/airlock-all.tar ..']) {
      const d = shell('allow', c);
      assert.equal(d.verdict, 'deny', `${c}: ${d.reason}`);
      assert.match(d.reason, /holds the workspace/, c);
    }
    assert.equal(shell('allow', 'rm -rf ..').verdict, 'deny');
  });

  it('installed packages hard-linked to a store outside the workspace (pnpm) are read and searched as before', () => {
    const store = join(outside, 'store');
    mkdirSync(store);
    writeFileSync(join(store, 'index.js'), 'module.exports = 42;\n');
    mkdirSync(join(ws.root, 'node_modules/.pnpm/answer/node_modules/answer'), { recursive: true });
    linkSync(join(store, 'index.js'), join(ws.root, 'node_modules/.pnpm/answer/node_modules/answer/index.js'));
    for (const c of ['cat node_modules/.pnpm/answer/node_modules/answer/index.js', 'grep -rn exports node_modules/.pnpm', 'grep -rn port src']) assert.equal(shell('ask', c).verdict, 'allow', c);
  });

  it('an outside walk that runs out of budget is a deny, not an allow', () => {
    // The link is somewhere else on the disk; the folder searched has many folders to walk.
    const elsewhere = realpathSync(mkdtempSync(join(tmpdir(), 'airlock-elsewhere-')));
    try {
      linkSync(join(ws.root, '.env'), join(elsewhere, 'env.bak'));
      for (let i = 0; i < 50; i++) mkdirSync(join(outside, `d${i}`));
      // Walked to the end, the folder holds no link: allowed.
      assert.equal(decide(engineFor('allow'), { action: 'search', paths: [outside], cwd: ws.root }, { budget: decideBudget(60_000) }).verdict, 'allow');
      // A clock that moves one tick per check: the walk cannot finish, so no allow comes out.
      let now = 0;
      const budget = decideBudget(40, () => (now += 1));
      assert.throws(() => decide(engineFor('allow'), { action: 'search', paths: [outside], cwd: ws.root }, { budget }), (err: unknown) => err instanceof BudgetExceeded);
    } finally {
      rmSync(elsewhere, { recursive: true, force: true });
    }
  });
});
