// Per open document: its annotations in a RangeTracker that follows every edit, loaded from and
// saved to the store. Changes made outside the editor (git pull, another tool) are reconciled by
// re-anchoring when VS Code reloads the document or the store file changes.
import * as vscode from 'vscode';
import type { AiOrigin, FileAnnotations, LineRange } from '../../core/provenance/annotationTypes';
import { DocumentAnnotations } from '../../core/provenance/documentAnnotations';
import type { TrackedRange } from '../../core/provenance/rangeTracker';
import { Disposable } from '../disposable';
import { toTextChanges } from './editorChanges';
import { errorMessage } from '../../core/util/errorMessage';

export class ProvenanceDocuments extends Disposable {
  private readonly docs = new Map<string, DocumentAnnotations>();
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
    return this.docs.get(uri.toString())?.ranges() ?? [];
  }

  rangeAt(uri: vscode.Uri, line: number): TrackedRange | undefined {
    return this.docs.get(uri.toString())?.rangeAt(line);
  }

  private locate(document: vscode.TextDocument): { root: string; file: string } | undefined {
    if (document.uri.scheme !== 'file') return undefined;
    const folder = vscode.workspace.getWorkspaceFolder(document.uri);
    if (!folder) return undefined;
    const file = vscode.workspace.asRelativePath(document.uri, false).split('\\').join('/');
    if (!DocumentAnnotations.annotates(file)) return undefined;
    return { root: folder.uri.fsPath, file };
  }

  private load(document: vscode.TextDocument): void {
    const where = this.locate(document);
    if (!where) return;
    try {
      const { document: annotations, problems } = DocumentAnnotations.load(where.root, where.file, document.getText());
      this.reportProblems(problems);
      const key = document.uri.toString();
      if (!annotations) {
        if (this.docs.delete(key)) this.changed.fire(document.uri);
        return;
      }
      this.docs.set(key, annotations);
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
    tracked.applyChanges(toTextChanges(event.document, event.contentChanges));
    this.changed.fire(event.document.uri);
  }

  private reconcileFromDisk(document: vscode.TextDocument, tracked: DocumentAnnotations): void {
    const text = document.getText();
    if (tracked.reconcile(text)) this.persist(tracked, text);
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
    tracked.savedAs(document.getText());
    if (tracked.unsaved) this.persist(tracked, tracked.savedText);
  }

  /** Write the document's annotations for `text` (the content on disk); never in an untrusted workspace. */
  private persist(tracked: DocumentAnnotations, text: string): void {
    if (!vscode.workspace.isTrusted) return;
    try {
      tracked.save(text);
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
    const tracked = DocumentAnnotations.changed(where.root, where.file, text, this.docs.get(key), change);
    this.docs.set(key, tracked);
    if (!document.isDirty) this.persist(tracked, text);
    this.changed.fire(document.uri);
  }

  markAiAssisted(document: vscode.TextDocument, lines: LineRange, origin: AiOrigin): void {
    this.update(document, DocumentAnnotations.markAi(lines, origin));
  }

  markReviewed(document: vscode.TextDocument, lines: LineRange | 'all', time: string): string {
    const where = this.locate(document);
    if (!where) throw new Error('Airlock annotates files inside a workspace folder only');
    const { reviewer, change } = DocumentAnnotations.review(where.root, lines, time);
    this.update(document, change);
    const warning = DocumentAnnotations.auditReview(where.root, where.file, lines, reviewer, time);
    if (warning) this.log.warn(`[provenance] ${warning}`);
    return reviewer;
  }

  private reportProblems(problems: ReturnType<typeof DocumentAnnotations.load>['problems']): void {
    for (const p of problems) {
      this.log.error(`[provenance] ${p.file}:${p.line}:${p.column}: ${p.message}`);
      void vscode.window.showWarningMessage(`Airlock: unreadable provenance record ${p.file} (line ${p.line}): fix or remove it; it is left as it is.`);
    }
  }
}
