// AI-edit provenance in a real extension host: marks from the store, ranges that follow edits and
// undo, the hover, the commands (mark selection, mark reviewed, next unreviewed), the setting that
// hides the marks, and re-anchoring when the file changes on disk. Works in a scratch folder of
// the open workspace and removes it afterwards.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { AirlockApi } from '../../src/extension/main';
import { hashLines } from '../../src/core/provenance/contentHash';
import { until } from '../helpers/waitUntil';

const DIR = 'airlock-provenance-it';
const FILE = `${DIR}/sample.ts`;
const TEXT = 'const a = 1;\nconst b = 2;\nconst c = 3;\nconst d = 4;\nconst e = 5;\nconst f = 6;\n';

describe('provenance in the editor', () => {
  let api: AirlockApi;
  let root: string;
  let uri: vscode.Uri;
  const spans = (): string => api.provenance.documents.ranges(uri).map((r) => `${r.startLine}-${r.endLine}:${r.state}${r.reviewedBy ? ':reviewed' : ''}`).join(',');

  before(async () => {
    api = (await vscode.extensions.getExtension('airlock-dev.airlock')?.activate()) as AirlockApi;
    root = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath as string;
    fs.mkdirSync(path.join(root, DIR), { recursive: true });
    fs.writeFileSync(path.join(root, FILE), TEXT);
    const store = path.join(root, '.airlock/provenance', `${FILE}.json`);
    fs.mkdirSync(path.dirname(store), { recursive: true });
    const lines = TEXT.split('\n');
    fs.writeFileSync(store, JSON.stringify({ version: 1, file: FILE, ranges: [{ id: 'r1', startLine: 2, endLine: 3, contentHash: hashLines(lines.slice(1, 3)), tool: 'claude-code', model: 'claude-opus-5-5', session: 'sess-1', time: '2026-11-24T21:35:42.813Z', state: 'ai' }] }, null, 2));
    uri = vscode.Uri.file(path.join(root, FILE));
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    fs.rmSync(path.join(root, DIR), { recursive: true, force: true });
    fs.rmSync(path.join(root, '.airlock/provenance', DIR), { recursive: true, force: true });
    fs.rmSync(path.join(root, '.airlock/provenance/records', DIR), { recursive: true, force: true });
  });

  it('shows the stored AI lines with a hover naming tool, model, session and review state', async () => {
    await vscode.window.showTextDocument(uri);
    await until('ranges loaded', () => spans() === '2-3:ai');
    await until('marks shown', () => api.provenance.marks.shown.get(uri.toString())?.unreviewed === 2);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, new vscode.Position(1, 3));
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))).join('\n');
    assert.match(text, /Tool: claude-code/);
    assert.match(text, /Model: claude-opus-5-5/);
    assert.match(text, /Session: sess-1/);
    assert.match(text, /Review: not reviewed/);
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
    assert.ok(lenses.some((l) => l.command?.command === 'airlock.markReviewed'));
  });

  it('ranges follow edits above them, a human edit inside marks the line modified, and undo', async () => {
    const editor = await vscode.window.showTextDocument(uri);
    await editor.edit((b) => b.insert(new vscode.Position(0, 0), '// one\n// two\n'));
    assert.equal(spans(), '4-5:ai');
    await editor.edit((b) => b.insert(new vscode.Position(3, 6), 'X'));
    assert.equal(spans(), '4-4:ai-modified,5-5:ai');
    await until('modified mark', () => api.provenance.marks.shown.get(uri.toString())?.modified === 1);
    await vscode.commands.executeCommand('undo');
    await vscode.commands.executeCommand('undo');
    await until('undo shifts back', () => api.provenance.documents.ranges(uri).map((r) => r.startLine).join(',') === '2,3');
    await vscode.commands.executeCommand('workbench.action.files.save');
  });

  it('marks a selection as AI-assisted, reviews, and goes to the next unreviewed change', async () => {
    const editor = await vscode.window.showTextDocument(uri);
    assert.equal(await vscode.commands.executeCommand('airlock.markSelectionAiAssisted', uri, { startLine: 6, endLine: 6 }, 'web-chat'), true);
    assert.ok(api.provenance.documents.ranges(uri).some((r) => r.startLine === 6 && r.tool === 'web-chat' && r.model === 'unknown'));
    // New facts are new records (the version-1 file the test started from is never rewritten).
    const records = path.join(root, '.airlock/provenance/records', FILE);
    const recordText = (): string => (fs.existsSync(records) ? fs.readdirSync(records).map((n) => fs.readFileSync(path.join(records, n), 'utf8')).join('\n') : '');
    await until('record written', () => recordText().includes('"tool": "web-chat"'));

    editor.selection = new vscode.Selection(0, 0, 0, 0);
    assert.equal(await vscode.commands.executeCommand('airlock.nextUnreviewedAiChange'), true);
    assert.equal(editor.selection.active.line, 1);
    assert.equal(await vscode.commands.executeCommand('airlock.nextUnreviewedAiChange'), true);
    assert.ok(editor.selection.active.line >= 2);

    assert.equal(await vscode.commands.executeCommand('airlock.markReviewed', uri), true);
    assert.ok(api.provenance.documents.ranges(uri).every((r) => r.reviewedBy !== undefined));
    await until('reviewed marks', () => api.provenance.marks.shown.get(uri.toString())?.unreviewed === 0);
    await until('review stored', () => recordText().includes('"kind": "review"'));
  });

  it('airlock.provenance.showMarks=false hides the marks', async () => {
    const config = vscode.workspace.getConfiguration();
    await config.update('airlock.provenance.showMarks', false, vscode.ConfigurationTarget.Global);
    try {
      await until('marks hidden', () => {
        const shown = api.provenance.marks.shown.get(uri.toString());
        return shown !== undefined && shown.reviewed + shown.unreviewed + shown.modified === 0;
      });
    } finally {
      await config.update('airlock.provenance.showMarks', undefined, vscode.ConfigurationTarget.Global);
    }
    await until('marks back', () => (api.provenance.marks.shown.get(uri.toString())?.reviewed ?? 0) > 0);
  });

  it('re-anchors when the file changes on disk (git pull, another tool)', async () => {
    await vscode.window.showTextDocument(uri);
    const before = api.provenance.documents.ranges(uri).map((r) => r.startLine);
    const disk = fs.readFileSync(path.join(root, FILE), 'utf8');
    fs.writeFileSync(path.join(root, FILE), '// a\n// b\n// c\n' + disk);
    await until('shifted by 3', () => api.provenance.documents.ranges(uri).map((r) => r.startLine).join(',') === before.map((l) => l + 3).join(','), 20_000);
  });
});
