// The adversarial corpus (test/fixtures/sandbox-corpus/adversarial.json) against REAL masked
// execution: each form runs in its own copy of the example workspace, with canaries in every
// protected file, (1) directly under `airlock exec` (bubblewrap: the kernel alone), and (2) as an
// assistant would send it, through `airlock hook` and, where the hook rewrites it, the rewritten
// command run by a shell as the client runs it. No canary may appear in any output; no guarded
// file may change.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { ClientId } from '../../../src/core/words/clientTypes';
import { hookOnly } from '../../helpers/benignCorpus';
import { runCli } from '../../helpers/builtCli';
import { hookPayload } from '../../helpers/hookPayloads';
import { fingerprintChanges, guardedFingerprint, leakedCanaries, removeIfExists, sandboxSuite } from '../../helpers/sandboxWorkspace';
import { rewrittenCommand } from '../../helpers/hookAnswers';

interface AdversarialOp {
  readonly id: string;
  readonly kind: 'read' | 'write';
  readonly command: string;
  readonly note?: string;
}

const CORPUS = JSON.parse(readFileSync(path.resolve(__dirname, '../../fixtures/sandbox-corpus/adversarial.json'), 'utf8')) as { operations: AdversarialOp[] };
const SCRATCH = ['/tmp/airlock-adv-copy', '/tmp/airlock-adv-link', '/tmp/airlock-adv-policy', '/tmp/airlock-adv.patch', '/tmp/airlock-adv-pwn'];
/** Clients whose shell tool the hook rewrites (Claude Code relies on its own sandbox, which sync turns on). */
const REWRITING: readonly ClientId[] = ['copilot-cli', 'codex', 'opencode', 'vscode', 'copilot-cli-vscode'];
const SHELL_TOOL: Record<string, string> = { 'copilot-cli': 'bash', codex: 'Bash', opencode: 'bash', vscode: 'run_in_terminal', 'copilot-cli-vscode': 'Bash' };

function bash(command: string, cwd: string): { output: string; status: number | null } {
  const r = spawnSync('/bin/bash', ['-c', command], { cwd, encoding: 'utf8', timeout: 30_000, env: { ...process.env } });
  return { output: `${r.stdout}${r.stderr}`, status: r.status };
}

describe('adversarial corpus under real masked execution (bubblewrap)', function () {
  const template = sandboxSuite(this, 600_000);
  afterEach(() => SCRATCH.forEach(removeIfExists));

  it(`holds ${CORPUS.operations.length} forms`, () => {
    assert.ok(CORPUS.operations.length >= 50);
  });

  for (const op of CORPUS.operations) {
    it(`airlock exec: ${op.id} ${op.command}`, () => {
      const ws = template.fresh();
      const before = guardedFingerprint(ws);
      const r = runCli(['exec', '--', '/bin/bash', '-c', op.command], { cwd: ws, timeout: 30_000 });
      const output = `${r.stdout}${r.stderr}`;
      assert.deepEqual(leakedCanaries(output), [], `leaked:\n${output}`);
      assert.deepEqual(fingerprintChanges(before, guardedFingerprint(ws)), []);
      // A form that leaves a copy behind must not have copied protected content either.
      for (const f of ['/tmp/airlock-adv-copy', '/tmp/airlock-adv-policy']) {
        try {
          assert.deepEqual(leakedCanaries(readFileSync(f, 'utf8')), []);
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
        }
      }
    });
  }

  CORPUS.operations.forEach((op, i) => {
    const client = REWRITING[i % REWRITING.length];
    it(`through the ${client} hook: ${op.id} ${op.command}`, () => {
      const ws = template.fresh();
      const before = guardedFingerprint(ws);
      const input: Record<string, unknown> = { command: op.command };
      const hook = runCli(['hook', '--client', client], { cwd: ws, input: JSON.stringify(hookPayload({ client, tool: SHELL_TOOL[client], input }, ws, i)) });
      const verdict = rewrittenCommand(client, hook);
      let output = `${hook.stdout}${hook.stderr}`;
      if (verdict.kind === 'allow') {
        assert.fail(`the hook let the command run without the sandbox: ${hook.stdout}`);
      } else if (verdict.kind === 'rewrite') {
        // The client runs the rewritten command in its shell (with the user's approval for an ask).
        output += bash(verdict.command, ws).output;
      }
      assert.deepEqual(leakedCanaries(output), [], `leaked:\n${output}`);
      assert.deepEqual(fingerprintChanges(before, guardedFingerprint(ws)), []);
    });
  });

  // The hook with nothing behind it (`"shellSandbox": "off"`; Claude Code's Bash with its own
  // sandbox off): what it allows runs as written. Searches it lets through by their pattern must
  // print no canary either.
  CORPUS.operations.forEach((op, i) => {
    const client: ClientId = i % 2 === 0 ? 'claude-code' : REWRITING[i % REWRITING.length];
    it(`through the ${client} hook alone: ${op.id} ${op.command}`, () => {
      const ws = hookOnly(template.fresh());
      const before = guardedFingerprint(ws);
      const hook = runCli(['hook', '--client', client], { cwd: ws, input: JSON.stringify(hookPayload({ client, tool: client === 'claude-code' ? 'Bash' : SHELL_TOOL[client], input: { command: op.command } }, ws, i)) });
      const verdict = rewrittenCommand(client, hook);
      assert.notEqual(verdict.kind, 'rewrite', 'rewritten although the policy says "shellSandbox": "off"');
      // The hook-alone sweep (ids h…): each is refused outright (deny or ask), since some print the
      // content in a shape the canary check cannot see (`cmp -l` prints octal bytes).
      if (op.id.startsWith('h')) assert.equal(verdict.kind, 'blocked', `the hook alone let it run: ${hook.stdout}`);
      const output = `${hook.stdout}${hook.stderr}${verdict.kind === 'allow' ? bash(op.command, ws).output : ''}`;
      assert.deepEqual(leakedCanaries(output), [], `leaked:\n${output}`);
      assert.deepEqual(fingerprintChanges(before, guardedFingerprint(ws)), []);
    });
  });
});
