// Wires secret detection into the editor: findings service, diagnostics, quick fixes, the scan
// command, and the first background scan of the workspace.
import * as vscode from 'vscode';
import { Disposable } from '../disposable';
import { SecretDiagnostics } from './secretDiagnostics';
import { SecretFindingsService } from './secretFindingsService';
import { SecretQuickFixes } from './secretQuickFixes';
import { errorMessage } from '../../core/util/errorMessage';

export const SCAN_WORKSPACE_COMMAND = 'airlock.secrets.scanWorkspace';

export class SecretDetection extends Disposable {
  readonly findings: SecretFindingsService;

  constructor(log: vscode.LogOutputChannel) {
    super();
    this.findings = this._register(new SecretFindingsService(log));
    this._register(new SecretDiagnostics(this.findings));
    this._register(new SecretQuickFixes(this.findings, log));
    this._register(
      vscode.commands.registerCommand(SCAN_WORKSPACE_COMMAND, () =>
        vscode.window.withProgress(
          { location: vscode.ProgressLocation.Notification, title: 'Airlock: scanning the workspace for secrets', cancellable: true },
          async (_progress, token) => {
            const files = await this.findings.scanWorkspace(token);
            const withFindings = [...this.findings.entries()].length;
            if (!token.isCancellationRequested) {
              void vscode.window.showInformationMessage(`Airlock: ${files} file(s) scanned; ${withFindings} with secret findings (see Problems).`);
            }
          },
        ),
      ),
    );
    // Off the activation path: the scanner yields to the event loop every few milliseconds.
    const timer = setTimeout(() => {
      this.findings.scanWorkspace().catch((err: unknown) => log.error(`[secrets] workspace scan failed: ${errorMessage(err)}`));
    }, 0);
    this._register({ dispose: () => clearTimeout(timer) });
  }
}
