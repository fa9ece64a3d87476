// The sandbox SPEC: what masked execution hides and freezes, independent of the mechanism that
// enforces it (bubblewrap on Linux, a Seatbelt profile on macOS).

/** One path the sandbox treats specially. Paths are absolute and symlink-resolved. */
export interface SandboxPath {
  readonly path: string;
  /** Masks: a file reads as unreadable (the null device), a directory as empty and read-only. */
  readonly kind: 'file' | 'dir';
  /** Why, for `airlock exec --explain` and error messages (e.g. `class "secret" (.airlock/policy.json:19)`). */
  readonly why: string;
}

export interface SandboxSpec {
  /** The workspace root, symlink-resolved. */
  readonly root: string;
  /** Unreadable inside: protected classes whose read verdict is ask or deny, files with live secrets. */
  readonly masks: readonly SandboxPath[];
  /**
   * Readable but not writable inside: Airlock's own files, generated configs, .git/config and
   * hooks, the launcher, and classes whose EDIT verdict is ask or deny (a shell cannot ask).
   */
  readonly readOnly: readonly SandboxPath[];
  /**
   * Folders that hold a masked or read-only path (the workspace and the folders above it
   * included): bound onto themselves, still writable, so they cannot be renamed or removed.
   * Renaming a parent would carry the frozen file away and let a new one take its name. Absent: none.
   */
  readonly pinned?: readonly SandboxPath[];
  /** Writable again inside a read-only folder (the audit log under `.airlock/`). */
  readonly writable: readonly SandboxPath[];
  /**
   * Replaced by an empty, writable, private folder: Airlock's cache holds copies of file contents
   * (provenance snapshots) that must not be readable inside, but hooks inside still write there.
   */
  readonly scratch: readonly SandboxPath[];
  /**
   * Paths absent when the spec was built that a command inside must not create, because no mount
   * can freeze a file that does not exist (a `commondir` in a git dir that is not a linked
   * worktree's): one found when the command has ended is moved aside (plantedGitFiles.ts). Absent: none.
   */
  readonly mustStayAbsent?: readonly SandboxPath[];
  /** What this spec cannot cover, found while building it (shown by `airlock exec --explain`). */
  readonly residual: readonly string[];
}

/** How /proc is provided: a fresh one (default; other processes' /proc/<pid>/root stay out of reach) or the host's. */
export type ProcMode = 'new' | 'bind';

/** The sandbox cannot be built or started: the command must NOT run (fail closed). */
export class SandboxUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SandboxUnavailableError';
  }
}
