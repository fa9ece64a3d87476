// Airlock's language-model tools for agent mode: read, search, list and edit that apply the
// policy themselves, asking for confirmation (prepareInvocation) where a class says `ask`.
import * as vscode from 'vscode';
import type { PolicyEngine } from '../../core/policy/policyEngine';
import { type GovernedToolInput, runGovernedTool, toolDecision } from '../../core/tools/governedTools';
import { SecretMasker } from '../../core/models/secretMasks';
import { TOOL_DEFINITIONS, type ToolDefinition } from '../../core/tools/toolDefinitions';

export type EngineSource = () => PolicyEngine | undefined;

export class AirlockTool implements vscode.LanguageModelTool<GovernedToolInput> {
  constructor(readonly def: ToolDefinition, private readonly engine: EngineSource, private readonly masker: SecretMasker) {}

  prepareInvocation(options: vscode.LanguageModelToolInvocationPrepareOptions<GovernedToolInput>): vscode.PreparedToolInvocation {
    const engine = this.engine();
    const what = `${this.def.tool} ${options.input.path ?? '.'}`;
    if (!engine) return { invocationMessage: `Airlock: ${what} (no policy: refused)` };
    const d = toolDecision({ engine, client: 'vscode-tool' }, this.def.tool, options.input);
    if (d.verdict === 'ask') {
      return {
        invocationMessage: `Airlock: ${what}`,
        confirmationMessages: { title: `Airlock: allow ${this.def.tool} of ${options.input.path ?? '.'}?`, message: new vscode.MarkdownString(`The policy asks for a human's approval: ${d.reason}`) },
      };
    }
    return { invocationMessage: `Airlock: ${what}${d.verdict === 'deny' ? ' (denied by policy)' : ''}` };
  }

  invoke(options: vscode.LanguageModelToolInvocationOptions<GovernedToolInput>): vscode.LanguageModelToolResult {
    const engine = this.engine();
    if (!engine) return new vscode.LanguageModelToolResult([new vscode.LanguageModelTextPart('Airlock: no workspace policy; the tool does nothing without one.')]);
    // invoke runs only after the user accepted any confirmation prepareInvocation asked for.
    const out = runGovernedTool({ engine, client: 'vscode-tool', masker: this.masker, readText: openEditorText }, this.def.tool, options.input, true);
    return new vscode.LanguageModelToolResult([new vscode.LanguageModelTextPart(out.text)]);
  }
}

function openEditorText(abs: string): string | undefined {
  return vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'file' && d.uri.fsPath === abs)?.getText();
}

export function createAirlockTools(engine: EngineSource): AirlockTool[] {
  const masker = new SecretMasker();
  return TOOL_DEFINITIONS.map((def) => new AirlockTool(def, engine, masker));
}
