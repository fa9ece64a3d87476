// The risk of every file of one workspace folder, kept up to date incrementally: a file change
// recomputes that file, a provenance or secret change recomputes its file, a policy change
// recomputes every file (any rule may touch any path) without walking the disk again. Folder
// aggregates are kept as counts on every ancestor, so a change costs O(depth).
import type { PolicyEngine } from '../policy/policyEngine';
import type { RiskLevel } from '../policy/policyTypes';
import type { SecretFinding } from '../secrets/secretTypes';
import { computeFileRisk, RuleNumbers } from './fileRisk';
import { emptyCounts, RISK_LEVELS } from './riskLevel';
import { type AiLineStats, type FileRisk, type FolderRisk, NO_AI_LINES } from './riskTypes';

interface FolderCounts {
  readonly name: string;
  readonly parent: FolderCounts | null;
  counts: Record<RiskLevel, number>;
  files: number;
  aiUnreviewed: number;
  /** Immediate children (names) that are folders, and that are files. */
  dirs: Set<string>;
  fileNames: Set<string>;
}

export interface RiskModelOptions {
  readonly now?: () => Date;
}

export class RiskModel {
  private engineValue: PolicyEngine;
  private rules: RuleNumbers;
  private readonly now: () => Date;
  private readonly files = new Map<string, FileRisk>();
  private readonly ai = new Map<string, AiLineStats>();
  private readonly secrets = new Map<string, readonly SecretFinding[]>();
  private readonly folders = new Map<string, FolderCounts>();
  private readonly byLevel = new Map<RiskLevel, Set<string>>(RISK_LEVELS.map((l) => [l, new Set<string>()]));

  constructor(engine: PolicyEngine, options: RiskModelOptions = {}) {
    this.engineValue = engine;
    this.rules = new RuleNumbers(engine);
    this.now = options.now ?? ((): Date => new Date());
  }

  get engine(): PolicyEngine {
    return this.engineValue;
  }

  get size(): number {
    return this.files.size;
  }

  /** Swap the policy; call recompute() (or recomputeSteps() in slices) to apply it to every file. */
  setEngine(engine: PolicyEngine): void {
    this.engineValue = engine;
    this.rules = new RuleNumbers(engine);
  }

  /** Add or recompute one file; returns its new risk. */
  upsert(rel: string): FileRisk {
    const risk = computeFileRisk({
      engine: this.engineValue,
      rules: this.rules,
      rel,
      ai: this.ai.get(rel) ?? NO_AI_LINES,
      secrets: this.secrets.get(rel) ?? [],
      now: this.now(),
    });
    this.put(risk);
    return risk;
  }

  remove(rel: string): boolean {
    const old = this.files.get(rel);
    if (!old) return false;
    this.account(old, -1);
    this.files.delete(rel);
    this.byLevel.get(old.level)?.delete(rel);
    this.ai.delete(rel);
    this.secrets.delete(rel);
    return true;
  }

  /** Provenance input for a file; recomputes it when it is known. */
  setAiLines(rel: string, stats: AiLineStats | undefined): FileRisk | undefined {
    if (stats && stats.total > 0) this.ai.set(rel, stats);
    else this.ai.delete(rel);
    return this.files.has(rel) ? this.upsert(rel) : undefined;
  }

  /** Secret-scan input for a file; recomputes it when it is known. */
  setSecrets(rel: string, findings: readonly SecretFinding[]): FileRisk | undefined {
    if (findings.length) this.secrets.set(rel, findings);
    else this.secrets.delete(rel);
    return this.files.has(rel) ? this.upsert(rel) : undefined;
  }

  /** Every known file, recomputed against the current engine, one per step (for slicing). */
  *recomputeSteps(): Generator<FileRisk> {
    for (const rel of [...this.files.keys()]) yield this.upsert(rel);
  }

  recompute(): void {
    for (const _ of this.recomputeSteps());
  }

  get(rel: string): FileRisk | undefined {
    return this.files.get(rel);
  }

  all(): IterableIterator<FileRisk> {
    return this.files.values();
  }

  /** Paths at one level (unsorted). */
  atLevel(level: RiskLevel): ReadonlySet<string> {
    return this.byLevel.get(level) as Set<string>;
  }

  /** Aggregate for a folder ('' is the root); undefined when no known file is below it. */
  folder(rel: string): FolderRisk | undefined {
    const f = rel === '' ? this.folderOf('') : this.folders.get(rel);
    if (!f || (f.files === 0 && rel !== '')) return undefined;
    return { rel, level: RISK_LEVELS.find((l) => f.counts[l] > 0) ?? 'none', files: f.files, counts: { ...f.counts }, aiUnreviewed: f.aiUnreviewed };
  }

  /** Immediate children of a folder: sub-folder and file paths, each sorted by name. */
  children(rel: string): { folders: string[]; files: string[] } {
    const f = this.folders.get(rel);
    if (!f) return { folders: [], files: [] };
    const join = (name: string): string => (rel === '' ? name : `${rel}/${name}`);
    return { folders: [...f.dirs].sort().map(join), files: [...f.fileNames].sort().map(join) };
  }

  private put(risk: FileRisk): void {
    const old = this.files.get(risk.rel);
    if (old) {
      this.account(old, -1);
      this.byLevel.get(old.level)?.delete(risk.rel);
    }
    this.files.set(risk.rel, risk);
    this.byLevel.get(risk.level)?.add(risk.rel);
    this.account(risk, +1);
  }

  /** Add (+1) or take away (-1) a file's contribution to every ancestor folder. */
  private account(risk: FileRisk, sign: 1 | -1): void {
    const slash = risk.rel.lastIndexOf('/');
    const parent = this.folderOf(slash < 0 ? '' : risk.rel.slice(0, slash));
    const name = slash < 0 ? risk.rel : risk.rel.slice(slash + 1);
    if (sign > 0) parent.fileNames.add(name);
    else parent.fileNames.delete(name);
    for (let f: FolderCounts | null = parent; f; f = f.parent) {
      f.counts[risk.level] += sign;
      f.files += sign;
      f.aiUnreviewed += sign * risk.ai.unreviewed;
      // Keep each folder's list of sub-folders to those that hold files.
      if (f.parent && f.files === (sign > 0 ? 1 : 0)) {
        if (sign > 0) f.parent.dirs.add(f.name);
        else f.parent.dirs.delete(f.name);
      }
    }
  }

  /** The counts of a folder, created with its ancestors on first use (linked by `parent`). */
  private folderOf(dir: string): FolderCounts {
    const found = this.folders.get(dir);
    if (found) return found;
    const cut = dir.lastIndexOf('/');
    const parent = dir === '' ? null : this.folderOf(cut < 0 ? '' : dir.slice(0, cut));
    const f = newFolder(dir === '' ? '' : dir.slice(cut + 1), parent);
    this.folders.set(dir, f);
    return f;
  }
}

function newFolder(name: string, parent: FolderCounts | null): FolderCounts {
  return { name, parent, counts: emptyCounts(), files: 0, aiUnreviewed: 0, dirs: new Set(), fileNames: new Set() };
}
