// decide() under a confinement that masks every file a shell read may not reach (the rewrite into
// `airlock exec`): a shell command's folder reads and searches are not walked; what the parser
// names, writes, git forms and the client's own file tools keep their verdicts. Real files, the
// real secret scanner.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Confinement } from '../../../src/core/decide/confinement';
import { decide } from '../../../src/core/decide/decide';
import type { SecretCheck } from '../../../src/core/decide/scopeScan';
import { loadPolicy } from '../../../src/core/policy/loadPolicy';
import { probeFile } from '../../../src/core/secrets/secretProbe';
import { tempWorkspace, type TempWorkspace } from '../../helpers/tempWorkspace';
import { FakeTokens } from '../secrets/fakeTokens';

const POLICY = JSON.stringify({ version: 1, classes: { secret: { read: 'deny', edit: 'deny' } }, rules: [{ paths: ['**/.env'], class: 'secret' }] });

describe('decide: shell folder reads left to a sandbox that masks them', () => {
  let ws: TempWorkspace;
  let secretIn: (abs: string) => SecretCheck | null;
  const rewrite: Confinement = { kind: 'rewrite', masksShellReads: true, masks: () => true };
  beforeEach(() => {
    ws = tempWorkspace({ 'data/.env': 'A=1\n', 'data/readme.md': 'words\n', 'data/token.ts': `export const t = "${new FakeTokens(9).github()}";\n` });
    ws.policy(POLICY);
    secretIn = (abs) => {
      const v = probeFile(abs, ws.root);
      return v.kind === 'secret' ? { rule: v.rule, line: v.line } : v.kind === 'unscanned' ? { unscanned: v.reason } : null;
    };
  });
  afterEach(() => ws.dispose());

  const shell = (command: string, confinement?: Confinement) => decide(loadPolicy(ws.root), { action: 'execute', paths: [], command }, { secretIn, ...(confinement ? { confinement } : {}) });

  it('reads and searches of a folder are allowed without a walk, and the answer says why', () => {
    for (const command of ['grep -ra x data', 'rg -uuu x data', 'tar c data', 'cp -r data copy']) {
      const d = shell(command, rewrite);
      assert.equal(d.verdict, 'allow', command);
      assert.ok(d.paths.some((p) => /not walked: the command runs in Airlock's sandbox \(`airlock exec`\)/.test(p.reason)), command);
      // Without the sandbox the same command walks the folder and is refused.
      assert.notEqual(shell(command).verdict, 'allow', `${command} without a sandbox`);
    }
  });

  it('a protected path or a secret named outright keeps its deny and its explanation', () => {
    assert.equal(shell('cat data/.env', rewrite).verdict, 'deny');
    const d = shell('grep -a x data/token.ts', rewrite);
    assert.equal(d.verdict, 'deny');
    assert.match(d.reason, /holds a live secret/);
  });

  it('writes of a folder are still walked: a folder holding a protected file stays refused', () => {
    assert.equal(shell('rm -r data', rewrite).verdict, 'deny');
    assert.equal(shell(`mv data ${join(ws.root, 'moved')}`, rewrite).verdict, 'deny');
  });

  it("the client's own search tools are not the shell's: a Grep over the folder keeps its walk", () => {
    const d = decide(loadPolicy(ws.root), { action: 'search', paths: ['data'] }, { secretIn, confinement: rewrite });
    assert.equal(d.verdict, 'deny');
  });
});
