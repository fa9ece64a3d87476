// extensionTestsPath module for screenshot mode: runs inside the extension host, activates the
// extension, opens the requested files, runs the requested commands, signals "ready", and holds the
// host open until the launcher has taken its picture (the host exits, and the workbench with it, when
// run() settles).
import * as fs from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import * as vscode from 'vscode';

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set (the offline host launcher sets it)`);
  return value;
}

export async function run(): Promise<void> {
  const readyFile = required('AIRLOCK_SHOT_READY');
  const releaseFile = required('AIRLOCK_SHOT_RELEASE');
  const commands = JSON.parse(process.env.AIRLOCK_SHOT_COMMANDS ?? '[]') as string[];
  const openFiles = JSON.parse(process.env.AIRLOCK_SHOT_OPEN ?? '[]') as string[];
  const extensionId = process.env.AIRLOCK_SHOT_EXTENSION ?? 'airlock-dev.airlock';

  const extension = vscode.extensions.getExtension(extensionId);
  if (!extension) throw new Error(`extension ${extensionId} is not loaded`);
  await extension.activate();
  for (const file of openFiles) {
    console.log(`[screenshot] opening ${file}`);
    await vscode.window.showTextDocument(vscode.Uri.file(file), { preview: false });
  }
  for (const command of commands) {
    console.log(`[screenshot] running ${command}`);
    await vscode.commands.executeCommand(command);
  }
  fs.writeFileSync(readyFile, 'ready');
  // The launcher enforces the overall timeout; this bound only stops an orphaned host.
  for (let waited = 0; !fs.existsSync(releaseFile); waited += 200) {
    if (waited > 600_000) throw new Error('the launcher never released the screenshot driver');
    await sleep(200);
  }
}
