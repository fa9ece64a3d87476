// Repositories a command inside the sandbox created or re-pointed. Their config and hooks did not
// exist when the sandbox was built, so no mount froze them: `git init sub` followed by a
// `core.fsmonitor` written into `sub/.git/config` runs that program in a person's next
// `git status` there, or in the editor's git integration, outside any sandbox. Every such git
// control file that is not known to be inert is found here; sandboxEndCheck.ts moves it aside.
import { lstatSync, readdirSync, readFileSync, realpathSync, type Stats } from 'node:fs';
import * as path from 'node:path';
import { displayPath } from '../paths/displayPath';
import { errorMessage } from '../util/errorMessage';
import { submoduleGitDirs } from './gitControlPaths';
import { nonInertSettings } from './inertGitConfig';
import type { SandboxSpec } from './sandboxTypes';
import { identity, SETTLED_NS } from './sandboxWalkCache';
import type { GitEntry } from './treeCensus';

/** Configs read with git per check at most (one process each); beyond it they are moved aside unread. */
const CONFIG_READS = 200;

/** A git control file to move aside, and what it would do. */
export interface GitPlant {
  /** What is moved aside. */
  readonly path: string;
  readonly what: string;
  readonly effect: string;
}

type Finding = GitPlant;

function within(root: string, abs: string): boolean {
  return abs === root || abs.startsWith(`${root}/`);
}

function lstatOrNull(abs: string): Stats | null {
  try {
    return lstatSync(abs);
  } catch {
    return null;
  }
}

/** The git dir a `.git` file or link names (real path when it exists), or null when git would find none there. */
function gitDirOf(entry: string, kind: 'file' | 'link'): string | null {
  try {
    if (kind === 'link') return realpathSync.native(entry);
    const m = /^gitdir:\s*(.+?)\s*$/m.exec(readFileSync(entry, 'utf8'));
    if (!m?.[1]) return null;
    const target = path.resolve(path.dirname(entry), m[1]);
    try {
      return realpathSync.native(target);
    } catch {
      return null;
    }
  } catch {
    return null;
  }
}

/** Finds what to move aside, for one sandboxed command or `run` session. */
export class NestedGitPlants {
  private readonly frozenFiles: Set<string>;
  private readonly frozenDirs: string[];
  /** Configs found inert, by path and identity: `run` checks every few seconds and must not spawn git each time. */
  private readonly inert = new Map<string, string>();

  constructor(private readonly spec: SandboxSpec) {
    const held = [...spec.masks, ...spec.readOnly];
    this.frozenFiles = new Set(held.filter((p) => p.kind === 'file').map((p) => p.path));
    this.frozenDirs = held.filter((p) => p.kind === 'dir').map((p) => p.path);
  }

  private frozen(abs: string): boolean {
    return this.frozenFiles.has(abs) || this.frozenDirs.some((d) => within(d, abs));
  }

  /** What to move aside among the work tree's `.git` entries now (TreeCensus.changes). */
  check(entries: readonly GitEntry[]): GitPlant[] {
    const root = this.spec.root;
    const findings: Finding[] = [];
    const budget = { configs: CONFIG_READS };
    const seen = new Set<string>();
    // The governing repository's own config and hooks are frozen; a submodule git dir added under
    // it during the command is not.
    for (const sub of submoduleGitDirs(`${root}/.git`, [])) this.inspect(sub, seen, budget, findings);
    for (const e of entries) {
      if (e.kind === 'dir') {
        this.inspect(e.path, seen, budget, findings);
        continue;
      }
      if (!e.changed || this.frozen(e.path)) continue;
      const gitDir = gitDirOf(e.path, e.kind);
      if (gitDir === null) continue; // git finds no repository through it
      const inner: Finding[] = [];
      this.inspect(gitDir, seen, budget, inner);
      const outside = inner.filter((f) => !within(root, f.path));
      findings.push(...inner.filter((f) => within(root, f.path)));
      // Another repository's files are not ours to move: the new pointer to them is.
      if (outside.length > 0) findings.push({ path: e.path, what: `a .git ${e.kind === 'link' ? 'link' : 'file'} naming ${gitDir}`, effect: `would make git take settings from there (${outside.map((f) => `${displayPath(f.path, gitDir)}: ${f.effect}`).join('; ')})` });
    }
    return findings;
  }

  /** A git dir's config, hooks and commondir, and its submodules' git dirs. */
  private inspect(gitDir: string, seen: Set<string>, budget: { configs: number }, out: Finding[]): void {
    if (seen.has(gitDir)) return;
    seen.add(gitDir);
    for (const name of ['config', 'config.worktree']) this.inspectConfig(path.join(gitDir, name), budget, out);
    const hooks = path.join(gitDir, 'hooks');
    const hooksSt = lstatOrNull(hooks);
    if (hooksSt !== null && !this.frozen(hooks)) {
      if (!hooksSt.isDirectory()) out.push({ path: hooks, what: hooksSt.isSymbolicLink() ? 'a hooks link' : 'a hooks entry', effect: 'would make git run hooks from elsewhere' });
      else {
        let names: string[] = [];
        try {
          names = readdirSync(hooks);
        } catch (err) {
          out.push({ path: hooks, what: 'a hooks folder Airlock cannot read', effect: `may hold hooks git would run (${errorMessage(err)})` });
        }
        for (const n of names) {
          const hook = path.join(hooks, n);
          if (!n.endsWith('.sample') && !this.frozen(hook)) out.push({ path: hook, what: 'a git hook', effect: 'would run as a git hook' });
        }
      }
    }
    const commondir = path.join(gitDir, 'commondir');
    if (lstatOrNull(commondir) !== null && !this.frozen(commondir)) {
      // Only a linked worktree's git dir (`<repo>/worktrees/<name>`) has one: its common dir is read too.
      if (path.basename(path.dirname(gitDir)) === 'worktrees') {
        try {
          this.inspect(realpathSync.native(path.resolve(gitDir, readFileSync(commondir, 'utf8').trim())), seen, budget, out);
        } catch {
          // names nothing: git fails there
        }
      } else {
        out.push({ path: commondir, what: 'a commondir file', effect: "would make git take its config from another repository" });
      }
    }
    for (const sub of submoduleGitDirs(gitDir, [])) this.inspect(sub, seen, budget, out);
  }

  private inspectConfig(file: string, budget: { configs: number }, out: Finding[]): void {
    const st = lstatOrNull(file);
    if (st === null || this.frozen(file)) return;
    if (!st.isFile()) {
      out.push({ path: file, what: st.isSymbolicLink() ? 'a git config link' : 'a git config that is not a file', effect: 'would make git read settings from elsewhere' });
      return;
    }
    let id: string | null;
    try {
      const big = lstatSync(file, { bigint: true });
      // A config written within a clock tick of its check could be rewritten without a new identity: not remembered.
      const now = BigInt(Date.now()) * 1_000_000n;
      id = now - big.mtimeNs >= SETTLED_NS && now - big.ctimeNs >= SETTLED_NS ? identity(big) : null;
    } catch {
      return;
    }
    if (id !== null && this.inert.get(file) === id) return;
    if (budget.configs-- <= 0) {
      out.push({ path: file, what: 'a git config', effect: `was not checked (more than ${CONFIG_READS} new configs at once) and may run programs` });
      return;
    }
    const r = nonInertSettings(file);
    if ('error' in r) out.push({ path: file, what: 'a git config', effect: `could not be checked (${r.error}) and may run programs` });
    else if (r.settings.length > 0) out.push({ path: file, what: `a git config setting ${r.settings.slice(0, 4).join(', ')}${r.settings.length > 4 ? ', …' : ''}`, effect: 'would run programs or change what git runs' });
    else if (id !== null) this.inert.set(file, id);
  }
}
