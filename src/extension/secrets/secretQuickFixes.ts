// Quick fixes on a secret warning: "Add to baseline" (accept it by fingerprint) and "Allow on this
// line" (an `airlock:allow` comment in the file's own comment syntax).
import * as vscode from 'vscode';
import type { SecretFinding } from '../../core/secrets/secretTypes';
import { Disposable } from '../disposable';
import { allowCommentFor } from './allowComment';
import { findingRange, SECRETS_DIAGNOSTIC_SOURCE } from './secretDiagnostics';
import type { SecretFindingsService } from './secretFindingsService';
import { errorMessage } from '../../core/util/errorMessage';

export const ADD_TO_BASELINE_COMMAND = 'airlock.secrets.addToBaseline';
export const ALLOW_ON_LINE_COMMAND = 'airlock.secrets.allowOnLine';

export class SecretQuickFixes extends Disposable implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];

  constructor(
    private readonly findings: SecretFindingsService,
    private readonly log: vscode.LogOutputChannel,
  ) {
    super();
    this._register(vscode.languages.registerCodeActionsProvider({ scheme: 'file' }, this, { providedCodeActionKinds: SecretQuickFixes.kinds }));
    this._register(vscode.commands.registerCommand(ADD_TO_BASELINE_COMMAND, (uri: vscode.Uri, fingerprint: string, line: number) => this.addToBaseline(uri, fingerprint, line)));
    this._register(vscode.commands.registerCommand(ALLOW_ON_LINE_COMMAND, (uri: vscode.Uri, fingerprint: string, line: number) => this.allowOnLine(uri, fingerprint, line)));
  }

  provideCodeActions(doc: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const actions: vscode.CodeAction[] = [];
    for (const diagnostic of context.diagnostics) {
      if (diagnostic.source !== SECRETS_DIAGNOSTIC_SOURCE) continue;
      const finding = this.findings.findingsFor(doc.uri).find((f) => findingRange(f).isEqual(diagnostic.range));
      if (!finding) continue;
      const args = [doc.uri, finding.fingerprint, finding.line];
      const baseline = new vscode.CodeAction(`Add to secrets baseline (accept ${finding.rule} ${finding.value})`, vscode.CodeActionKind.QuickFix);
      baseline.diagnostics = [diagnostic];
      baseline.command = { command: ADD_TO_BASELINE_COMMAND, title: baseline.title, arguments: args };
      actions.push(baseline);
      // A comment inside a multi-line secret (a PEM body) would corrupt it: those take the baseline only.
      if (finding.line === finding.endLine && allowCommentFor(doc.languageId, doc.fileName)) {
        const allow = new vscode.CodeAction('Allow this secret on this line (airlock:allow comment)', vscode.CodeActionKind.QuickFix);
        allow.diagnostics = [diagnostic];
        allow.command = { command: ALLOW_ON_LINE_COMMAND, title: allow.title, arguments: args };
        actions.push(allow);
      }
    }
    return actions;
  }

  private find(uri: vscode.Uri, fingerprint: string, line: number): SecretFinding | undefined {
    const candidates = this.findings.findingsFor(uri).filter((f) => f.fingerprint === fingerprint);
    return candidates.find((f) => f.line === line) ?? candidates[0];
  }

  private async addToBaseline(uri: vscode.Uri, fingerprint: string, line: number): Promise<void> {
    const finding = this.find(uri, fingerprint, line);
    if (!finding) return;
    try {
      this.findings.addToBaseline(uri, finding);
    } catch (err) {
      this.log.error(`[secrets] add to baseline failed: ${errorMessage(err)}`);
      void vscode.window.showErrorMessage(`Airlock: could not update the secrets baseline: ${errorMessage(err)}`);
    }
  }

  private async allowOnLine(uri: vscode.Uri, fingerprint: string, line: number): Promise<boolean> {
    const finding = this.find(uri, fingerprint, line);
    if (!finding) return false;
    const doc = await vscode.workspace.openTextDocument(uri);
    const comment = allowCommentFor(doc.languageId, doc.fileName);
    if (!comment) return false;
    const target = doc.lineAt(finding.line - 1);
    const edit = new vscode.WorkspaceEdit();
    if (comment.placement === 'endOfLine') {
      edit.insert(uri, target.range.end, comment.text);
    } else {
      const indent = target.text.slice(0, target.firstNonWhitespaceCharacterIndex);
      edit.insert(uri, target.range.start, `${indent}${comment.text}${doc.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n'}`);
    }
    const applied = await vscode.workspace.applyEdit(edit);
    // Clear the warning now rather than after the debounce or the save.
    if (applied) this.findings.scanDocument(doc);
    return applied;
  }
}
