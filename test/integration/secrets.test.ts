// Secret detection in a real extension host: diagnostics at the exact range, the quick fixes, the
// rescan that clears a fixed finding, and the background workspace scan. Token-shaped values are
// generated here, written into a scratch folder of the open workspace, and removed afterwards.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { AirlockApi } from '../../src/extension/main';
import { FakeTokens } from '../unit/secrets/fakeTokens';
import { until } from '../helpers/waitUntil';

const SOURCE = 'airlock-secrets';

function secretDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === SOURCE);
}

async function quickFix(uri: vscode.Uri, range: vscode.Range, titleStart: string): Promise<vscode.CodeAction> {
  const found = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, range);
  const action = (found ?? []).find((a) => a.title.startsWith(titleStart));
  assert.ok(action, `no quick fix "${titleStart}…" among: ${(found ?? []).map((a) => a.title).join(' | ')}`);
  return action;
}

async function run(action: vscode.CodeAction): Promise<void> {
  assert.ok(action.command, `${action.title} has no command`);
  await vscode.commands.executeCommand(action.command.command, ...(action.command.arguments ?? []));
}

describe('secrets in the editor', () => {
  const gen = new FakeTokens(0x1de);
  let api: AirlockApi;
  let root: string;
  let scratch: string;
  let baselineFile: string;
  let baselineBefore: string | undefined;

  before(async () => {
    const extension = vscode.extensions.getExtension<AirlockApi>('airlock-dev.airlock');
    assert.ok(extension);
    api = await extension.activate();
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'no workspace folder is open');
    root = folder.uri.fsPath;
    scratch = path.join(root, 'airlock-secrets-it');
    fs.rmSync(scratch, { recursive: true, force: true });
    fs.mkdirSync(scratch, { recursive: true });
    baselineFile = path.join(root, '.airlock', 'secrets-baseline.json');
    baselineBefore = fs.existsSync(baselineFile) ? fs.readFileSync(baselineFile, 'utf8') : undefined;
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    fs.rmSync(scratch, { recursive: true, force: true });
    if (baselineBefore === undefined) fs.rmSync(baselineFile, { force: true });
    else fs.writeFileSync(baselineFile, baselineBefore);
  });

  async function openWith(name: string, text: string): Promise<vscode.TextDocument> {
    const file = path.join(scratch, name);
    fs.writeFileSync(file, text);
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
    await vscode.window.showTextDocument(doc);
    return doc;
  }

  it('puts a warning at the exact range of a token when the file is opened, with rule and masked value only', async () => {
    const token = gen.github();
    const doc = await openWith('deploy.ts', `// deploy script\nexport const auth = "${token}";\n`);
    const [d] = await until('a secret diagnostic', () => secretDiagnostics(doc.uri).length === 1 && secretDiagnostics(doc.uri));
    assert.deepEqual([d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character], [1, 21, 1, 61]);
    assert.equal(doc.getText(d.range), token);
    assert.equal(d.severity, vscode.DiagnosticSeverity.Warning);
    assert.equal(d.code, 'github-pat');
    assert.match(d.message, /github-pat.*ghp_…\(40 chars\)/);
    assert.ok(!d.message.includes(token), 'the diagnostic shows the secret');
    const findings = api.secrets.findingsFor(doc.uri);
    assert.deepEqual(findings.map((f) => [f.file, f.line, f.column, f.rule]), [['airlock-secrets-it/deploy.ts', 2, 22, 'github-pat']]);
  });

  it('"Allow on this line" appends an airlock:allow comment in the file\'s syntax and clears the warning', async () => {
    const doc = await openWith('client.py', `import os\nTOKEN = "${gen.github()}"\n`);
    const [d] = await until('a secret diagnostic', () => secretDiagnostics(doc.uri).length === 1 && secretDiagnostics(doc.uri));
    await run(await quickFix(doc.uri, d.range, 'Allow this secret on this line'));
    assert.match(doc.lineAt(1).text, /^TOKEN = "ghp_\w+" {2}# airlock:allow$/);
    await until('the warning to clear', () => secretDiagnostics(doc.uri).length === 0);
    assert.deepEqual(api.secrets.findingsFor(doc.uri), []);
    await doc.save();
  });

  it('"Allow on this line" puts the comment on its own line in a .env file', async () => {
    const doc = await openWith('.env', `HOST=db\n  GH_TOKEN=${gen.github()}\n`);
    const [d] = await until('a secret diagnostic', () => secretDiagnostics(doc.uri).length === 1 && secretDiagnostics(doc.uri));
    await run(await quickFix(doc.uri, d.range, 'Allow this secret on this line'));
    assert.equal(doc.lineAt(1).text, '  # airlock:allow-next-line');
    await until('the warning to clear', () => secretDiagnostics(doc.uri).length === 0);
    await doc.save();
  });

  it('"Add to baseline" writes the fingerprint (never the secret) to the baseline and clears the warning', async () => {
    const token = gen.npm();
    const doc = await openWith('publish.js', `const npmToken = '${token}';\n`);
    const [d] = await until('a secret diagnostic', () => secretDiagnostics(doc.uri).length === 1 && secretDiagnostics(doc.uri));
    const [finding] = api.secrets.findingsFor(doc.uri);
    await run(await quickFix(doc.uri, d.range, 'Add to secrets baseline'));
    const text = fs.readFileSync(baselineFile, 'utf8');
    assert.ok(text.includes(finding.fingerprint));
    assert.ok(!text.includes(token), 'the baseline stores the secret');
    await until('the warning to clear', () => secretDiagnostics(doc.uri).length === 0);
    assert.equal(doc.isDirty, false, 'accepting by baseline must not edit the file');
  });

  it('clears the warning once the secret is removed from the text', async () => {
    const doc = await openWith('fixme.ts', `const key = "${gen.github()}";\n`);
    const [d] = await until('a secret diagnostic', () => secretDiagnostics(doc.uri).length === 1 && secretDiagnostics(doc.uri));
    const edit = new vscode.WorkspaceEdit();
    edit.replace(doc.uri, d.range, 'process.env.KEY');
    assert.ok(await vscode.workspace.applyEdit(edit));
    await until('the warning to clear', () => secretDiagnostics(doc.uri).length === 0);
    await doc.save();
  });

  it('scans on save', async () => {
    const doc = await openWith('later.ts', 'export const x = 1;\n');
    const edit = new vscode.WorkspaceEdit();
    edit.insert(doc.uri, new vscode.Position(1, 0), `export const slack = "${gen.slackBot()}";\n`);
    assert.ok(await vscode.workspace.applyEdit(edit));
    assert.ok(await doc.save());
    const [d] = await until('a diagnostic after save', () => secretDiagnostics(doc.uri).length === 1 && secretDiagnostics(doc.uri));
    assert.equal(d.range.start.line, 1);
    assert.equal(d.code, 'slack-token');
  });

  it('finds secrets in files that are not open with a background workspace scan', async () => {
    const file = path.join(scratch, 'nested', 'settings.yml');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, `db:\n  url: postgres://app:${gen.password(20)}@db.internal:5432/app\n`);
    await api.secrets.scanWorkspace();
    const uri = vscode.Uri.file(file);
    const findings = api.secrets.findingsFor(uri);
    assert.equal(findings.length, 1);
    assert.equal(findings[0].line, 2);
    await until('a diagnostic for the unopened file', () => secretDiagnostics(uri).length === 1);
    assert.ok([...api.secrets.entries()].some(([u]) => u.toString() === uri.toString()));
  });

  it('reports a corrupt baseline at its line and column, and then shows every finding', async () => {
    const doc = await openWith('again.ts', `const t = "${gen.github()}";\n`);
    await until('a secret diagnostic', () => secretDiagnostics(doc.uri).length === 1);
    await run(await quickFix(doc.uri, secretDiagnostics(doc.uri)[0].range, 'Add to secrets baseline'));
    await until('the warning to clear', () => secretDiagnostics(doc.uri).length === 0);
    fs.writeFileSync(baselineFile, '{\n  "version": 1,\n  "findings": [,]\n}\n');
    const baselineUri = vscode.Uri.file(baselineFile);
    const [problem] = await until('a baseline diagnostic', () => secretDiagnostics(baselineUri).length === 1 && secretDiagnostics(baselineUri));
    assert.equal(problem.severity, vscode.DiagnosticSeverity.Error);
    assert.deepEqual([problem.range.start.line, problem.range.start.character], [2, 15]);
    await until('the baselined warning to come back', () => secretDiagnostics(doc.uri).length === 1);
  });
});
