// Keeps a RiskModel per workspace folder that has a policy, built and updated in short slices so
// the extension host never blocks: the first walk, a policy change (recompute every file without
// walking again), file creations and deletions, provenance changes (one file) and secret findings
// (one file). It never listens to keystrokes, and it never writes anything (safe when untrusted).
import * as path from 'node:path';
import * as vscode from 'vscode';
import { type FolderFileEvent, FolderRisk, type RiskTouched } from '../../core/risk/folderRisk';
import type { AiLineStats, FileRisk } from '../../core/risk/riskTypes';
import { runInSlices } from '../../core/risk/runInSlices';
import type { SecretFinding } from '../../core/secrets/secretTypes';
import { Disposable } from '../disposable';
import type { PolicyService } from '../policyService';
import type { PolicyEngine } from '../../core/policy/policyEngine';

/** What the secret scanner offers (SecretFindingsService has this shape). */
export interface SecretFindingsFeed {
  findingsFor(uri: vscode.Uri): readonly SecretFinding[];
  entries(): IterableIterator<[vscode.Uri, readonly SecretFinding[]]>;
  readonly onDidChange: vscode.Event<readonly vscode.Uri[]>;
}

/** Changed files, or undefined when anything may have changed (a rebuild). */
export interface RiskChange {
  readonly uris: readonly vscode.Uri[] | undefined;
}

interface FolderState {
  readonly folder: vscode.WorkspaceFolder;
  readonly risk: FolderRisk;
  generation: number;
  building: Promise<void>;
}

type FsEvent = FolderFileEvent;

const FIRE_DELAY_MS = 120;
const FS_BATCH_MS = 150;

export class RiskService extends Disposable {
  private readonly states = new Map<string, FolderState>();
  private readonly changed = this._register(new vscode.EventEmitter<RiskChange>());
  readonly onDidChange = this.changed.event;
  private readonly pendingUris = new Map<string, vscode.Uri>();
  private pendingAll = false;
  private fireTimer: NodeJS.Timeout | undefined;
  private readonly pendingFs = new Map<string, { uri: vscode.Uri; kind: FsEvent }>();
  private fsTimer: NodeJS.Timeout | undefined;
  private secrets: SecretFindingsFeed | undefined;
  private fsWork: Promise<void> = Promise.resolve();
  private disposedFlag = false;

  constructor(
    private readonly policies: PolicyService,
    private readonly log: vscode.LogOutputChannel,
  ) {
    super();
    const watcher = this._register(vscode.workspace.createFileSystemWatcher('**/*'));
    this._register(watcher.onDidCreate((uri) => this.queueFs(uri, 'create')));
    this._register(watcher.onDidChange((uri) => this.queueFs(uri, 'change')));
    this._register(watcher.onDidDelete((uri) => this.queueFs(uri, 'delete')));
    this._register(policies.onDidChange((folder) => this.rebuild(folder)));
    this._register(vscode.workspace.onDidChangeWorkspaceFolders(() => this.pruneFolders()));
    this._register({
      dispose: () => {
        this.disposedFlag = true;
        if (this.fireTimer) clearTimeout(this.fireTimer);
        if (this.fsTimer) clearTimeout(this.fsTimer);
      },
    });
    for (const folder of policies.folders) this.rebuild(folder);
    void this.updateContext();
  }

  /** Take secret findings from the scanner; their changes recompute only the files they name. */
  useSecretFindings(feed: SecretFindingsFeed): vscode.Disposable {
    this.secrets = feed;
    const sub = feed.onDidChange((uris) => {
      for (const uri of uris) {
        const found = this.locate(uri);
        if (found?.state.risk.walked && found.state.risk.setSecrets(found.rel, feed.findingsFor(uri))) this.queueFire(uri);
      }
    });
    for (const state of this.states.values()) if (state.risk.walked) this.applySecrets(state);
    return new vscode.Disposable(() => {
      sub.dispose();
      if (this.secrets === feed) this.secrets = undefined;
    });
  }

  /** Folders with a policy, each with its model (possibly still building). */
  folders(): Array<{ folder: vscode.WorkspaceFolder; model: FolderRisk['model']; ready: boolean }> {
    return [...this.states.values()].map((s) => ({ folder: s.folder, model: s.risk.model, ready: s.risk.walked }));
  }

  /** The files of the folder governed by `engine`, once its walk is done. */
  filesOf(engine: PolicyEngine): readonly string[] | undefined {
    for (const s of this.states.values()) {
      if (s.risk.walked && this.policies.engineFor(s.folder) === engine) return [...s.risk.model.all()].map((r) => r.rel);
    }
    return undefined;
  }

  riskFor(uri: vscode.Uri): FileRisk | undefined {
    const found = this.locate(uri);
    return found?.state.risk.model.get(found.rel);
  }

  aiLinesFor(uri: vscode.Uri): AiLineStats | undefined {
    return this.riskFor(uri)?.ai;
  }

  uriOf(folder: vscode.WorkspaceFolder, rel: string): vscode.Uri {
    return vscode.Uri.joinPath(folder.uri, ...rel.split('/'));
  }

  /** Resolves once every build and pending file event has been applied (for tests and reports). */
  async whenIdle(): Promise<void> {
    for (;;) {
      const pending = [...this.states.values()].map((s) => s.building);
      await Promise.all([...pending, this.fsWork]);
      if (this.pendingFs.size === 0 && [...this.states.values()].every((s) => pending.includes(s.building))) break;
      await new Promise((r) => setTimeout(r, FS_BATCH_MS));
    }
  }

  /** Re-walk every folder from scratch (the Refresh button). */
  refresh(): void {
    for (const s of [...this.states.values()]) {
      this.states.delete(s.folder.uri.toString());
      s.generation++;
      this.rebuild(s.folder);
    }
  }

  private rebuild(folder: vscode.WorkspaceFolder): void {
    const key = folder.uri.toString();
    const engine = this.policies.engineFor(folder);
    const state = this.states.get(key);
    if (!engine) {
      if (state) {
        state.generation++;
        this.states.delete(key);
        this.queueFire(undefined);
      }
      void this.updateContext();
      return;
    }
    if (state?.risk.walked) {
      const generation = ++state.generation;
      state.building = state.risk.setEngine(engine, this.slices(state, generation));
    } else {
      if (state) state.generation++;
      const risk = new FolderRisk({
        root: folder.uri.fsPath,
        engine,
        filesExclude: () => vscode.workspace.getConfiguration('files', folder.uri).get<Record<string, unknown>>('exclude'),
        warn: (m) => this.log.warn(`[risk] ${folder.name}: ${m}`),
      });
      const fresh: FolderState = { folder, risk, generation: 0, building: Promise.resolve() };
      this.states.set(key, fresh);
      fresh.building = this.initialBuild(fresh, 0);
    }
    void this.updateContext();
  }

  private slices(state: FolderState, generation: number): { cancelled: () => boolean; onSlice: () => void } {
    return { cancelled: () => this.stale(state, generation), onSlice: () => this.queueFire(undefined) };
  }

  private async initialBuild(state: FolderState, generation: number): Promise<void> {
    const started = performance.now();
    // Start after activate() returns: the walk must not count against activation.
    await new Promise((r) => setImmediate(r));
    if (this.stale(state, generation)) return;
    const built = await state.risk.build(this.slices(state, generation));
    if (!built) return;
    this.applySecrets(state);
    this.queueFire(undefined);
    this.log.info(`[risk] ${state.folder.name}: ${built.files} files, ${built.annotated} with AI annotations, in ${(performance.now() - started).toFixed(0)} ms`);
  }

  private applySecrets(state: FolderState): void {
    if (!this.secrets) return;
    for (const [uri, findings] of this.secrets.entries()) {
      const found = this.locate(uri);
      if (found?.state === state) state.risk.setSecrets(found.rel, findings);
    }
  }

  private stale(state: FolderState, generation: number): boolean {
    return this.disposedFlag || state.generation !== generation || this.states.get(state.folder.uri.toString()) !== state;
  }

  /**
   * The editor changed a file's annotations (a review, a manual mark): recompute it now rather
   * than wait for the file watcher, which may coalesce or drop events under load.
   */
  annotationsChanged(uri: vscode.Uri): void {
    const found = this.locate(uri);
    if (!found || !found.state.risk.walked) return;
    this.fireTouched(found.state, found.state.risk.annotationsChanged(found.rel));
  }

  private locate(uri: vscode.Uri): { state: FolderState; rel: string } | undefined {
    if (uri.scheme !== 'file') return undefined;
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    const state = folder && this.states.get(folder.uri.toString());
    if (!folder || !state) return undefined;
    const rel = path.relative(folder.uri.fsPath, uri.fsPath).split(path.sep).join('/');
    if (rel === '' || rel.startsWith('..')) return undefined;
    return { state, rel };
  }

  private queueFs(uri: vscode.Uri, kind: FsEvent): void {
    if (/(^|\/)\.git(\/|$)/.test(uri.path)) return;
    const key = uri.toString();
    // A create then delete within a batch is a delete; a change never hides a create or delete.
    const prev = this.pendingFs.get(key);
    if (!(kind === 'change' && prev)) this.pendingFs.set(key, { uri, kind });
    if (!this.fsTimer) {
      this.fsTimer = setTimeout(() => {
        this.fsWork = this.applyFs();
      }, FS_BATCH_MS);
    }
  }

  private async applyFs(): Promise<void> {
    this.fsTimer = undefined;
    const batch = [...this.pendingFs.values()];
    this.pendingFs.clear();
    const later: Array<{ uri: vscode.Uri; kind: FsEvent }> = [];
    await runInSlices(batch, (ev) => {
      const found = this.locate(ev.uri);
      if (!found) return;
      if (!found.state.risk.walked) {
        later.push(ev); // The first walk is still running: apply after it.
        return;
      }
      this.applyFsEvent(found.state, found.rel, ev);
    });
    for (const ev of later) this.queueFs(ev.uri, ev.kind);
  }

  private applyFsEvent(state: FolderState, rel: string, ev: { uri: vscode.Uri; kind: FsEvent }): void {
    this.fireTouched(state, state.risk.applyEvent(rel, ev.kind));
  }

  private fireTouched(state: FolderState, touched: RiskTouched): void {
    for (const rel of touched.rels) this.queueFire(this.uriOf(state.folder, rel));
    if (touched.all) this.queueFire(undefined);
  }

  private queueFire(uri: vscode.Uri | undefined): void {
    if (uri) this.pendingUris.set(uri.toString(), uri);
    else this.pendingAll = true;
    if (this.fireTimer || this.disposedFlag) return;
    this.fireTimer = setTimeout(() => {
      this.fireTimer = undefined;
      const uris = this.pendingAll ? undefined : [...this.pendingUris.values()];
      this.pendingAll = false;
      this.pendingUris.clear();
      this.changed.fire({ uris });
    }, FIRE_DELAY_MS);
  }

  private pruneFolders(): void {
    const live = new Set((vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.toString()));
    for (const [key, s] of this.states) {
      if (!live.has(key)) {
        s.generation++;
        this.states.delete(key);
      }
    }
    this.queueFire(undefined);
    void this.updateContext();
  }

  private async updateContext(): Promise<void> {
    await vscode.commands.executeCommand('setContext', 'airlock.hasPolicy', this.states.size > 0);
  }
}
