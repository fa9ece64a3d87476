// The extension loads in a real host, hands back its API, and registers every command it declares.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';

const EXTENSION_ID = 'airlock-dev.airlock';

interface DeclaredCommand {
  command: string;
}

describe('activation', () => {
  let extension: vscode.Extension<unknown>;
  let api: unknown;

  before(async () => {
    const found = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(found, `extension ${EXTENSION_ID} is not loaded in this host`);
    extension = found;
    // Activate explicitly: activation events fire on their own schedule.
    api = await extension.activate();
  });

  it('activates and returns its API object', () => {
    assert.equal(extension.isActive, true);
    assert.equal(typeof api, 'object');
    assert.notEqual(api, null);
  });

  it('registers every command declared in package.json', async () => {
    const packageJson = extension.packageJSON as { contributes?: { commands?: DeclaredCommand[] } };
    const declared = (packageJson.contributes?.commands ?? []).map((c) => c.command);
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = declared.filter((id) => !registered.has(id));
    assert.deepEqual(missing, [], `declared in package.json but not registered: ${missing.join(', ')}`);
  });

  it('runs with a workspace folder that exists on disk', () => {
    const folders = vscode.workspace.workspaceFolders ?? [];
    assert.ok(folders.length >= 1, 'no workspace folder is open');
    assert.equal(folders[0].uri.scheme, 'file');
    assert.ok(fs.statSync(folders[0].uri.fsPath).isDirectory());
  });
});
