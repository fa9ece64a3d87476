// The current secret findings of every file Airlock has seen: open documents (scanned from the
// editor's text on open, on save and after an edit that may fix a finding) and the rest of each
// workspace folder (scanned from disk in background slices). Consumers (diagnostics, the risk view)
// read `findingsFor(uri)` and listen to `onDidChange`. Findings hold masked values only.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { scanPaths, scanFile, DEFAULT_MAX_FILE_BYTES } from '../../core/secrets/scanPaths';
import { excludeGlobs } from '../../core/workspace/excludeGlobs';
import { scanText } from '../../core/secrets/scanText';
import { loadSecretsBaseline, SecretsBaselineError, writeSecretsBaseline } from '../../core/secrets/secretsBaseline';
import type { SecretFinding } from '../../core/secrets/secretTypes';
import { Disposable } from '../disposable';
import { errorMessage } from '../../core/util/errorMessage';
import { SECRETS_BASELINE_PATH } from '../../core/words/airlockLayout';
import { watchWorkspaceFile } from '../watchWorkspaceFile';

interface FileEntry {
  readonly uri: vscode.Uri;
  readonly folder: string;
  /** Every finding, inline-allowed ones marked; the baseline is applied when read, so a baseline edit needs no rescan. */
  readonly findings: readonly SecretFinding[];
  /** A key of what the UI shows, to fire changes only for files whose findings changed. */
  readonly key: string;
}

export interface BaselineProblem {
  readonly uri: vscode.Uri;
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

/** After an edit, rescan documents that have findings this long after typing stops, so a fix clears promptly. */
const EDIT_RESCAN_MS = 300;

export class SecretFindingsService extends Disposable {
  private readonly files = new Map<string, FileEntry>();
  private readonly baselines = new Map<string, ReadonlySet<string>>();
  private readonly baselineProblems = new Map<string, BaselineProblem>();
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
    const entry = this.files.get(uri.toString());
    return entry ? this.active(entry) : [];
  }

  /** Every file with findings that count. */
  *entries(): IterableIterator<[vscode.Uri, readonly SecretFinding[]]> {
    for (const entry of this.files.values()) {
      const active = this.active(entry);
      if (active.length) yield [entry.uri, active];
    }
  }

  /** Baseline files that could not be read (their findings are then shown, not hidden). */
  get problems(): readonly BaselineProblem[] {
    return [...this.baselineProblems.values()];
  }

  /** Scans a document's current text (not the disk), when it lies in a workspace folder. */
  scanDocument(doc: vscode.TextDocument): void {
    if (doc.uri.scheme !== 'file') return;
    const folder = vscode.workspace.getWorkspaceFolder(doc.uri);
    if (!folder) return;
    const text = doc.getText();
    if (text.length > DEFAULT_MAX_FILE_BYTES) return;
    const rel = relativePath(folder, doc.uri);
    this.update(doc.uri, folder, scanText(text, rel, { includeSuppressed: true }));
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
        const seen = new Set<string>();
        const exclude = excludeGlobs(vscode.workspace.getConfiguration('files', folder.uri).get<Record<string, unknown>>('exclude'));
        for await (const result of scanPaths(folder.uri.fsPath, undefined, { includeSuppressed: true, exclude })) {
          if (source.token.isCancellationRequested) return scanned;
          scanned++;
          const uri = vscode.Uri.joinPath(folder.uri, ...result.file.split('/'));
          seen.add(uri.toString());
          if (!this.isOpen(uri)) this.update(uri, folder, result.findings);
        }
        // Files that were deleted since the last scan.
        for (const [key, entry] of [...this.files]) {
          if (entry.folder === folder.uri.toString() && !seen.has(key) && !this.isOpen(entry.uri)) this.remove(key);
        }
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
    writeSecretsBaseline(folder.uri.fsPath, [finding], { merge: true });
    this.log.info(`[secrets] baselined ${finding.rule} at ${finding.file}:${finding.line} (${finding.value})`);
    this.loadBaseline(folder);
  }

  private active(entry: FileEntry): SecretFinding[] {
    const baseline = this.baselines.get(entry.folder);
    return entry.findings.filter((f) => !f.suppressed && !baseline?.has(f.fingerprint));
  }

  private update(uri: vscode.Uri, folder: vscode.WorkspaceFolder, findings: readonly SecretFinding[]): void {
    const key = uri.toString();
    const shown = findings.map((f) => `${f.fingerprint}:${f.line}:${f.column}:${f.endLine}:${f.endColumn}:${f.suppressed ?? ''}`).join('|');
    const previous = this.files.get(key);
    if (findings.length === 0) {
      if (previous) this.remove(key);
      return;
    }
    this.files.set(key, { uri, folder: folder.uri.toString(), findings, key: shown });
    if (previous?.key !== shown) this.changed.fire([uri]);
  }

  private remove(key: string): void {
    const entry = this.files.get(key);
    if (!entry) return;
    this.files.delete(key);
    this.changed.fire([entry.uri]);
  }

  private isOpen(uri: vscode.Uri): boolean {
    const key = uri.toString();
    return vscode.workspace.textDocuments.some((d) => d.uri.toString() === key);
  }

  private onEdit(doc: vscode.TextDocument): void {
    const key = doc.uri.toString();
    if (!this.files.has(key)) return; // New secrets show on save; only a possible fix is worth a rescan.
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
    if (uri.scheme !== 'file') return;
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    if (!folder) return;
    const result = scanFile(uri.fsPath, folder.uri.fsPath, { includeSuppressed: true });
    this.update(uri, folder, result.findings);
  }

  private loadBaseline(folder: vscode.WorkspaceFolder): void {
    const key = folder.uri.toString();
    const uri = vscode.Uri.joinPath(folder.uri, SECRETS_BASELINE_PATH);
    try {
      this.baselines.set(key, loadSecretsBaseline(folder.uri.fsPath).fingerprints);
      this.baselineProblems.delete(key);
    } catch (err) {
      // Fail closed: with an unreadable baseline every finding is shown.
      this.baselines.delete(key);
      const problem: BaselineProblem = err instanceof SecretsBaselineError
        ? { uri, line: err.line, column: err.column, message: err.message.slice(err.message.indexOf('invalid secrets baseline')) }
        : { uri, line: 1, column: 1, message: `cannot read the secrets baseline: ${errorMessage(err)}` };
      this.baselineProblems.set(key, problem);
      this.log.warn(`[secrets] ${folder.name}: ${problem.message}; every finding is shown until it is fixed`);
    }
    this.changed.fire([uri, ...[...this.files.values()].filter((e) => e.folder === key).map((e) => e.uri)]);
  }

  private onFoldersChanged(): void {
    const live = new Set((vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.toString()));
    for (const [key, entry] of [...this.files]) if (!live.has(entry.folder)) this.remove(key);
    for (const key of [...this.baselines.keys(), ...this.baselineProblems.keys()]) {
      if (!live.has(key)) {
        this.baselines.delete(key);
        this.baselineProblems.delete(key);
      }
    }
    for (const folder of vscode.workspace.workspaceFolders ?? []) if (!this.baselines.has(folder.uri.toString())) this.loadBaseline(folder);
    void this.scanWorkspace();
  }
}

function relativePath(folder: vscode.WorkspaceFolder, uri: vscode.Uri): string {
  return path.relative(folder.uri.fsPath, uri.fsPath).split(path.sep).join('/');
}
