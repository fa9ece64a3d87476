// The provenance commands: mark a selection as AI-assisted, mark AI lines reviewed, go to the
// next unreviewed AI change. Each also takes arguments, for CodeLenses and tests.
import * as vscode from 'vscode';
import { UNKNOWN_MODEL, type LineRange } from '../../core/provenance/annotationTypes';
import type { ProvenanceDocuments } from './provenanceDocuments';
import { errorMessage } from '../../core/util/errorMessage';

async function documentFor(uri: unknown): Promise<vscode.TextDocument | undefined> {
  if (uri instanceof vscode.Uri) return vscode.workspace.openTextDocument(uri);
  return vscode.window.activeTextEditor?.document;
}

function selectedLines(document: vscode.TextDocument, lines: unknown): LineRange | 'all' {
  if (lines && typeof lines === 'object' && 'startLine' in lines && 'endLine' in lines) return lines as LineRange;
  const editor = vscode.window.activeTextEditor;
  if (!editor || editor.document !== document || editor.selection.isEmpty) return 'all';
  const { start, end } = editor.selection;
  // A selection ending at column 0 does not include that line.
  const last = end.character === 0 && end.line > start.line ? end.line - 1 : end.line;
  return { startLine: start.line + 1, endLine: last + 1 };
}

export function registerProvenanceCommands(documents: ProvenanceDocuments, log: vscode.LogOutputChannel): vscode.Disposable {
  const fail = (what: string, error: unknown): void => {
    log.error(`[provenance] ${what}: ${errorMessage(error)}`);
    void vscode.window.showErrorMessage(`Airlock: ${errorMessage(error)}`);
  };
  return vscode.Disposable.from(
    vscode.commands.registerCommand('airlock.markSelectionAiAssisted', async (uri?: unknown, lines?: unknown, tool?: unknown, model?: unknown): Promise<boolean> => {
      const document = await documentFor(uri);
      if (!document) return false;
      let range = selectedLines(document, lines);
      if (range === 'all') {
        const editor = vscode.window.activeTextEditor;
        const line = editor?.document === document ? editor.selection.active.line + 1 : 1;
        range = { startLine: line, endLine: line };
      }
      const toolName = typeof tool === 'string' ? tool : await vscode.window.showInputBox({ prompt: 'Which AI tool wrote these lines?', value: 'web-chat' });
      if (!toolName) return false;
      const modelName = typeof model === 'string' ? model : typeof tool === 'string' ? UNKNOWN_MODEL : ((await vscode.window.showInputBox({ prompt: 'Which model (leave empty if unknown)?' })) || UNKNOWN_MODEL);
      try {
        documents.markAiAssisted(document, range, { tool: toolName, model: modelName, session: 'manual', time: new Date().toISOString() });
        return true;
      } catch (error) {
        fail('mark selection', error);
        return false;
      }
    }),
    vscode.commands.registerCommand('airlock.markReviewed', async (uri?: unknown, lines?: unknown): Promise<boolean> => {
      const document = await documentFor(uri);
      if (!document) return false;
      try {
        const reviewer = documents.markReviewed(document, selectedLines(document, lines), new Date().toISOString());
        log.info(`[provenance] ${vscode.workspace.asRelativePath(document.uri)}: AI lines marked reviewed by ${reviewer}${document.isDirty ? ' (saved with the file)' : ''}`);
        vscode.window.setStatusBarMessage(`Airlock: AI lines marked reviewed by ${reviewer}`, 4000);
        return true;
      } catch (error) {
        fail('mark reviewed', error);
        return false;
      }
    }),
    vscode.commands.registerCommand('airlock.nextUnreviewedAiChange', async (): Promise<boolean> => {
      const editor = vscode.window.activeTextEditor;
      if (!editor) return false;
      const here = editor.selection.active.line + 1;
      const open = documents.ranges(editor.document.uri).filter((r) => r.reviewedBy === undefined);
      const next = open.find((r) => r.startLine > here) ?? open[0];
      if (!next) {
        void vscode.window.showInformationMessage('Airlock: no unreviewed AI lines in this file.');
        return false;
      }
      const position = new vscode.Position(next.startLine - 1, 0);
      editor.selection = new vscode.Selection(position, position);
      editor.revealRange(new vscode.Range(position, new vscode.Position(next.endLine - 1, 0)), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
      return true;
    }),
  );
}
