// The normalized shape of one assistant hook call, whatever client sent it.
import type { Action } from '../decide/decisionTypes';
import type { ContentSearch } from '../search/contentSearch';
import type { ClientId } from '../words/clientTypes';
import type { PostToolEditFacts } from './postToolEditTypes';

/** What happened, independent of each client's own event names. */
export type HookEventKind = 'pre-tool' | 'post-tool' | 'post-tool-failure' | 'prompt' | 'session-start' | 'stop' | 'other';

/** One thing a tool call wants to do, ready for decide(). */
export interface ToolAccess {
  readonly action: Action;
  /** As the client gave them (absolute, relative to `cwd`, with `..`); `file://` URIs are decoded to paths. */
  readonly paths: readonly string[];
  /** The directory relative paths are relative to (the event cwd). */
  readonly cwd: string;
  /** For searches: the file-name glob that selects what is searched (Glob `pattern`, Grep `glob`/`include`). */
  readonly searchPattern?: string;
  /** A search that lists names and reads no content (Glob): files' secrets do not matter to it. */
  readonly namesOnly?: boolean;
  /** A content search's pattern and options (Grep tools), when Airlock knows them. */
  readonly contentSearch?: ContentSearch;
}

export interface HookEvent {
  readonly client: ClientId;
  readonly event: HookEventKind;
  /** The client's own event name (`PreToolUse`, `preToolUse`, `tool.execute.before`, ...). */
  readonly rawEventName: string;
  readonly sessionId: string;
  readonly cwd: string;
  /** The client's tool name; '' for events without a tool. */
  readonly toolName: string;
  readonly toolUseId?: string;
  /**
   * What the call would touch. Empty when nothing local is reached (web fetch, todo list).
   * Prompts and sub-agent tasks carry one `read` request for their `@`-mentioned paths.
   */
  readonly requests: readonly ToolAccess[];
  /** Shell tools: the command line, for the shell parser. */
  readonly command?: string;
  /** The tool's arguments as the client sent them (JSON-decoded): a rewrite starts from these. */
  readonly toolInput?: unknown;
  /** User prompts and sub-agent task prompts. */
  readonly prompt?: string;
  readonly transcriptPath?: string;
  /** Set when a sub-agent made the call. */
  readonly agentId?: string;
  /** The model, when the payload itself names it (Codex sends it on every event). */
  readonly model?: string;
  /** After a tool ran: what it changed, as the client reported it (read once, here). */
  readonly edit?: PostToolEditFacts;
}

/** Thrown when stdin is not a hook payload Airlock can read; the caller must fail closed. */
export class HookPayloadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HookPayloadError';
  }
}
