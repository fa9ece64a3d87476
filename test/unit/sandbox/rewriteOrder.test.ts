// A rewritten shell search is judged with the sandbox's masks first (sandboxDecision.ts), so the
// parser's pattern check is skipped when the masks already allow it. Attacked here: a search that
// reaches a file the sandbox does NOT mask (a live secret no rule names, a file the scanner cannot
// judge) beside a masked one must still print nothing from it. Real CLI, bubblewrap, real grep.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { buildCli, runCli } from '../../helpers/builtCli';
import { rewrittenCommand } from '../../helpers/hookAnswers';
import { hookPayload } from '../../helpers/hookPayloads';
import { leakedCanaries, sandboxTemplate } from '../../helpers/sandboxWorkspace';
import { FakeTokens } from '../secrets/fakeTokens';

describe('a rewritten search judged by the masks first cannot reach what they leave open', function () {
  this.timeout(300_000);
  let template: ReturnType<typeof sandboxTemplate>;
  let cache: string;
  const token = new FakeTokens(7).github();
  before(() => {
    buildCli();
    template = sandboxTemplate();
  });
  beforeEach(() => {
    cache = mkdtempSync(path.join(tmpdir(), 'airlock-cache-'));
  });
  afterEach(() => rmSync(cache, { recursive: true, force: true }));
  after(() => template.dispose());

  /** What the command the client then runs prints (nothing when the hook blocks it). */
  function searchOutput(ws: string, command: string): { verdict: string; out: string } {
    const env = { ...process.env, AIRLOCK_BASELINE: '', XDG_CACHE_HOME: cache };
    const r = runCli(['hook', '--client', 'copilot-cli'], { cwd: ws, env, input: JSON.stringify(hookPayload({ client: 'copilot-cli', tool: 'bash', input: { command } }, ws)) });
    const v = rewrittenCommand('copilot-cli', r);
    if (v.kind === 'blocked') return { verdict: 'blocked', out: '' };
    const ran = spawnSync('/bin/bash', ['-c', v.kind === 'rewrite' ? v.command : command], { cwd: ws, env, encoding: 'utf8' });
    return { verdict: v.kind, out: ran.stdout + ran.stderr };
  }

  function workspace(): string {
    const ws = template.fresh();
    mkdirSync(path.join(ws, 'notes'));
    // Masked by the policy's own rule (secrets/ and .env are protected in the example policy).
    writeFileSync(path.join(ws, 'notes/.env'), `ZEBRA_MARK=1\nAPI=${token}\n`);
    // Not named by any rule: a live token, and a file the scanner cannot judge.
    writeFileSync(path.join(ws, 'notes/creds.txt'), `export const key = "${token}";\n`);
    writeFileSync(path.join(ws, 'notes/big.log'), `${'x'.repeat(100)}\n`.repeat(45_000) + 'ZEBRA_UNSCANNED_CANARY\n');
    writeFileSync(path.join(ws, 'notes/readme.md'), 'ZEBRA notes for humans\n');
    return ws;
  }

  it('a live token in a file no rule names is not printed', () => {
    const ws = workspace();
    for (const command of [`grep -rn ghp_ notes`, `grep -rn ${token.slice(0, 12)} .`, 'grep -rn "" notes', 'cat notes/creds.txt']) {
      const { out } = searchOutput(ws, command);
      assert.ok(!out.includes(token), `${command} printed the token:\n${out}`);
      assert.deepEqual(leakedCanaries(out), [], command);
    }
  });

  it('a file the scanner cannot judge is not printed by a search that also reaches a masked file', () => {
    const ws = workspace();
    for (const command of ['grep -rna ZEBRA notes', 'grep -rnaI ZEBRA notes', 'grep -ra ZEBRA_UNSCANNED .', 'rg -a ZEBRA notes']) {
      const { out } = searchOutput(ws, command);
      assert.ok(!out.includes('ZEBRA_UNSCANNED_CANARY'), `${command} printed the unscanned file:\n${out}`);
    }
  });

  it('an ordinary search beside masked files still goes ahead, masked', () => {
    const ws = template.fresh();
    mkdirSync(path.join(ws, 'plain'));
    writeFileSync(path.join(ws, 'plain/.env'), 'ZEBRA_MARK=1\n');
    writeFileSync(path.join(ws, 'plain/readme.md'), 'ZEBRA notes for humans\n');
    const { verdict, out } = searchOutput(ws, 'grep -rn ZEBRA plain');
    assert.equal(verdict, 'rewrite');
    assert.match(out, /ZEBRA notes for humans/);
    assert.doesNotMatch(out, /ZEBRA_MARK/);
  });
});
