// Airlock's read/search/list/edit tools as the editor offers them to agent mode: what to show
// before a call (a confirmation where the policy says `ask`) and the call itself, which applies the
// policy again and masks secrets. The editor supplies the current policy and its open documents.
import type { PolicyEngine } from '../policy/policyEngine';
import { SecretMasker } from '../models/secretMasks';
import { type GovernedToolInput, runGovernedTool, toolDecision } from './governedTools';
import { TOOL_DEFINITIONS, type ToolDefinition } from './toolDefinitions';

export interface ToolPreview {
  readonly message: string;
  /** Set when the policy asks a human first: the call runs only once they accept. */
  readonly confirm?: { readonly title: string; readonly reason: string };
}

export interface EditorTool {
  readonly def: ToolDefinition;
  preview(input: GovernedToolInput): ToolPreview;
  /** Runs after any confirmation `preview` asked for was accepted. */
  run(input: GovernedToolInput): string;
}

/** `readText`: an open editor's text for an absolute path (unsaved edits count), else undefined. */
export function editorTools(engine: () => PolicyEngine | undefined, readText: (abs: string) => string | undefined): EditorTool[] {
  const masker = new SecretMasker();
  return TOOL_DEFINITIONS.map((def) => ({
    def,
    preview(input: GovernedToolInput): ToolPreview {
      const current = engine();
      const what = `${def.tool} ${input.path ?? '.'}`;
      if (!current) return { message: `Airlock: ${what} (no policy: refused)` };
      const d = toolDecision({ engine: current, client: 'vscode-tool' }, def.tool, input);
      if (d.verdict === 'ask') return { message: `Airlock: ${what}`, confirm: { title: `Airlock: allow ${def.tool} of ${input.path ?? '.'}?`, reason: d.reason } };
      return { message: `Airlock: ${what}${d.verdict === 'deny' ? ' (denied by policy)' : ''}` };
    },
    run(input: GovernedToolInput): string {
      const current = engine();
      if (!current) return 'Airlock: no workspace policy; the tool does nothing without one.';
      return runGovernedTool({ engine: current, client: 'vscode-tool', masker, readText }, def.tool, input, true).text;
    },
  }));
}
