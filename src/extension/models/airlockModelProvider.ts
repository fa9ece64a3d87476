// "Airlock: <endpoint>" models in the chat model picker. Every request is converted to the
// endpoint's wire format and passed through the one outbound inspection engine (secrets masked,
// protected content refused or removed, destination checked, audited) before it leaves.
import * as vscode from 'vscode';
import type { ChatMessage, ChatPart } from '../../core/models/chatWire';
import type { EditorModels } from '../../core/models/editorModels';
import type { ModelKeys } from './modelKeys';

export const AIRLOCK_VENDOR = 'airlock';

interface AirlockModelInfo extends vscode.LanguageModelChatInformation {
  readonly endpoint: string;
  readonly upstreamModel: string;
}

/** The models of the workspace folder whose policy defines them (the first with one). */
export type ModelsSource = () => EditorModels | undefined;

function toChatMessages(messages: readonly vscode.LanguageModelChatRequestMessage[]): ChatMessage[] {
  return messages.map((m) => {
    const parts: ChatPart[] = [];
    for (const p of m.content) {
      if (p instanceof vscode.LanguageModelTextPart) parts.push({ type: 'text', text: p.value });
      else if (p instanceof vscode.LanguageModelToolCallPart) parts.push({ type: 'tool_call', id: p.callId, name: p.name, input: p.input });
      else if (p instanceof vscode.LanguageModelToolResultPart) {
        const text = p.content.map((c) => (c instanceof vscode.LanguageModelTextPart ? c.value : JSON.stringify(c))).join('');
        parts.push({ type: 'tool_result', id: p.callId, text });
      }
    }
    return { role: m.role === vscode.LanguageModelChatMessageRole.Assistant ? 'assistant' : 'user', parts };
  });
}

export class AirlockModelProvider implements vscode.LanguageModelChatProvider<AirlockModelInfo> {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeLanguageModelChatInformation = this.changed.event;

  constructor(private readonly source: ModelsSource, private readonly keys: ModelKeys, private readonly log: vscode.LogOutputChannel) {}

  refresh(): void {
    this.changed.fire();
  }

  provideLanguageModelChatInformation(): AirlockModelInfo[] {
    return (this.source()?.models() ?? []).map((m) => ({
      id: m.id,
      name: m.name,
      family: `airlock-${m.api}`,
      version: '1',
      detail: m.url,
      tooltip: `Requests go to "${m.endpoint}" (${m.url}) only after Airlock masks secrets and removes protected content.`,
      maxInputTokens: 128_000,
      maxOutputTokens: 8_192,
      capabilities: { toolCalling: true, imageInput: false },
      endpoint: m.endpoint,
      upstreamModel: m.upstreamModel,
    }));
  }

  async provideLanguageModelChatResponse(model: AirlockModelInfo, messages: readonly vscode.LanguageModelChatRequestMessage[], options: vscode.ProvideLanguageModelChatResponseOptions, progress: vscode.Progress<vscode.LanguageModelResponsePart>, token: vscode.CancellationToken): Promise<void> {
    const models = this.source();
    if (!models) throw new Error('Airlock: no workspace policy defines model endpoints');
    const tools = (options.tools ?? []).map((t) => ({ name: t.name, description: t.description, inputSchema: t.inputSchema as object | undefined }));
    const prepared = models.prepare(model, toChatMessages(messages), tools);
    if (!prepared.ok) {
      this.log.warn(`[models] request to "${model.endpoint}" refused: ${prepared.reason}`);
      throw new Error(`Airlock: request refused: ${prepared.reason}`);
    }
    if (prepared.secretsMasked || prepared.protectedRemoved) this.log.info(`[models] request to "${prepared.endpoint}": ${prepared.secretsMasked} secret(s) masked, ${prepared.protectedRemoved} protected passage(s) removed`);
    const abort = new AbortController();
    const sub = token.onCancellationRequested(() => abort.abort());
    try {
      await prepared.send((endpoint) => this.keys.keyFor(endpoint), (e) => {
        if (e.type === 'text') progress.report(new vscode.LanguageModelTextPart(e.text));
        else progress.report(new vscode.LanguageModelToolCallPart(e.id, e.name, (e.input ?? {}) as object));
      }, abort.signal);
    } finally {
      sub.dispose();
    }
  }

  provideTokenCount(_model: AirlockModelInfo, text: string | vscode.LanguageModelChatRequestMessage): Promise<number> {
    const s = typeof text === 'string' ? text : text.content.map((p) => (p instanceof vscode.LanguageModelTextPart ? p.value : '')).join('');
    // An estimate (4 characters a token): the endpoints have no shared tokenizer.
    return Promise.resolve(Math.ceil(s.length / 4));
  }
}
