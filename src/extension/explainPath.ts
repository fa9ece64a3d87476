// "Airlock: Explain Path": the same answer as `airlock explain`, for the active file or a path
// picked in the Explorer.
import * as vscode from 'vscode';
import { explainPath, type PathExplanation } from '../core/decide/explainPath';
import type { PolicyService } from './policyService';

/** The core explanation, with `path` as the editor shows it (relative to the workspace). */
export function explainUri(policies: PolicyService, uri: vscode.Uri): PathExplanation | undefined {
  const found = policies.engineForUri(uri);
  if (!found) return undefined;
  return { ...explainPath(found.engine, uri.fsPath, { actor: 'editor' }), path: vscode.workspace.asRelativePath(uri, false) };
}

export function registerExplainCommand(policies: PolicyService, log: vscode.LogOutputChannel): vscode.Disposable {
  return vscode.commands.registerCommand('airlock.explainPath', async (arg?: vscode.Uri): Promise<PathExplanation | undefined> => {
    const uri = arg instanceof vscode.Uri ? arg : vscode.window.activeTextEditor?.document.uri;
    if (!uri) {
      void vscode.window.showInformationMessage('Airlock: open a file or pick one in the Explorer to explain it.');
      return undefined;
    }
    await policies.ready;
    const result = explainUri(policies, uri);
    if (!result) {
      void vscode.window.showInformationMessage(`Airlock: ${vscode.workspace.asRelativePath(uri)} is not in a folder with .airlock/policy.json.`);
      return undefined;
    }
    log.info(`[explain] ${result.path}: class ${result.className}, read ${result.read}, edit ${result.edit} — ${result.reason}`);
    const where = result.rule ? ` (${vscode.workspace.asRelativePath(result.rule.source)}:${result.rule.line})` : '';
    void vscode.window.showInformationMessage(`${result.path}: class "${result.className}" — AI read ${result.read}, edit ${result.edit}${where}. ${result.reason}`);
    return result;
  });
}
