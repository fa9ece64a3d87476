// A hard link is another name for the same file: a name the policy allows can hold `.env`'s
// content. A scope scan must then judge the link by the file it is. Knowing which files are
// protected needs a walk of the tree, but only their inodes with more than one link matter, and
// those are rare: the index below is built once per process (per policy and root, for a short
// time), and the scope scan stats its files only when the index holds such an inode.
// Installed packages and `.git` are walked too: a protected file there (a package's `.env`, a key
// the policy names under `.git`) shares its content with its links like any other. `.git/objects`
// is not: objects are compressed, so a link to one holds no file's plain content.
import { lstatSync } from 'node:fs';
import type { WorkspaceRoot } from '../paths/canonicalPath';
import type { PolicyEngine } from '../policy/policyEngine';
import type { Verdict } from '../policy/policyTypes';
import { strictest } from '../policy/verdictOrder';
import type { DecideBudget } from './decideBudget';
import { dirEntries } from '../util/dirEntries';

export interface LinkedProtected {
  /** The protected file's workspace-relative name. */
  readonly rel: string;
  readonly verdict: Verdict;
}

export interface ProtectedLinks {
  /** Protected files with more than one link, by `dev:ino`. */
  readonly byInode: ReadonlyMap<string, LinkedProtected>;
  /** False when the walk stopped early: any hard-linked file may then be a protected one. */
  readonly complete: boolean;
  /**
   * How many names of protected files lie outside the workspace (their link count minus the
   * names found inside); meaningful only when `complete`.
   */
  readonly elsewhere: number;
}

/** Entries one index walk may visit; past it the index is incomplete (hard links count as protected). */
const MAX_ENTRIES = 200_000;
/** How long an index is reused by a long-lived process (the editor) before the tree is walked again. */
const REUSE_MS = 2_000;

const memo = new WeakMap<PolicyEngine, Map<string, { at: number; links: ProtectedLinks }>>();

export function inodeKey(st: { dev: number | bigint; ino: number | bigint }): string {
  return `${st.dev}:${st.ino}`;
}

/**
 * Every protected file (read verdict stricter than allow) of the workspace that has other hard
 * links, `node_modules` and `.git` included. Bounded by MAX_ENTRIES and the decision's budget.
 */
export function protectedLinks(engine: PolicyEngine, ws: WorkspaceRoot, budget?: DecideBudget): ProtectedLinks {
  const byRoot = memo.get(engine) ?? new Map<string, { at: number; links: ProtectedLinks }>();
  memo.set(engine, byRoot);
  const hit = byRoot.get(ws.realRoot);
  if (hit !== undefined && Date.now() - hit.at < REUSE_MS) return hit.links;
  const byInode = new Map<string, LinkedProtected>();
  let seen = 0;
  let complete = true;
  // [absolute, relative, verdict inherited from a protected folder]
  const stack: Array<[string, string, Verdict]> = [[ws.realRoot, '', 'allow']];
  walk: while (stack.length > 0) {
    const [abs, rel, inherited] = stack.pop() as [string, string, Verdict];
    budget?.check();
    for (const e of dirEntries(abs) ?? []) {
      if (++seen > MAX_ENTRIES) { complete = false; break walk; }
      if (rel === '.git' && e.name === 'objects') continue;
      const childRel = rel === '' ? e.name : `${rel}/${e.name}`;
      const isDir = e.isDirectory();
      if (!isDir && !e.isFile()) continue;
      const verdict = engine.classify(childRel, isDir).reduce<Verdict>((v, m) => strictest(v, m.dataClass.read), inherited);
      if (isDir) { stack.push([`${abs}/${e.name}`, childRel, verdict]); continue; }
      if (verdict === 'allow') continue;
      try {
        const st = lstatSync(`${abs}/${e.name}`);
        if (st.nlink > 1) byInode.set(inodeKey(st), { rel: childRel, verdict });
      } catch {
        // gone since the listing: nothing to link to
      }
    }
  }
  const elsewhere = complete && byInode.size > 0 ? namesElsewhere(ws, byInode, budget) : complete ? 0 : Infinity;
  const links = { byInode, complete: complete && Number.isFinite(elsewhere), elsewhere };
  byRoot.set(ws.realRoot, { at: Date.now(), links });
  return links;
}

/**
 * The names of the indexed files that are not in the workspace: their link counts minus the
 * names a second walk finds inside (paid only when a protected file has other links at all).
 * Infinity when the walk could not finish.
 */
function namesElsewhere(ws: WorkspaceRoot, byInode: ReadonlyMap<string, LinkedProtected>, budget?: DecideBudget): number {
  const found = new Map<string, { nlink: number; names: number }>();
  let seen = 0;
  const stack = [ws.realRoot];
  while (stack.length > 0) {
    const dir = stack.pop() as string;
    budget?.check();
    for (const e of dirEntries(dir) ?? []) {
      if (++seen > MAX_ENTRIES) return Infinity;
      const abs = `${dir}/${e.name}`;
      if (e.isDirectory()) { if (abs !== `${ws.realRoot}/.git/objects`) stack.push(abs); continue; }
      if (!e.isFile()) continue;
      try {
        const st = lstatSync(abs);
        if (st.nlink < 2 || !byInode.has(inodeKey(st))) continue;
        const f = found.get(inodeKey(st)) ?? { nlink: st.nlink, names: 0 };
        found.set(inodeKey(st), { nlink: f.nlink, names: f.names + 1 });
      } catch {
        // gone since the listing
      }
    }
  }
  let out = 0;
  for (const f of found.values()) out += Math.max(0, f.nlink - f.names);
  return out;
}

/** Entries one walk of a folder outside the workspace may visit, looking for such names. */
const OUTSIDE_MAX_ENTRIES = 100_000;

/**
 * A hard link of a protected file inside `dir`, a folder outside the workspace that a command
 * searches, copies or archives. Walked only when some protected file has names outside the
 * workspace (or Airlock could not count them); a walk that cannot finish counts as finding one.
 */
export function protectedLinkIn(engine: PolicyEngine, ws: WorkspaceRoot, dir: string, budget?: DecideBudget): { rel: string | null; verdict: Verdict; link: string } | null {
  const links = protectedLinks(engine, ws, budget);
  if (links.complete && links.elsewhere === 0) return null;
  let seen = 0;
  const stack = [dir];
  while (stack.length > 0) {
    const d = stack.pop() as string;
    budget?.check();
    for (const e of dirEntries(d) ?? []) {
      if (++seen > OUTSIDE_MAX_ENTRIES) return { rel: null, verdict: 'deny', link: d };
      const abs = `${d}/${e.name}`;
      // The workspace's own names are judged as the workspace.
      if (e.isDirectory()) { if (abs !== ws.realRoot) stack.push(abs); continue; }
      if (!e.isFile()) continue;
      let st;
      try {
        st = lstatSync(abs);
      } catch {
        continue;
      }
      if (st.nlink < 2) continue;
      const hit = links.byInode.get(inodeKey(st));
      if (hit !== undefined) return { ...hit, link: abs };
      if (!links.complete) return { rel: null, verdict: 'deny', link: abs };
    }
  }
  return null;
}

/**
 * The protected file that `abs` (a regular file) is another name for: `rel` null when the index
 * is incomplete and `abs` has other links; null when it is no hard link of a protected file.
 */
export function linkedProtectedFile(engine: PolicyEngine, ws: WorkspaceRoot, abs: string, budget?: DecideBudget): { rel: string | null; verdict: Verdict } | null {
  let st;
  try {
    st = lstatSync(abs);
  } catch {
    return null;
  }
  if (!st.isFile() || st.nlink < 2) return null;
  const links = protectedLinks(engine, ws, budget);
  const found = links.byInode.get(inodeKey(st));
  if (found !== undefined) return found;
  return links.complete ? null : { rel: null, verdict: 'deny' };
}
