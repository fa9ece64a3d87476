// Composition root: the log channel first, then services by constructor injection, every
// disposable owned by the extension context.
import * as vscode from 'vscode';
import { registerExplainCommand } from './explainPath';
import { PolicyDiagnostics } from './policyDiagnostics';
import { PolicyService } from './policyService';
import { PolicyStatusBar } from './statusBar';

export interface AirlockApi {
  readonly policies: PolicyService;
  readonly diagnostics: PolicyDiagnostics;
  readonly statusBar: PolicyStatusBar;
  /** Milliseconds spent in the synchronous part of activate(). */
  readonly activationMs: number;
}

export function activate(context: vscode.ExtensionContext): AirlockApi {
  const started = performance.now();
  const log = vscode.window.createOutputChannel('Airlock', { log: true });
  context.subscriptions.push(log);
  const policies = new PolicyService(log);
  const diagnostics = new PolicyDiagnostics(policies);
  const statusBar = new PolicyStatusBar(policies);
  context.subscriptions.push(policies, diagnostics, statusBar, registerExplainCommand(policies, log));
  const activationMs = performance.now() - started;
  log.info(`[main] activated in ${activationMs.toFixed(1)} ms; trusted workspace: ${vscode.workspace.isTrusted}`);
  return { policies, diagnostics, statusBar, activationMs };
}

export function deactivate(): void {
  // Everything is released through context.subscriptions.
}
