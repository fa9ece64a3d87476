// The current secret findings of every file Airlock has seen: open documents (scanned from the
// editor's text on open, on save and after an edit that may fix a finding) and the rest of each
// workspace folder (scanned from disk in background slices). Consumers (diagnostics, the risk view)
// read `findingsFor(uri)` and listen to `onDidChange`. Findings hold masked values only; what they
// are and which count is core/secrets/folderSecrets, one per folder; this maps them to URIs and events.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { FolderSecrets } from '../../core/secrets/folderSecrets';
import type { SecretFinding } from '../../core/secrets/secretTypes';
import { Disposable } from '../disposable';
import { SECRETS_BASELINE_PATH } from '../../core/words/airlockLayout';
import { watchWorkspaceFile } from '../watchWorkspaceFile';

export interface BaselineProblem {
  readonly uri: vscode.Uri;
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

interface FolderState {
  readonly folder: vscode.WorkspaceFolder;
  readonly secrets: FolderSecrets;
}

/** After an edit, rescan documents that have findings this long after typing stops, so a fix clears promptly. */
const EDIT_RESCAN_MS = 300;

export class SecretFindingsService extends Disposable {
  private readonly folders = new Map<string, FolderState>();
  private readonly changed = this._register(new vscode.EventEmitter<readonly vscode.Uri[]>());
  /** Fires with the files whose (active) findings may have changed. */
  readonly onDidChange = this.changed.event;
  private workspaceScan: vscode.CancellationTokenSource | undefined;
  private readonly pendingEdits = new Map<string, NodeJS.Timeout>();

  constructor(private readonly log: vscode.LogOutputChannel) {
    super();
    for (const folder of vscode.workspace.workspaceFolders ?? []) this.loadBaseline(folder);
    this._register(vscode.workspace.onDidOpenTextDocument((doc) => this.scanDocument(doc)));
    this._register(
      vscode.workspace.onDidSaveTextDocument((doc) => {
        if (vscode.workspace.getConfiguration('airlock.secrets', doc.uri).get<boolean>('scanOnSave', true)) this.scanDocument(doc);
      }),
    );
    this._register(vscode.workspace.onDidChangeTextDocument((e) => this.onEdit(e.document)));
    // A closed editor may have held unsaved text: what counts afterwards is the file on disk.
    this._register(vscode.workspace.onDidCloseTextDocument((doc) => this.rescanFromDisk(doc.uri)));
    this._register(watchWorkspaceFile(SECRETS_BASELINE_PATH, (folder) => this.loadBaseline(folder)));
    this._register(vscode.workspace.onDidChangeWorkspaceFolders(() => this.onFoldersChanged()));
    this._register({
      dispose: () => {
        this.workspaceScan?.cancel();
        for (const t of this.pendingEdits.values()) clearTimeout(t);
      },
    });
    for (const doc of vscode.workspace.textDocuments) this.scanDocument(doc);
  }

  /** Findings that count for this file: not allowed inline and not in its folder's baseline. */
  findingsFor(uri: vscode.Uri): readonly SecretFinding[] {
    const found = this.locate(uri);
    return found ? found.state.secrets.findingsFor(found.rel) : [];
  }

  /** Every file with findings that count. */
  *entries(): IterableIterator<[vscode.Uri, readonly SecretFinding[]]> {
    for (const { folder, secrets } of this.folders.values()) {
      for (const rel of secrets.known()) {
        const active = secrets.findingsFor(rel);
        if (active.length) yield [uriOf(folder, rel), active];
      }
    }
  }

  /** Baseline files that could not be read (their findings are then shown, not hidden). */
  get problems(): readonly BaselineProblem[] {
    return [...this.folders.values()].flatMap(({ folder, secrets }) => {
      const p = secrets.baselineProblem;
      return p ? [{ uri: vscode.Uri.joinPath(folder.uri, SECRETS_BASELINE_PATH), ...p }] : [];
    });
  }

  /** Scans a document's current text (not the disk), when it lies in a workspace folder. */
  scanDocument(doc: vscode.TextDocument): void {
    const found = this.locate(doc.uri);
    if (found && found.state.secrets.scanText(found.rel, doc.getText())) this.changed.fire([doc.uri]);
  }

  /**
   * Scans every folder from disk in slices (the scanner yields to the event loop every few ms), skipping
   * what .gitignore ignores. Open documents keep their editor-text results. A new scan cancels the last.
   */
  async scanWorkspace(token?: vscode.CancellationToken): Promise<number> {
    this.workspaceScan?.cancel();
    const source = new vscode.CancellationTokenSource();
    this.workspaceScan = source;
    const outer = token?.onCancellationRequested(() => source.cancel());
    let scanned = 0;
    const started = Date.now();
    try {
      for (const folder of vscode.workspace.workspaceFolders ?? []) {
        if (folder.uri.scheme !== 'file') continue;
        const exclude = vscode.workspace.getConfiguration('files', folder.uri).get<Record<string, unknown>>('exclude');
        const result = await this.stateOf(folder).secrets.scanAll(exclude, {
          keep: (rel) => this.isOpen(uriOf(folder, rel)),
          cancelled: () => source.token.isCancellationRequested,
          changed: (rel) => this.changed.fire([uriOf(folder, rel)]),
        });
        scanned += result.scanned;
        if (!result.complete) return scanned;
      }
      const withFindings = [...this.entries()].length;
      this.log.info(`[secrets] scanned ${scanned} file(s) in ${((Date.now() - started) / 1000).toFixed(2)} s; ${withFindings} with findings`);
      return scanned;
    } finally {
      outer?.dispose();
      source.dispose();
      if (this.workspaceScan === source) this.workspaceScan = undefined;
    }
  }

  /** Accepts one finding: merges its fingerprint into the folder's baseline file (written atomically). */
  addToBaseline(uri: vscode.Uri, finding: SecretFinding): void {
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    if (!folder) throw new Error(`${uri.fsPath} is not in a workspace folder`);
    this.stateOf(folder).secrets.accept(finding);
    this.log.info(`[secrets] baselined ${finding.rule} at ${finding.file}:${finding.line} (${finding.value})`);
    this.loadBaseline(folder);
  }

  /** The folder's findings, its baseline read on first use. */
  private stateOf(folder: vscode.WorkspaceFolder): FolderState {
    const key = folder.uri.toString();
    let state = this.folders.get(key);
    if (!state) {
      state = { folder, secrets: new FolderSecrets(folder.uri.fsPath) };
      this.folders.set(key, state);
      this.reloadBaseline(state);
    }
    return state;
  }

  private locate(uri: vscode.Uri): { state: FolderState; rel: string } | undefined {
    if (uri.scheme !== 'file') return undefined;
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    if (!folder) return undefined;
    return { state: this.stateOf(folder), rel: path.relative(folder.uri.fsPath, uri.fsPath).split(path.sep).join('/') };
  }

  private isOpen(uri: vscode.Uri): boolean {
    const key = uri.toString();
    return vscode.workspace.textDocuments.some((d) => d.uri.toString() === key);
  }

  private onEdit(doc: vscode.TextDocument): void {
    const key = doc.uri.toString();
    const found = this.locate(doc.uri);
    if (!found?.state.secrets.has(found.rel)) return; // New secrets show on save; only a possible fix is worth a rescan.
    const pending = this.pendingEdits.get(key);
    if (pending) clearTimeout(pending);
    this.pendingEdits.set(
      key,
      setTimeout(() => {
        this.pendingEdits.delete(key);
        if (!doc.isClosed) this.scanDocument(doc);
      }, EDIT_RESCAN_MS),
    );
  }

  private rescanFromDisk(uri: vscode.Uri): void {
    const found = this.locate(uri);
    if (found && found.state.secrets.scanDisk(found.rel, uri.fsPath)) this.changed.fire([uri]);
  }

  private loadBaseline(folder: vscode.WorkspaceFolder): void {
    const known = this.folders.get(folder.uri.toString());
    if (known) this.reloadBaseline(known);
    else this.stateOf(folder);
  }

  private reloadBaseline({ folder, secrets }: FolderState): void {
    const problem = secrets.loadBaseline();
    // Fail closed: with an unreadable baseline every finding is shown.
    if (problem) this.log.warn(`[secrets] ${folder.name}: ${problem.message}; every finding is shown until it is fixed`);
    this.changed.fire([vscode.Uri.joinPath(folder.uri, SECRETS_BASELINE_PATH), ...secrets.known().map((rel) => uriOf(folder, rel))]);
  }

  private onFoldersChanged(): void {
    const live = new Set((vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.toString()));
    for (const [key, { folder, secrets }] of [...this.folders]) {
      if (live.has(key)) continue;
      this.folders.delete(key);
      const gone = secrets.known();
      if (gone.length) this.changed.fire(gone.map((rel) => uriOf(folder, rel)));
    }
    for (const folder of vscode.workspace.workspaceFolders ?? []) if (!this.folders.has(folder.uri.toString())) this.stateOf(folder);
    void this.scanWorkspace();
  }
}

function uriOf(folder: vscode.WorkspaceFolder, rel: string): vscode.Uri {
  return vscode.Uri.joinPath(folder.uri, ...rel.split('/'));
}
