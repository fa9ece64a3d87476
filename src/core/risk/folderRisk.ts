// The risk of every file of one workspace folder, for a long-lived viewer (the editor): the first
// walk and the provenance records read in short slices, a policy change (every file again, no new
// walk), file events (created, changed, deleted, a folder moved in) and provenance changes (one
// file). It only reads: an unreadable record is reported, never moved. The viewer maps files to
// its own names, batches its events and says when to refresh.
import { statSync } from 'node:fs';
import type { PolicyEngine } from '../policy/policyEngine';
import { policyNamedPaths } from '../policy/policyNamedPaths';
import { AnnotationStore } from '../provenance/annotationStore';
import { annotatedFileOf } from '../provenance/recordStore';
import type { SecretFinding } from '../secrets/secretTypes';
import { errorMessage } from '../util/errorMessage';
import { PROVENANCE_DIR } from '../words/airlockLayout';
import { excludeGlobs } from '../workspace/excludeGlobs';
import { walkAdmits, walkWorkspace, type WalkOptions } from '../workspace/walkWorkspace';
import { aiLineStats } from './aiLineStats';
import { RiskModel } from './riskModel';
import type { AiLineStats } from './riskTypes';
import { runInSlices, type SliceOptions } from './runInSlices';

export type FolderFileEvent = 'create' | 'change' | 'delete';

/** What a change touched: these files, or (`all`) anything. */
export interface RiskTouched {
  readonly rels: readonly string[];
  readonly all: boolean;
}

export interface FolderRiskOptions {
  readonly root: string;
  readonly engine: PolicyEngine;
  /** The viewer's `files.exclude`, read when walking (it may change). */
  readonly filesExclude: () => Readonly<Record<string, unknown>> | undefined;
  readonly warn: (message: string) => void;
}

const PROVENANCE_PREFIX = `${PROVENANCE_DIR}/`;

export class FolderRisk {
  readonly model: RiskModel;
  private engine: PolicyEngine;
  /** The first walk and the records are in. */
  walked = false;

  constructor(private readonly options: FolderRiskOptions) {
    this.engine = options.engine;
    this.model = new RiskModel(options.engine);
  }

  get root(): string {
    return this.options.root;
  }

  /** The first walk and every file's AI lines; resolves with what it read, or null when cancelled. */
  async build(slices: SliceOptions): Promise<{ files: number; annotated: number } | null> {
    const { model, root } = this;
    if ((await runInSlices(walkWorkspace(root, this.walkOptions()), (e) => !e.isDir && model.upsert(e.rel), slices)) === false) return null;
    let annotated: string[] = [];
    try {
      annotated = new AnnotationStore(root).list();
    } catch (err) {
      this.options.warn(`cannot list provenance annotations: ${errorMessage(err)}`);
    }
    if ((await runInSlices(annotated, (rel) => model.setAiLines(rel, this.readAiLines(rel)), slices)) === false) return null;
    this.walked = true;
    return { files: model.size, annotated: annotated.length };
  }

  /** A policy change touches every file's class, but not the list of files: no new walk. */
  async setEngine(engine: PolicyEngine, slices: SliceOptions): Promise<void> {
    this.engine = engine;
    this.model.setEngine(engine);
    await runInSlices(this.model.recomputeSteps(), () => undefined, slices);
  }

  /** The file's secret findings; true when the file is known (its risk was recomputed). */
  setSecrets(rel: string, findings: readonly SecretFinding[]): boolean {
    return this.model.setSecrets(rel, findings) !== undefined;
  }

  /** The file's annotations changed in the viewer (a review, a mark): recompute it now. */
  annotationsChanged(rel: string): RiskTouched {
    return this.provenanceChanged(`${PROVENANCE_PREFIX}${rel}.json`);
  }

  /** A file event, as the file system reports it (`rel` is the path that changed). */
  applyEvent(rel: string, kind: FolderFileEvent): RiskTouched {
    const { model } = this;
    const prov = this.provenanceChanged(rel);
    if (kind === 'delete') {
      if (model.remove(rel)) return join(prov, [rel]);
      return join(prov, [], this.removeBelow(rel));
    }
    // Content does not change a class; only a provenance record changes a file's risk.
    if (kind === 'change' && model.get(rel)) return prov;
    let isDir = false;
    try {
      isDir = statSync(`${this.root}/${rel}`).isDirectory();
    } catch {
      return prov; // Gone again before we looked.
    }
    if (!isDir) {
      if (walkAdmits(this.root, rel, false, this.walkOptions())) model.upsert(rel);
      return join(prov, [rel]);
    }
    // A folder created or moved in: its files may arrive without events of their own.
    if (!walkAdmits(this.root, rel, true, this.walkOptions())) return prov;
    const touched: string[] = [];
    for (const e of walkWorkspace(this.root, { ...this.walkOptions(), under: rel })) {
      if (e.isDir) continue;
      model.upsert(e.rel);
      touched.push(...this.provenanceChanged(e.rel).rels);
    }
    return join(prov, touched, true);
  }

  /** The one core walk, as the viewer sees the folder: git-ignored and excluded paths left out, policy-named ones kept. */
  private walkOptions(): WalkOptions {
    return { keepIgnored: policyNamedPaths(this.engine), exclude: excludeGlobs(this.options.filesExclude()) };
  }

  /** AI-line counts from the records, read only: an unreadable record is reported, never moved. */
  private readAiLines(rel: string): AiLineStats | undefined {
    try {
      const store = new AnnotationStore(this.root);
      const annotations = store.load(rel);
      for (const p of store.problems) this.options.warn(`unreadable provenance record ${p.file}:${p.line}:${p.column}: ${p.message}`);
      return annotations ? aiLineStats(annotations) : undefined;
    } catch (err) {
      this.options.warn(`cannot read provenance of ${rel}: ${errorMessage(err)}`);
      return undefined;
    }
  }

  /** When `rel` is a record under .airlock/provenance/, recompute the file it annotates (a file just seen needs it too). */
  private provenanceChanged(rel: string): RiskTouched {
    const source = annotatedFileOf(rel);
    if (source === undefined) return { rels: [], all: false };
    // One record gone does not mean the file has no annotations left: recompute either way.
    return { rels: this.model.setAiLines(source, this.readAiLines(source)) ? [source] : [], all: false };
  }

  private removeBelow(dir: string): boolean {
    const prefix = `${dir}/`;
    const gone = [...this.model.all()].filter((r) => r.rel.startsWith(prefix)).map((r) => r.rel);
    for (const rel of gone) this.model.remove(rel);
    return gone.length > 0;
  }
}

function join(a: RiskTouched, rels: readonly string[], all = false): RiskTouched {
  return { rels: [...a.rels, ...rels], all: a.all || all };
}
