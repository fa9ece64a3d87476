// VS Code ignores a hook's updatedInput that fails the tool's schema and runs the original call
// (agentHooks.test.ts shows it in the real host): the rewrite starts from a complete input.
import * as assert from 'node:assert/strict';
import { schemaCompleteInput } from '../../../src/core/hook/vscodeToolInput';

/** run_in_terminal's schema in VS Code 1.139 (required fields and the types it checks). */
const REQUIRED = ['command', 'explanation', 'goal', 'mode'];

function fitsSchema(input: unknown): boolean {
  const o = input as Record<string, unknown>;
  return REQUIRED.every((k) => k in o)
    && ['command', 'explanation', 'goal'].every((k) => typeof o[k] === 'string')
    && (o['mode'] === 'sync' || o['mode'] === 'async')
    && (!('isBackground' in o) || typeof o['isBackground'] === 'boolean')
    && (!('timeout' in o) || typeof o['timeout'] === 'number');
}

describe('schemaCompleteInput: VS Code terminal calls the rewrite can express', () => {
  it('fills what a model left out (the legacy isBackground shape, no goal/mode), keeping what it gave', () => {
    const out = schemaCompleteInput('vscode', 'run_in_terminal', { command: 'ls', explanation: 'list', isBackground: true }) as Record<string, unknown>;
    assert.ok(fitsSchema(out));
    assert.equal(out['explanation'], 'list');
    assert.equal(out['goal'], 'list');
    assert.equal(out['mode'], 'async', 'isBackground keeps its meaning');
    assert.equal(out['isBackground'], true);
  });

  it('keeps a complete input as it is', () => {
    const given = { command: 'ls', explanation: 'e', goal: 'g', mode: 'sync', timeout: 5 };
    assert.deepEqual(schemaCompleteInput('vscode', 'run_in_terminal', given), given);
  });

  it('repairs wrong types that would fail the check (and so run the original)', () => {
    for (const bad of [{ command: 'ls', mode: 'later', timeout: '5' }, { command: 'ls', explanation: '', goal: 3, isBackground: 'yes' }, { command: 'ls' }]) {
      assert.ok(fitsSchema(schemaCompleteInput('vscode', 'run_in_terminal', bad)), JSON.stringify(bad));
    }
  });

  it('leaves other clients and tools alone', () => {
    const input = { command: 'ls' };
    assert.equal(schemaCompleteInput('claude-code', 'Bash', input), input);
    assert.equal(schemaCompleteInput('vscode', 'some_mcp_shell', input), input);
    assert.equal(schemaCompleteInput('copilot-cli-vscode', 'run_in_terminal', input), input);
  });
});
