// Other spellings of a protected name through the hook alone: a file stored in NFD named by a
// rule written in NFC (and the reverse spelling on the command line), and a letter-case variant of
// a protected folder. decide() on real files; real bash shows each refused command prints the file.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { decide } from '../../../src/core/decide/decide';
import { loadPolicy } from '../../../src/core/policy/loadPolicy';
import type { PolicyEngine } from '../../../src/core/policy/policyEngine';
import { tempWorkspace, type TempWorkspace } from '../../helpers/tempWorkspace';

const NFD = 'cle\u0301.txt';
const NFC = 'cl\u00e9.txt';

describe('decide: NFD/NFC and letter-case spellings of protected names (hook alone)', () => {
  let ws: TempWorkspace;
  let engine: PolicyEngine;
  beforeEach(() => {
    ws = tempWorkspace({ [NFD]: 'AIRLOCK_CANARY_NFD\n', 'src/a.ts': 'export {};\n', 'Secrets/x.txt': 'AIRLOCK_CANARY_CASE\n' });
    ws.policy(JSON.stringify({ version: 1, classes: { secret: { read: 'deny', edit: 'deny' } }, rules: [{ paths: [NFC, 'secrets/'], class: 'secret' }] }));
    engine = loadPolicy(ws.root, { env: {} });
  });
  afterEach(() => ws.dispose());

  const verdict = (command: string): string => decide(engine, { action: 'execute', paths: [], command, cwd: ws.root }, { home: '/home/nobody' }).verdict;
  const prints = (command: string): boolean => /AIRLOCK_CANARY/.test(spawnSync('/bin/bash', ['-c', command], { cwd: ws.root, encoding: 'utf8' }).stdout);

  it('a file stored in NFD is the NFC rule\'s file, however the command spells it', () => {
    for (const c of [`cat ${NFD}`, 'cat cl*.txt', "cat $'cle\\xcc\\x81.txt'", "cat $'cle\\u0301.txt'", 'cat *.txt', 'grep -rv zzz_nothing .', 'f=$(ls | grep cl); cat "$f"']) {
      assert.ok(prints(c), `${c} really prints the file`);
      assert.notEqual(verdict(c), 'allow', c);
    }
    for (const p of [NFD, NFC]) assert.equal(decide(engine, { action: 'read', paths: [p], cwd: ws.root }).verdict, 'deny', p);
  });

  it('a folder that differs from a protected one only by letter case counts as protected', () => {
    for (const c of ['cat Secrets/x.txt', 'cat [Ss]ecrets/*', 'grep -r CANARY Secrets', 'tar cf - Secrets']) {
      assert.equal(verdict(c), 'deny', c);
    }
    assert.ok(prints('cat Secrets/x.txt'));
    assert.equal(verdict('cat src/a.ts'), 'allow');
  });
});
