// A rewritten shell call's folder reads are not walked by the hook: `airlock exec` masks every
// file a shell read may not reach. Attacked here through the real hook, the real `airlock exec`
// (bubblewrap) and real grep / ripgrep / tar / cp: a folder holding (a) a 5 MB file with a key
// (too large to scan), (b) a secret live only at the policy's lower `secretsConfidence`, (c) a
// file that becomes a live secret after the hook answered. No secret may come out, and the
// ordinary file beside them must (the command really ran). Where nothing is rewritten
// (`"shellSandbox": "off"`), the hook walks the folder and refuses, as before.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { scanText } from '../../../src/core/secrets/scanText';
import { runCli } from '../../helpers/builtCli';
import { rewrittenCommand } from '../../helpers/hookAnswers';
import { hookPayload } from '../../helpers/hookPayloads';
import { leakedCanaries, sandboxSuite } from '../../helpers/sandboxWorkspace';
import { FakeTokens } from '../secrets/fakeTokens';

const tokens = new FakeTokens(41);
const BIG_KEY = tokens.github();
const LATE_KEY = tokens.github();
const generic = (value: string): string => `password = "${value}"\n`;
const genericConfidence = (value: string): number => scanText(generic(value), 'data/settings.conf').find((f) => f.rule === 'generic-secret')?.confidence ?? 0;
/** A keyword/entropy secret the scanner is 0.5–0.9 sure of: live only under the policy's lower `secretsConfidence` (the first such value of a fixed sequence). */
const GENERIC_VALUE = Array.from({ length: 50 }, () => tokens.chars('abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789', 16)).find((v) => genericConfidence(v) >= 0.5 && genericConfidence(v) < 0.9) ?? '';
const GENERIC = generic(GENERIC_VALUE);
const ORDINARY = 'ZEBRA ordinary notes for humans';

describe('a rewritten shell read of a folder is judged by the kernel, not walked by the hook', function () {
  const suite = sandboxSuite(this, 300_000);
  let cache: string;
  beforeEach(() => {
    cache = mkdtempSync(path.join(tmpdir(), 'airlock-cache-'));
  });
  afterEach(() => rmSync(cache, { recursive: true, force: true }));

  function env(): NodeJS.ProcessEnv {
    return { ...process.env, AIRLOCK_BASELINE: '', XDG_CACHE_HOME: cache };
  }

  /** The example workspace with `data/` and the policy's `secretsConfidence` lowered to 0.5. */
  function workspace(policyExtra = ''): string {
    const ws = suite.fresh();
    const policyFile = path.join(ws, '.airlock/policy.json');
    writeFileSync(policyFile, readFileSync(policyFile, 'utf8').replace('"version": 1,', `"version": 1, "secretsConfidence": 0.5,${policyExtra}`));
    mkdirSync(path.join(ws, 'data'));
    writeFileSync(path.join(ws, 'data/readme.md'), `${ORDINARY}\n`);
    // (a) 5 MB: larger than the secret scanner reads.
    writeFileSync(path.join(ws, 'data/dump.log'), `${'x'.repeat(99)}\n`.repeat(50_000) + `key=${BIG_KEY}\n`);
    // (b) live at 0.5, not at the default 0.9.
    writeFileSync(path.join(ws, 'data/settings.conf'), GENERIC);
    // (c) clean when the hook answers.
    writeFileSync(path.join(ws, 'data/later.txt'), 'nothing here yet\n');
    return ws;
  }

  /** The hook's answer, then (after `between`) what the client runs: the rewrite, or nothing. */
  function run(ws: string, command: string, between?: () => void): { kind: string; answer: string; out: string } {
    const r = runCli(['hook', '--client', 'copilot-cli'], { cwd: ws, env: env(), input: JSON.stringify(hookPayload({ client: 'copilot-cli', tool: 'bash', input: { command } }, ws)) });
    const v = rewrittenCommand('copilot-cli', r);
    if (v.kind !== 'rewrite') return { kind: v.kind, answer: r.stdout, out: '' };
    between?.();
    const ran = spawnSync('/bin/bash', ['-c', v.command], { cwd: ws, env: env(), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    return { kind: v.kind, answer: r.stdout, out: ran.stdout + ran.stderr };
  }

  function assertNoSecret(out: string, command: string): void {
    for (const secret of [BIG_KEY, LATE_KEY, GENERIC_VALUE]) assert.ok(!out.includes(secret), `${command} printed a secret:\n${out.slice(-2000)}`);
    assert.deepEqual(leakedCanaries(out), [], command);
  }

  const COMMANDS = ['grep -ra "" data', 'rg -uuu "" data', 'tar c data | tar xO', 'cp -r data copy; grep -ra "" copy'];

  it('the premise: the generic secret is live at 0.5 and not at the default 0.9', () => {
    assert.notEqual(GENERIC_VALUE, '');
    const confidence = genericConfidence(GENERIC_VALUE);
    assert.ok(confidence >= 0.5 && confidence < 0.9, `confidence ${confidence}`);
  });

  for (const command of COMMANDS) {
    it(`\`${command}\`: allowed and rewritten without a walk; (a), (b), (c) stay unreadable`, () => {
      const ws = workspace();
      const late = (): void => writeFileSync(path.join(ws, 'data/later.txt'), `const t = "${LATE_KEY}";\n`);
      const { kind, answer, out } = run(ws, command, late);
      assert.equal(kind, 'rewrite', answer);
      assert.match(answer, /not walked/);
      assertNoSecret(out, command);
      assert.ok(out.includes(ORDINARY), `${command} did not run as asked:\n${out.slice(-2000)}`);
    });
  }

  it('not rewritten ("shellSandbox": "off"): the hook walks the folder and refuses, as strict as before', () => {
    const ws = workspace(' "shellSandbox": "off",');
    for (const command of COMMANDS) {
      const { kind } = run(ws, command);
      assert.equal(kind, 'blocked', command);
    }
  });

  it('a protected path named outright keeps its fast deny with the explanation', () => {
    const ws = workspace();
    const r = runCli(['hook', '--client', 'copilot-cli'], { cwd: ws, env: env(), input: JSON.stringify(hookPayload({ client: 'copilot-cli', tool: 'bash', input: { command: 'grep -ra "" data/settings.conf secrets' } }, ws)) });
    const v = rewrittenCommand('copilot-cli', r);
    assert.equal(v.kind, 'blocked');
    assert.match(v.kind === 'blocked' ? v.reason : '', /secrets|live secret/);
  });
});
