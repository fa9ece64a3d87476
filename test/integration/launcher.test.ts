// The per-user launcher and "Airlock: Sync" in a real extension host. In a trusted workspace the
// extension installs ~/.airlock/bin/airlock and it verifies; in an untrusted one nothing is written
// (run with AIRLOCK_HOST_UNTRUSTED=1, see package.json `test:integration:untrusted`).
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';

interface LauncherApi {
  launcher: { state: Promise<{ status: string; error?: string; report?: { problems: string[]; libDir?: string } }> | undefined };
}

interface SyncRun {
  folder: string;
  exitCode: number;
  stdout: string;
  stderr: string;
}

const launcherFile = (): string => path.join(process.env.HOME ?? os.homedir(), '.airlock', 'bin', 'airlock');

function listFiles(dir: string, base = dir, out = new Set<string>()): Set<string> {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const abs = path.join(dir, e.name);
    out.add(path.relative(base, abs) + (e.isDirectory() ? '/' : ''));
    if (e.isDirectory()) listFiles(abs, base, out);
  }
  return out;
}

describe('launcher and sync', () => {
  let api: LauncherApi;
  before(async () => {
    const ext = vscode.extensions.getExtension('airlock-dev.airlock');
    assert.ok(ext);
    api = (await ext.activate()) as LauncherApi;
  });

  if (process.env.AIRLOCK_HOST_UNTRUSTED === '1') {
    it('launcher: in an untrusted workspace nothing is installed, and Sync refuses', async () => {
      assert.equal(vscode.workspace.isTrusted, false, 'this run expects Restricted Mode');
      assert.equal(api.launcher.state, undefined);
      // Give a would-be background install every chance to run.
      await new Promise((r) => setTimeout(r, 1500));
      assert.equal(fs.existsSync(launcherFile()), false);
      assert.equal(fs.existsSync(path.join(path.dirname(launcherFile()), '..', 'lib')), false);
      const runs = (await vscode.commands.executeCommand('airlock.sync')) as SyncRun[];
      assert.deepEqual(runs, []);
    });
    return;
  }

  it('launcher: installed and verified on activation in a trusted workspace, and it runs the bundled CLI', async () => {
    assert.equal(vscode.workspace.isTrusted, true);
    const state = await api.launcher.state;
    assert.ok(state, 'the install was scheduled');
    assert.notEqual(state.status, 'failed', state.error);
    assert.deepEqual(state.report?.problems, []);
    assert.ok(fs.statSync(launcherFile()).mode & 0o100, 'the launcher is executable');
    // HOME is the host run's own folder, never the developer's.
    assert.notEqual(process.env.HOME, os.userInfo().homedir);
    const run = spawnSync(launcherFile(), ['explain', '--json', '--root', (vscode.workspace.workspaceFolders ?? [])[0].uri.fsPath, '.env'], {
      env: { ...process.env, PATH: `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH ?? ''}` },
      encoding: 'utf8',
    });
    assert.equal(run.status, 0, run.stderr);
    assert.equal((JSON.parse(run.stdout) as { path: string }[])[0].path, '.env');
  });

  it('the walkthrough Sync step runs the real "Airlock: Sync" command, which writes hooks through the launcher', async () => {
    const ext = vscode.extensions.getExtension('airlock-dev.airlock');
    const pkg = ext?.packageJSON as { contributes: { walkthroughs: { steps: { id: string; description: string; completionEvents?: string[] }[] }[]; commands: { command: string; title: string }[] } };
    const step = pkg.contributes.walkthroughs[0].steps.find((s) => s.id === 'sync');
    assert.ok(step);
    assert.match(step.description, /\(command:airlock\.sync\)/);
    assert.deepEqual(step.completionEvents, ['onCommand:airlock.sync']);
    assert.equal(pkg.contributes.commands.find((c) => c.command === 'airlock.sync')?.title, 'Sync');

    const folder = (vscode.workspace.workspaceFolders ?? [])[0].uri.fsPath;
    const before = listFiles(folder);
    try {
      await api.launcher.state;
      const runs = (await vscode.commands.executeCommand('airlock.sync')) as SyncRun[];
      assert.equal(runs.length, 1);
      assert.equal(runs[0].exitCode, 0, runs[0].stderr || runs[0].stdout);
      const settings = JSON.parse(fs.readFileSync(path.join(folder, '.claude', 'settings.json'), 'utf8')) as { hooks: Record<string, { hooks: { command: string }[] }[]> };
      assert.match(settings.hooks['PreToolUse'][0].hooks[0].command, /"\$HOME\/\.airlock\/bin\/airlock" hook --client claude-code/);
      const state = JSON.parse(fs.readFileSync(path.join(folder, '.airlock', 'sync-state.json'), 'utf8')) as { hook: unknown };
      assert.deepEqual(state.hook, { launcher: 'launcher' });
    } finally {
      // Leave the fixture as it was: remove what Sync created, deepest first.
      const created = [...listFiles(folder)].filter((p) => !before.has(p)).sort((a, b) => b.length - a.length);
      for (const rel of created) fs.rmSync(path.join(folder, rel), { recursive: true, force: true });
    }
  });
});
