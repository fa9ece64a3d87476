// Every channel an assistant has reaches the same decision: Codex interactive sessions, VS Code
// tasks and commands, MCP arguments under any key, /proc spellings of workspace paths.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { ClientId } from '../../../src/core/words/clientTypes';
import type { HookOutput } from '../../../src/core/hook/hookAnswer';
import { mapToolCall } from '../../../src/core/hook/toolAccess';
import { readPreTool } from '../hook/clientReaders';
import { runAirlock } from '../../helpers/runCliInProcess';
import { tempWorkspace, type TempWorkspace } from '../../helpers/tempWorkspace';

const POLICY = JSON.stringify({ version: 1, rules: [{ paths: ['**/.env', 'secrets/'], class: 'secret' }] });

async function hook(ws: TempWorkspace, client: ClientId, name: string, input: object): Promise<HookOutput> {
  const payload = { session_id: 's', transcript_path: '/tmp/t', cwd: ws.root, hook_event_name: 'PreToolUse', tool_name: name, tool_input: input, tool_use_id: 't1' };
  const run = await runAirlock(['hook', '--client', client], { cwd: ws.root, stdin: JSON.stringify(payload), env: { PATH: process.env.PATH, AIRLOCK_BASELINE: '' } });
  return { stdout: run.stdout, stderr: run.stderr, exitCode: run.code, enforced: true };
}

describe('every channel', () => {
  let ws: TempWorkspace;
  before(() => {
    ws = tempWorkspace({ '.env': 'API_KEY=canary', 'secrets/api.key': 'k', 'src/a.ts': 'a', 'docs/readme.md': 'd' });
    ws.policy(POLICY);
  });
  after(() => ws.dispose());

  it('Codex write_stdin: the typed characters are judged as shell input', async () => {
    assert.deepEqual(mapToolCall('write_stdin', { session_id: 3, chars: 'cat .env\n' }, '/w').command, 'cat .env\n');
    assert.equal(readPreTool('codex', await hook(ws, 'codex', 'write_stdin', { session_id: 3, chars: 'cat .env\n' })), 'deny');
    assert.equal(readPreTool('codex', await hook(ws, 'codex', 'write_stdin', { session_id: 3, chars: '' })), 'none');
    assert.equal(readPreTool('codex', await hook(ws, 'codex', 'exec_command', { cmd: 'cat secrets/api.key', tty: true })), 'deny');
  });

  it('VS Code create_and_run_task: the command nested under `task` is judged', async () => {
    const input = { workspaceFolder: ws.root, task: { label: 'x', type: 'shell', command: 'cat', args: ['.env'] } };
    assert.equal(mapToolCall('create_and_run_task', input, ws.root).command, 'cat .env');
    assert.equal(readPreTool('vscode', await hook(ws, 'vscode', 'create_and_run_task', input)), 'deny');
    assert.equal(readPreTool('vscode', await hook(ws, 'vscode', 'create_and_run_task', { task: { label: 'b', type: 'shell', command: 'ls src' } })), 'none');
  });

  it('VS Code run_vscode_command: terminal input is judged; running tasks cannot be checked', async () => {
    assert.equal(readPreTool('vscode', await hook(ws, 'vscode', 'run_vscode_command', { commandId: 'workbench.action.terminal.sendSequence', args: { text: 'cat .env\n' } })), 'deny');
    assert.equal(readPreTool('vscode', await hook(ws, 'vscode', 'run_vscode_command', { commandId: 'workbench.action.tasks.runTask', args: ['build'] })), 'ask');
    assert.equal(readPreTool('vscode', await hook(ws, 'vscode', 'run_vscode_command', { commandId: 'vscode.open', args: [join(ws.root, '.env')] })), 'deny');
    assert.equal(readPreTool('vscode', await hook(ws, 'vscode', 'run_vscode_command', { commandId: 'editor.action.formatDocument' })), 'none');
  });

  const mcp: Array<[string, object, 'deny' | 'none']> = [
    ['repo_path names the workspace: a search scope holding .env', { repo_path: '.' }, 'deny'],
    ['directory: a protected folder', { directory: 'secrets' }, 'deny'],
    ['name: a protected file', { name: '.env' }, 'deny'],
    ['resource: a protected file, nested in an array of objects', { items: [{ resource: '.env' }] }, 'deny'],
    ['an unprotected directory', { directory: 'docs' }, 'none'],
    ['a city is not a file', { city: 'Oslo' }, 'none'],
  ];
  for (const [name, input, want] of mcp) {
    it(`MCP arguments under any key: ${name}`, async () => {
      assert.equal(readPreTool('claude-code', await hook(ws, 'claude-code', 'mcp__git__git_log', input)), want);
    });
  }

  it('/proc/self/root, /proc/self/cwd and /proc/<pid>/root spell workspace paths', async () => {
    for (const p of [`/proc/self/root${ws.root}/.env`, '/proc/self/cwd/.env', `/proc/1/root${ws.root}/secrets/api.key`]) {
      assert.equal(readPreTool('claude-code', await hook(ws, 'claude-code', 'Read', { file_path: p })), 'deny', p);
    }
  });
});
