// The telemetry schedule while the editor is open: in a trusted workspace, one ticker per folder
// whose policy has a "telemetry" section (flush + signed checkpoint every intervalSeconds, see
// core/telemetry/telemetryTicker). Untrusted workspaces run nothing until trust is granted.
import * as vscode from 'vscode';
import type { ScheduledRunResult } from '../core/telemetry/telemetrySchedule';
import type { TelemetryTicker } from '../core/telemetry/telemetryTicker';
import { Disposable } from './disposable';
import type { PolicyService } from './policyService';

export class TelemetryScheduleFeature extends Disposable {
  private readonly tickers = new Map<string, TelemetryTicker>();
  private readonly loading = new Set<string>();
  private stopped = false;
  /** The last run's outcome per folder (for tests and the log). */
  readonly lastRun = new Map<string, ScheduledRunResult>();

  constructor(private readonly policies: PolicyService, private readonly log: vscode.LogOutputChannel, private readonly version: string) {
    super();
    this._register({ dispose: () => this.stopAll() });
    this._register(policies.onDidChange((folder) => this.follow(folder)));
    this._register(vscode.workspace.onDidGrantWorkspaceTrust(() => this.followAll()));
    this._register(vscode.workspace.onDidChangeWorkspaceFolders(() => this.followAll()));
    void policies.ready.then(() => this.followAll());
  }

  private followAll(): void {
    for (const folder of vscode.workspace.workspaceFolders ?? []) this.follow(folder);
  }

  private follow(folder: vscode.WorkspaceFolder): void {
    const key = folder.uri.toString();
    const engine = this.policies.engineFor(folder);
    const wanted = vscode.workspace.isTrusted && engine?.valid === true && engine.telemetrySettings !== null;
    const running = this.tickers.get(key);
    if (!wanted) {
      running?.stop();
      this.tickers.delete(key);
      return;
    }
    if (running) {
      running.poke(); // the interval or the endpoint may have changed
      return;
    }
    if (this.loading.has(key)) return;
    this.loading.add(key);
    this.log.info(`[telemetry] ${folder.name}: flush + checkpoint every ${engine.telemetrySettings?.intervalSeconds} s while the editor is open`);
    // Loaded on first use: the OpenTelemetry SDK stays out of activation for everyone else.
    void import('../core/telemetry/telemetryTicker').then(({ startTelemetryTicker }) => {
      this.loading.delete(key);
      if (this.stopped || this.tickers.has(key)) return;
      const ticker = startTelemetryTicker({
        root: folder.uri.fsPath,
        engine: () => this.policies.engineFor(folder),
        env: process.env,
        serviceVersion: this.version,
        onResult: (r) => {
          this.lastRun.set(key, r);
          if (r.error) this.log.warn(`[telemetry] ${folder.name}: scheduled run failed (${r.error}); records stay queued`);
          else if (r.ran) this.log.info(`[telemetry] ${folder.name}: sent ${r.flush?.exported ?? 0} record(s)${r.checkpointSize !== null ? `, signed checkpoint of ${r.checkpointSize}` : ''}`);
        },
      });
      this.tickers.set(key, ticker);
      this.follow(folder); // the policy may have changed while loading
    });
  }

  private stopAll(): void {
    this.stopped = true;
    for (const t of this.tickers.values()) t.stop();
    this.tickers.clear();
  }
}
