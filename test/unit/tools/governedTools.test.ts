import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import { join, resolve } from 'node:path';
import { loadPolicy } from '../../../src/core/policy/loadPolicy';
import { runGovernedTool } from '../../../src/core/tools/governedTools';
import { TOOL_DEFINITIONS } from '../../../src/core/tools/toolDefinitions';
import { tempWorkspace, type TempWorkspace } from '../../helpers/tempWorkspace';
import { FakeTokens } from '../secrets/fakeTokens';

const COMMANDS = resolve(__dirname, '..', '..', '..', 'src', 'cli', 'commandsMain.ts');

describe('governed tools (editor tools and `airlock mcp`)', () => {
  let ws: TempWorkspace;
  let token: string;
  beforeEach(() => {
    token = new FakeTokens(42).github();
    ws = tempWorkspace({ '.env': 'API_TOKEN=canary-env\n', 'src/auth/login.ts': 'export const login = 1; // AUTH_MARKER\n', 'src/app.ts': `export const t = "${token}"; // APP_MARKER\n` });
    ws.policy('{ "version": 1, "rules": [ { "paths": [".env"], "class": "secret" }, { "paths": ["src/auth/"], "class": "restricted" } ] }');
  });
  afterEach(() => ws.dispose());

  it('package.json declares exactly the tools the MCP server lists', () => {
    const pkg = JSON.parse(fs.readFileSync(resolve(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as { contributes: { languageModelTools: Array<{ name: string; modelDescription: string; inputSchema: unknown }> } };
    assert.deepEqual(pkg.contributes.languageModelTools.map((t) => [t.name, t.modelDescription, t.inputSchema]), TOOL_DEFINITIONS.map((t) => [t.name, t.description, t.inputSchema]));
  });

  it('read: denied files are never opened, ask needs approval, secrets are masked; every call audited', () => {
    const ctx = { engine: loadPolicy(ws.root), client: 'test' };
    const denied = runGovernedTool(ctx, 'read', { path: '.env' }, true);
    assert.equal(denied.ok, false);
    assert.match(denied.text, /^Airlock policy: read denied: .*"\.env" is class "secret"/);
    assert.ok(!denied.text.includes('canary-env'));
    const unasked = runGovernedTool(ctx, 'read', { path: 'src/auth/login.ts' }, false);
    assert.equal(unasked.ok, false);
    assert.match(unasked.text, /needs a human's approval/);
    assert.match(runGovernedTool(ctx, 'read', { path: 'src/auth/login.ts' }, true).text, /AUTH_MARKER/);
    const app = runGovernedTool(ctx, 'read', { path: 'src/app.ts' }, false);
    assert.ok(app.ok && app.text.includes('APP_MARKER') && !app.text.includes(token));
    assert.match(app.text, /«secret:github-pat#1»/);
    const audit = fs.readFileSync(join(ws.root, '.airlock/audit/audit.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { verdict: string; tool: string });
    assert.deepEqual(audit.map((a) => [a.tool, a.verdict]), [['airlock_read', 'deny'], ['airlock_read', 'ask'], ['airlock_read', 'ask'], ['airlock_read', 'allow']]);
  });

  it('search skips protected files; list marks them; edit follows the edit verdict', () => {
    const ctx = { engine: loadPolicy(ws.root), client: 'test' };
    const found = runGovernedTool(ctx, 'search', { query: 'marker' }, true);
    assert.match(found.text, /src\/app\.ts:1: .*APP_MARKER/);
    assert.ok(!found.text.includes('AUTH_MARKER'), 'an ask file is not searched');
    assert.match(found.text, /2 protected file\(s\) not searched/);
    const list = runGovernedTool(ctx, 'list', {}, false);
    assert.match(list.text, /^\.env {2}\[deny: class secret\]$/m);
    const edit = runGovernedTool(ctx, 'edit', { path: 'src/auth/login.ts', oldText: 'login = 1', newText: 'login = 2' }, true);
    assert.equal(edit.ok, false, 'restricted is edit: deny');
    assert.ok(fs.readFileSync(join(ws.root, 'src/auth/login.ts'), 'utf8').includes('login = 1'));
    assert.ok(runGovernedTool(ctx, 'edit', { path: 'src/app.ts', oldText: '// APP_MARKER', newText: '// EDITED' }, false).ok);
    assert.match(fs.readFileSync(join(ws.root, 'src/app.ts'), 'utf8'), /EDITED/);
  });

  it('`airlock mcp` serves them over stdio: tools/list, and tools/call that refuses a secret', async () => {
    // The commands entry as the built CLI runs it, from source.
    const child = spawn(process.execPath, ['--import', 'tsx', '-e', `require(${JSON.stringify(COMMANDS)}).main(['mcp', '--root', ${JSON.stringify(ws.root)}])`], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env } });
    const replies: Array<{ id: number; result?: { tools?: Array<{ name: string }>; content?: Array<{ text: string }>; isError?: boolean } }> = [];
    let out = '';
    const done = new Promise<void>((res) => child.on('close', () => res()));
    child.stdout.on('data', (c: Buffer) => { out += c.toString(); });
    const send = (m: object): boolean => child.stdin.write(`${JSON.stringify(m)}\n`);
    send({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 't', version: '1' } } });
    send({ jsonrpc: '2.0', method: 'notifications/initialized' });
    send({ jsonrpc: '2.0', id: 2, method: 'tools/list' });
    send({ jsonrpc: '2.0', id: 3, method: 'tools/call', params: { name: 'airlock_read', arguments: { path: '.env' } } });
    send({ jsonrpc: '2.0', id: 4, method: 'tools/call', params: { name: 'airlock_read', arguments: { path: 'src/auth/login.ts' } } });
    send({ jsonrpc: '2.0', id: 5, method: 'tools/call', params: { name: 'airlock_read', arguments: { path: 'src/app.ts' } } });
    child.stdin.end();
    await done;
    for (const line of out.trim().split('\n')) replies.push(JSON.parse(line) as (typeof replies)[number]);
    assert.deepEqual(replies.map((r) => r.id), [1, 2, 3, 4, 5]);
    assert.deepEqual(replies[1].result?.tools?.map((t) => t.name), ['airlock_read', 'airlock_search', 'airlock_list', 'airlock_edit']);
    assert.equal(replies[2].result?.isError, true);
    assert.ok(!out.includes('canary-env'));
    assert.equal(replies[3].result?.isError, true, 'ask cannot be asked over MCP: refused');
    assert.match(replies[4].result?.content?.[0].text ?? '', /APP_MARKER/);
  });
});
