// Paths touched by a patch: the `*** Begin Patch` format of Codex / VS Code `apply_patch`, or a
// unified diff (`--- a/x` / `+++ b/x`), so edits made through patches meet the same policy as Edit.

export type PatchOperation = 'add' | 'update' | 'delete';

export interface PatchFile {
  readonly path: string;
  readonly operation: PatchOperation;
  /** `*** Move to:` target of an update (a second path written). */
  readonly movedTo?: string;
  /** The text after the header up to the next file header: the hunks, or an added file's `+` lines. */
  readonly body: string;
}

const V4A_HEADER = /^\*\*\* (Add|Update|Delete) File:\s*(.+?)\s*$/;
const V4A_MOVE = /^\*\*\* Move to:\s*(.+?)\s*$/;

/** True when the text holds a patch Airlock can read (used to spot `apply_patch` inside shell commands). */
export function looksLikePatch(text: string): boolean {
  return /^\*\*\* (Begin Patch|Add File:|Update File:|Delete File:)/m.test(text) || /^\+\+\+ \S/m.test(text);
}

function unquote(p: string): string {
  const t = p.trim();
  if (t.length >= 2 && t.startsWith('"') && t.endsWith('"')) {
    try {
      return JSON.parse(t) as string;
    } catch {
      return t.slice(1, -1);
    }
  }
  return t;
}

function parseV4A(lines: readonly string[]): PatchFile[] {
  const files: PatchFile[] = [];
  let current: { path: string; operation: PatchOperation; movedTo?: string; body: string[] } | null = null;
  const flush = (): void => {
    if (current) files.push({ path: current.path, operation: current.operation, ...(current.movedTo ? { movedTo: current.movedTo } : {}), body: current.body.join('\n') });
    current = null;
  };
  for (const line of lines) {
    const header = V4A_HEADER.exec(line);
    if (header) {
      flush();
      current = { path: unquote(header[2] ?? ''), operation: (header[1] ?? 'Update').toLowerCase() as PatchOperation, body: [] };
      continue;
    }
    if (/^\*\*\* (Begin|End) Patch/.test(line) || line.startsWith('*** End of File')) {
      if (line.startsWith('*** End Patch')) flush();
      continue;
    }
    const move = V4A_MOVE.exec(line);
    if (move && current) {
      current.movedTo = unquote(move[1] ?? '');
      continue;
    }
    current?.body.push(line);
  }
  flush();
  return files.filter((f) => f.path !== '');
}

/** `a/src/x.ts` → `src/x.ts`; drops the tab-separated timestamp some diff tools add. */
function diffHeaderPath(raw: string, prefix: 'a/' | 'b/'): string | null {
  const p = unquote(raw.split('\t')[0] ?? '');
  if (p === '/dev/null' || p === '') return null;
  return p.startsWith(prefix) ? p.slice(2) : p;
}

function parseUnified(lines: readonly string[]): PatchFile[] {
  const files: PatchFile[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const next = lines[i + 1] ?? '';
    if (!line.startsWith('--- ') || !next.startsWith('+++ ')) continue;
    const oldPath = diffHeaderPath(line.slice(4), 'a/');
    const newPath = diffHeaderPath(next.slice(4), 'b/');
    const body: string[] = [];
    let j = i + 2;
    for (; j < lines.length; j++) {
      const l = lines[j] ?? '';
      if (l.startsWith('diff --git ') || (l.startsWith('--- ') && (lines[j + 1] ?? '').startsWith('+++ '))) break;
      body.push(l);
    }
    const operation: PatchOperation = oldPath === null ? 'add' : newPath === null ? 'delete' : 'update';
    const path = oldPath ?? newPath;
    if (path !== null) {
      files.push({ path, operation, ...(oldPath !== null && newPath !== null && newPath !== oldPath ? { movedTo: newPath } : {}), body: body.join('\n') });
    }
    i = j - 1;
  }
  return files;
}

/** Every file a patch adds, updates, deletes or moves, in order. */
export function parsePatchFiles(patch: string): PatchFile[] {
  const lines = patch.split(/\r?\n/);
  const v4a = parseV4A(lines);
  return v4a.length > 0 ? v4a : parseUnified(lines);
}

/** All paths a patch writes (sources and move targets), unique, as written in the patch. */
export function extractPatchPaths(patch: string): string[] {
  const out = new Set<string>();
  for (const f of parsePatchFiles(patch)) {
    out.add(f.path);
    if (f.movedTo) out.add(f.movedTo);
  }
  return [...out];
}
