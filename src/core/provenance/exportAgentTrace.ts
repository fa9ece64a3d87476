// Export to Agent Trace trace records (cursor/agent-trace): valid against the reference schema
// (`schemas/trace-record.json`): version `1.0` as the reference implementation writes it,
// `tool.name` and `tool.version`, `provider/model` ids, line numbers of the named revision.
import { randomUUID } from 'node:crypto';
import type { AnnotatedRange, FileAnnotations } from './annotationTypes';
import { UNKNOWN_MODEL } from './annotationTypes';

export const AGENT_TRACE_VERSION = '1.0';

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
  readonly tool?: { readonly name: string; readonly version: string };
  readonly files: readonly { readonly path: string; readonly conversations: readonly AgentTraceConversation[] }[];
  readonly metadata?: Readonly<Record<string, unknown>>;
}

export interface AgentTraceOptions {
  readonly id?: string;
  readonly timestamp?: string;
  /** The git commit the line numbers refer to. */
  readonly revision?: string;
  readonly tool?: { readonly name: string; readonly version: string };
}

/** Model-name prefixes whose provider is certain (models.dev convention: `provider/model`). */
const PROVIDERS: ReadonlyArray<readonly [RegExp, string]> = [
  [/^claude-/, 'anthropic'],
  [/^(gpt-|o\d|codex-|chatgpt-)/, 'openai'],
  [/^gemini-/, 'google'],
  [/^grok-/, 'xai'],
  [/^(mistral|codestral|devstral)-/, 'mistral'],
];

/** `provider/model`, or undefined when the provider cannot be told from the name (never guessed). */
export function providerModelId(model: string): string | undefined {
  if (model === UNKNOWN_MODEL || model === '') return undefined;
  if (/^[a-z0-9-]+\/./i.test(model)) return model;
  const provider = PROVIDERS.find(([pattern]) => pattern.test(model))?.[1];
  return provider === undefined ? undefined : `${provider}/${model}`;
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
  const unprefixed = new Set<string>();
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
        const modelId = providerModelId(model);
        if (modelId === undefined && model !== UNKNOWN_MODEL) unprefixed.add(model);
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
    ...(reviewed.length > 0 || unprefixed.size > 0
      ? { metadata: { 'dev.airlock': { ...(reviewed.length > 0 ? { reviewed } : {}), ...(unprefixed.size > 0 ? { modelsWithoutProvider: [...unprefixed].sort() } : {}) } } }
      : {}),
  };
}
