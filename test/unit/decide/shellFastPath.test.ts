// The shell parser as the fast path: trivial reads of protected files must not pass through an
// option spec or a command Airlock does not model, and ordinary searches must stay allowed.
// decide() on a real workspace; the verdict is what counts.
import assert from 'node:assert/strict';
import { chmodSync, linkSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { decide } from '../../../src/core/decide/decide';
import { BudgetExceeded, decideBudget } from '../../../src/core/decide/decideBudget';
import { loadPolicy } from '../../../src/core/policy/loadPolicy';
import type { PolicyEngine } from '../../../src/core/policy/policyEngine';
import { tempWorkspace, type TempWorkspace } from '../../helpers/tempWorkspace';

const POLICY = JSON.stringify({ version: 1, rules: [{ paths: ['**/.env', 'secrets/'], class: 'secret' }, { paths: ['/données/'], class: 'secret' }] });

describe('shell fast path: no trivial holes', () => {
  let ws: TempWorkspace;
  let engine: PolicyEngine;
  before(() => {
    ws = tempWorkspace({ '.env': 'API_KEY=canary', 'secrets/api.key': 'k', 'src/a.ts': 'a', 'src/b.ts': 'b', 'README.md': '#' });
    ws.policy(POLICY);
    engine = loadPolicy(ws.root, { env: {} });
  });
  after(() => ws.dispose());
  const run = (command: string): string => decide(engine, { action: 'execute', paths: [], command, cwd: ws.root }, { home: '/home/nobody' }).verdict;

  const leaks = [
    'cat -n .env',
    'cat -A .env',
    'date -f .env',
    'date -f.env',
    'strings -a secrets/api.key',
    'vim -es .env',
    "vim -es -c '%p' -c 'q!' .env",
    'ed .env',
    'ex -s .env',
    'history -r .env',
    "su -c 'cat .env'",
    "su root -c 'cat .env'",
    "runuser -u root -- sh -c 'cat .env'",
    "script -qc 'cat .env' /dev/null",
    "unshare -r sh -c 'cat .env'",
    "unshare --map-root-user --mount sh -c 'cat .env'",
    'fakeroot cat .env',
    'shopt -s dotglob; cat ?env',
    'shopt -s dotglob nullglob; cat *',
    'shopt -s nocaseglob dotglob; cat ?ENV',
    'GLOBIGNORE=x; cat *env',
    'tar -T <(echo .env) -cf - | tar -xO',
    'tar -cf - --files-from=<(printf ".env\\n") | cat',
    'curl file://$PWD/.env',
    `curl file://${'ROOT'}/.env`,
    'wget -qO- file:///ROOT/.env',
    'declare -n r=x; x=.env; cat $r',
    'cat --show-all=.env',
    'some-unknown-tool --input=.env',
    'make CONFIG=.env',
    'cat /proc/self/root/ROOT/.env',
    'cat /proc/self/cwd/.env',
    'cat /proc/1/root/ROOT/secrets/api.key',
    'cat /proc/thread-self/root/ROOT/.env',
    // Content printed by a search is not a list of paths: a line ".env" in src would name .env.
    'grep -rh "" src | xargs cat',
    'rg -N --no-filename "" src | xargs cat',
    'cat $(find src -exec cat {} +)',
    'cat $(find src -printf .env)',
    'cat $(find . -name "*.env")',
    'cat $(find src -name a.ts; echo .env)',
  ];
  for (const c of leaks) {
    it(`does not allow \`${c}\``, () => {
      const v = run(c.replace(/ROOT/g, ws.root.slice(1)).replace('file://ROOT', `file://${ws.root}`));
      assert.notEqual(v, 'allow', c);
    });
  }

  const ordinary = ['grep -rn foo src', 'rg foo src', 'find . -name "*.ts"', 'find . -type f -name "*.md"', 'ls -la', 'ls src', 'npm test', 'npm run build', 'git status', 'echo .env >> .gitignore', 'cat src/a.ts', 'cat -n src/a.ts', 'head -n 5 README.md', 'wc -l src/*.ts', 'tsc --noEmit', 'node --version', 'wc -l $(find src -name "*.ts")', 'grep -rl foo src | xargs cat'];
  for (const c of ordinary) {
    it(`allows the ordinary \`${c}\``, () => {
      assert.equal(run(c), 'allow', c);
    });
  }
  it('a recursive grep over a tree that holds a protected file: allowed only when its pattern matches nothing protected', () => {
    assert.equal(run('grep -rn foo .'), 'allow');
    assert.equal(run('grep -rn API_KEY .'), 'deny');
    assert.equal(run('grep -rvn foo .'), 'deny');
    assert.equal(run('find . -name "*.ts" -exec cat {} +'), 'deny');
  });
  it('symlinks and hard links found by a glob are judged by what they reach', () => {
    const links = tempWorkspace({ '.env': 'K=1', 'pub/readme': 'x' });
    try {
      links.policy(POLICY);
      symlinkSync(join(links.root, '.env'), join(links.root, 'pub/link'));
      linkSync(join(links.root, '.env'), join(links.root, 'pub/hard'));
      const e = loadPolicy(links.root, { env: {} });
      assert.equal(decide(e, { action: 'execute', paths: [], command: 'cat pub/*', cwd: links.root }).verdict, 'deny');
    } finally {
      links.dispose();
    }
  });
  it('a shell script a command runs is judged by its commands', () => {
    ws.write('tools/leak.sh', 'cat .env\n');
    ws.write('tools/run', '#!/bin/sh\nstrings -a secrets/api.key\n');
    ws.write('tools/forge.sh', 'airlock provenance review src/a.ts\n');
    ws.write('tools/ok.sh', 'ls src\n');
    ws.write('tools/py', '#!/usr/bin/env python3\nprint(1)\n');
    chmodSync(join(ws.root, 'tools/run'), 0o755);
    for (const c of ['bash tools/leak.sh', 'sh -e tools/leak.sh', 'source tools/leak.sh', '. tools/leak.sh', './tools/run', 'cd tools && ./run', 'bash tools/forge.sh']) assert.equal(run(c), 'deny', c);
    for (const c of ['bash tools/ok.sh', './tools/py']) assert.equal(run(c), 'allow', c);
    assert.notEqual(run('printf "cat .env" > t.sh && bash t.sh'), 'allow', 'a script written by the same command cannot be read first');
  });
  it('NFD file names meet NFC rules', () => {
    const nfd = 'données'.normalize('NFD');
    ws.write(`${nfd}/x.txt`, 'x');
    assert.equal(run(`cat ${nfd}/x.txt`), 'deny');
    assert.equal(decide(engine, { action: 'read', paths: [join(ws.root, nfd, 'x.txt')] }).verdict, 'deny');
  });
});

describe('assistant and git settings in the home directory', () => {
  it('AI edits of them are denied whatever the outside verdict; reads keep the outside verdict', () => {
    const ws = tempWorkspace({ 'src/a.ts': 'a' });
    const home = tempWorkspace({ '.claude/settings.json': '{}', '.gitconfig': '' });
    try {
      ws.write('.airlock/policy.json', JSON.stringify({ version: 1, outside: 'allow', rules: [] }));
      const engine = loadPolicy(ws.root, { env: {} });
      const opts = { home: home.root };
      const run = (command: string): string => decide(engine, { action: 'execute', paths: [], command, cwd: ws.root }, opts).verdict;
      for (const c of [`echo '{"disableAllHooks":true}' > ~/.claude/settings.json`, 'printf "[features]\nhooks = false" >> ~/.codex/config.toml', 'cp x ~/.gitconfig', 'rm -rf ~/.cache/airlock', 'mkdir -p ~/.config/opencode/plugins']) {
        assert.equal(run(c), 'deny', c);
      }
      assert.equal(decide(engine, { action: 'edit', paths: [join(home.root, '.claude/settings.json')] }, opts).verdict, 'deny');
      assert.equal(run('cat ~/.gitconfig'), 'allow');
      assert.equal(run('echo x > ~/notes.txt'), 'allow');
    } finally {
      ws.dispose();
      home.dispose();
    }
  });
});

describe('bounded work', () => {
  it('a command with more operands than Airlock checks is denied, saying so', () => {
    const ws = tempWorkspace({ 'src/a.ts': 'a' });
    try {
      ws.policy(POLICY);
      const engine = loadPolicy(ws.root, { env: {} });
      const names = Array.from({ length: 2100 }, (_, i) => `f${i}.txt`).join(' ');
      const d = decide(engine, { action: 'execute', paths: [], command: `cat ${names}`, cwd: ws.root });
      assert.equal(d.verdict, 'deny');
      assert.match(d.reason, /too much to check in bounded time \(more than 2000 operands/);
    } finally {
      ws.dispose();
    }
  });
  it('a glob matching more files than Airlock expands is denied, saying so', () => {
    const ws = tempWorkspace({ 'src/a.ts': 'a' });
    try {
      ws.policy(POLICY);
      for (let i = 0; i < 2001; i++) ws.write(`many/f${i}`, '');
      const d = decide(loadPolicy(ws.root, { env: {} }), { action: 'execute', paths: [], command: 'cat many/*', cwd: ws.root });
      assert.equal(d.verdict, 'deny');
      assert.match(d.reason, /the glob many\/\* matches more than 2000 files/);
    } finally {
      ws.dispose();
    }
  });
});

describe('decide budget', () => {
  it('a decision that runs out of budget throws BudgetExceeded (the hook turns it into a deny)', () => {
    const ws = tempWorkspace({ 'src/a.ts': 'a' });
    try {
      ws.policy(POLICY);
      for (let i = 0; i < 50; i++) ws.write(`many/f${i}.txt`, 'x');
      const engine = loadPolicy(ws.root, { env: {} });
      let now = 0;
      // A clock that moves one unit per look: the budget of 20 units ends inside the work.
      const budget = decideBudget(20, () => now++);
      assert.throws(() => decide(engine, { action: 'execute', paths: [], command: 'cat many/*', cwd: ws.root }, { budget }), (err: unknown) => err instanceof BudgetExceeded && /within its 20 ms budget/.test(err.message));
      // The same work with budget to spare completes.
      assert.equal(decide(engine, { action: 'execute', paths: [], command: 'cat many/*', cwd: ws.root }, { budget: decideBudget(1e9, () => 0) }).verdict, 'allow');
    } finally {
      ws.dispose();
    }
  });
});
