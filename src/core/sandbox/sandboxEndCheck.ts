// When a sandboxed command ends (and, under `airlock run`, during the session): what no mount could
// stop is found in one pass over the work tree (TreeCensus.changes) and moved aside, each with a
// warning and an audit record — git control files of repositories made or re-pointed inside
// (nestedGitPlants.ts) and new names the policy protects from AI edits (newProtectedEntries.ts).
import type { PolicyEngine } from '../policy/policyEngine';
import { NestedGitPlants } from './nestedGitPlants';
import { protectedCreations } from './newProtectedEntries';
import { moveAside, type PlantedFile } from './plantedGitFiles';
import type { SandboxSpec } from './sandboxTypes';
import { CENSUS_FOLDERS, type TreeCensus } from './treeCensus';

export class SandboxEndCheck {
  private readonly git: NestedGitPlants;
  private readonly skipDirs: Set<string>;

  /** `askToo`: no hook could have asked for what was created (`airlock exec`). */
  constructor(private readonly spec: SandboxSpec, private readonly census: TreeCensus, private readonly engine: PolicyEngine | null, private readonly askToo: boolean) {
    this.git = new NestedGitPlants(spec);
    // Nothing can be created in a masked or frozen folder; a scratch folder is private inside; a
    // folder made writable again inside a frozen one is the hooks' (the audit log, when not relayed).
    this.skipDirs = new Set([...spec.masks, ...spec.readOnly].filter((p) => p.kind === 'dir').map((p) => p.path).concat(spec.scratch.map((s) => s.path), spec.writable.map((w) => w.path)));
  }

  /** Moves aside what it finds; `notChecked` says what it could not look at. */
  check(now: Date): { found: PlantedFile[]; notChecked: string | null } {
    const changes = this.census.changes(this.spec.root, (dir) => this.skipDirs.has(dir));
    const found: PlantedFile[] = [];
    const move = (p: { path: string; what: string }, extra: { effect: string } | { protectedBy: string }): void => {
      const moved = moveAside(p.path, now);
      found.push('movedTo' in moved ? { path: p.path, what: p.what, ...extra, movedTo: moved.movedTo } : { path: p.path, what: p.what, ...extra, movedTo: null, error: moved.error });
    };
    for (const g of this.git.check(changes.gitEntries)) move(g, { effect: g.effect });
    if (this.engine !== null) {
      for (const c of protectedCreations(this.engine, this.spec.root, changes.created, this.askToo)) {
        // A path already moved as a git plant (or inside one) is gone.
        if (!found.some((f) => c.path === f.path || c.path.startsWith(`${f.path}/`))) move(c, { protectedBy: c.protectedBy });
      }
    }
    return { found, notChecked: changes.truncated ? `the work tree holds more than ${CENSUS_FOLDERS} folders: what was created beyond them was not checked (repositories' settings that run programs, new names the policy protects)` : null };
  }
}
