// What a search over a directory could reach: every file below it, classified. A grep or glob
// over a folder that holds a protected file must get that file's verdict, not the folder's.
import { type Dirent, lstatSync, readdirSync } from 'node:fs';
import { Minimatch } from 'minimatch';
import { canonicalizePath, type WorkspaceRoot } from '../paths/canonicalPath';
import type { PolicyEngine } from '../policy/policyEngine';
import type { ClassMatch } from '../policy/policyLayer';
import type { Verdict } from '../policy/policyTypes';
import type { DecideBudget } from './decideBudget';
import type { ScopeFile } from './decisionTypes';
import { strictest } from '../policy/verdictOrder';
import { inodeKey, type ProtectedLinks } from './protectedLinks';
import { inNodeModules, secretCheckVerdict, type SecretCheck } from './shellReadVerdict';

// Defined beside the rule that judges it; still importable from here, where scopes use it.
export type { SecretCheck };

/** Secrets in a scope: files holding live credentials get `secrets`, files the scanner cannot judge `unscanned`. */
export interface ScopeSecrets {
  readonly check: (absolutePath: string) => SecretCheck | null;
  readonly secrets: Verdict;
  readonly unscanned: Verdict;
  /** Past this many milliseconds of checking, the rest of the scope counts as unscanned. */
  readonly budgetMs: number;
}

export interface ScopeFinding {
  readonly verdict: Verdict;
  /** The first path (workspace-relative) that carries that verdict, if stricter than allow. */
  readonly example: string | null;
  readonly match: ClassMatch | null;
  readonly filesSeen: number;
  readonly truncated: boolean;
  /** Set when a file's secret check decided the verdict (the file is `example`). */
  readonly secret?: SecretCheck;
  /** With `masks`: the strictest file that is not allowed and not masked (null: every such file is masked). */
  readonly unmasked?: { readonly rel: string; readonly verdict: Verdict } | null;
  /**
   * When asked to collect (`collectLimit`): every file of the scope that is not allowed by its
   * class, holds a live secret, could not be scanned, or is a hard link; `complete` false when the
   * list was cut at the limit or the walk was truncated.
   */
  readonly files?: { readonly list: readonly ScopeFile[]; readonly complete: boolean };
  /**
   * Set when a hard link decided the verdict (the link is `example`): the protected file it is
   * another name for, or null when the index of protected links was incomplete.
   */
  readonly linkedTo?: string | null;
}

export const DEFAULT_SCOPE_LIMIT = 200_000;

/**
 * A file-name glob as search tools apply it, read generously: a file counts when the glob matches
 * its path below the search root, that path at any depth, or (for a glob without "/") its name —
 * ignoring case. Counting a file the tool would skip only makes the verdict stricter.
 */
export function searchGlobFilter(glob: string): (relToScope: string) => boolean {
  const opts = { dot: true, nocase: true } as const;
  const forms = [new Minimatch(glob, opts), new Minimatch(`**/${glob.replace(/^\.?\//, '')}`, opts)];
  const byName = !glob.includes('/') ? new Minimatch(glob, opts) : null;
  return (rel) => forms.some((m) => m.match(rel)) || (byName !== null && byName.match(rel.slice(rel.lastIndexOf('/') + 1)));
}

export function scanScope(
  engine: PolicyEngine,
  ws: WorkspaceRoot,
  absDir: string,
  relDir: string,
  action: 'read' | 'edit' = 'read',
  limit = DEFAULT_SCOPE_LIMIT,
  selects: ((relToScope: string) => boolean) | null = null,
  budget?: DecideBudget,
  secrets: ScopeSecrets | null = null,
  collectLimit = 0,
  masks?: (absolutePath: string) => boolean,
  links: (() => ProtectedLinks) | null = null,
): ScopeFinding {
  const prefixLength = relDir === '' ? 0 : relDir.length + 1;
  let verdict = 'allow' as Verdict;
  let example: string | null = null;
  let match: ClassMatch | null = null;
  let secret: SecretCheck | undefined;
  let linkedTo: string | null | undefined;
  // A file with other links may be a protected one: the index of those is built only when one is met.
  let seen = 0;
  const started = Date.now();
  let overBudget: string | null = null;
  // Collecting (for a content search's check) walks the whole scope, past the first denial.
  const collected: ScopeFile[] = [];
  let collecting = collectLimit > 0;
  const collect = (file: ScopeFile): void => {
    if (!collecting) return;
    if (collected.length >= collectLimit) collecting = false;
    else collected.push(file);
  };
  const files = (complete: boolean): ScopeFinding['files'] => (collectLimit > 0 ? { list: collected, complete: complete && collecting } : undefined);
  let viaLink = false;
  // Installed packages are many small files: the first few are stat'ed one by one, then the index
  // says whether any protected file has other names at all (one walk instead of a stat per file).
  let packagedStats = 0;
  let packagedUnlinked: boolean | null = null;
  const statPackaged = (): boolean => {
    if (links === null) return false;
    if (++packagedStats <= PACKAGED_STATS) return true;
    if (packagedUnlinked === null) {
      const index = links();
      packagedUnlinked = index.complete && index.byInode.size === 0;
    }
    return !packagedUnlinked;
  };
  // Under a sandbox: the walk goes on past a masked denial, looking for what the masks leave open.
  let unmasked: { rel: string; verdict: Verdict } | null = null;
  const noteUnmasked = (rel: string, file: string | undefined, v: Verdict): void => {
    if (masks === undefined || v === 'allow' || (unmasked !== null && strictest(unmasked.verdict, v) === unmasked.verdict)) return;
    if (file === undefined || !masks(file)) unmasked = { rel, verdict: v };
  };
  const lookingPast = (): boolean => masks !== undefined && unmasked?.verdict !== 'deny';
  const consider = (rel: string, isDir: boolean, abs?: string, linkAbs?: string): void => {
    // Below a followed link the tool sees another path than `rel`: no name filter applies there.
    if (selects !== null && !viaLink && (isDir || !selects(rel.slice(prefixLength)))) return;
    let own = 'allow' as Verdict;
    for (const m of engine.classify(rel, isDir)) {
      const v = action === 'edit' ? m.dataClass.edit : m.dataClass.read;
      own = strictest(own, v);
      if (strictest(verdict, v) !== verdict) {
        verdict = v;
        example = rel;
        match = m;
        secret = undefined;
        linkedTo = undefined;
      }
    }
    // Installed packages are link-checked against the index too (a link there can be `.env`), but a
    // package store's own links (pnpm) are not collected as unidentified.
    const packaged = inNodeModules(rel);
    const linked = !isDir && own === 'allow' && abs !== undefined && (packaged ? statPackaged() : links !== null || collecting) ? linkStat(abs) : UNLINKED;
    if (links !== null && abs !== undefined && linked.nlink > 1) {
      const target = linkedProtected(linked, links());
      if (target !== null) {
        own = target.verdict;
        collect({ rel, abs, why: 'linked', verdict: own });
        if (strictest(verdict, own) !== verdict) {
          verdict = own;
          example = rel;
          secret = undefined;
          linkedTo = target.rel;
        }
        noteUnmasked(rel, abs, own);
        return;
      }
    }
    if (!isDir) noteUnmasked(rel, abs ?? linkAbs, own);
    if (collecting && !isDir) {
      if (own !== 'allow') {
        collect({ rel, abs: abs ?? linkAbs ?? null, why: 'class', verdict: own });
        return;
      }
      // A hard link's name says nothing about whose content it holds (package stores hard-link
      // third-party code, which is not where protected files live).
      if (abs !== undefined && linked.nlink > 1 && !packaged) collect({ rel, abs, why: 'linked', verdict: 'deny' });
    }
    // Reading a folder's files reads the credentials in them.
    if (secrets === null || isDir || abs === undefined || action !== 'read' || (verdict === 'deny' && !collecting && !lookingPast())) return;
    if (inNodeModules(rel)) return; // not scanned: see inNodeModules
    // A masked file reads as the mask whatever it holds: its content cannot reach the search.
    if (masks !== undefined && masks(abs)) return;
    let found: SecretCheck | null;
    if (overBudget === null && Date.now() - started > secrets.budgetMs) overBudget = rel;
    if (overBudget !== null) found = { unscanned: `the scope holds more files than can be checked for secrets within ${secrets.budgetMs} ms` };
    else found = secrets.check(abs);
    if (found === null) return;
    const v = secretCheckVerdict(secrets, found);
    if (v !== 'allow') collect({ rel, abs, why: 'unscanned' in found ? 'unscanned' : 'secret', verdict: v });
    noteUnmasked(rel, abs, v);
    if (strictest(verdict, v) !== verdict) {
      verdict = v;
      example = rel;
      secret = found;
      linkedTo = undefined;
    }
  };
  const stack: Array<[string, string, boolean]> = [[absDir, relDir, false]];
  // `grep -R`, `rg -L` follow links to folders: their contents are in the scope too (each real
  // folder walked once, so a link to a parent does not loop).
  const walked = new Set<string>([absDir]);
  while (stack.length && (verdict !== 'deny' || collecting || lookingPast())) {
    const [abs, rel, linked] = stack.pop() as [string, string, boolean];
    viaLink = linked;
    budget?.check();
    let entries: Dirent[];
    try {
      entries = readdirSync(abs, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const e of entries) {
      if (++seen > limit) return { verdict, example, match, filesSeen: seen - 1, truncated: true, ...(secret ? { secret } : {}), ...(linkedTo !== undefined ? { linkedTo } : {}), files: files(false), ...(masks ? { unmasked } : {}) };
      const childRel = rel === '' ? e.name : `${rel}/${e.name}`;
      const childAbs = `${abs}/${e.name}`;
      if (e.isDirectory()) {
        if (e.name === '.git') continue;
        consider(childRel, true);
        stack.push([childAbs, childRel, viaLink]);
      } else if (e.isSymbolicLink()) {
        // Tools like `grep -R` follow links: judge the target too.
        const target = canonicalizePath(childAbs, ws);
        consider(childRel, false, undefined, target.isDir ? undefined : target.realAbsolute);
        if (target.real !== null && target.real !== childRel) consider(target.real, target.isDir, target.isDir ? undefined : target.realAbsolute);
        if (target.real !== null && target.isDir && !walked.has(target.realAbsolute)) {
          walked.add(target.realAbsolute);
          stack.push([target.realAbsolute, target.real, true]);
        }
      } else {
        consider(childRel, false, e.isFile() ? childAbs : undefined);
      }
    }
  }
  return { verdict, example, match, filesSeen: seen, truncated: false, ...(secret ? { secret } : {}), ...(linkedTo !== undefined ? { linkedTo } : {}), files: files(true), ...(masks ? { unmasked } : {}) };
}

/** Files in `node_modules` stat'ed one by one before the protected-links index decides. */
const PACKAGED_STATS = 256;

/** The protected file a hard-linked file is another name for (`rel` null when the index is incomplete), or null. */
function linkedProtected(st: { dev: number; ino: number }, links: ProtectedLinks): { rel: string | null; verdict: Verdict } | null {
  const found = links.byInode.get(inodeKey(st));
  if (found !== undefined) return found;
  return links.complete ? null : { rel: null, verdict: 'deny' };
}

const UNLINKED = { nlink: 1, dev: 0, ino: 0 };

function linkStat(abs: string): { nlink: number; dev: number; ino: number } {
  try {
    return lstatSync(abs);
  } catch {
    return UNLINKED;
  }
}
