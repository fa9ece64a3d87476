// "Airlock: Sync": runs the CLI bundled with the extension (`airlock sync`) for each workspace folder
// that has a policy, so the walkthrough's Sync step does the real thing. Writes files: trusted only.
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { POLICY_RELATIVE_PATH } from '../core/words/airlockLayout';

export interface SyncRun {
  readonly folder: string;
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

function runBundledCli(extensionPath: string, args: string[]): Promise<Omit<SyncRun, 'folder'>> {
  return new Promise((resolve) => {
    // The extension host's own runtime (Electron or Node) runs the bundle as plain Node.
    execFile(process.execPath, [path.join(extensionPath, 'dist', 'cli.js'), ...args], { env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' }, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 2) : 0;
      resolve({ exitCode: code, stdout: String(stdout), stderr: String(stderr || (error && typeof error.code !== 'number' ? error.message : '')) });
    });
  });
}

export function registerSyncCommand(extensionPath: string, log: vscode.LogOutputChannel): vscode.Disposable {
  return vscode.commands.registerCommand('airlock.sync', async (): Promise<SyncRun[]> => {
    if (!vscode.workspace.isTrusted) {
      void vscode.window.showWarningMessage('Airlock: Sync writes assistant settings and hooks, so it runs only in a trusted workspace.');
      return [];
    }
    const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file' && fs.existsSync(path.join(f.uri.fsPath, POLICY_RELATIVE_PATH)));
    if (folders.length === 0) {
      const create = await vscode.window.showInformationMessage('Airlock: no workspace folder has a policy yet. Create one first.', 'Create Policy');
      if (create) await vscode.commands.executeCommand('airlock.createPolicy');
      return [];
    }
    const runs: SyncRun[] = [];
    for (const folder of folders) {
      const run = { folder: folder.uri.fsPath, ...(await runBundledCli(extensionPath, ['sync', '--root', folder.uri.fsPath])) };
      runs.push(run);
      log.info(`[sync] ${folder.name}: exit ${run.exitCode}\n${run.stdout}${run.stderr}`);
      if (run.exitCode === 0) void vscode.window.showInformationMessage(`Airlock: synced the policy into every assistant's settings in ${folder.name}. Commit .airlock/ and the generated files.`);
      else void vscode.window.showErrorMessage(`Airlock: sync failed in ${folder.name}: ${(run.stderr || run.stdout).trim().split('\n')[0]}`, 'Show Log').then((c) => c && log.show());
    }
    return runs;
  });
}
