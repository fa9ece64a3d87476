// Composition root of the extension (placeholder until the services land).
import * as vscode from 'vscode';

export function activate(context: vscode.ExtensionContext): { ready: boolean } {
  const log = vscode.window.createOutputChannel('Airlock', { log: true });
  context.subscriptions.push(log);
  log.info('[main] Airlock activated');
  return { ready: true };
}

export function deactivate(): void {
  // Disposables are released through context.subscriptions.
}
