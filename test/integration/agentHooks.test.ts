// VS Code agent hooks in the real host. What VS Code core does (1.139): it finds the hook files
// (`.github/hooks/*.json` and agent plugins), applies `chat.useHooks`, workspace trust and the
// managed-only policy, hands the resulting commands to the chat participant of the request, and
// its invokeTool enforces the verdict the participant passes back (`preToolUseResult`: deny → the
// tool never runs; `updatedInput` → the tool runs with it). Running the commands is the
// participant's job: Copilot Chat's, which cannot be installed offline, so the hooks probe
// (test/hooksProbe) stands in for it. Everything else is real: `airlock sync` / `org compile`
// output, the launcher, core's discovery and enforcement, core's own terminal tool.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ProbeApi, ProbeRecord } from '../hooksProbe/extension';
import { until } from '../helpers/waitUntil';

const SCRATCH = 'agent-hooks-it';

describe('VS Code agent hooks: core hands Airlock’s hooks to the agent and enforces the verdict', () => {
  let probe: ProbeApi;
  let root: string;
  let cliPath: string;
  let policyFile: string;
  let original: string;
  const canary = `CANARY_${randomBytes(16).toString('hex')}`;
  const orgCanary = `ORG_CANARY_${randomBytes(16).toString('hex')}`;
  const owned: string[] = [];
  const at = (...parts: string[]): string => path.join(root, ...parts);

  const cli = (...args: string[]): string => execFileSync(process.execPath, [cliPath, ...args], { cwd: root, encoding: 'utf8' });

  /** One tool call through the chat view: the probe runs the hooks core gives it, then invokeTool. */
  const callTool = async (tool: string, input: Record<string, unknown>, whileWaiting?: () => Thenable<unknown>): Promise<ProbeRecord> => {
    const before = probe.records.length;
    await vscode.commands.executeCommand('workbench.action.chat.open', {
      query: `@probe ${JSON.stringify({ tool, input })}`,
      isPartialQuery: false,
      modelSelector: { vendor: 'airlock-probe', id: 'probe' },
    });
    return until('the probe to handle the request', () => {
      if (whileWaiting) void whileWaiting();
      return probe.records[before];
    }, 40_000);
  };

  /** Waits until core hands over hooks whose PreToolUse command matches (its discovery is asynchronous). */
  const hooksSettle = async (matches: (commands: string[]) => boolean): Promise<ProbeRecord> => {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const record = await callTool('read_file', { filePath: at(SCRATCH, 'plain.txt') });
      if (matches((record.hooks['PreToolUse'] ?? []).map((h) => h.command))) return record;
      if (Date.now() > deadline) throw new Error(`core did not pick up the hook change: ${JSON.stringify(record.hooks)}`);
      await new Promise((r) => setTimeout(r, 500));
    }
  };

  before(async () => {
    const airlock = vscode.extensions.getExtension('airlock-dev.airlock');
    assert.ok(airlock);
    await airlock.activate();
    cliPath = path.join(airlock.extensionPath, 'dist', 'cli.js');
    const ext = vscode.extensions.getExtension<ProbeApi>('airlock-test.hooks-probe');
    assert.ok(ext, 'the hooks probe is not installed (esbuild --tests builds it, the offline host installs it)');
    probe = await ext.activate();
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder);
    root = folder.uri.fsPath;
    for (const f of ['.github', '.vscode', path.join('.airlock', 'sync-state.json')]) {
      assert.ok(!fs.existsSync(at(f)), `${f} already exists in the host workspace`);
      owned.push(at(f));
    }
    owned.push(at(SCRATCH));
    // What the hooks write beside the policy (snapshots, provenance records), unless already there.
    for (const f of [path.join('.airlock', 'cache'), path.join('.airlock', 'provenance')]) if (!fs.existsSync(at(f))) owned.push(at(f));
    owned.push(at('.airlock', 'provenance', 'records', SCRATCH));
    fs.mkdirSync(at(SCRATCH), { recursive: true });
    fs.writeFileSync(at(SCRATCH, 'vault.txt'), `DB_PASSWORD=${canary}\n`);
    fs.writeFileSync(at(SCRATCH, 'org-secret.txt'), `TOKEN=${orgCanary}\n`);
    fs.writeFileSync(at(SCRATCH, 'plain.txt'), 'PLAIN_MARKER\n');
    policyFile = at('.airlock', 'policy.json');
    original = fs.readFileSync(policyFile, 'utf8');
    fs.writeFileSync(policyFile, JSON.stringify({ version: 1, rules: [{ paths: [`${SCRATCH}/vault.txt`], class: 'secret' }], sync: { targets: ['copilot'] } }));
    // What a team lead runs; the hooks start Airlock through the launcher the extension installed.
    cli('sync', '--launcher', 'launcher');
    assert.ok(fs.existsSync(at('.github', 'hooks', 'airlock.json')));
    await vscode.workspace.getConfiguration('chat').update('disableAIFeatures', false, vscode.ConfigurationTarget.Global);
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.chat.close').then(undefined, () => undefined);
    const chat = vscode.workspace.getConfiguration('chat');
    await chat.update('disableAIFeatures', undefined, vscode.ConfigurationTarget.Global);
    await chat.update('pluginLocations', undefined, vscode.ConfigurationTarget.Global);
    if (original !== undefined) fs.writeFileSync(policyFile, original);
    for (const f of owned) fs.rmSync(f, { recursive: true, force: true });
  });

  it('core hands the synced hook file to the agent; a protected read is refused before the tool runs', async () => {
    const record = await hooksSettle((commands) => commands.some((c) => c.includes('hook --client vscode')));
    assert.equal(record.hasHooksEnabled, true);
    const [pre] = record.hooks['PreToolUse'] ?? [];
    assert.equal(pre.cwd, root, 'core runs repository hooks in the workspace folder');
    assert.equal(pre.timeout, 30);
    for (const event of ['UserPromptSubmit', 'PostToolUse']) assert.ok(record.hooks[event]?.length, `no ${event} hook`);

    const vault = at(SCRATCH, 'vault.txt');
    const denied = await callTool('read_file', { filePath: vault });
    assert.equal(denied.runs[0].exitCode, 0, denied.runs[0].stderr);
    assert.equal(denied.preToolUseResult?.permissionDecision, 'deny');
    assert.match(denied.preToolUseResult?.permissionDecisionReason ?? '', /read denied: "agent-hooks-it\/vault\.txt" is class "secret"/);
    assert.ok(!probe.invoked.includes(`read_file ${vault}`), 'the tool ran');
    assert.match(denied.toolResult ?? '', /^Tool execution denied: Airlock policy: read denied/);
    assert.ok(!JSON.stringify(denied).includes(canary));
  });

  it('an ordinary read goes through', async () => {
    const plain = at(SCRATCH, 'plain.txt');
    const record = await callTool('read_file', { filePath: plain });
    assert.notEqual(record.preToolUseResult?.permissionDecision, 'deny');
    assert.ok(probe.invoked.includes(`read_file ${plain}`));
    assert.match(record.toolResult ?? '', /PLAIN_MARKER/);
  });

  it('UserPromptSubmit: a prompt that names a protected file with #file: stops the request before any tool runs', async () => {
    const before = probe.invoked.length;
    const plain = at(SCRATCH, 'plain.txt');
    const record = await callTool('read_file', { filePath: plain, note: `summarise #file:${SCRATCH}/vault.txt please` });
    assert.match(record.promptBlocked ?? '', /agent-hooks-it\/vault\.txt.*secret/);
    assert.equal(probe.invoked.length, before, 'a tool ran after the prompt was blocked');
    assert.ok(!JSON.stringify(record).includes(canary));
  });

  it('an ordinary file the agent creates is allowed, and PostToolUse records it as AI-written (provenance)', async () => {
    const file = at(SCRATCH, 'made-by-agent.ts');
    const record = await callTool('create_file', { filePath: file, content: 'export const madeByAgent = 1;\n' });
    assert.notEqual(record.preToolUseResult?.permissionDecision, 'deny');
    assert.ok(probe.invoked.includes(`create_file ${file}`) && fs.existsSync(file));
    assert.equal(record.postRuns.length, 1);
    assert.equal(record.postRuns[0].exitCode, 0, record.postRuns[0].stderr);
    const records = at('.airlock', 'provenance', 'records', SCRATCH, 'made-by-agent.ts');
    assert.ok(fs.existsSync(records) && fs.readdirSync(records).length > 0, 'no provenance record for the file');
    assert.match(cli('provenance', 'summary'), /made-by-agent\.ts/);
  });

  it('the agent cannot switch the hooks off: writing chat.useHooks into .vscode/settings.json or a workspace file is refused (and that lever is real)', async () => {
    const settings = at('.vscode', 'settings.json');
    const record = await callTool('create_file', { filePath: settings, content: '{ "chat.useHooks": false }\n' });
    assert.equal(record.preToolUseResult?.permissionDecision, 'deny');
    assert.ok(!fs.existsSync(settings) && !probe.invoked.includes(`create_file ${settings}`));
    // A workspace file's "settings" apply once the user opens it (VS Code offers to).
    const workspaceFile = at(SCRATCH, 'team.code-workspace');
    const viaWorkspace = await callTool('create_file', { filePath: workspaceFile, content: '{ "folders": [{ "path": ".." }], "settings": { "chat.useHooks": false } }\n' });
    assert.equal(viaWorkspace.preToolUseResult?.permissionDecision, 'deny');
    assert.ok(!fs.existsSync(workspaceFile));
    // Had it been written, core would hand the agent no hooks at all.
    fs.mkdirSync(at('.vscode'), { recursive: true });
    fs.writeFileSync(settings, '{ "chat.useHooks": false }\n');
    try {
      const off = await hooksSettle((commands) => commands.length === 0);
      assert.equal(off.hasHooksEnabled, false);
    } finally {
      fs.rmSync(at('.vscode'), { recursive: true, force: true });
    }
    await hooksSettle((commands) => commands.length > 0);
  });

  it('core’s terminal tool runs the command Airlock rewrote (updatedInput → airlock exec); a protected file stays masked even when the user approves', async () => {
    assert.ok(vscode.lm.tools.some((t) => t.name === 'run_in_terminal'), 'core has no run_in_terminal tool');
    // The legacy shape (no goal, no mode): core would drop a rewrite that fails its schema and run
    // the original, so Airlock completes the input (vscodeToolInput.ts).
    const ok = await callTool('run_in_terminal', { command: `cat ${SCRATCH}/plain.txt`, explanation: 'show a file', isBackground: false });
    assert.equal(ok.preToolUseResult?.permissionDecision, 'allow', ok.error);
    const rewritten = ok.preToolUseResult?.updatedInput as { command?: string; mode?: string } | undefined;
    assert.match(rewritten?.command ?? '', / exec --root .* -- /);
    assert.equal(rewritten?.mode, 'sync');
    assert.match(ok.toolResult ?? '', /PLAIN_MARKER/, `terminal output: ${ok.toolResult ?? ok.error}`);

    // Inline code the parser cannot follow: rewritten either way. Airlock allows it where the kernel
    // confines it, and asks (the user, this test, allows) where the repository's history holds a
    // protected path, which inline code could print through git.
    const sneaky = `node -e "let t; try { t = require('fs').readFileSync('${SCRATCH}/va'+'ult.txt','utf8') } catch (e) { t = e.code } process.stdout.write('[' + t + ']DONE')"`;
    const asked = await callTool('run_in_terminal', { command: sneaky, explanation: 'read a file', goal: 'read', mode: 'sync' }, () =>
      vscode.commands.executeCommand('workbench.action.chat.acceptTool').then(undefined, () => undefined));
    assert.ok(['ask', 'allow'].includes(asked.preToolUseResult?.permissionDecision ?? ''), JSON.stringify(asked.preToolUseResult));
    if (asked.preToolUseResult?.permissionDecision === 'allow') assert.match(asked.preToolUseResult.permissionDecisionReason ?? '', /kernel-enforced/);
    assert.ok(asked.preToolUseResult?.updatedInput, `no rewrite: ${JSON.stringify(asked.preToolUseResult)}`);
    assert.ok(!JSON.stringify(asked).includes(canary), `the canary reached the agent: ${asked.toolResult ?? ''}`);
    // It ran and read the sandbox's mask: nothing, or a refusal.
    assert.match(asked.toolResult ?? '', /\[(EACCES)?\]DONE/, `terminal output: ${asked.toolResult ?? asked.error}`);
  });

  it('the org plugin `airlock org compile` writes, enabled by chat.pluginLocations at its /etc path, still blocks with no repository hook', async () => {
    // The overlay is private to code-server's mount namespace: check the mount itself before writing.
    const mounts = fs.readFileSync('/proc/self/mountinfo', 'utf8').split('\n');
    assert.ok(process.env.AIRLOCK_HOST_PRIVATE_ETC === '1' && mounts.some((m) => m.split(' ')[4] === '/etc' && m.includes(' - overlay ')),
      'this test needs the host run as root, with a private /etc overlay (test/offline-host privateEtc)');
    const baseline = at(SCRATCH, 'baseline.json');
    fs.writeFileSync(baseline, JSON.stringify({ version: 1, rules: [{ paths: [`${SCRATCH}/org-secret.txt`], class: 'secret' }] }));
    const out = at(SCRATCH, 'org');
    cli('org', 'compile', baseline, '--out', out, '--launcher', 'launcher');
    fs.cpSync(path.join(out, 'etc'), '/etc', { recursive: true });
    fs.rmSync(at('.github'), { recursive: true, force: true });
    const snippet = JSON.parse(fs.readFileSync(path.join(out, 'vscode', 'settings.json'), 'utf8')) as Record<string, unknown>;
    await vscode.workspace.getConfiguration('chat').update('pluginLocations', snippet['chat.pluginLocations'], vscode.ConfigurationTarget.Global);

    const record = await hooksSettle((commands) => commands.length > 0 && commands.every((c) => c.includes('AIRLOCK_BASELINE=')));
    const [pre] = record.hooks['PreToolUse'] ?? [];
    assert.match(pre.command, /AIRLOCK_BASELINE=\/etc\/airlock\/baseline\.json /);
    const secret = at(SCRATCH, 'org-secret.txt');
    const denied = await callTool('read_file', { filePath: secret });
    assert.equal(denied.preToolUseResult?.permissionDecision, 'deny', JSON.stringify(denied.runs.map((r) => r.stderr)));
    assert.match(denied.preToolUseResult?.permissionDecisionReason ?? '', /org-secret\.txt" is class "secret" \(rule at \/etc\/airlock\/baseline\.json/);
    assert.ok(!probe.invoked.includes(`read_file ${secret}`) && !JSON.stringify(denied).includes(orgCanary));
    const plain = await callTool('read_file', { filePath: at(SCRATCH, 'plain.txt') });
    assert.match(plain.toolResult ?? '', /PLAIN_MARKER/);
  });

  it('the same plugin as `airlock@airlock-org` (the form chat.hooks.allowManagedOnly can keep) is found in ~/.copilot/installed-plugins and blocks', async () => {
    const chat = vscode.workspace.getConfiguration('chat');
    await chat.update('pluginLocations', undefined, vscode.ConfigurationTarget.Global);
    await hooksSettle((commands) => commands.length === 0);
    const home = process.env.HOME;
    assert.ok(home && home !== '/root', 'the offline host gives the extension host a HOME of its own');
    // `org compile` (previous test) laid the plugin out for each user's home; copied as an admin would.
    const out = at(SCRATCH, 'org');
    owned.push(path.join(home, '.copilot'));
    fs.cpSync(path.join(out, 'vscode', 'user-home', '.copilot'), path.join(home, '.copilot'), { recursive: true });
    assert.ok(fs.existsSync(path.join(home, '.copilot', 'installed-plugins', 'airlock-org', 'airlock', 'hooks', 'hooks.json')));
    // The compiled policy's value (a JSON string VS Code parses for this object setting), given as a
    // user setting: code-server has no file policy source, and under allowManagedOnly only the policy counts.
    const policy = JSON.parse(fs.readFileSync(path.join(out, 'etc', 'vscode', 'policy.json'), 'utf8')) as { ChatEnabledPlugins: string };
    await chat.update('plugins.enabledPlugins', JSON.parse(policy.ChatEnabledPlugins) as Record<string, boolean>, vscode.ConfigurationTarget.Global);
    try {
      await hooksSettle((commands) => commands.length > 0 && commands.every((c) => c.includes('AIRLOCK_BASELINE=')));
      const secret = at(SCRATCH, 'org-secret.txt');
      const denied = await callTool('read_file', { filePath: secret });
      assert.equal(denied.preToolUseResult?.permissionDecision, 'deny');
      assert.ok(!probe.invoked.includes(`read_file ${secret}`) && !JSON.stringify(denied).includes(orgCanary));
    } finally {
      await chat.update('plugins.enabledPlugins', undefined, vscode.ConfigurationTarget.Global);
    }
  });
});
