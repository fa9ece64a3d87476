// The policy report (core/policy/policyReport: the same codes and words as `airlock check`) per
// loaded engine, for the Problems panel and the sidebar. Computed off the activation path, in
// short slices; once the risk view has walked a folder, again with its files (the path checks).
import * as vscode from 'vscode';
import type { PolicyEngine } from '../../core/policy/policyEngine';
import type { PolicyProblem } from '../../core/policy/policyError';
import { policyReportSteps } from '../../core/policy/policyReport';
import { runInSlices } from '../../core/risk/runInSlices';
import { Disposable } from '../disposable';

/** Where the walked files of a folder come from (the risk service). */
export interface WalkedFiles {
  filesOf(engine: PolicyEngine): readonly string[] | undefined;
  readonly onDidChange: vscode.Event<unknown>;
}

/** Engines kept waiting for a walk: one per folder is the norm; older ones were replaced. */
const MAX_WAITING = 16;

interface Report {
  problems: readonly PolicyProblem[] | undefined;
  withFiles: boolean;
}

export class SemanticProblems extends Disposable {
  private readonly reports = new WeakMap<PolicyEngine, Report>();
  private readonly live = new Set<PolicyEngine>();
  private readonly changed = this._register(new vscode.EventEmitter<void>());
  /** Fires when a report finishes. */
  readonly onDidChange = this.changed.event;
  private disposedFlag = false;

  constructor(private readonly walked?: WalkedFiles) {
    super();
    this._register({ dispose: () => (this.disposedFlag = true) });
    if (walked) this._register(walked.onDidChange(() => this.upgradeWithFiles()));
  }

  /** Everything known so far: validation problems at once, the rest when the report is done. */
  all(engine: PolicyEngine): readonly PolicyProblem[] {
    const report = this.reports.get(engine);
    if (!report) this.start(engine, false);
    return this.reports.get(engine)?.problems ?? engine.problems;
  }

  private start(engine: PolicyEngine, withFiles: boolean): void {
    const entry: Report = this.reports.get(engine) ?? { problems: undefined, withFiles };
    entry.withFiles = withFiles;
    this.reports.set(engine, entry);
    // Engines still waiting for their folder's walk; a replaced engine drops out with the oldest.
    if (withFiles) this.live.delete(engine);
    else this.live.add(engine);
    if (this.live.size > MAX_WAITING) this.live.delete(this.live.values().next().value as PolicyEngine);
    const files = withFiles ? this.walked?.filesOf(engine) : undefined;
    const out: PolicyProblem[] = [];
    // Never inside activate(): the first slice runs after it returns.
    void new Promise((r) => setImmediate(r))
      .then(() => runInSlices(policyReportSteps(engine, { files }), (step) => out.push(...step), { cancelled: () => this.disposedFlag }))
      .then((done) => {
        if (done === false) return;
        entry.problems = out;
        this.changed.fire();
      });
  }

  private upgradeWithFiles(): void {
    for (const engine of this.live) {
      const r = this.reports.get(engine);
      if (!r) {
        this.live.delete(engine);
        continue;
      }
      if (!r.withFiles && this.walked?.filesOf(engine)) this.start(engine, true);
    }
  }
}
