// The extension ships the CLI; in a trusted workspace it installs or updates the per-user launcher
// `~/.airlock/bin/airlock` (hash-checked, outside every work tree) that generated hooks run, and
// offers once to put it on PATH. Never in an untrusted workspace: it waits for trust.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { launcherPathState, putLauncherOnPath, refreshLauncher, type LauncherRefreshed } from '../core/launcher/launcherSetup';
import { errorMessage } from '../core/util/errorMessage';

const PATH_OFFER_KEY = 'airlock.launcher.pathOfferAnswered';

export interface LauncherState {
  readonly status: 'installed' | 'updated' | 'unchanged' | 'failed';
  readonly report?: LauncherRefreshed['report'];
  readonly error?: string;
}

export class LauncherSetup implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private current: Promise<LauncherState> | undefined;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly log: vscode.LogOutputChannel,
  ) {
    if (vscode.workspace.isTrusted) this.schedule();
    else this.disposables.push(vscode.workspace.onDidGrantWorkspaceTrust(() => this.schedule()));
  }

  /** The last install's outcome; undefined while the workspace is untrusted (nothing was written). */
  get state(): Promise<LauncherState> | undefined {
    return this.current;
  }

  private schedule(): void {
    // Off the activation path: copying and hashing ~1 MB is not activation's business.
    this.current = new Promise((resolve) => setTimeout(() => resolve(this.install()), 0));
    void this.current.then((s) => {
      if (s.status !== 'failed') this.offerPath();
    });
  }

  private install(): LauncherState {
    try {
      // A launcher that exists but fails its own checks was changed by something other than Airlock.
      const { result, tampered, report } = refreshLauncher(path.join(this.context.extensionPath, 'dist'), process.env);
      if (tampered.length) {
        this.log.warn(`[launcher] ${result.launcher} had been changed outside Airlock and was reinstalled: ${tampered.join('; ')}`);
        void vscode.window.showWarningMessage(`Airlock: its launcher ${result.launcher} had been changed outside Airlock (${tampered[0]}); it was reinstalled. See the Airlock log.`);
      }
      if (report.problems.length) this.log.warn(`[launcher] installed but not intact: ${report.problems.join('; ')}`);
      else this.log.info(`[launcher] ${result.status}: ${result.launcher} → ${result.libDir}`);
      return { status: result.status, report };
    } catch (e) {
      this.log.error(`[launcher] could not install ~/.airlock/bin/airlock: ${errorMessage(e)}`);
      return { status: 'failed', error: errorMessage(e) };
    }
  }

  private offerPath(): void {
    const { binDir, onPath } = launcherPathState(process.env);
    if (process.platform === 'win32' || onPath || this.context.globalState.get<boolean>(PATH_OFFER_KEY)) return;
    void vscode.window
      .showInformationMessage(`Airlock installed its command-line launcher in ${binDir}. Add it to your PATH so \`airlock\` runs in terminals? (Assistant hooks do not need it.)`, 'Add to PATH', 'Not now')
      .then((choice) => {
        if (choice === 'Add to PATH') {
          const changed = putLauncherOnPath(process.env);
          // Asked once: this window's PATH only changes when VS Code is started again.
          void this.context.globalState.update(PATH_OFFER_KEY, true);
          this.log.info(`[launcher] added ${binDir} to PATH in ${changed.join(', ') || 'no file (already there)'}`);
          void vscode.window.showInformationMessage(`Airlock: ${binDir} is on PATH in new terminals.`);
        } else if (choice === 'Not now') {
          void this.context.globalState.update(PATH_OFFER_KEY, true);
        }
      });
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
