// Export to the Git AI Standard v3.0.0 authorship log, attached as a git note under
// refs/notes/ai (spec: git-ai-project/git-ai specs/git_ai_standard_v3.0.0.md).
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import type { FileAnnotations, LineRange } from './annotationTypes';
import { blobIdOf } from './contentHash';
import { lineCount, linesToRanges } from './lineRanges';
import { ProvenanceError } from './provenanceError';

export const GIT_AI_SCHEMA_VERSION = 'authorship/3.0.0';
export const GIT_AI_NOTES_REF = 'ai';

export interface GitAiPromptRecord {
  readonly agent_id: { readonly tool: string; readonly id: string; readonly model: string };
  readonly human_author?: string;
  readonly messages: readonly unknown[];
  readonly total_additions: number;
  readonly total_deletions: number;
  readonly accepted_lines: number;
  /** Spelled as the standard's reference implementation ships it (errata E-001). */
  readonly overriden_lines: number;
  readonly [field: string]: unknown;
}

export interface GitAiMetadata {
  readonly schema_version: string;
  readonly git_ai_version?: string;
  readonly base_commit_sha: string;
  readonly prompts: Readonly<Record<string, GitAiPromptRecord>>;
  readonly [field: string]: unknown;
}

export interface GitAiAttestation {
  readonly path: string;
  readonly entries: readonly { readonly hash: string; readonly lines: readonly LineRange[] }[];
}

export interface GitAiAuthorshipLog {
  readonly attestations: readonly GitAiAttestation[];
  readonly metadata: GitAiMetadata;
}

/** The standard's session hash: first 16 hex digits of SHA-256 of `{tool}:{session id}`. */
export function gitAiSessionHash(tool: string, session: string): string {
  return createHash('sha256').update(`${tool}:${session}`, 'utf8').digest('hex').slice(0, 16);
}

export function formatAuthorshipLog(log: GitAiAuthorshipLog): string {
  const lines: string[] = [];
  for (const file of log.attestations) {
    if (file.entries.length === 0) {
      continue;
    }
    lines.push(/[ \t\n]/.test(file.path) ? `"${file.path}"` : file.path);
    for (const entry of file.entries) {
      lines.push(`  ${entry.hash} ${entry.lines.map((r) => (r.startLine === r.endLine ? `${r.startLine}` : `${r.startLine}-${r.endLine}`)).join(',')}`);
    }
  }
  lines.push('---');
  return lines.join('\n') + '\n' + JSON.stringify(log.metadata, null, 2);
}

export function parseAuthorshipLog(text: string): GitAiAuthorshipLog {
  const lines = text.split('\n');
  const divider = lines.indexOf('---');
  if (divider < 0) {
    throw new ProvenanceError('git-ai authorship log has no "---" divider');
  }
  const attestations: { path: string; entries: { hash: string; lines: LineRange[] }[] }[] = [];
  lines.slice(0, divider).forEach((line, n) => {
    if (line.length === 0) {
      return;
    }
    if (!line.startsWith(' ')) {
      attestations.push({ path: line.startsWith('"') && line.endsWith('"') ? line.slice(1, -1) : line, entries: [] });
      return;
    }
    const match = /^ {2}([0-9A-Za-z]+) ((?:\d+(?:-\d+)?)(?:,\d+(?:-\d+)?)*)$/.exec(line);
    const file = attestations[attestations.length - 1];
    if (!match || !file) {
      throw new ProvenanceError(`bad attestation line: "${line}"`, 'authorship log', n + 1, 1);
    }
    const ranges = match[2].split(',').map((part) => {
      const [start, end] = part.split('-').map(Number);
      return { startLine: start, endLine: end ?? start };
    });
    file.entries.push({ hash: match[1], lines: ranges });
  });
  let metadata: unknown;
  try {
    metadata = JSON.parse(lines.slice(divider + 1).join('\n'));
  } catch (error) {
    throw new ProvenanceError(`git-ai metadata is not JSON: ${(error as Error).message}`, 'authorship log', divider + 2, 1);
  }
  const m = metadata as GitAiMetadata;
  if (typeof m !== 'object' || m === null || typeof m.schema_version !== 'string' || typeof m.prompts !== 'object' || m.prompts === null) {
    throw new ProvenanceError('git-ai metadata lacks schema_version or prompts', 'authorship log', divider + 2, 1);
  }
  return { attestations, metadata: m };
}

export interface GitAiExportOptions {
  readonly baseCommitSha: string;
  readonly humanAuthor?: string;
  readonly gitAiVersion?: string;
}

/**
 * The authorship log for files whose annotations match the committed content. Lines a human
 * changed (`ai-modified`) are not attested but counted in `overriden_lines`, as the standard asks.
 * We keep no transcripts and do not track deletions, so `messages` is empty and
 * `total_deletions` 0.
 */
export function buildAuthorshipLog(files: readonly FileAnnotations[], options: GitAiExportOptions): GitAiAuthorshipLog {
  type Tally = { tool: string; session: string; model: string; ai: number; modified: number };
  const prompts = new Map<string, Tally>();
  const attestations: GitAiAttestation[] = [];
  for (const file of [...files].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0))) {
    const bySession = new Map<string, number[]>();
    for (const range of file.ranges) {
      const hash = gitAiSessionHash(range.tool, range.session);
      const tally = prompts.get(hash) ?? { tool: range.tool, session: range.session, model: range.model, ai: 0, modified: 0 };
      prompts.set(hash, tally);
      if (range.state === 'ai-modified') {
        tally.modified += lineCount(range);
        continue;
      }
      tally.ai += lineCount(range);
      const lines = bySession.get(hash) ?? [];
      bySession.set(hash, lines);
      for (let line = range.startLine; line <= range.endLine; line++) {
        lines.push(line);
      }
    }
    if (bySession.size > 0) {
      const entries = [...bySession].map(([hash, lines]) => ({ hash, lines: linesToRanges([...new Set(lines)].sort((a, b) => a - b)) }));
      entries.sort((a, b) => a.lines[0].startLine - b.lines[0].startLine);
      attestations.push({ path: file.file, entries });
    }
  }
  const records: Record<string, GitAiPromptRecord> = {};
  for (const [hash, t] of prompts) {
    records[hash] = {
      agent_id: { tool: t.tool, id: t.session, model: t.model },
      ...(options.humanAuthor !== undefined ? { human_author: options.humanAuthor } : {}),
      messages: [],
      total_additions: t.ai + t.modified,
      total_deletions: 0,
      accepted_lines: t.ai,
      overriden_lines: t.modified,
    };
  }
  return {
    attestations,
    metadata: {
      schema_version: GIT_AI_SCHEMA_VERSION,
      ...(options.gitAiVersion !== undefined ? { git_ai_version: options.gitAiVersion } : {}),
      base_commit_sha: options.baseCommitSha,
      prompts: records,
    },
  };
}

export interface GitAiNoteResult {
  readonly note: string;
  /** Files left out because their annotations do not describe the content at the commit. */
  readonly skipped: readonly string[];
}

/**
 * Attach the authorship log of `files` to `commit` with `git notes --ref=ai add -f`. Line numbers
 * in the log must be those of the committed files, so a file whose `fileHash` is not the blob at
 * `commit:<path>` is skipped (re-anchor against that content first).
 */
export function addGitAiNote(repoDir: string, commit: string, files: readonly FileAnnotations[], options: Omit<GitAiExportOptions, 'baseCommitSha'> = {}): GitAiNoteResult {
  const git = (args: string[], input?: string): string =>
    execFileSync('git', args, { cwd: repoDir, encoding: 'utf8', input, stdio: ['pipe', 'pipe', 'pipe'] }).trim();
  const sha = git(['rev-parse', '--verify', `${commit}^{commit}`]);
  const current: FileAnnotations[] = [];
  const skipped: string[] = [];
  for (const file of files) {
    let blob: string | undefined;
    try {
      blob = git(['rev-parse', '--verify', '--quiet', `${sha}:${file.file}`]);
    } catch {
      blob = undefined;
    }
    if (blob && blob === blobIdOf(file.fileHash)) {
      current.push(file);
    } else {
      skipped.push(file.file);
    }
  }
  const note = formatAuthorshipLog(buildAuthorshipLog(current, { ...options, baseCommitSha: sha }));
  git(['notes', `--ref=${GIT_AI_NOTES_REF}`, 'add', '-f', '-F', '-', sha], note);
  return { note, skipped };
}
