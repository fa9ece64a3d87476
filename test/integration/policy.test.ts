// The policy in the editor: problems at their line and column, live reload without a restart,
// and the status bar following the active file — in a real extension host.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { until } from '../helpers/waitUntil';

interface StatusApi {
  statusBar: { item: vscode.StatusBarItem };
  policies: { engineFor(folder: vscode.WorkspaceFolder): { valid: boolean } | undefined };
}

const GOOD = `{
  // written by the integration test
  "version": 1,
  "rules": [
    { "paths": ["it-scratch/secrets/"], "class": "secret", "reason": "Test credentials" },
    { "paths": ["/it-scratch/infra/"], "class": "restricted" }
  ]
}
`;
const BROKEN = `{
  "version": 1,
  "rules": [
    { "paths": ["it-scratch/"], "class": "secrte" }
  ]
}
`;

// One of each problem the policy report finds: never-matching, backslash, shadowed, loosening.
const LINTED = `{
  "version": 1,
  "rules": [
    { "paths": ["it-scratch/secrets/", "./build/"], "class": "secret" },
    { "paths": ["it-scratch\\\\src"], "class": "restricted" },
    { "paths": ["/it-scratch/old.txt"], "class": "restricted" },
    { "paths": ["/it-scratch/"], "class": "public" }
  ]
}
`;

describe('policy in the editor', () => {
  let api: StatusApi;
  let folder: vscode.WorkspaceFolder;
  let policyFile: string;
  let original: string;
  let scratch: string;

  before(async () => {
    const ext = vscode.extensions.getExtension('airlock-dev.airlock');
    assert.ok(ext);
    api = (await ext.activate()) as StatusApi;
    folder = (vscode.workspace.workspaceFolders ?? [])[0];
    assert.ok(folder, 'a workspace folder is open');
    policyFile = path.join(folder.uri.fsPath, '.airlock', 'policy.json');
    original = fs.readFileSync(policyFile, 'utf8');
    scratch = path.join(folder.uri.fsPath, 'it-scratch');
    fs.mkdirSync(path.join(scratch, 'secrets'), { recursive: true });
    fs.mkdirSync(path.join(scratch, 'src'), { recursive: true });
    fs.writeFileSync(path.join(scratch, 'secrets', 'token.txt'), 'not a real token\n');
    fs.writeFileSync(path.join(scratch, 'src', 'app.ts'), 'export const a = 1;\n');
    fs.writeFileSync(policyFile, GOOD);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    fs.writeFileSync(policyFile, original);
    fs.rmSync(scratch, { recursive: true, force: true });
  });

  it('shows a broken policy in the Problems panel at the right line and column, and clears it when fixed', async () => {
    const uri = vscode.Uri.file(policyFile);
    fs.writeFileSync(policyFile, BROKEN);
    const diag = await until('the unknown-class diagnostic', () => vscode.languages.getDiagnostics(uri).find((d) => d.source === 'airlock' && /unknown class "secrte"/.test(d.message)));
    assert.equal(diag.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(diag.range.start.line, 3, 'line 4 (0-based 3)');
    assert.equal(diag.range.start.character, 41, 'the column of "secrte"');
    assert.match(diag.message, /did you mean "secret"/);
    await until('fail-closed engine', () => api.policies.engineFor(folder)?.valid === false);

    fs.writeFileSync(policyFile, GOOD);
    await until('the diagnostic to clear', () => !vscode.languages.getDiagnostics(uri).some((d) => d.source === 'airlock' && d.severity === vscode.DiagnosticSeverity.Error));
    await until('a valid engine again, without a restart', () => api.policies.engineFor(folder)?.valid === true);
  });

  it('shows the same policy report as `airlock check`: the same codes, lines and words', async () => {
    const uri = vscode.Uri.file(policyFile);
    fs.writeFileSync(policyFile, LINTED);
    const cli = path.join(vscode.extensions.getExtension('airlock-dev.airlock')?.extensionPath ?? '', 'dist', 'cli.js');
    const run = spawnSync(process.execPath, [cli, 'check', '--json', '--root', folder.uri.fsPath], { encoding: 'utf8', env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' } });
    const out = JSON.parse(run.stdout) as { policy: { problems: Array<{ code: string; line: number; message: string }> } };
    const fromCheck = out.policy.problems.map((p) => `${p.code}:${p.line}: ${p.message}`).sort();
    for (const code of ['never-matches', 'backslash-separator', 'shadowed-pattern', 'loosened-by-later-rule']) assert.ok(fromCheck.some((p) => p.startsWith(`${code}:`)), `check reports ${code}`);
    const editor = (): string[] =>
      vscode.languages
        .getDiagnostics(uri)
        .filter((d) => d.source === 'airlock')
        .map((d) => `${String(d.code)}:${d.range.start.line + 1}: ${d.message}`)
        .sort();
    // The editor's report also waits for its walk (the path facts): wait for it, then compare whole.
    await until('the editor to show the same report as check', () => JSON.stringify(editor()) === JSON.stringify(fromCheck)).catch(() => undefined);
    assert.deepEqual(editor(), fromCheck);
    fs.writeFileSync(policyFile, GOOD);
  });

  it('the status bar follows the active editor with its class and verdicts', async () => {
    await until('a valid engine', () => api.policies.engineFor(folder)?.valid === true);
    await vscode.window.showTextDocument(vscode.Uri.file(path.join(scratch, 'secrets', 'token.txt')));
    await until('secret status', () => /secret: AI read deny, edit deny/.test(api.statusBar.item.text) && api.statusBar.item.text);
    await vscode.window.showTextDocument(vscode.Uri.file(path.join(scratch, 'src', 'app.ts')));
    const text = await until('public status', () => /public: AI read allow, edit allow/.test(api.statusBar.item.text) && api.statusBar.item.text);
    assert.match(text, /public/);
  });

  it('says in the status bar when the policy is invalid (AI denied)', async () => {
    await vscode.window.showTextDocument(vscode.Uri.file(path.join(scratch, 'src', 'app.ts')));
    fs.writeFileSync(policyFile, BROKEN);
    await until('invalid status', () => /policy invalid — AI denied/.test(api.statusBar.item.text));
    fs.writeFileSync(policyFile, GOOD);
    await until('status restored', () => /public: AI read allow/.test(api.statusBar.item.text));
  });

  it('"Airlock: Explain Path" explains a file picked in the Explorer', async () => {
    const result = (await vscode.commands.executeCommand('airlock.explainPath', vscode.Uri.file(path.join(scratch, 'secrets', 'token.txt')))) as { className: string; read: string; rule: { line: number } | null } | undefined;
    assert.ok(result);
    assert.equal(result.className, 'secret');
    assert.equal(result.read, 'deny');
    assert.equal(result.rule?.line, 5);
  });
});
