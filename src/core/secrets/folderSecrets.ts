// The current secret findings of one workspace folder, for a long-lived viewer (the editor): each
// file's findings from its open text or from disk, the folder's baseline (fail closed: an
// unreadable baseline hides nothing), and which findings count. The viewer maps files to its own
// names and says when to scan; findings hold masked values only.
import { excludeGlobs } from '../workspace/excludeGlobs';
import { errorMessage } from '../util/errorMessage';
import { DEFAULT_MAX_FILE_BYTES, scanFile, scanPaths } from './scanPaths';
import { scanText } from './scanText';
import { loadSecretsBaseline, SecretsBaselineError, writeSecretsBaseline } from './secretsBaseline';
import type { SecretFinding } from './secretTypes';

export interface FolderBaselineProblem {
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

interface FileFindings {
  /** Every finding, inline-allowed ones marked; the baseline is applied when read, so a baseline edit needs no rescan. */
  readonly findings: readonly SecretFinding[];
  /** A key of what a viewer shows, to report only files whose findings changed. */
  readonly key: string;
}

export interface FolderScanHooks {
  /** A file whose findings the viewer holds from elsewhere (an open editor): not replaced from disk. */
  readonly keep: (rel: string) => boolean;
  readonly cancelled: () => boolean;
  readonly changed: (rel: string) => void;
}

export class FolderSecrets {
  private readonly files = new Map<string, FileFindings>();
  private baseline: ReadonlySet<string> | undefined;
  private problem: FolderBaselineProblem | null = null;

  /** Until `loadBaseline()` runs, no baseline applies: every finding counts. */
  constructor(readonly root: string) {}

  /** The baseline problem, when the file could not be read (every finding is then shown). */
  get baselineProblem(): FolderBaselineProblem | null {
    return this.problem;
  }

  /** Reads the baseline again; on failure every finding counts until it is fixed. */
  loadBaseline(): FolderBaselineProblem | null {
    try {
      this.baseline = loadSecretsBaseline(this.root).fingerprints;
      this.problem = null;
    } catch (err) {
      this.baseline = undefined;
      this.problem = err instanceof SecretsBaselineError
        ? { line: err.line, column: err.column, message: err.message.slice(err.message.indexOf('invalid secrets baseline')) }
        : { line: 1, column: 1, message: `cannot read the secrets baseline: ${errorMessage(err)}` };
    }
    return this.problem;
  }

  /** Findings that count for this file: not allowed inline and not in the baseline. */
  findingsFor(rel: string): SecretFinding[] {
    const entry = this.files.get(rel);
    return entry ? entry.findings.filter((f) => !f.suppressed && !this.baseline?.has(f.fingerprint)) : [];
  }

  /** Whether the file holds findings (counting or not). */
  has(rel: string): boolean {
    return this.files.has(rel);
  }

  /** Every file holding findings (counting or not). */
  known(): string[] {
    return [...this.files.keys()];
  }

  /** Scans an editor's current text; false when it is too large to scan or nothing shown changed. */
  scanText(rel: string, text: string): boolean {
    if (text.length > DEFAULT_MAX_FILE_BYTES) return false;
    return this.set(rel, scanText(text, rel, { includeSuppressed: true }));
  }

  /** Scans the file on disk (a closed editor may have held unsaved text). */
  scanDisk(rel: string, abs: string): boolean {
    return this.set(rel, scanFile(abs, this.root, { includeSuppressed: true }).findings);
  }

  /** Forgets a file; true when it had findings. */
  remove(rel: string): boolean {
    return this.files.delete(rel);
  }

  /**
   * Scans the folder from disk in slices, skipping what .gitignore and the viewer's `files.exclude`
   * leave out, and forgets files gone since (not when cancelled part-way).
   */
  async scanAll(filesExclude: Readonly<Record<string, unknown>> | undefined, hooks: FolderScanHooks): Promise<{ scanned: number; complete: boolean }> {
    const seen = new Set<string>();
    let scanned = 0;
    for await (const result of scanPaths(this.root, undefined, { includeSuppressed: true, exclude: excludeGlobs(filesExclude) })) {
      if (hooks.cancelled()) return { scanned, complete: false };
      scanned++;
      seen.add(result.file);
      if (!hooks.keep(result.file) && this.set(result.file, result.findings)) hooks.changed(result.file);
    }
    for (const rel of [...this.files.keys()]) {
      if (!seen.has(rel) && !hooks.keep(rel) && this.remove(rel)) hooks.changed(rel);
    }
    return { scanned, complete: true };
  }

  /** Accepts one finding: merges its fingerprint into the baseline file (written atomically) and reads it back. */
  accept(finding: SecretFinding): void {
    writeSecretsBaseline(this.root, [finding], { merge: true });
    this.loadBaseline();
  }

  /** Sets a file's findings; true when what a viewer shows changed. */
  private set(rel: string, findings: readonly SecretFinding[]): boolean {
    const previous = this.files.get(rel);
    if (findings.length === 0) return this.remove(rel);
    const key = findings.map((f) => `${f.fingerprint}:${f.line}:${f.column}:${f.endLine}:${f.endColumn}:${f.suppressed ?? ''}`).join('|');
    this.files.set(rel, { findings, key });
    return previous?.key !== key;
  }
}
