// Runs the integration suite in desktop VS Code via @vscode/test-electron (needs internet to download
// VS Code). Offline machines and CI use test/offline-host/run.sh, which loads the same suite module.
// Usage: node out/test/launch/electron.js [--workspace DIR]   (VSCODE_VERSION picks the build, default stable)
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';

// Bundled to out/test/launch/electron.js, so the repository is three levels up.
const repo = path.resolve(__dirname, '..', '..', '..');

function workspaceArg(argv: readonly string[]): string {
  const i = argv.indexOf('--workspace');
  if (i >= 0) {
    const value = argv[i + 1];
    if (!value) throw new Error('--workspace needs a directory');
    return path.resolve(value);
  }
  return path.join(repo, 'test', 'fixtures', 'host-workspace');
}

async function main(): Promise<number> {
  const workspace = workspaceArg(process.argv.slice(2));
  if (!fs.statSync(workspace, { throwIfNoEntry: false })?.isDirectory()) {
    throw new Error(`workspace folder not found: ${workspace}`);
  }
  // A fresh user-data dir per run keeps state from a previous run (or the user's VS Code) out.
  const userData = fs.mkdtempSync(path.join(os.tmpdir(), 'airlock-electron-'));
  try {
    const extensionTestsEnv: Record<string, string | undefined> = {
      MOCHA_GREP: process.env.MOCHA_GREP,
      AIRLOCK_TEST_WORKSPACE: workspace,
    };
    return await runTests({
      version: process.env.VSCODE_VERSION ?? 'stable',
      extensionDevelopmentPath: repo,
      extensionTestsPath: path.join(repo, 'out', 'test', 'integration', 'index'),
      launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--user-data-dir', userData],
      extensionTestsEnv,
    });
  } finally {
    fs.rmSync(userData, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error('[electron launcher] failed to run the integration suite:', err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
