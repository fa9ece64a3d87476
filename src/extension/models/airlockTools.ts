// Airlock's language-model tools for agent mode: read, search, list and edit that apply the
// policy themselves (core/tools/editorTools), asking for confirmation (prepareInvocation) where a
// class says `ask`. This is the VS Code glue.
import * as vscode from 'vscode';
import type { PolicyEngine } from '../../core/policy/policyEngine';
import { type EditorTool, editorTools } from '../../core/tools/editorTools';

export type EngineSource = () => PolicyEngine | undefined;
type ToolInput = Parameters<EditorTool['run']>[0];

export class AirlockTool implements vscode.LanguageModelTool<ToolInput> {
  readonly def: EditorTool['def'];

  constructor(private readonly tool: EditorTool) {
    this.def = tool.def;
  }

  prepareInvocation(options: vscode.LanguageModelToolInvocationPrepareOptions<ToolInput>): vscode.PreparedToolInvocation {
    const p = this.tool.preview(options.input);
    if (!p.confirm) return { invocationMessage: p.message };
    return {
      invocationMessage: p.message,
      confirmationMessages: { title: p.confirm.title, message: new vscode.MarkdownString(`The policy asks for a human's approval: ${p.confirm.reason}`) },
    };
  }

  invoke(options: vscode.LanguageModelToolInvocationOptions<ToolInput>): vscode.LanguageModelToolResult {
    // invoke runs only after the user accepted any confirmation prepareInvocation asked for.
    return new vscode.LanguageModelToolResult([new vscode.LanguageModelTextPart(this.tool.run(options.input))]);
  }
}

function openEditorText(abs: string): string | undefined {
  return vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'file' && d.uri.fsPath === abs)?.getText();
}

export function createAirlockTools(engine: EngineSource): AirlockTool[] {
  return editorTools(engine, openEditorText).map((t) => new AirlockTool(t));
}
