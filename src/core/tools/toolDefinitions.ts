// Names, descriptions and input schemas of Airlock's governed tools, for MCP's tools/list. The
// editor's copy lives in package.json (`languageModelTools`); a unit test keeps the two equal.
import type { GovernedToolName } from './governedTools';

export interface ToolDefinition {
  readonly name: string;
  readonly tool: GovernedToolName;
  readonly description: string;
  readonly inputSchema: { type: 'object'; properties: Record<string, { type: string; description: string }>; required: string[] };
}

export const TOOL_DEFINITIONS: readonly ToolDefinition[] = [
  {
    name: 'airlock_read', tool: 'read',
    description: "Read a workspace file through Airlock: the policy decides; denied files are never opened, and secrets in the text are masked.",
    inputSchema: { type: 'object', properties: { path: { type: 'string', description: 'File path, relative to the workspace root' } }, required: ['path'] },
  },
  {
    name: 'airlock_search', tool: 'search',
    description: 'Search the text of the workspace files the policy lets an AI read (protected files are skipped and counted, never opened).',
    inputSchema: { type: 'object', properties: { query: { type: 'string', description: 'Text to find (case-insensitive)' }, path: { type: 'string', description: 'Folder to search in (default: the whole workspace)' } }, required: ['query'] },
  },
  {
    name: 'airlock_list', tool: 'list',
    description: "List a workspace folder, with each entry's Airlock verdict when it is not freely readable.",
    inputSchema: { type: 'object', properties: { path: { type: 'string', description: 'Folder path, relative to the workspace root (default: the root)' } }, required: [] },
  },
  {
    name: 'airlock_edit', tool: 'edit',
    description: 'Edit a workspace file through Airlock: replace oldText (exactly once) with newText, or create the file when oldText is empty. The policy decides.',
    inputSchema: { type: 'object', properties: { path: { type: 'string', description: 'File path, relative to the workspace root' }, oldText: { type: 'string', description: 'Exact text to replace; empty to create a new file' }, newText: { type: 'string', description: 'The replacement text' } }, required: ['path', 'newText'] },
  },
];
