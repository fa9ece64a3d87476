// Shows every policy problem (of the policy and its baselines) in the Problems panel at its
// exact line and column, with Airlock's semantic problems (never-matching or shadowed patterns).
import * as vscode from 'vscode';
import type { SemanticProblems } from './risk/semanticProblems';
import type { PolicyProblem } from '../core/policy/policyError';
import { Disposable } from './disposable';
import type { PolicyService } from './policyService';

export class PolicyDiagnostics extends Disposable {
  readonly collection = this._register(vscode.languages.createDiagnosticCollection('airlock'));

  constructor(
    private readonly policies: PolicyService,
    private readonly semantic?: SemanticProblems,
  ) {
    super();
    this._register(policies.onDidChange(() => this.refresh()));
    if (semantic) this._register(semantic.onDidChange(() => this.refresh()));
    this.refresh();
  }

  refresh(): void {
    const byFile = new Map<string, vscode.Diagnostic[]>();
    for (const folder of this.policies.folders) {
      const engine = this.policies.engineFor(folder);
      if (!engine) continue;
      for (const p of this.semantic ? this.semantic.all(engine) : engine.problems) {
        const list = byFile.get(p.file) ?? [];
        list.push(toDiagnostic(p));
        byFile.set(p.file, list);
      }
    }
    this.collection.clear();
    for (const [file, diags] of byFile) this.collection.set(vscode.Uri.file(file), diags);
  }
}

function toDiagnostic(p: PolicyProblem): vscode.Diagnostic {
  const start = new vscode.Position(p.line - 1, p.column - 1);
  // Ranges are in characters on one line for our problems; clamp multi-line spans to the line.
  const end = new vscode.Position(p.line - 1, p.column - 1 + Math.max(1, p.length));
  const d = new vscode.Diagnostic(new vscode.Range(start, end), p.message, p.severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning);
  d.source = 'airlock';
  d.code = p.code;
  return d;
}
