// A hard link is the protected file under another name. Planted by a program the hook could not
// see (a script the AI wrote and ran), it must not open the file to reads, searches, copies or
// edits, even from a scope that holds no protected file by name. decide() on real files; the real
// tools show each refused command would have printed the canary.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { linkSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { decide } from '../../../src/core/decide/decide';
import { loadPolicy } from '../../../src/core/policy/loadPolicy';
import type { PolicyEngine } from '../../../src/core/policy/policyEngine';
import { tempWorkspace, type TempWorkspace } from '../../helpers/tempWorkspace';

const CANARY = 'AIRLOCK_CANARY_ENV_3f9c1a';
const POLICY = JSON.stringify({
  version: 1,
  classes: { secret: { read: 'deny', edit: 'deny' }, restricted: { read: 'ask', edit: 'deny' } },
  rules: [{ paths: ['/infra/prod/'], class: 'restricted' }, { paths: ['**/.env', 'secrets/'], class: 'secret' }],
});

describe('decide: hard links of protected files carry their verdict (hook alone)', () => {
  let ws: TempWorkspace;
  let engine: PolicyEngine;
  beforeEach(() => {
    ws = tempWorkspace({
      '.env': `API_KEY=${CANARY}\n`,
      'secrets/signing.pem': `-----BEGIN KEY-----\n${CANARY}\n`,
      'infra/prod/main.tf': `# ${CANARY}\n`,
      'src/app.ts': 'export const port = 8080;\n',
      'docs/guide.md': '# Guide\n',
    });
    ws.policy(POLICY);
    mkdirSync(join(ws.root, 'lib'));
    linkSync(join(ws.root, '.env'), join(ws.root, 'src/notes.txt'));
    // A file inside a protected folder (the sandbox masks the folder as a whole).
    linkSync(join(ws.root, 'secrets/signing.pem'), join(ws.root, 'lib/key.txt'));
    linkSync(join(ws.root, 'infra/prod/main.tf'), join(ws.root, 'docs/main.txt'));
    engine = loadPolicy(ws.root, { env: {} });
  });
  afterEach(() => ws.dispose());

  const shell = (command: string) => decide(engine, { action: 'execute', paths: [], command, cwd: ws.root }, { home: '/home/nobody' });
  const printed = (command: string): string => {
    const r = spawnSync('/bin/bash', ['-c', command], { cwd: ws.root, encoding: 'utf8' });
    return `${r.stdout}${r.stderr}`;
  };

  it('a scope holding no protected file by name, only a link to one, is judged by the file (search, listing handed on, archive, copy)', () => {
    for (const c of ['grep -rn CANARY src', 'rg CANARY src', 'grep -rn "" lib', 'cat $(find src -type f)', 'find src -exec cat {} +', 'tar cf - src', 'cp -r src /tmp/airlock-hl-copy', 'ag -u CANARY lib']) {
      const d = shell(c);
      assert.equal(d.verdict, 'deny', `${c}: ${d.reason}`);
      assert.match(d.reason, /hard link to "(\.env|secrets\/signing\.pem)"/, c);
    }
    assert.ok(printed('grep -rn CANARY src').includes(CANARY), 'the link really gives up the content');
    // A link to a restricted (ask) file asks, like the file.
    assert.equal(shell('grep -rn CANARY docs').verdict, 'ask');
    // The file tools' searches too.
    assert.equal(decide(engine, { action: 'search', paths: ['src'], cwd: ws.root }).verdict, 'deny');
  });

  it('a pattern that matches nothing in the linked file still proceeds (it is checked like the file itself)', () => {
    const d = shell('grep -rn port src');
    assert.equal(d.verdict, 'allow', d.reason);
    assert.match(d.reason, /matches no line of the protected files it reaches \("src\/notes.txt"\)/);
    assert.ok(!printed('grep -rn port src').includes(CANARY));
  });

  it('the link named outright is read, written and edited as the protected file', () => {
    for (const c of ['cat src/notes.txt', 'head -1 lib/key.txt', 'echo x >> src/notes.txt', 'sed -i s/A/B/ src/notes.txt']) assert.equal(shell(c).verdict, 'deny', c);
    assert.equal(decide(engine, { action: 'read', paths: ['src/notes.txt'], cwd: ws.root }).verdict, 'deny');
    assert.equal(decide(engine, { action: 'edit', paths: ['lib/key.txt'], cwd: ws.root }).verdict, 'deny');
    assert.equal(decide(engine, { action: 'read', paths: ['docs/main.txt'], cwd: ws.root }).verdict, 'ask');
    // Ordinary files next to them are untouched.
    assert.equal(shell('cat src/app.ts docs/guide.md').verdict, 'allow');
  });

  it('hard links among ordinary files change nothing', () => {
    linkSync(join(ws.root, 'src/app.ts'), join(ws.root, 'docs/app-copy.ts'));
    const fresh = loadPolicy(ws.root, { env: {} });
    assert.equal(decide(fresh, { action: 'read', paths: ['docs/app-copy.ts'], cwd: ws.root }).verdict, 'allow');
    assert.equal(decide(fresh, { action: 'execute', paths: [], command: 'cat docs/app-copy.ts docs/guide.md', cwd: ws.root }, { home: '/home/nobody' }).verdict, 'allow');
  });
});
