// One file of an org rollout, as `airlock org compile` writes it and `airlock org doctor` reads it back.

export interface OrgFile {
  /** The machine path for system files (`/etc/...`, `C:\...`), or a relative path for snippets. */
  readonly path: string;
  readonly content: string;
  readonly mode?: number;
  /** The client skips this file when it is a symbolic link (seen with the real client). */
  readonly symlinkIgnoredBy?: string;
}
