// One watcher for a file Airlock keeps in each workspace folder (the policy, the secrets
// baseline): created, changed or deleted, the folder that holds it is handed on.
import * as vscode from 'vscode';

export function watchWorkspaceFile(relative: string, onFolder: (folder: vscode.WorkspaceFolder) => void): vscode.Disposable {
  const watcher = vscode.workspace.createFileSystemWatcher(`**/${relative}`);
  const onFile = (uri: vscode.Uri): void => {
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    if (folder) onFolder(folder);
  };
  return vscode.Disposable.from(watcher, watcher.onDidChange(onFile), watcher.onDidCreate(onFile), watcher.onDidDelete(onFile));
}
