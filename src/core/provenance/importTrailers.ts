// `airlock provenance import`: commits whose message carries an AI trailer (`Assisted-by:`, or a
// `Co-authored-by:` naming an AI tool) become annotations on the lines they introduced that still
// exist, found with `git blame`. Lines already annotated keep their (more precise) annotation.
import { aiIdentityOf } from './aiIdentities';
import { AnnotationStore } from './annotationStore';
import { emptyAnnotations, normalizeRanges } from './annotationOps';
import { UNKNOWN_MODEL, type AnnotatedRange, type FileAnnotations } from './annotationTypes';
import { absoluteOf, readText } from './capturePaths';
import { workspaceRoot } from '../paths/canonicalPath';
import { fileHashOf, hashRange, splitLines } from './contentHash';
import { gitBlobReader } from './gitBlobs';
import { linesToRanges, newRangeId } from './lineRanges';
import { reanchor } from './reanchor';
import { runGit } from '../util/gitRun';
import { isAirlockPath } from '../words/airlockLayout';


export interface AiTrailer {
  readonly tool: string;
  readonly model: string;
}

/**
 * The AI trailers of a commit message: `Assisted-by: Tool (model)` names the tool itself;
 * `Co-authored-by:` counts only for a vendor's bot / no-reply identity (aiIdentities.ts).
 */
export function parseAiTrailers(message: string): AiTrailer[] {
  const out: AiTrailer[] = [];
  for (const match of message.matchAll(/^(assisted-by|co-authored-by):[ \t]*(.+)$/gim)) {
    const kind = (match[1] ?? '').toLowerCase();
    const value = (match[2] ?? '').trim();
    const identity = kind === 'co-authored-by' ? aiIdentityOf(value) : undefined;
    if (kind === 'co-authored-by' && identity === undefined) continue;
    const withoutMail = value.replace(/<[^>]*>/g, '').trim();
    const paren = /^(.*?)\s*\(([^)]+)\)\s*$/.exec(withoutMail);
    const tool = identity?.tool ?? ((paren ? paren[1] : withoutMail)?.trim() || value);
    const model = paren?.[2]?.trim() || UNKNOWN_MODEL;
    if (!out.some((t) => t.tool === tool && t.model === model)) out.push({ tool, model });
  }
  return out;
}

interface AiCommit {
  readonly sha: string;
  readonly time: string;
  readonly trailer: AiTrailer;
}

/** Commits reachable from `rev` with AI trailers, and the files each touched. */
function aiCommits(root: string, rev: string): { commits: Map<string, AiCommit>; files: Set<string> } {
  const log = runGit(root, ['log', '--no-color', '--format=%x1e%H%x00%cI%x00%B%x00', '--name-only', '--no-renames', rev, '--']);
  const commits = new Map<string, AiCommit>();
  const files = new Set<string>();
  for (const record of log.split('\x1e')) {
    const [sha, time, body, names] = record.split('\0');
    if (!sha || !time || body === undefined) continue;
    const trailer = parseAiTrailers(body)[0];
    if (!trailer) continue;
    commits.set(sha.trim(), { sha: sha.trim(), time: time.trim(), trailer });
    for (const name of (names ?? '').split('\n')) if (name.trim() !== '') files.add(name.trim());
  }
  return { commits, files };
}

/** Line number (1-based, in `rev`'s version) → commit sha, from `git blame --porcelain`. */
function blame(root: string, rev: string, file: string): Map<number, string> | undefined {
  let out: string;
  try {
    out = runGit(root, ['blame', '--porcelain', '--no-textconv', rev, '--', file]);
  } catch {
    return undefined; // not in `rev` (deleted since)
  }
  const lines = new Map<number, string>();
  for (const line of out.split('\n')) {
    const header = /^([0-9a-f]{40,64}) \d+ (\d+)(?: (\d+))?$/.exec(line);
    if (!header) continue;
    const start = Number(header[2]);
    const count = header[3] === undefined ? 1 : Number(header[3]);
    // A group header gives the count; following headers of the group restate the sha per line.
    for (let k = 0; k < (header[3] === undefined ? 1 : count); k++) lines.set(start + k, header[1] as string);
  }
  return lines;
}

export interface ImportResult {
  readonly commits: number;
  readonly files: ReadonlyArray<{ readonly file: string; readonly lines: number }>;
}

/** Import AI-trailer commits reachable from `rev` (default HEAD) into the store. */
export function importTrailerCommits(root: string, rev = 'HEAD'): ImportResult {
  const roots = workspaceRoot(root);
  const { commits, files } = aiCommits(roots.root, rev);
  const store = new AnnotationStore(roots.root);
  const readBlob = gitBlobReader(roots.root);
  const imported: Array<{ file: string; lines: number }> = [];
  for (const file of [...files].sort()) {
    if (isAirlockPath(file)) continue;
    const byLine = blame(roots.root, rev, file);
    const disk = readText(absoluteOf(roots, file));
    if (!byLine || disk === undefined) continue;
    let atRev: string;
    try {
      atRev = runGit(roots.root, ['show', `${rev}:${file}`]);
    } catch {
      continue;
    }
    const revLines = splitLines(atRev);
    const bySha = new Map<string, number[]>();
    for (const [line, sha] of byLine) {
      if (!commits.has(sha)) continue;
      const list = bySha.get(sha) ?? [];
      list.push(line);
      bySha.set(sha, list);
    }
    if (bySha.size === 0) continue;
    // Annotate the file as it is at `rev`, then carry that over to the work tree.
    const found: AnnotatedRange[] = [];
    for (const [sha, lines] of bySha) {
      const commit = commits.get(sha) as AiCommit;
      for (const r of linesToRanges(lines.sort((a, b) => a - b))) {
        found.push({ id: newRangeId(), ...r, contentHash: hashRange(revLines, r), tool: commit.trailer.tool, model: commit.trailer.model, session: `commit:${sha}`, time: commit.time, state: 'ai' });
      }
    }
    const atRevAnnotations: FileAnnotations = { ...emptyAnnotations(file), fileHash: fileHashOf(atRev), ranges: normalizeRanges(found, atRev) };
    const carried = reanchor(atRevAnnotations, disk, { oldText: atRev }).annotations;
    const existing = store.load(file);
    const current = existing ? reanchor(existing, disk, { readBlob }).annotations : { ...emptyAnnotations(file), fileHash: fileHashOf(disk) };
    // Existing annotations win: they come from the hook and know the session and model.
    const taken = new Set(current.ranges.flatMap((r) => Array.from({ length: r.endLine - r.startLine + 1 }, (_, k) => r.startLine + k)));
    const fresh = carried.ranges.flatMap((r) => {
      const lines = Array.from({ length: r.endLine - r.startLine + 1 }, (_, k) => r.startLine + k).filter((l) => !taken.has(l));
      const diskLines = splitLines(disk);
      return linesToRanges(lines).map((piece) => ({ ...r, id: newRangeId(), ...piece, contentHash: hashRange(diskLines, piece) }));
    });
    if (fresh.length === 0) continue;
    store.save({ ...current, fileHash: fileHashOf(disk), ranges: normalizeRanges([...current.ranges, ...fresh], disk) }, disk);
    imported.push({ file, lines: fresh.reduce((n, r) => n + r.endLine - r.startLine + 1, 0) });
  }
  return { commits: commits.size, files: imported };
}
