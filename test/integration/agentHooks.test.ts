// VS Code agent hooks in the real host: `airlock sync` writes `.github/hooks/airlock.json`, VS Code
// core discovers it and hands its commands to the chat participant of the request, and core's
// invokeTool enforces the verdict. The participant that runs the commands is the hooks probe
// (test/hooksProbe), a stand-in for Copilot Chat, which cannot be installed offline.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ProbeApi, ProbeRecord } from '../hooksProbe/extension';
import { until } from '../helpers/waitUntil';

const SCRATCH = 'agent-hooks-it';

describe('VS Code agent hooks (core discovery and enforcement) run Airlock', () => {
  let probe: ProbeApi;
  let root: string;
  let policyFile: string;
  let original: string;
  const canary = `CANARY_${randomBytes(16).toString('hex')}`;
  const generated: string[] = [];

  const cli = (...args: string[]): string => {
    const extension = vscode.extensions.getExtension('airlock-dev.airlock');
    assert.ok(extension);
    return execFileSync(process.execPath, [path.join(extension.extensionPath, 'dist', 'cli.js'), ...args], { cwd: root, encoding: 'utf8' });
  };

  /** One tool call through the chat view: the probe runs the hooks core gives it, then invokeTool. */
  const callTool = async (tool: string, input: Record<string, unknown>): Promise<ProbeRecord> => {
    const before = probe.records.length;
    await vscode.commands.executeCommand('workbench.action.chat.open', {
      query: `@probe ${JSON.stringify({ tool, input })}`,
      isPartialQuery: false,
      modelSelector: { vendor: 'airlock-probe', id: 'probe' },
    });
    return until('the probe to handle the request', () => probe.records[before], 30_000);
  };

  before(async () => {
    const airlock = vscode.extensions.getExtension('airlock-dev.airlock');
    assert.ok(airlock);
    await airlock.activate();
    const ext = vscode.extensions.getExtension<ProbeApi>('airlock-test.hooks-probe');
    assert.ok(ext, 'the hooks probe extension is not loaded (built by esbuild --tests, added by the offline host)');
    probe = await ext.activate();
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder);
    root = folder.uri.fsPath;
    fs.rmSync(path.join(root, SCRATCH), { recursive: true, force: true });
    fs.mkdirSync(path.join(root, SCRATCH), { recursive: true });
    fs.writeFileSync(path.join(root, SCRATCH, 'vault.txt'), `DB_PASSWORD=${canary}\n`);
    fs.writeFileSync(path.join(root, SCRATCH, 'plain.txt'), 'PLAIN_MARKER\n');
    policyFile = path.join(root, '.airlock', 'policy.json');
    original = fs.readFileSync(policyFile, 'utf8');
    fs.writeFileSync(policyFile, JSON.stringify({ version: 1, rules: [{ paths: [`${SCRATCH}/vault.txt`], class: 'secret' }], sync: { targets: ['copilot'] } }));
    for (const f of ['.github', path.join('.airlock', 'sync-state.json')]) {
      assert.ok(!fs.existsSync(path.join(root, f)), `${f} already exists in the host workspace`);
      generated.push(path.join(root, f));
    }
    cli('sync', '--launcher', 'launcher');
    assert.ok(fs.existsSync(path.join(root, '.github', 'hooks', 'airlock.json')));
    await vscode.workspace.getConfiguration('chat').update('disableAIFeatures', false, vscode.ConfigurationTarget.Global);
    await new Promise((r) => setTimeout(r, 1000));
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.chat.close').then(undefined, () => undefined);
    await vscode.workspace.getConfiguration('chat').update('disableAIFeatures', undefined, vscode.ConfigurationTarget.Global);
    fs.writeFileSync(policyFile, original);
    for (const f of generated) fs.rmSync(f, { recursive: true, force: true });
    fs.rmSync(path.join(root, SCRATCH), { recursive: true, force: true });
  });

  it('core hands the synced hook file to the participant; a read of a protected file is refused before the tool runs', async () => {
    const vault = path.join(root, SCRATCH, 'vault.txt');
    const record = await callTool('read_file', { filePath: vault });
    assert.equal(record.hasHooksEnabled, true);
    assert.ok(record.hooks['PreToolUse']?.length, 'core gave no PreToolUse hook');
    assert.equal(record.preToolUseResult?.permissionDecision, 'deny');
    assert.ok(!probe.invoked.includes(vault), 'the tool ran');
    assert.match(record.toolResult ?? '', /^Tool execution denied: /);
    assert.ok(!JSON.stringify(record).includes(canary));
  });

  it('an ordinary read goes through', async () => {
    const plain = path.join(root, SCRATCH, 'plain.txt');
    const record = await callTool('read_file', { filePath: plain });
    assert.notEqual(record.preToolUseResult?.permissionDecision, 'deny');
    assert.ok(probe.invoked.includes(plain));
    assert.match(record.toolResult ?? '', /PLAIN_MARKER/);
  });
});
