// The Git AI Standard v3.0.0 authorship log (`authorship/3.0.0`, git-ai-project/git-ai
// specs/git_ai_standard_v3.0.0.md) attached as a git note under refs/notes/ai: the session key
// format, git-ai's own tool ids, no `messages`, only lines the commit itself added, and a note
// git-ai already wrote is merged with (its attestations win), never overwritten.
import { createHash } from 'node:crypto';
import type { FileAnnotations, LineRange } from './annotationTypes';
import { linesToRanges } from './lineRanges';
import { ProvenanceError } from './provenanceError';
import { errorMessage } from '../util/errorMessage';
import { runGit } from '../util/gitRun';

export const GIT_AI_SCHEMA_VERSION = 'authorship/3.0.0';
export const GIT_AI_NOTES_REF = 'ai';

/** Airlock client ids → the tool ids git-ai's presets write (and back, for import). */
const GIT_AI_TOOLS: Readonly<Record<string, string>> = {
  'claude-code': 'claude',
  'copilot-cli': 'github-copilot-cli',
  'copilot-cli-vscode': 'github-copilot-cli',
  vscode: 'github-copilot',
  'github-copilot': 'github-copilot',
  codex: 'codex',
  opencode: 'opencode',
  cursor: 'cursor',
  gemini: 'gemini',
  amp: 'amp',
};

export function gitAiTool(tool: string): string {
  return GIT_AI_TOOLS[tool] ?? tool;
}

export function airlockToolOf(gitAiToolId: string): string {
  const back: Record<string, string> = { claude: 'claude-code', 'github-copilot-cli': 'copilot-cli', 'github-copilot': 'vscode' };
  return back[gitAiToolId] ?? gitAiToolId;
}

export interface GitAiAgentId {
  readonly tool: string;
  readonly id: string;
  readonly model: string;
}

export interface GitAiMetadata {
  readonly schema_version: string;
  readonly git_ai_version?: string;
  readonly base_commit_sha: string;
  readonly prompts: Readonly<Record<string, { readonly agent_id: GitAiAgentId; readonly human_author?: string; readonly [k: string]: unknown }>>;
  readonly sessions?: Readonly<Record<string, { readonly agent_id: GitAiAgentId; readonly human_author?: string; readonly [k: string]: unknown }>>;
  readonly humans?: Readonly<Record<string, { readonly author: string }>>;
  readonly [field: string]: unknown;
}

export interface GitAiEntry {
  /** `s_<14hex>::t_<14hex>`, `h_<14hex>` or a legacy 16-hex key. */
  readonly key: string;
  readonly lines: readonly LineRange[];
}

export interface GitAiAttestation {
  readonly path: string;
  readonly entries: readonly GitAiEntry[];
}

export interface GitAiAuthorshipLog {
  readonly attestations: readonly GitAiAttestation[];
  readonly metadata: GitAiMetadata;
}

const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

/** `s_` + SHA-256("<tool>:<conversation id>")[0..14], the spec's session id. */
export function gitAiSessionId(tool: string, conversation: string): string {
  return `s_${sha256(`${tool}:${conversation}`).slice(0, 14)}`;
}

export function formatAuthorshipLog(log: GitAiAuthorshipLog): string {
  const lines: string[] = [];
  for (const file of log.attestations) {
    if (file.entries.length === 0) continue;
    lines.push(/[ \t\n]/.test(file.path) ? `"${file.path}"` : file.path);
    for (const entry of file.entries) lines.push(`  ${entry.key} ${entry.lines.map((r) => (r.startLine === r.endLine ? `${r.startLine}` : `${r.startLine}-${r.endLine}`)).join(',')}`);
  }
  lines.push('---');
  return `${lines.join('\n')}\n${JSON.stringify(log.metadata, null, 2)}\n`;
}

export function parseAuthorshipLog(text: string): GitAiAuthorshipLog {
  const lines = text.split('\n');
  const divider = lines.indexOf('---');
  if (divider < 0) throw new ProvenanceError('git-ai authorship log has no "---" divider');
  const attestations: Array<{ path: string; entries: GitAiEntry[] }> = [];
  lines.slice(0, divider).forEach((line, n) => {
    if (line.length === 0) return;
    if (!line.startsWith(' ')) {
      attestations.push({ path: line.startsWith('"') && line.endsWith('"') ? line.slice(1, -1) : line, entries: [] });
      return;
    }
    const match = /^ {2}((?:s_[0-9a-f]{14}::t_[0-9a-f]{14})|(?:h_[0-9a-f]{14})|[0-9a-f]{7,16}) ((?:\d+(?:-\d+)?)(?:,\d+(?:-\d+)?)*)$/.exec(line);
    const file = attestations[attestations.length - 1];
    if (!match || !file) throw new ProvenanceError(`bad attestation line: "${line}"`, 'authorship log', n + 1, 1);
    const ranges = match[2].split(',').map((part) => {
      const [start, end] = part.split('-').map(Number);
      return { startLine: start, endLine: end ?? start };
    });
    file.entries.push({ key: match[1], lines: ranges });
  });
  let metadata: unknown;
  try {
    metadata = JSON.parse(lines.slice(divider + 1).join('\n'));
  } catch (error) {
    throw new ProvenanceError(`git-ai metadata is not JSON: ${errorMessage(error)}`, 'authorship log', divider + 2, 1);
  }
  const m = metadata as GitAiMetadata;
  if (typeof m !== 'object' || m === null || typeof m.schema_version !== 'string' || typeof m.base_commit_sha !== 'string' || typeof m.prompts !== 'object' || m.prompts === null) {
    throw new ProvenanceError('git-ai metadata lacks schema_version, base_commit_sha or prompts', 'authorship log', divider + 2, 1);
  }
  return { attestations, metadata: m };
}

/** The agent behind an attestation key, or undefined for a known human (`h_`) or an unknown key. */
export function agentOfKey(metadata: GitAiMetadata, key: string): { agent: GitAiAgentId; humanAuthor?: string } | undefined {
  if (key.startsWith('h_')) return undefined;
  const record = key.startsWith('s_') ? metadata.sessions?.[key.split('::')[0]] : metadata.prompts[key];
  if (!record || typeof record.agent_id !== 'object' || record.agent_id === null) return undefined;
  return { agent: record.agent_id, ...(typeof record.human_author === 'string' ? { humanAuthor: record.human_author } : {}) };
}

export interface GitAiExportOptions {
  readonly commit: string;
  /** The first parent the log was computed against (the commit itself for a root commit). */
  readonly base: string;
  /** Lines the commit added per file, or every line (a root commit). */
  readonly added: Map<string, Set<number>> | 'all';
  readonly humanAuthor?: string;
}

/** The log of AI lines the commit itself added (`files`: annotations at that commit). */
export function buildAuthorshipLog(files: readonly FileAnnotations[], options: GitAiExportOptions): GitAiAuthorshipLog {
  const sessions: Record<string, { agent_id: GitAiAgentId; human_author?: string }> = {};
  const attestations: GitAiAttestation[] = [];
  for (const file of [...files].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0))) {
    const added = options.added === 'all' ? undefined : (options.added.get(file.file) ?? new Set<number>());
    const byKey = new Map<string, number[]>();
    for (const range of file.ranges) {
      const tool = gitAiTool(range.tool);
      const session = gitAiSessionId(tool, range.session);
      // One trace per attribution (tool call), stable for the same data.
      const key = `${session}::t_${sha256(`${range.session}\0${range.time}\0${range.tool}`).slice(0, 14)}`;
      for (let line = range.startLine; line <= range.endLine; line++) {
        if (added && !added.has(line)) continue;
        byKey.set(key, [...(byKey.get(key) ?? []), line]);
        sessions[session] ??= { agent_id: { tool, id: range.session, model: range.model }, ...(options.humanAuthor ? { human_author: options.humanAuthor } : {}) };
      }
    }
    const entries = [...byKey].map(([key, lines]) => ({ key, lines: linesToRanges([...new Set(lines)].sort((a, b) => a - b)) }));
    entries.sort((a, b) => a.lines[0].startLine - b.lines[0].startLine);
    if (entries.length > 0) attestations.push({ path: file.file, entries });
  }
  return { attestations, metadata: { schema_version: GIT_AI_SCHEMA_VERSION, base_commit_sha: options.base, prompts: {}, sessions } };
}

/**
 * `ours` merged into a note git-ai (or anyone) already wrote: its attestations and metadata stay
 * as they are; ours add only lines it does not attest.
 */
export function mergeAuthorshipLogs(theirs: GitAiAuthorshipLog, ours: GitAiAuthorshipLog): GitAiAuthorshipLog {
  const attestations = theirs.attestations.map((a) => ({ path: a.path, entries: [...a.entries] }));
  for (const mine of ours.attestations) {
    let target = attestations.find((a) => a.path === mine.path);
    if (!target) {
      target = { path: mine.path, entries: [] };
      attestations.push(target);
    }
    const taken = new Set(target.entries.flatMap((e) => e.lines.flatMap((r) => Array.from({ length: r.endLine - r.startLine + 1 }, (_, k) => r.startLine + k))));
    for (const entry of mine.entries) {
      const free = entry.lines.flatMap((r) => Array.from({ length: r.endLine - r.startLine + 1 }, (_, k) => r.startLine + k)).filter((l) => !taken.has(l));
      if (free.length > 0) target.entries.push({ key: entry.key, lines: linesToRanges(free) });
    }
  }
  const sessions = { ...(ours.metadata.sessions ?? {}), ...(theirs.metadata.sessions ?? {}) };
  return { attestations, metadata: { ...theirs.metadata, sessions } };
}

export interface GitAiNoteResult {
  readonly note: string;
  /** True when a note was already there and ours was merged into it. */
  readonly merged: boolean;
}

/** Attach (or merge into) the refs/notes/ai note of `options.commit`. */
export function addGitAiNote(repoDir: string, files: readonly FileAnnotations[], options: GitAiExportOptions): GitAiNoteResult {
  const ours = buildAuthorshipLog(files, options);
  let existing: string | undefined;
  try {
    existing = runGit(repoDir, ['notes', `--ref=${GIT_AI_NOTES_REF}`, 'show', options.commit]);
  } catch {
    existing = undefined;
  }
  // An existing note that cannot be read is left alone: refusing beats clobbering it.
  const log = existing === undefined ? ours : mergeAuthorshipLogs(parseAuthorshipLog(existing), ours);
  const note = formatAuthorshipLog(log);
  runGit(repoDir, ['notes', `--ref=${GIT_AI_NOTES_REF}`, 'add', '-f', '-F', '-', options.commit], { input: note });
  return { note, merged: existing !== undefined };
}
