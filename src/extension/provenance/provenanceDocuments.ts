// Per open document: its annotations in a RangeTracker that follows every edit, loaded from and
// saved to the store. Changes made outside the editor (git pull, another tool) are reconciled by
// re-anchoring when VS Code reloads the document or the store file changes.
import * as vscode from 'vscode';
import { AnnotationStore } from '../../core/provenance/annotationStore';
import { addAiRanges, emptyAnnotations, markReviewed } from '../../core/provenance/annotationOps';
import type { AiOrigin, FileAnnotations, LineRange } from '../../core/provenance/annotationTypes';
import { fileHashOf } from '../../core/provenance/contentHash';
import { gitBlobReader } from '../../core/provenance/gitBlobs';
import { gitReviewer } from '../../core/provenance/gitReviewer';
import { RangeTracker, type TrackedRange } from '../../core/provenance/rangeTracker';
import { reanchor } from '../../core/provenance/reanchor';
import { auditReview } from '../../core/provenance/reviewAudit';
import { Disposable } from '../disposable';
import { toTextChanges } from './editorChanges';
import { errorMessage } from '../../core/util/errorMessage';
import { isAirlockPath } from '../../core/words/airlockLayout';

interface TrackedDocument {
  readonly root: string;
  readonly file: string;
  base: FileAnnotations;
  tracker: RangeTracker;
  /** The text the tracker's ranges were last anchored to on disk (for reloads from disk). */
  lastSavedText: string;
  /** Annotations changed in the editor and not yet written (written when the document is saved). */
  unsaved: boolean;
}

export class ProvenanceDocuments extends Disposable {
  private readonly docs = new Map<string, TrackedDocument>();
  private readonly changed = this._register(new vscode.EventEmitter<vscode.Uri>());
  /** Fires when a document's AI ranges change (edits, loads, marks, reviews). */
  readonly onDidChange = this.changed.event;

  constructor(private readonly log: vscode.LogOutputChannel) {
    super();
    this._register(vscode.workspace.onDidOpenTextDocument((d) => this.load(d)));
    this._register(vscode.workspace.onDidCloseTextDocument((d) => this.docs.delete(d.uri.toString())));
    this._register(vscode.workspace.onDidChangeTextDocument((e) => this.onChange(e)));
    this._register(vscode.workspace.onDidSaveTextDocument((d) => this.onSave(d)));
    const watcher = this._register(vscode.workspace.createFileSystemWatcher('**/.airlock/provenance/**/*.json'));
    this._register(watcher.onDidChange((u) => this.onStoreChanged(u)));
    this._register(watcher.onDidCreate((u) => this.onStoreChanged(u)));
    this._register(watcher.onDidDelete((u) => this.onStoreChanged(u)));
    for (const d of vscode.workspace.textDocuments) this.load(d);
  }

  /** The AI ranges of a document as they are now (empty when it has none). */
  ranges(uri: vscode.Uri): TrackedRange[] {
    return this.docs.get(uri.toString())?.tracker.list() ?? [];
  }

  rangeAt(uri: vscode.Uri, line: number): TrackedRange | undefined {
    return this.docs.get(uri.toString())?.tracker.rangeAt(line);
  }

  private locate(document: vscode.TextDocument): { root: string; file: string } | undefined {
    if (document.uri.scheme !== 'file') return undefined;
    const folder = vscode.workspace.getWorkspaceFolder(document.uri);
    if (!folder) return undefined;
    const file = vscode.workspace.asRelativePath(document.uri, false).split('\\').join('/');
    if (isAirlockPath(file) || file.startsWith('.git/') || file.startsWith('/')) return undefined;
    return { root: folder.uri.fsPath, file };
  }

  private load(document: vscode.TextDocument): void {
    const where = this.locate(document);
    if (!where) return;
    try {
      const store = new AnnotationStore(where.root);
      const stored = store.load(where.file, document.getText());
      this.reportProblems(store);
      const key = document.uri.toString();
      if (!stored) {
        if (this.docs.delete(key)) this.changed.fire(document.uri);
        return;
      }
      const text = document.getText();
      const anchored = reanchor(stored, text, { readBlob: gitBlobReader(where.root) }).annotations;
      this.docs.set(key, { ...where, base: anchored, tracker: RangeTracker.fromAnnotations(anchored), lastSavedText: text, unsaved: false });
      this.changed.fire(document.uri);
    } catch (error) {
      this.log.warn(`[provenance] could not load annotations of ${where.file}: ${errorMessage(error)}`);
    }
  }

  private onChange(event: vscode.TextDocumentChangeEvent): void {
    const tracked = this.docs.get(event.document.uri.toString());
    if (!tracked || event.contentChanges.length === 0) return;
    if (!event.document.isDirty && event.reason === undefined) {
      // Not an edit: VS Code reloaded the file from disk (git pull, checkout, another tool).
      this.reconcileFromDisk(event.document, tracked);
      return;
    }
    tracked.tracker.applyChanges(toTextChanges(event.document, event.contentChanges));
    tracked.unsaved = true;
    this.changed.fire(event.document.uri);
  }

  private reconcileFromDisk(document: vscode.TextDocument, tracked: TrackedDocument): void {
    const text = document.getText();
    const store = new AnnotationStore(tracked.root);
    const stored = store.load(tracked.file, text);
    // A store written for this very text (the hook, the CLI) is the truth; otherwise carry ours over.
    const source = stored && stored.fileHash === fileHashOf(text) ? stored : tracked.tracker.toFileAnnotations(tracked.base, tracked.lastSavedText);
    const anchored = reanchor(source, text, { oldText: source === stored ? text : tracked.lastSavedText, readBlob: gitBlobReader(tracked.root) }).annotations;
    tracked.base = anchored;
    tracked.tracker = RangeTracker.fromAnnotations(anchored);
    tracked.lastSavedText = text;
    tracked.unsaved = source !== stored;
    if (tracked.unsaved) this.persist(tracked, text);
    this.changed.fire(document.uri);
  }

  private onStoreChanged(storeUri: vscode.Uri): void {
    for (const document of vscode.workspace.textDocuments) {
      const where = this.locate(document);
      if (!where || !storeUri.fsPath.endsWith(`${where.file.split('/').join(storeUri.fsPath.includes('\\') ? '\\' : '/')}.json`)) continue;
      const tracked = this.docs.get(document.uri.toString());
      if (tracked?.unsaved || document.isDirty) continue; // our unsaved edits win until the next save
      this.load(document);
    }
  }

  private onSave(document: vscode.TextDocument): void {
    const tracked = this.docs.get(document.uri.toString());
    if (!tracked) return;
    tracked.lastSavedText = document.getText();
    if (tracked.unsaved) this.persist(tracked, tracked.lastSavedText);
  }

  /** Write the document's annotations for `text` (the content on disk); never in an untrusted workspace. */
  private persist(tracked: TrackedDocument, text: string): void {
    if (!vscode.workspace.isTrusted) return;
    try {
      const annotations = tracked.tracker.toFileAnnotations(tracked.base, text);
      new AnnotationStore(tracked.root, { readBlob: gitBlobReader(tracked.root) }).save(annotations, text);
      tracked.base = annotations;
      tracked.unsaved = false;
    } catch (error) {
      this.log.error(`[provenance] could not save annotations of ${tracked.file}: ${errorMessage(error)}`);
    }
  }

  /** Replace a document's annotations (mark, review) and persist them when the buffer is saved. */
  private update(document: vscode.TextDocument, change: (current: FileAnnotations, text: string) => FileAnnotations): void {
    const where = this.locate(document);
    if (!where) throw new Error('Airlock annotates files inside a workspace folder only');
    if (!vscode.workspace.isTrusted) throw new Error('Airlock does not write annotations in an untrusted workspace');
    const text = document.getText();
    const key = document.uri.toString();
    const existing = this.docs.get(key);
    const current = existing ? existing.tracker.toFileAnnotations(existing.base, text) : { ...emptyAnnotations(where.file), fileHash: fileHashOf(text) };
    const next = change(current, text);
    const tracked: TrackedDocument = { ...where, base: next, tracker: RangeTracker.fromAnnotations(next), lastSavedText: existing?.lastSavedText ?? text, unsaved: true };
    this.docs.set(key, tracked);
    if (!document.isDirty) this.persist(tracked, text);
    this.changed.fire(document.uri);
  }

  markAiAssisted(document: vscode.TextDocument, lines: LineRange, origin: AiOrigin): void {
    this.update(document, (current, text) => addAiRanges(current, text, [lines], origin));
  }

  markReviewed(document: vscode.TextDocument, lines: LineRange | 'all', time: string): string {
    const where = this.locate(document);
    const reviewer = where ? gitReviewer(where.root) : undefined;
    if (!reviewer) throw new Error('set git user.name and user.email first: the review is signed with them');
    this.update(document, (current, text) => markReviewed(current, lines, reviewer, time, text));
    if (where) {
      const warning = auditReview(where.root, { file: where.file, ranges: lines === 'all' ? [] : [lines], reviewer, client: 'editor', time, signed: false });
      if (warning) this.log.warn(`[provenance] ${warning}`);
    }
    return reviewer;
  }

  private reportProblems(store: AnnotationStore): void {
    for (const p of store.problems) {
      this.log.error(`[provenance] ${p.file}:${p.line}:${p.column}: ${p.message}`);
      void vscode.window.showWarningMessage(`Airlock: unreadable provenance record ${p.file} (line ${p.line}): fix or remove it; it is left as it is.`);
    }
  }
}
