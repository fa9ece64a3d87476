// Which policy governs a hook call. The root comes from the repository (the client's project dir,
// else the git top level of where the session started), never from the shell's current directory:
// an AI that plants `app/.airlock/policy.json` and runs `cd app` must not replace the policy. Nested
// policies between the root and the call's directories are extra layers that can only tighten.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { POLICY_RELATIVE_PATH } from '../words/airlockLayout';


export interface GoverningRoot {
  /** The workspace root whose policy governs (null when no policy was found). */
  readonly root: string | null;
  /** Folders strictly below `root` holding their own policy on the way to the call's directories. */
  readonly nested: readonly string[];
  /**
   * Set when no policy was found although Airlock's generated hook configuration is there: the
   * policy was deleted or moved, and the call must be blocked rather than waved through.
   */
  readonly missingPolicy: { readonly dir: string; readonly config: string } | null;
}

export interface GoverningRootInput {
  /** An explicit root (`--root`, `AIRLOCK_ROOT`): set by whoever configured the hook, not by the AI. */
  readonly explicit?: string;
  /** The client's project directory (`CLAUDE_PROJECT_DIR`), when it tells one. */
  readonly projectDir?: string;
  /** Where the session runs (the event's cwd), used when there is no project directory. */
  readonly sessionDir: string;
  /** Directories the call acts in (the event's cwd, a shell tool's workdir). */
  readonly callDirs?: readonly string[];
}

function hasPolicy(dir: string): boolean {
  return existsSync(join(dir, POLICY_RELATIVE_PATH));
}

function ancestors(start: string): string[] {
  const out: string[] = [];
  let dir = resolve(start);
  for (;;) {
    out.push(dir);
    const parent = dirname(dir);
    if (parent === dir) return out;
    dir = parent;
  }
}

/** The nearest ancestor holding `.git` (a folder, or the file of a linked worktree). */
export function gitTopLevel(start: string): string | null {
  for (const dir of ancestors(start)) if (existsSync(join(dir, '.git'))) return dir;
  return null;
}

/** Airlock's generated hook files: their presence means this folder is meant to be governed. */
const HOOK_CONFIGS: ReadonlyArray<{ readonly file: string; readonly marker: RegExp | null }> = [
  { file: '.github/hooks/airlock.json', marker: null },
  { file: '.opencode/plugins/airlock.js', marker: null },
  { file: '.claude/settings.json', marker: /airlock[^"]*\bhook\b/ },
  { file: '.codex/hooks.json', marker: /airlock[^"]*\bhook\b/ },
  { file: '.github/copilot/settings.json', marker: /airlock[^"]*\bhook\b/ },
];

/** The first generated hook configuration found in `dir`, if any. */
export function generatedHookConfig(dir: string): string | null {
  for (const { file, marker } of HOOK_CONFIGS) {
    const abs = join(dir, file);
    if (!existsSync(abs)) continue;
    if (marker === null) return file;
    try {
      if (marker.test(readFileSync(abs, 'utf8'))) return file;
    } catch {
      return file; // unreadable: assume it is ours, which blocks (fail closed)
    }
  }
  return null;
}

function isInside(dir: string, root: string): boolean {
  return dir === root || dir.startsWith(root.endsWith('/') ? root : `${root}/`);
}

export function findGoverningRoot(input: GoverningRootInput): GoverningRoot {
  const start = resolve(input.explicit ?? input.projectDir ?? input.sessionDir);
  // An explicit root governs even without a policy there (loading it then fails closed).
  let root: string | null = input.explicit !== undefined ? start : null;
  if (root === null && input.projectDir !== undefined && hasPolicy(start)) root = start;
  if (root === null) {
    const top = gitTopLevel(start);
    if (top !== null && hasPolicy(top)) root = top;
  }
  if (root === null) {
    // Outside git (or a top level without a policy): the outermost policy above wins, so a policy
    // planted lower down can only add a layer.
    const found = ancestors(start).filter(hasPolicy);
    root = found.length > 0 ? found[found.length - 1] : null;
  }
  if (root === null) {
    const dir = gitTopLevel(start) ?? start;
    for (const candidate of dir === start ? [start] : [start, dir]) {
      const config = generatedHookConfig(candidate);
      if (config !== null) return { root: null, nested: [], missingPolicy: { dir: candidate, config } };
    }
    return { root: null, nested: [], missingPolicy: null };
  }
  const nested = new Set<string>();
  for (const d of [start, input.sessionDir, ...(input.callDirs ?? [])]) {
    const abs = resolve(start, d);
    if (!isInside(abs, root)) continue;
    for (const a of ancestors(abs)) {
      if (a === root) break;
      if (hasPolicy(a)) nested.add(a);
    }
  }
  return { root, nested: [...nested].sort(), missingPolicy: null };
}
