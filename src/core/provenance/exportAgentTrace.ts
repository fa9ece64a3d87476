// Export to Agent Trace v0.1.0 trace records (spec: cursor/agent-trace README, section 6).
import { randomUUID } from 'node:crypto';
import type { AnnotatedRange, FileAnnotations } from './annotationTypes';
import { UNKNOWN_MODEL } from './annotationTypes';

export const AGENT_TRACE_VERSION = '0.1.0';

export type AgentTraceContributorType = 'human' | 'ai' | 'mixed' | 'unknown';

export interface AgentTraceContributor {
  readonly type: AgentTraceContributorType;
  readonly model_id?: string;
}

export interface AgentTraceRange {
  readonly start_line: number;
  readonly end_line: number;
  readonly content_hash?: string;
  readonly contributor?: AgentTraceContributor;
}

export interface AgentTraceConversation {
  readonly url?: string;
  readonly contributor?: AgentTraceContributor;
  readonly ranges: readonly AgentTraceRange[];
  readonly related?: readonly { readonly type: string; readonly url: string }[];
}

export interface AgentTraceRecord {
  readonly version: string;
  readonly id: string;
  readonly timestamp: string;
  readonly vcs?: { readonly type: 'git' | 'jj' | 'hg' | 'svn'; readonly revision: string };
  readonly tool?: { readonly name: string; readonly version?: string };
  readonly files: readonly { readonly path: string; readonly conversations: readonly AgentTraceConversation[] }[];
  readonly metadata?: Readonly<Record<string, unknown>>;
}

export interface AgentTraceOptions {
  readonly id?: string;
  readonly timestamp?: string;
  /** The git commit the line numbers refer to. */
  readonly revision?: string;
  readonly tool?: { readonly name: string; readonly version?: string };
}

/** A URI for an assistant session; the spec wants a URI and we have only the session id. */
export function sessionUri(tool: string, session: string): string {
  return `urn:airlock:session:${encodeURIComponent(tool)}:${encodeURIComponent(session)}`;
}

/**
 * One trace record for the files: a conversation per (tool, session, model); lines a human
 * changed carry a `mixed` contributor; the model is given only when the client reported one.
 * Review marks go to `metadata["dev.airlock"].reviewed`, since the spec has no field for them.
 */
export function buildAgentTraceRecord(files: readonly FileAnnotations[], options: AgentTraceOptions = {}): AgentTraceRecord {
  const reviewed: { path: string; start_line: number; end_line: number; by: string; at?: string }[] = [];
  const outFiles = [...files]
    .filter((file) => file.ranges.length > 0)
    .sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0))
    .map((file) => {
      const groups = new Map<string, AnnotatedRange[]>();
      for (const range of file.ranges) {
        const key = JSON.stringify([range.tool, range.session, range.model]);
        const list = groups.get(key) ?? [];
        groups.set(key, list);
        list.push(range);
        if (range.reviewedBy !== undefined) {
          reviewed.push({ path: file.file, start_line: range.startLine, end_line: range.endLine, by: range.reviewedBy, ...(range.reviewedAt ? { at: range.reviewedAt } : {}) });
        }
      }
      const conversations = [...groups.values()].map((ranges): AgentTraceConversation => {
        const { tool, session, model } = ranges[0];
        const modelId = model === UNKNOWN_MODEL ? undefined : model;
        return {
          url: sessionUri(tool, session),
          contributor: { type: 'ai', ...(modelId ? { model_id: modelId } : {}) },
          ranges: ranges.map((range) => ({
            start_line: range.startLine,
            end_line: range.endLine,
            content_hash: range.contentHash,
            ...(range.state === 'ai-modified' ? { contributor: { type: 'mixed', ...(modelId ? { model_id: modelId } : {}) } } : {}),
          })),
        };
      });
      return { path: file.file, conversations };
    });
  return {
    version: AGENT_TRACE_VERSION,
    id: options.id ?? randomUUID(),
    timestamp: options.timestamp ?? new Date().toISOString(),
    ...(options.revision ? { vcs: { type: 'git' as const, revision: options.revision } } : {}),
    ...(options.tool ? { tool: options.tool } : {}),
    files: outFiles,
    ...(reviewed.length > 0 ? { metadata: { 'dev.airlock': { reviewed } } } : {}),
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const CONTRIBUTOR_TYPES: readonly string[] = ['human', 'ai', 'mixed', 'unknown'];

/**
 * Problems with a value as an Agent Trace record (empty when valid), per the spec's schema.
 * The version may have two or three parts: the schema's pattern says `1.0`, its examples `0.1.0`.
 */
export function validateAgentTraceRecord(value: unknown): string[] {
  const problems: string[] = [];
  const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (!isObj(value)) {
    return ['record must be an object'];
  }
  if (typeof value.version !== 'string' || !/^[0-9]+\.[0-9]+(\.[0-9]+)?$/.test(value.version)) {
    problems.push('version must be a version string');
  }
  if (typeof value.id !== 'string' || !UUID.test(value.id)) {
    problems.push('id must be a UUID');
  }
  if (typeof value.timestamp !== 'string' || Number.isNaN(Date.parse(value.timestamp))) {
    problems.push('timestamp must be an RFC 3339 date-time');
  }
  if (value.vcs !== undefined && (!isObj(value.vcs) || !['git', 'jj', 'hg', 'svn'].includes(value.vcs.type as string) || typeof value.vcs.revision !== 'string')) {
    problems.push('vcs must have a type (git, jj, hg, svn) and a revision');
  }
  if (value.metadata !== undefined && !isObj(value.metadata)) {
    problems.push('metadata must be an object');
  }
  const checkContributor = (c: unknown, where: string): void => {
    if (c === undefined) {
      return;
    }
    if (!isObj(c) || !CONTRIBUTOR_TYPES.includes(c.type as string)) {
      problems.push(`${where}.contributor.type must be one of ${CONTRIBUTOR_TYPES.join(', ')}`);
    } else if (c.model_id !== undefined && (typeof c.model_id !== 'string' || c.model_id.length > 250)) {
      problems.push(`${where}.contributor.model_id must be a string of at most 250 characters`);
    }
  };
  if (!Array.isArray(value.files)) {
    problems.push('files must be an array');
    return problems;
  }
  value.files.forEach((file, f) => {
    const at = `files[${f}]`;
    if (!isObj(file) || typeof file.path !== 'string' || !Array.isArray(file.conversations)) {
      problems.push(`${at} must have a path and conversations`);
      return;
    }
    file.conversations.forEach((conversation, c) => {
      const cat = `${at}.conversations[${c}]`;
      if (!isObj(conversation) || !Array.isArray(conversation.ranges)) {
        problems.push(`${cat} must have ranges`);
        return;
      }
      if (conversation.url !== undefined && (typeof conversation.url !== 'string' || !/^[A-Za-z][A-Za-z0-9+.-]*:/.test(conversation.url))) {
        problems.push(`${cat}.url must be a URI`);
      }
      checkContributor(conversation.contributor, cat);
      conversation.ranges.forEach((range, r) => {
        const rat = `${cat}.ranges[${r}]`;
        if (!isObj(range) || !Number.isInteger(range.start_line) || (range.start_line as number) < 1 || !Number.isInteger(range.end_line) || (range.end_line as number) < 1) {
          problems.push(`${rat} needs integer start_line and end_line >= 1`);
          return;
        }
        if (range.content_hash !== undefined && typeof range.content_hash !== 'string') {
          problems.push(`${rat}.content_hash must be a string`);
        }
        checkContributor(range.contributor, rat);
      });
    });
  });
  return problems;
}
