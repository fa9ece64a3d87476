// One open document's AI ranges, editor-free: loaded from the store and carried over to the
// document's text, kept in a RangeTracker that follows every edit, and written back for the text
// on disk. The editor decides when (open, edit, reload, save); this decides what.
import { AnnotationStore } from './annotationStore';
import { addAiRanges, emptyAnnotations, markReviewed } from './annotationOps';
import type { AiOrigin, FileAnnotations, LineRange } from './annotationTypes';
import { fileHashOf } from './contentHash';
import { gitBlobReader } from './gitBlobs';
import { gitReviewer } from '../util/gitIdentity';
import { RangeTracker, type TrackedRange } from './rangeTracker';
import { reanchor } from './reanchor';
import { auditReview } from './reviewAudit';
import type { TextChange } from './textChange';
import { isAirlockPath } from '../words/airlockLayout';

type Problems = AnnotationStore['problems'];

export class DocumentAnnotations {
  private constructor(
    readonly root: string,
    readonly file: string,
    private base: FileAnnotations,
    private tracker: RangeTracker,
    /** The text the ranges were last anchored to on disk (for reloads from disk). */
    private lastSavedText: string,
    /** Changed in the editor and not yet written (written when the document is saved). */
    private dirty: boolean,
  ) {}

  /** Files Airlock annotates: not its own files, nor git's. */
  static annotates(file: string): boolean {
    return !(isAirlockPath(file) || file.startsWith('.git/') || file.startsWith('/'));
  }

  /** The stored annotations of `file` carried over to `text`; none when it has none. Unreadable records are reported in `problems`. */
  static load(root: string, file: string, text: string): { document: DocumentAnnotations | undefined; problems: Problems } {
    const store = new AnnotationStore(root);
    const stored = store.load(file, text);
    if (!stored) return { document: undefined, problems: store.problems };
    const anchored = reanchor(stored, text, { readBlob: gitBlobReader(root) }).annotations;
    return { document: new DocumentAnnotations(root, file, anchored, RangeTracker.fromAnnotations(anchored), text, false), problems: store.problems };
  }

  /** `change` applied to the current annotations of `text` (an empty set for a file without any); unsaved. */
  static changed(root: string, file: string, text: string, existing: DocumentAnnotations | undefined, change: (current: FileAnnotations, text: string) => FileAnnotations): DocumentAnnotations {
    const current = existing ? existing.annotationsFor(text) : { ...emptyAnnotations(file), fileHash: fileHashOf(text) };
    const next = change(current, text);
    return new DocumentAnnotations(root, file, next, RangeTracker.fromAnnotations(next), existing?.lastSavedText ?? text, true);
  }

  /** Tags lines as AI-written. */
  static markAi(lines: LineRange, origin: AiOrigin): (current: FileAnnotations, text: string) => FileAnnotations {
    return (current, text) => addAiRanges(current, text, [lines], origin);
  }

  /** The reviewer (git's user) and the change that marks their review; throws without a git identity. */
  static review(root: string, lines: LineRange | 'all', time: string): { reviewer: string; change: (current: FileAnnotations, text: string) => FileAnnotations } {
    const reviewer = gitReviewer(root);
    if (!reviewer) throw new Error('set git user.name and user.email first: the review is signed with them');
    return { reviewer, change: (current, text) => markReviewed(current, lines, reviewer, time, text) };
  }

  /** The `review` audit event of an editor review; a warning when the log cannot be written. */
  static auditReview(root: string, file: string, lines: LineRange | 'all', reviewer: string, time: string): string | undefined {
    return auditReview(root, { file, ranges: lines === 'all' ? [] : [lines], reviewer, client: 'editor', time, signed: false });
  }

  get unsaved(): boolean {
    return this.dirty;
  }

  ranges(): TrackedRange[] {
    return this.tracker.list();
  }

  rangeAt(line: number): TrackedRange | undefined {
    return this.tracker.rangeAt(line);
  }

  /** Edits made in the editor move and split the ranges. */
  applyChanges(changes: readonly TextChange[]): void {
    this.tracker.applyChanges(changes);
    this.dirty = true;
  }

  /** The file was reloaded from disk as `text`; true when the carried-over ranges must be written. */
  reconcile(text: string): boolean {
    const stored = new AnnotationStore(this.root).load(this.file, text);
    // A store written for this very text (the hook, the CLI) is the truth; otherwise carry ours over.
    const source = stored && stored.fileHash === fileHashOf(text) ? stored : this.annotationsFor(this.lastSavedText);
    const anchored = reanchor(source, text, { oldText: source === stored ? text : this.lastSavedText, readBlob: gitBlobReader(this.root) }).annotations;
    this.base = anchored;
    this.tracker = RangeTracker.fromAnnotations(anchored);
    this.lastSavedText = text;
    this.dirty = source !== stored;
    return this.dirty;
  }

  /** The document was saved with `text`. */
  savedAs(text: string): void {
    this.lastSavedText = text;
  }

  get savedText(): string {
    return this.lastSavedText;
  }

  /** Writes the annotations for `text` (the content on disk); throws when the store cannot be written. */
  save(text: string): void {
    const annotations = this.annotationsFor(text);
    new AnnotationStore(this.root, { readBlob: gitBlobReader(this.root) }).save(annotations, text);
    this.base = annotations;
    this.dirty = false;
  }

  private annotationsFor(text: string): FileAnnotations {
    return this.tracker.toFileAnnotations(this.base, text);
  }
}
