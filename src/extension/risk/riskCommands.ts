// Commands of the risk sidebar: Create Policy (the same starter policy as `airlock init`), the
// grouping toggle, refresh, and the per-file context actions.
import { existsSync } from 'node:fs';
import * as vscode from 'vscode';

import { writeStarterPolicy } from '../../core/policy/writeStarterPolicy';
import type { PolicyService } from '../policyService';
import type { RiskNode, RiskTreeProvider } from './riskTree';
import type { RiskService } from './riskService';
import { errorMessage } from '../../core/util/errorMessage';
import { POLICY_RELATIVE_PATH } from '../../core/words/airlockLayout';

/** The command the provenance UI registers; the sidebar only forwards to it. */
export const MARK_REVIEWED_COMMAND = 'airlock.markReviewed';

function uriOf(risk: RiskService, arg: unknown): vscode.Uri | undefined {
  if (arg instanceof vscode.Uri) return arg;
  const node = arg as RiskNode | undefined;
  if (node?.kind === 'file') return risk.uriOf(node.folder, node.risk.rel);
  if (node?.kind === 'folder') return risk.uriOf(node.folder, node.rel);
  return vscode.window.activeTextEditor?.document.uri;
}

/** Writes the starter policy into a folder; never overwrites, never writes when untrusted. */
export async function createPolicy(policies: PolicyService, log: vscode.LogOutputChannel, target?: vscode.WorkspaceFolder): Promise<vscode.Uri | undefined> {
  if (!vscode.workspace.isTrusted) {
    void vscode.window.showWarningMessage('Airlock: this workspace is not trusted, so Airlock writes nothing here. Trust the workspace to create a policy.');
    return undefined;
  }
  const candidates = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file' && !existsSync(vscode.Uri.joinPath(f.uri, POLICY_RELATIVE_PATH).fsPath));
  let folder = target;
  if (!folder) {
    if (candidates.length === 0) {
      void vscode.window.showInformationMessage('Airlock: every workspace folder already has a policy (Airlock never overwrites one).');
      return undefined;
    }
    folder = candidates.length === 1 ? candidates[0] : await vscode.window.showWorkspaceFolderPick({ placeHolder: 'Create the Airlock policy in which folder?' });
    if (!folder) return undefined;
  }
  const file = vscode.Uri.joinPath(folder.uri, POLICY_RELATIVE_PATH);
  try {
    if (!writeStarterPolicy(folder.uri.fsPath).written) {
      void vscode.window.showErrorMessage(`Airlock: ${file.fsPath} already exists; Airlock never overwrites a policy.`);
      return undefined;
    }
  } catch (err) {
    log.error(`[risk] create policy in ${folder.name}: ${errorMessage(err)}`);
    void vscode.window.showErrorMessage(`Airlock: cannot create the policy: ${errorMessage(err)}`);
    return undefined;
  }
  log.info(`[risk] wrote the starter policy ${file.fsPath}`);
  policies.reload(folder);
  await vscode.window.showTextDocument(file);
  return file;
}

export function registerRiskCommands(policies: PolicyService, risk: RiskService, tree: RiskTreeProvider, log: vscode.LogOutputChannel): vscode.Disposable {
  const reg = vscode.commands.registerCommand;
  return vscode.Disposable.from(
    reg('airlock.createPolicy', (folder?: vscode.WorkspaceFolder) => createPolicy(policies, log, folder)),
    reg('airlock.risk.groupByFolder', () => tree.setGrouping('folder')),
    reg('airlock.risk.groupByLevel', () => tree.setGrouping('level')),
    reg('airlock.risk.refresh', () => risk.refresh()),
    reg('airlock.risk.open', (arg?: unknown) => {
      const uri = uriOf(risk, arg);
      return uri ? vscode.commands.executeCommand('vscode.open', uri) : undefined;
    }),
    reg('airlock.risk.explain', (arg?: unknown) => vscode.commands.executeCommand('airlock.explainPath', uriOf(risk, arg))),
    reg('airlock.risk.markReviewed', async (arg?: unknown) => {
      const uri = uriOf(risk, arg);
      if (!uri) return undefined;
      if (!vscode.workspace.isTrusted) {
        void vscode.window.showWarningMessage('Airlock: this workspace is not trusted, so Airlock writes no review marks here.');
        return undefined;
      }
      const known = await vscode.commands.getCommands(true);
      if (!known.includes(MARK_REVIEWED_COMMAND)) {
        void vscode.window.showWarningMessage('Airlock: marking AI lines reviewed is not available in this version (the provenance editor is not installed).');
        return undefined;
      }
      // Every AI line of the file, whatever is selected in an editor.
      return vscode.commands.executeCommand(MARK_REVIEWED_COMMAND, uri, { startLine: 1, endLine: Number.MAX_SAFE_INTEGER });
    }),
  );
}
