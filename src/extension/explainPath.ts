// "Airlock: Explain Path": the same answer as `airlock explain`, for the active file or a path
// picked in the Explorer.
import * as vscode from 'vscode';
import { decide } from '../core/decide/decide';
import type { PathDecision } from '../core/decide/decisionTypes';
import type { PolicyService } from './policyService';

export interface PathExplanation {
  readonly path: string;
  readonly className: string;
  readonly read: PathDecision['verdict'];
  readonly edit: PathDecision['verdict'];
  readonly rule: PathDecision['rule'];
  readonly reason: string;
  readonly policyValid: boolean;
}

export function explainUri(policies: PolicyService, uri: vscode.Uri): PathExplanation | undefined {
  const found = policies.engineForUri(uri);
  if (!found) return undefined;
  const read = decide(found.engine, { action: 'read', paths: [uri.fsPath], actor: 'editor' }).paths[0];
  const edit = decide(found.engine, { action: 'edit', paths: [uri.fsPath], actor: 'editor' }).paths[0];
  const main = read.verdict === 'allow' && edit.verdict !== 'allow' ? edit : read;
  const root = found.folder.uri.fsPath + '/';
  return {
    path: vscode.workspace.asRelativePath(uri, false),
    className: main.className,
    read: read.verdict,
    edit: edit.verdict,
    rule: main.rule,
    reason: main.reason.split(root).join(''),
    policyValid: found.engine.valid,
  };
}

export function registerExplainCommand(policies: PolicyService, log: vscode.LogOutputChannel): vscode.Disposable {
  return vscode.commands.registerCommand('airlock.explainPath', async (arg?: vscode.Uri): Promise<PathExplanation | undefined> => {
    const uri = arg instanceof vscode.Uri ? arg : vscode.window.activeTextEditor?.document.uri;
    if (!uri) {
      void vscode.window.showInformationMessage('Airlock: open a file or pick one in the Explorer to explain it.');
      return undefined;
    }
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
