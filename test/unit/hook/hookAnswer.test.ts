// Airlock's answers, read back the way each client reads them.
import * as assert from 'node:assert/strict';
import { CLIENT_IDS, type ClientId } from '../../../src/core/words/clientTypes';
import { formatFailClosedAnswer, formatHookAnswer, type HookOutput } from '../../../src/core/hook/hookAnswer';
import type { HookEventKind } from '../../../src/core/hook/hookEventTypes';
import { readOpencode, readPreTool, readPrompt, type ClientReading } from './clientReaders';

const REASON = '.env is classified secret: AI may not read it (rule .airlock/policy.json:7)';
const pre = { event: 'pre-tool' as const };
const prompt = { event: 'prompt' as const };

function stdoutJson(o: HookOutput): unknown {
  return JSON.parse(o.stdout) as unknown;
}

/** What each client should end up doing with a tool call, per verdict. */
const PRE_TOOL_EXPECTED: Readonly<Record<ClientId, Readonly<Record<'allow' | 'ask' | 'deny', ClientReading>>>> = {
  'claude-code': { allow: 'none', ask: 'ask', deny: 'deny' },
  vscode: { allow: 'none', ask: 'ask', deny: 'deny' },
  'copilot-cli': { allow: 'none', ask: 'ask', deny: 'deny' },
  'copilot-cli-vscode': { allow: 'none', ask: 'ask', deny: 'deny' },
  codex: { allow: 'none', ask: 'deny', deny: 'deny' }, // Codex cannot ask
  opencode: { allow: 'none', ask: 'deny', deny: 'deny' }, // the plugin cannot ask
};

describe('hook: formatHookAnswer as each client reads it', () => {
  for (const client of CLIENT_IDS) {
    for (const verdict of ['allow', 'ask', 'deny'] as const) {
      it(`${client} pre-tool ${verdict} → ${PRE_TOOL_EXPECTED[client][verdict]}`, () => {
        const o = formatHookAnswer(client, pre, { verdict, reason: REASON });
        assert.equal(readPreTool(client, o), PRE_TOOL_EXPECTED[client][verdict]);
        assert.equal(o.enforced, verdict !== 'allow');
        if (verdict !== 'allow') assert.ok(`${o.stdout}${o.stderr}`.includes(REASON), 'the reason must reach the client');
      });

      it(`${client} prompt ${verdict}`, () => {
        const o = formatHookAnswer(client, prompt, { verdict, reason: REASON });
        const canBlock = client !== 'copilot-cli' && client !== 'copilot-cli-vscode';
        assert.equal(readPrompt(client, o), verdict !== 'allow' && canBlock ? 'block' : 'submit');
        // Never claim a block the client does not enforce.
        assert.equal(o.enforced, verdict !== 'allow' && canBlock);
      });
    }

    for (const kind of ['post-tool', 'post-tool-failure', 'stop', 'session-start', 'other'] as const) {
      it(`${client} ${kind} deny never blocks (the tool ran; a stop block would loop)`, () => {
        const o = formatHookAnswer(client, { event: kind }, { verdict: 'deny', reason: REASON });
        assert.equal(o.exitCode, 0);
        assert.equal(o.enforced, false);
        if (client === 'opencode') assert.equal(readOpencode(o), 'run');
        assert.ok(`${o.stdout}${o.stderr}`.includes(REASON));
        if (kind === 'stop' || kind === 'session-start' || kind === 'other') {
          assert.ok(!o.stdout.includes('"decision"'), 'a decision on Stop would force the agent to continue');
        }
      });
    }
  }

  describe('field by field', () => {
    it('allow prints nothing, so the client keeps its own permission prompts', () => {
      for (const client of CLIENT_IDS.filter((c) => c !== 'opencode')) {
        for (const event of [pre, prompt, { event: 'post-tool' as const }]) {
          assert.deepEqual(formatHookAnswer(client, event, { verdict: 'allow', reason: 'fine' }), { stdout: '', stderr: '', exitCode: 0, enforced: false });
        }
      }
    });

    it('claude-code deny: exit 2 with the reason on stderr (JSON deny alongside, ignored at exit 2)', () => {
      const o = formatHookAnswer('claude-code', pre, { verdict: 'deny', reason: REASON, userMessage: 'Ask security for an exception.' });
      assert.equal(o.exitCode, 2);
      assert.equal(o.stderr, `${REASON}\nAsk security for an exception.`);
      assert.deepEqual(stdoutJson(o), { hookSpecificOutput: { hookEventName: 'PreToolUse', permissionDecision: 'deny', permissionDecisionReason: REASON } });
    });

    it('claude-code ask: hookSpecificOutput ask, exit 0, user message as systemMessage', () => {
      const o = formatHookAnswer('claude-code', pre, { verdict: 'ask', reason: REASON, userMessage: 'Restricted file' });
      assert.equal(o.exitCode, 0);
      assert.equal(o.stderr, '');
      assert.deepEqual(stdoutJson(o), {
        hookSpecificOutput: { hookEventName: 'PreToolUse', permissionDecision: 'ask', permissionDecisionReason: REASON },
        systemMessage: 'Restricted file',
      });
    });

    it('codex deny and ask: exit 2 with a non-empty stderr reason', () => {
      const deny = formatHookAnswer('codex', pre, { verdict: 'deny', reason: '' });
      assert.equal(deny.exitCode, 2);
      assert.equal(deny.stderr, 'Blocked by the Airlock policy.');
      const ask = formatHookAnswer('codex', pre, { verdict: 'ask', reason: REASON });
      assert.equal(ask.exitCode, 2);
      assert.equal(ask.stderr, `Needs approval, and Codex hooks cannot ask: ${REASON}`);
      assert.ok(!ask.stdout.includes('"ask"'), 'Codex treats permissionDecision ask as a failed hook');
    });

    it('vscode deny: JSON hookSpecificOutput with exit 0 (exit 2 would abort the whole request)', () => {
      const o = formatHookAnswer('vscode', pre, { verdict: 'deny', reason: REASON, userMessage: 'See the Airlock view' });
      assert.equal(o.exitCode, 0);
      assert.deepEqual(stdoutJson(o), {
        hookSpecificOutput: { hookEventName: 'PreToolUse', permissionDecision: 'deny', permissionDecisionReason: REASON },
        systemMessage: 'See the Airlock view',
      });
    });

    it('copilot-cli deny: flat permissionDecision, exit 0 so the model sees the reason', () => {
      const o = formatHookAnswer('copilot-cli', pre, { verdict: 'deny', reason: REASON });
      assert.equal(o.exitCode, 0);
      assert.deepEqual(stdoutJson(o), { permissionDecision: 'deny', permissionDecisionReason: REASON });
    });

    it('copilot-cli-vscode deny: flat fields and hookSpecificOutput, the same decision in both', () => {
      const o = formatHookAnswer('copilot-cli-vscode', pre, { verdict: 'deny', reason: REASON });
      assert.equal(o.exitCode, 0);
      assert.deepEqual(stdoutJson(o), {
        permissionDecision: 'deny',
        permissionDecisionReason: REASON,
        hookSpecificOutput: { hookEventName: 'PreToolUse', permissionDecision: 'deny', permissionDecisionReason: REASON },
      });
    });

    it('opencode: every answer is explicit JSON the plugin checks', () => {
      assert.deepEqual(stdoutJson(formatHookAnswer('opencode', pre, { verdict: 'allow', reason: '' })), { airlock: 1, block: false });
      assert.deepEqual(stdoutJson(formatHookAnswer('opencode', pre, { verdict: 'deny', reason: REASON })), { airlock: 1, block: true, reason: REASON });
      assert.deepEqual(stdoutJson(formatHookAnswer('opencode', pre, { verdict: 'ask', reason: REASON })), {
        airlock: 1,
        block: true,
        reason: `Needs approval, and opencode plugins cannot ask: ${REASON}`,
      });
    });

    it('prompt block: the documented decision/reason form for Claude Code, Codex and VS Code', () => {
      for (const client of ['claude-code', 'codex', 'vscode'] as const) {
        const o = formatHookAnswer(client, prompt, { verdict: 'ask', reason: REASON });
        assert.equal(o.exitCode, 0);
        assert.deepEqual(stdoutJson(o), { decision: 'block', reason: REASON });
      }
    });

    it('Copilot prompt: exit 2 (a warning the user sees), reported as not enforced', () => {
      for (const client of ['copilot-cli', 'copilot-cli-vscode'] as const) {
        const o = formatHookAnswer(client, prompt, { verdict: 'deny', reason: REASON });
        assert.equal(o.exitCode, 2);
        assert.equal(o.stderr, REASON);
        assert.equal(o.enforced, false);
        // Should VS Code have sent this payload after all, exit 2 stops its request.
        assert.equal(readPrompt('vscode', o), 'block');
      }
    });

    it('updatedInput: an explicit allow with the rewrite where the client requires one', () => {
      const updatedInput = { command: 'cat README.md' };
      for (const client of ['claude-code', 'codex', 'vscode'] as const) {
        const o = formatHookAnswer(client, pre, { verdict: 'allow', reason: 'rewritten', updatedInput });
        assert.deepEqual(stdoutJson(o), { hookSpecificOutput: { hookEventName: 'PreToolUse', permissionDecision: 'allow', permissionDecisionReason: 'rewritten', updatedInput } });
        assert.equal(o.exitCode, 0);
      }
      for (const client of ['copilot-cli', 'copilot-cli-vscode'] as const) {
        const o = stdoutJson(formatHookAnswer(client, pre, { verdict: 'allow', reason: '', updatedInput })) as Record<string, unknown>;
        assert.equal(o.permissionDecision, 'allow');
        assert.deepEqual(o.modifiedArgs, updatedInput);
      }
      assert.deepEqual(stdoutJson(formatHookAnswer('opencode', pre, { verdict: 'allow', reason: '', updatedInput })), { airlock: 1, block: false, updatedArgs: updatedInput });
    });

    it('post-tool deny feeds the reason back without blocking', () => {
      assert.deepEqual(stdoutJson(formatHookAnswer('claude-code', { event: 'post-tool' }, { verdict: 'deny', reason: REASON })), { decision: 'block', reason: REASON });
      assert.deepEqual(stdoutJson(formatHookAnswer('copilot-cli', { event: 'post-tool' }, { verdict: 'deny', reason: REASON })), { additionalContext: REASON });
    });
  });
});

describe('hook: formatFailClosedAnswer', () => {
  const MESSAGE = '.airlock/policy.json:3:5: error: unknown class "secrte"';

  for (const client of CLIENT_IDS) {
    it(`${client}: unknown event → exit 2, blocks tool calls`, () => {
      const o = formatFailClosedAnswer(client, MESSAGE);
      assert.equal(o.exitCode, 2);
      assert.equal(o.enforced, true);
      assert.ok(o.stderr.includes(MESSAGE), 'the actionable message must reach the user');
      assert.equal(readPreTool(client, o), 'deny');
      if (client !== 'copilot-cli' && client !== 'copilot-cli-vscode') assert.equal(readPrompt(client, o), 'block');
    });

    it(`${client}: known pre-tool and prompt events get the client's own deny`, () => {
      const o = formatFailClosedAnswer(client, MESSAGE, 'pre-tool');
      assert.equal(readPreTool(client, o), 'deny');
      assert.ok(`${o.stdout}${o.stderr}`.includes(MESSAGE));
      const p = formatFailClosedAnswer(client, MESSAGE, 'prompt');
      if (client !== 'copilot-cli' && client !== 'copilot-cli-vscode') assert.equal(readPrompt(client, p), 'block');
    });

    for (const kind of ['post-tool', 'stop', 'session-start'] as HookEventKind[]) {
      it(`${client}: ${kind} → warning only, exit 0`, () => {
        const o = formatFailClosedAnswer(client, MESSAGE, kind);
        assert.equal(o.exitCode, 0);
        assert.equal(o.enforced, false);
        assert.ok(o.stderr.includes(MESSAGE));
      });
    }
  }
});
