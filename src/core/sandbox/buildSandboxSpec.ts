// Builds the sandbox spec from the compiled policy and a walk of the workspace: every file a shell
// read may not reach (its class, a live secret, content the scanner cannot judge) is masked,
// Airlock's own files are frozen. Pure apart from reading the tree (no mounts, no processes): the
// renderers turn the spec into a mechanism.
import { type BigIntStats, type Dirent, lstatSync, readdirSync, realpathSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { auditDirFor } from '../audit/auditLocation';
import { decideWorkspacePath } from '../decide/decide';
import type { WorkspaceRoot } from '../paths/canonicalPath';
import type { PolicyEngine } from '../policy/policyEngine';
import { gitControl } from './gitControlPaths';
import { homeCredentialPaths, homeGuardedPaths, homeStartupPaths, missingHomeStartup } from './homePaths';
import { type SandboxPath, type SandboxSpec, SandboxUnavailableError } from './sandboxTypes';
import type { SandboxWalkCache, WalkEntry } from './sandboxWalkCache';
import type { TreeCensus } from './treeCensus';
import { dirEntries } from '../util/dirEntries';
import type { SecretCheck } from '../decide/scopeScan';
import { fileSecretVerdict, shellSecretVerdicts } from '../decide/shellReadVerdict';

export interface SandboxSpecInput {
  readonly engine: PolicyEngine;
  readonly workspace: WorkspaceRoot;
  /** The user's home directory (credential folders, shell start-up files); null to skip. */
  readonly home: string | null;
  /** Airlock's own code and caches (the launcher, the bundle the hooks run, the V8 cache): kept read-only. */
  readonly airlockPaths?: readonly string[];
  /** Airlock's caches that must not be read inside (the secret-scan cache and its HMAC key): masked. */
  readonly airlockSecrets?: readonly string[];
  /** Other homes a process inside may take as its own (root's nested account): treated like `home`. */
  readonly extraHomes?: readonly string[];
  /**
   * The secret check the hook uses (at the policy's `secretsConfidence`): a file holding a live
   * secret, or one the scanner cannot judge, is masked when its verdict for a shell read is not
   * allow (shellReadVerdict.ts, the hook's own rule).
   */
  readonly secretIn?: (absolutePath: string) => SecretCheck | null;
  /**
   * True when hooks run inside (`airlock run`): they append the audit log, so `.airlock/audit/`
   * stays writable. False for `airlock exec`, whose hooks ran outside: everything is frozen.
   */
  readonly hooksInside?: boolean;
  /** `airlock run` appends the hooks' records itself (a socket): the audit folder stays read-only. */
  readonly auditRelayed?: boolean;
  /** Listings and classifications of folders unchanged since an earlier walk (by folder identity). */
  readonly walkCache?: SandboxWalkCache;
  /** Told each folder the walk lists, for the check when the command ends (nestedGitPlants.ts). */
  readonly census?: TreeCensus;
}

/** Guarded files that, when missing at start, can be created in an existing parent we may freeze instead. */
const MISSING_GUARDED: ReadonlyArray<{ file: string; parent: string }> = [
  { file: '.claude/settings.json', parent: '.claude' },
  { file: '.claude/settings.local.json', parent: '.claude' },
  { file: '.github/copilot/settings.json', parent: '.github/copilot' },
  { file: '.github/copilot/settings.local.json', parent: '.github/copilot' },
  { file: '.github/hooks', parent: '.github' },
];

interface Walk {
  readonly masks: SandboxPath[];
  readonly readOnly: SandboxPath[];
  readonly residual: string[];
  /** Edit-protected folders frozen file by file (the policy leaves something inside them editable). */
  readonly newFiles: string[];
}

function real(abs: string): string | null {
  try {
    return realpathSync.native(abs);
  } catch {
    return null;
  }
}

function within(root: string, abs: string): boolean {
  return abs === root || abs.startsWith(`${root}/`);
}

export function buildSandboxSpec(input: SandboxSpecInput): SandboxSpec {
  const { engine } = input;
  if (engine.error) throw new SandboxUnavailableError(`the policy is invalid (${engine.error.message}); fix it before running commands in the sandbox`);
  if (engine.aiOff) throw new SandboxUnavailableError(`AI access is switched off for this workspace ("ai": "off" in ${engine.aiOff.source})`);
  const root = input.workspace.realRoot;
  const secretVerdicts = shellSecretVerdicts(engine);
  const walk: Walk = { masks: [], readOnly: [], residual: [], newFiles: [] };

  // One classification per entry; the reason (string work) only for what gets masked.
  let last: { rel: string; isDir: boolean; matches: ReturnType<PolicyEngine['classify']> } | null = null;
  const matches = (rel: string, isDir: boolean): ReturnType<PolicyEngine['classify']> => {
    if (last === null || last.rel !== rel || last.isDir !== isDir) last = { rel, isDir, matches: engine.classify(rel, isDir) };
    return last.matches;
  };
  const protection = (rel: string, isDir: boolean): string | null => {
    if (matches(rel, isDir).every((m) => m.dataClass.read === 'allow')) return null;
    const d = decideWorkspacePath(engine, rel, isDir, 'read');
    return d.verdict === 'allow' ? null : `read ${d.verdict}: ${d.reason}`;
  };
  /** Why a shell may not change this entry: Airlock manages it, or its class's edit verdict is ask or deny. */
  const editProtection = (rel: string, isDir: boolean): string | null => {
    const ms = matches(rel, isDir);
    if (ms.some((m) => m.source === 'airlock' && m.dataClass.name === 'airlock-managed')) return 'Airlock-managed';
    if (ms.every((m) => m.dataClass.edit === 'allow')) return null;
    const d = decideWorkspacePath(engine, rel, isDir, 'edit');
    return d.verdict === 'allow' ? null : `edit ${d.verdict}: ${d.reason}`;
  };

  /** A folder's entries, sorted, each classified: remembered by the folder's identity, else read now. */
  const listing = (abs: string, rel: string): readonly WalkEntry[] | null => {
    let st: BigIntStats;
    try {
      st = lstatSync(abs, { bigint: true });
    } catch {
      return null;
    }
    const cached = input.walkCache?.get(abs, st);
    if (cached !== undefined) {
      input.census?.folder(abs, st, cached);
      return cached;
    }
    let dirents: Dirent[];
    try {
      dirents = readdirSync(abs, { withFileTypes: true });
    } catch {
      return null;
    }
    dirents.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const entries = dirents.map((e): WalkEntry => {
      const childRel = rel === '' ? e.name : `${rel}/${e.name}`;
      const kind = e.isDirectory() ? 'd' : e.isSymbolicLink() ? 'l' : e.isFile() ? 'f' : 'o';
      // A link is judged by its target each time (the target may change without this folder changing).
      if (kind === 'l') return [e.name, kind, null, null];
      return [e.name, kind, protection(childRel, kind === 'd'), editProtection(childRel, kind === 'd')];
    });
    input.walkCache?.set(abs, st, entries);
    input.census?.folder(abs, st, entries);
    return entries;
  };

  /**
   * Masks the subtree's protected entries and freezes its edit-protected ones. `read`: everything
   * in it is masked; `edit`: nothing in it can be changed (so the folder itself may take one mount).
   */
  const visit = (abs: string, rel: string): { read: boolean; edit: boolean } => {
    const entries = listing(abs, rel);
    if (entries === null) {
      walk.residual.push(`${rel || '.'}: unreadable when the sandbox was built, so nothing below it is masked or frozen`);
      return { read: false, edit: false };
    }
    let read = true;
    let edit = true;
    for (const [name, kind, classWhy, editWhy] of entries) {
      const childRel = rel === '' ? name : `${rel}/${name}`;
      const childAbs = `${abs}/${name}`;
      if (kind === 'd') {
        if (name === '.git' && rel === '') continue; // .git/config and hooks are frozen separately
        const startMask = walk.masks.length;
        const startFrozen = walk.readOnly.length;
        const inner = visit(childAbs, childRel);
        if (classWhy !== null && inner.read) {
          // One mask for the whole folder (empty and read-only inside).
          dropWithin(walk.masks, startMask, childAbs);
          dropWithin(walk.readOnly, startFrozen, childAbs);
          walk.masks.push({ path: childAbs, kind: 'dir', why: classWhy });
          continue;
        }
        read = false;
        // A folder the policy classifies as a whole takes one read-only mount, so nothing can be
        // created in it either; Airlock's own folders always do. The masks inside stay.
        if (editWhy !== null && (inner.edit || editWhy === 'Airlock-managed')) {
          dropWithin(walk.readOnly, startFrozen, childAbs);
          walk.readOnly.push({ path: childAbs, kind: 'dir', why: editWhy });
        } else {
          edit = false;
          if (editWhy !== null) walk.newFiles.push(childRel);
        }
        continue;
      }
      if (kind === 'l') {
        const link = visitLink(childAbs, childRel);
        read = link.read && read;
        edit = link.edit && edit;
        continue;
      }
      let why = classWhy;
      if (why === null && kind === 'f') why = fileSecretVerdict(secretVerdicts, childRel, childAbs, input.secretIn)?.why ?? null;
      if (why !== null) {
        walk.masks.push({ path: childAbs, kind: 'file', why }); // masked files are read-only too
        continue;
      }
      read = false;
      if (editWhy !== null) walk.readOnly.push({ path: childAbs, kind: 'file', why: editWhy });
      else edit = false;
    }
    return { read, edit };
  };

  /**
   * A link is masked or frozen at its target (a mount follows the link): protected by its own name
   * or by the target's. The link itself (a name in its folder) is frozen only with its folder.
   */
  const visitLink = (abs: string, rel: string): { read: boolean; edit: boolean } => {
    const target = real(abs);
    if (target === null) return { read: protection(rel, false) !== null, edit: editProtection(rel, false) !== null }; // dangling: nothing to read or write through
    let isDir = false;
    try {
      isDir = statSync(target).isDirectory();
    } catch {
      return { read: false, edit: false };
    }
    const targetRel = within(root, target) ? path.relative(root, target).split(path.sep).join('/') : null;
    const judge = (f: (r: string, d: boolean) => string | null): string | null => f(rel, isDir) ?? (targetRel !== null && targetRel !== '' ? f(targetRel, isDir) : null);
    const why = judge(protection);
    if (why !== null) {
      if (target !== root) walk.masks.push({ path: target, kind: isDir ? 'dir' : 'file', why: `${why} (through the link ${rel})` });
      return { read: true, edit: true };
    }
    const editWhy = judge(editProtection);
    if (editWhy !== null && target !== root) walk.readOnly.push({ path: target, kind: isDir ? 'dir' : 'file', why: `${editWhy} (through the link ${rel})` });
    return { read: false, edit: editWhy !== null };
  };

  visit(root, '');

  for (const m of MISSING_GUARDED) {
    const parentAbs = `${root}/${m.parent}`;
    if (real(`${root}/${m.file}`) === null && isDirectory(parentAbs) && !walk.readOnly.some((r) => within(r.path, parentAbs))) {
      walk.readOnly.push({ path: parentAbs, kind: 'dir', why: `${m.file} does not exist yet: its folder is frozen so it cannot be created` });
    }
  }
  const byName = walk.readOnly.some((r) => r.kind === 'file' && r.why !== 'Airlock-managed');
  if (byName || walk.newFiles.length > 0) {
    const where = walk.newFiles.length > 0 ? ` (such as in ${walk.newFiles.slice(0, 3).join(', ')}/, which the policy does not classify as a whole)` : '';
    walk.residual.push(`new files: the kernel stops writes to edit-protected files and creating files in frozen folders, but a new file an edit-protected rule matches can be created in a folder that stays writable${where}: it is moved aside when the command ends (under \`airlock run\`, within seconds), and the hook still refuses such writes it can see`);
  }
  for (const top of ['opencode.json', '.vscode/settings.json']) {
    if (real(`${root}/${top}`) === null) walk.residual.push(`${top} does not exist: it could be created inside the sandbox (the hook still refuses writes it can see)`);
  }

  const readOnly: SandboxPath[] = [...walk.readOnly];
  for (const layer of engine.layers) {
    const src = real(layer.doc.source);
    if (src !== null && !within(`${root}/.airlock`, src)) readOnly.push({ path: src, kind: 'file', why: 'a policy layer' });
  }
  const git = gitControl(root);
  readOnly.push(...git.frozen);
  walk.residual.push(...git.residual);
  for (const f of git.planted) walk.residual.push(`${f} exists, which git never writes there: it redirects git to another repository's config (frozen inside, with this file, but read by a person's git outside); inspect it and move it aside`);
  if (git.frozen.length > 0) {
    // Masking `.git/objects` would break git itself; the hooks judge git commands that print history.
    walk.residual.push('git history (`.git/objects`) is readable inside: a protected file ever committed can be read from it; `airlock check` lists such paths');
  }
  for (const p of input.airlockPaths ?? []) {
    const r = real(p);
    if (r !== null) readOnly.push({ path: r, kind: isDirectory(r) ? 'dir' : 'file', why: "Airlock's own code or cache" });
  }
  const masks = [...walk.masks];
  for (const p of input.airlockSecrets ?? []) {
    const r = real(p);
    if (r !== null && isDirectory(r)) masks.push({ path: r, kind: 'dir', why: "Airlock's secret-scan cache: its HMAC key signs the scan verdicts" });
    else walk.residual.push(`${p} does not exist: a command inside could create it (and plant a key) where its parent is writable`);
  }
  if (input.home) {
    const missing = missingHomeStartup(input.home);
    if (missing.length) {
      walk.residual.push(`${missing.map((m) => `~/${m}`).join(', ')} do not exist: a command inside could create them, and a shell or git started outside the sandbox later (the client's own shell under hook rewriting) would run them; create them (even empty) to have them frozen`);
    }
  }
  for (const home of [input.home, ...(input.extraHomes ?? [])]) {
    if (!home) continue;
    readOnly.push(...homeStartupPaths(home));
    const guarded = homeGuardedPaths(home, input.hooksInside === true);
    readOnly.push(...guarded.frozen);
    if (guarded.writable.length > 0) walk.residual.push(`${guarded.writable.join(', ')} stay writable: the agent inside writes them itself (its hook settings in them are frozen); a command inside could change its other settings there`);
    if (engine.outsideVerdict !== 'allow') {
      for (const c of homeCredentialPaths(home)) masks.push({ ...c, why: `${c.why}; outside the workspace the policy's verdict is ${engine.outsideVerdict} ("outside")` });
    }
  }
  // Only the workspace's masks: credential stores in the home (gcloud logs, kube caches) and
  // Airlock's secret-scan cache can hold thousands of files, and this runs for every command.
  hardLinkedCopies(root, masks, masks.filter((m) => within(root, m.path)), walk.residual);
  // A write through another name of a frozen file changes it too: those names are frozen as well.
  const scratchDir = `${root}/.airlock/cache`;
  const frozenHere = readOnly.filter((r) => within(root, r.path) && !masks.some((m) => within(m.path, r.path)));
  hardLinkedCopies(root, readOnly, frozenHere, walk.residual, new Set([...masks.map((m) => m.path), scratchDir]), 'frozen');
  const scratch: SandboxPath[] = [];
  const cache = scratchDir;
  if (isDirectory(cache)) scratch.push({ path: cache, kind: 'dir', why: "Airlock's cache keeps copies of file contents (provenance snapshots)" });
  const writable: SandboxPath[] = [];
  // The log lives in the git directory or, outside git, under the frozen `.airlock/`.
  const audit = real(auditDirFor(root));
  if (audit !== null && isDirectory(audit)) {
    if (!input.hooksInside) {
      // airlock exec: the hooks ran outside, so nothing inside needs to write the audit log.
      readOnly.push({ path: audit, kind: 'dir', why: 'the audit log' });
    } else if (input.auditRelayed) {
      readOnly.push({ path: audit, kind: 'dir', why: 'the audit log: the hooks inside append through `airlock run`, outside' });
    } else {
      writable.push({ path: audit, kind: 'dir', why: 'the hook appends the audit log here' });
      walk.residual.push(`${path.relative(root, audit)}/ (the audit log) stays writable so hooks inside the sandbox can log; \`airlock audit verify\` detects edits, not a full rewrite`);
    }
  }
  const dirMasks = masks.filter((m) => m.kind === 'dir');
  // Nothing can be mounted inside a masked (empty, read-only) folder, and nothing needs to be.
  const hidden = (p: SandboxPath): boolean => dirMasks.some((m) => m.path !== p.path && within(m.path, p.path));
  const homes = [input.home, ...(input.extraHomes ?? [])].filter((h): h is string => !!h).map((h) => real(h)).filter((h): h is string => h !== null && h !== '/');
  const finalMasks = dedupe(masks).filter((m) => !hidden(m));
  // A path inside a frozen folder is frozen already.
  const finalReadOnly = dedupe(readOnly).filter((r) => !hidden(r) && !masks.some((m) => m.path === r.path) && !readOnly.some((o) => o.kind === 'dir' && o.path !== r.path && within(o.path, r.path)));
  const finalWritable = writable.filter((w) => !hidden(w));
  const finalScratch = scratch.filter((w) => !hidden(w));
  return {
    root,
    masks: finalMasks,
    readOnly: finalReadOnly,
    pinned: pinnedFolders([root, ...homes], [...finalMasks, ...finalReadOnly], [...finalMasks, ...finalReadOnly, ...finalWritable, ...finalScratch]),
    writable: finalWritable,
    scratch: finalScratch,
    ...(git.mustStayAbsent.length > 0 ? { mustStayAbsent: git.mustStayAbsent } : {}),
    residual: walk.residual,
  };
}

/**
 * The folders holding a path the sandbox mounts over in the workspace or a home, from that base
 * (and the folders above it) down: a mount point cannot be renamed or removed (EBUSY), so none of
 * them can be moved aside to let new content take a frozen or masked path's name. Folders inside
 * a read-only or masked folder cannot be renamed anyway, and must not be made writable again.
 */
function pinnedFolders(bases: readonly string[], held: readonly SandboxPath[], mounted: readonly SandboxPath[]): SandboxPath[] {
  const taken = new Set(mounted.map((m) => m.path));
  const frozenDirs = held.filter((m) => m.kind === 'dir').map((m) => m.path);
  const out = new Map<string, SandboxPath>();
  const add = (dir: string, why: string): void => {
    if (!taken.has(dir) && !out.has(dir) && !frozenDirs.some((f) => within(f, dir) && f !== dir)) out.set(dir, { path: dir, kind: 'dir', why });
  };
  bases.forEach((base, i) => {
    let holds = false;
    for (const h of held) {
      if (!within(base, h.path) || h.path === base) continue;
      holds = true;
      for (let dir = path.dirname(h.path); within(base, dir); dir = path.dirname(dir)) add(dir, 'holds a masked or read-only path');
    }
    if (!holds) return;
    const what = i === 0 ? 'the workspace' : 'a home folder';
    for (let dir = path.dirname(base); dir !== '/' && dir !== path.dirname(dir); dir = path.dirname(dir)) add(dir, `holds ${what}`);
  });
  return [...out.values()];
}

/** Removes the entries from `start` on that lie inside `dir` (a link's target elsewhere stays). */
function dropWithin(list: SandboxPath[], start: number, dir: string): void {
  const kept = list.slice(start).filter((p) => !within(dir, p.path));
  list.splice(start, list.length - start, ...kept);
}

function isDirectory(abs: string): boolean {
  try {
    return statSync(abs).isDirectory();
  } catch {
    return false;
  }
}

function dedupe(list: readonly SandboxPath[]): SandboxPath[] {
  const seen = new Set<string>();
  return list.filter((p) => (seen.has(p.path) ? false : (seen.add(p.path), true)));
}

/** Files one masked folder of the workspace may list for this (secret folders are small). */
const MASKED_DIR_FILES = 10_000;

type MaskedFile = { path: string; dev: number; ino: number; nlink: number; why: string };

/** Every regular file a mask hides, with its link count: the masked files, and the files inside masked folders. */
function maskedFiles(masks: readonly SandboxPath[], residual: string[], skip: ReadonlySet<string>): MaskedFile[] {
  const out: MaskedFile[] = [];
  for (const m of masks) {
    const stack = [m.path];
    let listed = 0;
    while (stack.length > 0) {
      const abs = stack.pop() as string;
      if (skip.has(abs) && abs !== m.path) continue;
      let st;
      try {
        st = lstatSync(abs);
      } catch {
        continue; // gone since the walk: nothing to read
      }
      if (st.isFile()) out.push({ path: abs, dev: st.dev, ino: st.ino, nlink: st.nlink, why: m.why });
      if (!st.isDirectory()) continue;
      let names: string[];
      try {
        names = readdirSync(abs);
      } catch {
        continue;
      }
      listed += names.length;
      if (listed > MASKED_DIR_FILES) {
        residual.push(`${m.path} holds more than ${MASKED_DIR_FILES} files: hard links to the files beyond those were not looked for`);
        break;
      }
      for (const name of names) stack.push(`${abs}/${name}`);
    }
  }
  return out;
}

/**
 * A mask hides one name, not the file: another hard link to a masked file (or to a file inside a
 * masked folder of the workspace) would still read it; a read-only mount freezes one name, and a
 * write through another name changes the file. Only when such a file has more than one link do
 * we pay for a second walk of the workspace, `.git` included, to find and mask (or freeze) the
 * others; links we cannot find (elsewhere on the disk) are named in the residual.
 */
function hardLinkedCopies(root: string, masks: SandboxPath[], sources: readonly SandboxPath[], residual: string[], alsoSkip: ReadonlySet<string> = new Set(), verb: 'masked' | 'frozen' = 'masked'): void {
  const linked = new Map<string, { path: string; nlink: number; why: string; found: number }>();
  for (const f of maskedFiles(sources, residual, alsoSkip)) if (f.nlink > 1) linked.set(`${f.dev}:${f.ino}`, { path: f.path, nlink: f.nlink, why: f.why, found: 1 });
  if (linked.size === 0) return;
  const masked = new Set([...masks.map((m) => m.path), ...alsoSkip]);
  const stack = [root];
  while (stack.length) {
    const dir = stack.pop() as string;
    for (const e of dirEntries(dir) ?? []) {
      const abs = `${dir}/${e.name}`;
      if (masked.has(abs)) continue;
      if (e.isDirectory()) {
        stack.push(abs);
      } else if (e.isFile()) {
        const st = lstatSync(abs);
        const m = st.nlink > 1 ? linked.get(`${st.dev}:${st.ino}`) : undefined;
        if (m) {
          m.found++;
          masks.push({ path: abs, kind: 'file', why: `a hard link to ${path.relative(root, m.path) || m.path} (${m.why})` });
        }
      }
    }
  }
  const elsewhere = [...linked.values()].filter((m) => m.found < m.nlink);
  residual.push(`protected files have hard links: links inside the workspace (.git included) are ${verb} too`);
  if (elsewhere.length > 0) {
    const through = verb === 'masked' ? "the file's content is readable through them" : 'the file can be changed through them';
    residual.push(`hard links outside the workspace are not ${verb}: ${elsewhere.slice(0, 5).map((m) => `${m.path} has ${m.nlink - m.found} such link(s)`).join('; ')}; remove them (\`find / -samefile <file>\`) or ${through}`);
  }
}
