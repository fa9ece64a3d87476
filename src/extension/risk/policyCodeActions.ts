// Quick fixes for Airlock's diagnostics in the policy file: remove an expired exception, remove a
// pattern that can never match or that a later rule shadows, use "/" instead of "\".
import * as vscode from 'vscode';
import { removalFixAt } from '../../core/risk/policyFixes';
import { BACKSLASH_SEPARATOR, NEVER_MATCHES, SHADOWED_PATTERN } from '../../core/policy/policyReport';

const REMOVABLE = new Set(['expired-exception', NEVER_MATCHES, SHADOWED_PATTERN]);

export class PolicyCodeActions implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];

  provideCodeActions(doc: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const out: vscode.CodeAction[] = [];
    for (const d of context.diagnostics) {
      if (d.source !== 'airlock') continue;
      const code = String(typeof d.code === 'object' ? d.code.value : d.code);
      if (code === BACKSLASH_SEPARATOR) {
        const action = new vscode.CodeAction('Use "/" as the path separator', vscode.CodeActionKind.QuickFix);
        action.edit = new vscode.WorkspaceEdit();
        action.edit.replace(doc.uri, d.range, doc.getText(d.range).replace(/\\\\/g, '/'));
        action.diagnostics = [d];
        action.isPreferred = true;
        out.push(action);
        continue;
      }
      if (!REMOVABLE.has(code)) continue;
      const fix = removalFixAt(doc.getText(), doc.offsetAt(d.range.start));
      if (!fix) continue;
      const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
      action.edit = new vscode.WorkspaceEdit();
      for (const e of fix.edits) action.edit.replace(doc.uri, new vscode.Range(doc.positionAt(e.offset), doc.positionAt(e.offset + e.length)), e.content);
      action.diagnostics = [d];
      out.push(action);
    }
    return out;
  }
}

export function registerPolicyCodeActions(): vscode.Disposable {
  return vscode.languages.registerCodeActionsProvider({ scheme: 'file', pattern: '**/.airlock/{policy.json,*.policy.json}' }, new PolicyCodeActions(), {
    providedCodeActionKinds: PolicyCodeActions.kinds,
  });
}
