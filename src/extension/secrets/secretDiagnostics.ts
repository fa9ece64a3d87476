// Problems-panel warnings at each finding's exact range, and an error on a corrupt baseline file.
import * as vscode from 'vscode';
import type { SecretFinding } from '../../core/secrets/secretTypes';
import { Disposable } from '../disposable';
import type { SecretFindingsService } from './secretFindingsService';

export const SECRETS_DIAGNOSTIC_SOURCE = 'airlock-secrets';

/** SecretFinding positions are 1-based with an exclusive end column; VS Code's are 0-based. */
export function findingRange(f: SecretFinding): vscode.Range {
  return new vscode.Range(f.line - 1, f.column - 1, f.endLine - 1, f.endColumn - 1);
}

export function findingMessage(f: SecretFinding): string {
  const effect = f.blocking ? 'AI assistants may not read this file while it is here' : 'raises this file\'s risk';
  return `${f.description} (${f.rule}): ${f.value} — ${effect}. Remove and rotate it, or accept it with a quick fix.`;
}

export class SecretDiagnostics extends Disposable {
  private readonly collection = this._register(vscode.languages.createDiagnosticCollection(SECRETS_DIAGNOSTIC_SOURCE));

  constructor(private readonly findings: SecretFindingsService) {
    super();
    this._register(findings.onDidChange((uris) => this.refresh(uris)));
    this.refresh([...findings.entries()].map(([uri]) => uri));
  }

  private refresh(uris: readonly vscode.Uri[]): void {
    const problems = new Map(this.findings.problems.map((p) => [p.uri.toString(), p]));
    for (const uri of uris) {
      const diagnostics = this.findings.findingsFor(uri).map((f) => {
        const d = new vscode.Diagnostic(findingRange(f), findingMessage(f), vscode.DiagnosticSeverity.Warning);
        d.source = SECRETS_DIAGNOSTIC_SOURCE;
        d.code = f.rule;
        return d;
      });
      const problem = problems.get(uri.toString());
      if (problem) {
        const at = new vscode.Position(problem.line - 1, problem.column - 1);
        const d = new vscode.Diagnostic(new vscode.Range(at, at), `${problem.message}. Until it is fixed every finding is reported.`, vscode.DiagnosticSeverity.Error);
        d.source = SECRETS_DIAGNOSTIC_SOURCE;
        diagnostics.push(d);
      }
      this.collection.set(uri, diagnostics);
    }
  }
}
