// One small JSON file per annotated source file under `.airlock/provenance/`, so annotations
// travel with the code in commits and PRs. Writes are atomic; a file that cannot be read is
// moved aside (never overwritten) and reported, so nothing is lost silently.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { FileAnnotations } from './annotationTypes';
import { parseAnnotations, serializeAnnotations } from './annotationCodec';
import { ProvenanceError } from './provenanceError';

export const PROVENANCE_DIR = '.airlock/provenance';

export interface ProvenanceProblem {
  /** Workspace-relative path of the store file. */
  readonly file: string;
  readonly line?: number;
  readonly column?: number;
  readonly message: string;
  /** Where the unreadable file was moved (workspace-relative). */
  readonly movedTo?: string;
}

export interface AnnotationStoreOptions {
  /** Clock for the `.corrupt-<time>` suffix (tests). */
  readonly now?: () => Date;
}

export class AnnotationStore {
  private readonly found: ProvenanceProblem[] = [];
  private readonly now: () => Date;

  constructor(
    readonly root: string,
    options: AnnotationStoreOptions = {},
  ) {
    this.now = options.now ?? ((): Date => new Date());
  }

  /** Problems met so far (unreadable store files, each moved aside). */
  get problems(): readonly ProvenanceProblem[] {
    return this.found;
  }

  /** Absolute path of the store file for a workspace-relative source path. */
  storePath(file: string): string {
    return path.join(this.root, PROVENANCE_DIR, ...checkRelative(file).split('/')) + '.json';
  }

  /** The annotations of `file`, or undefined when it has none (or its store file was unreadable). */
  load(file: string): FileAnnotations | undefined {
    const target = this.storePath(file);
    let text: string;
    try {
      text = fs.readFileSync(target, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        return undefined;
      }
      throw error;
    }
    try {
      const annotations = parseAnnotations(text, this.relative(target));
      if (annotations.file !== file) {
        throw new ProvenanceError(`annotates "${annotations.file}", expected "${file}"`, this.relative(target), 1, 1);
      }
      return annotations;
    } catch (error) {
      if (!(error instanceof ProvenanceError)) {
        throw error;
      }
      this.setAside(target, error);
      return undefined;
    }
  }

  /** Write atomically; annotations with no ranges (and nothing unknown) remove the store file. */
  save(annotations: FileAnnotations): void {
    const target = this.storePath(annotations.file);
    if (annotations.ranges.length === 0 && annotations.extra === undefined) {
      fs.rmSync(target, { force: true });
      return;
    }
    fs.mkdirSync(path.dirname(target), { recursive: true });
    const temp = `${target}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
    try {
      fs.writeFileSync(temp, serializeAnnotations(annotations), { encoding: 'utf8', flag: 'wx' });
      fs.renameSync(temp, target);
    } catch (error) {
      fs.rmSync(temp, { force: true });
      throw error;
    }
  }

  remove(file: string): void {
    fs.rmSync(this.storePath(file), { force: true });
  }

  /** Workspace-relative paths of all annotated files, sorted. */
  list(): string[] {
    const base = path.join(this.root, PROVENANCE_DIR);
    const out: string[] = [];
    const walk = (dir: string, prefix: string): void => {
      let entries: fs.Dirent[];
      try {
        entries = fs.readdirSync(dir, { withFileTypes: true });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
          return;
        }
        throw error;
      }
      for (const entry of entries) {
        if (entry.isDirectory()) {
          walk(path.join(dir, entry.name), `${prefix}${entry.name}/`);
        } else if (entry.isFile() && entry.name.endsWith('.json') && !/\.(tmp-|corrupt-)/.test(entry.name)) {
          out.push(prefix + entry.name.slice(0, -'.json'.length));
        }
      }
    };
    walk(base, '');
    return out.sort();
  }

  /** Store files moved aside earlier (by this or another process) and not yet dealt with. */
  setAsideFiles(): string[] {
    const base = path.join(this.root, PROVENANCE_DIR);
    if (!fs.existsSync(base)) {
      return [];
    }
    return (fs.readdirSync(base, { recursive: true }) as string[])
      .filter((name) => /\.json\.corrupt-/.test(name))
      .map((name) => `${PROVENANCE_DIR}/${name.split(path.sep).join('/')}`)
      .sort();
  }

  private setAside(target: string, error: ProvenanceError): void {
    const stamp = this.now().toISOString().replace(/[:.]/g, '-');
    let aside = `${target}.corrupt-${stamp}`;
    for (let n = 1; fs.existsSync(aside); n++) {
      aside = `${target}.corrupt-${stamp}-${n}`;
    }
    fs.renameSync(target, aside);
    this.found.push({
      file: this.relative(target),
      line: error.line,
      column: error.column,
      message: error.detail,
      movedTo: this.relative(aside),
    });
  }

  private relative(absolute: string): string {
    return path.relative(this.root, absolute).split(path.sep).join('/');
  }
}

/** Refuse paths that would leave the store folder. */
function checkRelative(file: string): string {
  const normalized = file.replace(/\\/g, '/');
  if (normalized.length === 0 || normalized.startsWith('/') || /^[A-Za-z]:/.test(normalized) || normalized.split('/').some((part) => part === '..' || part === '.' || part === '')) {
    throw new ProvenanceError(`not a workspace-relative file path: "${file}"`);
  }
  return normalized;
}
