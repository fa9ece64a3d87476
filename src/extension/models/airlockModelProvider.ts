// "Airlock: <endpoint>" models in the chat model picker. Every request is converted to the
// endpoint's wire format and passed through the one outbound inspection engine (secrets masked,
// protected content refused or removed, destination checked, audited) before it leaves.
import * as vscode from 'vscode';
import { type ChatMessage, type ChatPart, chatRequestBody } from '../../core/models/chatWire';
import { sendToEndpoint } from '../../core/models/modelClient';
import type { ModelEndpoint } from '../../core/policy/modelPolicyTypes';
import type { OutboundInspector } from '../../core/models/outboundInspector';
import type { ModelKeys } from './modelKeys';

export const AIRLOCK_VENDOR = 'airlock';

interface AirlockModelInfo extends vscode.LanguageModelChatInformation {
  readonly endpoint: string;
  readonly upstreamModel: string;
}

/** The inspector of the workspace folder whose policy defines the models (the first with one). */
export type InspectorSource = () => OutboundInspector | undefined;

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

  constructor(private readonly inspector: InspectorSource, private readonly keys: ModelKeys, private readonly log: vscode.LogOutputChannel) {}

  refresh(): void {
    this.changed.fire();
  }

  provideLanguageModelChatInformation(): AirlockModelInfo[] {
    const insp = this.inspector();
    if (!insp) return [];
    const { engine, rules } = insp.rules();
    if (engine.error) return [];
    return [...rules.endpoints.values()].flatMap((e: ModelEndpoint) => (e.models.length ? e.models : [e.name]).map((model) => ({
      id: `${e.name}/${model}`,
      name: `Airlock: ${e.name}${e.models.length > 1 ? ` (${model})` : ''}`,
      family: `airlock-${e.api}`,
      version: '1',
      detail: e.url,
      tooltip: `Requests go to "${e.name}" (${e.url}) only after Airlock masks secrets and removes protected content.`,
      maxInputTokens: 128_000,
      maxOutputTokens: 8_192,
      capabilities: { toolCalling: true, imageInput: false },
      endpoint: e.name,
      upstreamModel: model,
    })));
  }

  async provideLanguageModelChatResponse(model: AirlockModelInfo, messages: readonly vscode.LanguageModelChatRequestMessage[], options: vscode.ProvideLanguageModelChatResponseOptions, progress: vscode.Progress<vscode.LanguageModelResponsePart>, token: vscode.CancellationToken): Promise<void> {
    const insp = this.inspector();
    if (!insp) throw new Error('Airlock: no workspace policy defines model endpoints');
    const endpoint = insp.rules().rules.endpoints.get(model.endpoint);
    if (!endpoint) throw new Error(`Airlock: the policy no longer defines the endpoint "${model.endpoint}"`);
    const tools = (options.tools ?? []).map((t) => ({ name: t.name, description: t.description, inputSchema: t.inputSchema as object | undefined }));
    const body = chatRequestBody(endpoint.api, model.upstreamModel, toChatMessages(messages), tools);
    const meta = { channel: 'vscode-model', client: 'vscode', model: model.upstreamModel };
    const verdict = insp.inspect(endpoint.name, endpoint.api, body, meta);
    if (!verdict.ok) {
      this.log.warn(`[models] request to "${endpoint.name}" refused: ${verdict.reason}`);
      throw new Error(`Airlock: request refused: ${verdict.reason}`);
    }
    if (verdict.secretsMasked || verdict.protectedRemoved) this.log.info(`[models] request to "${endpoint.name}": ${verdict.secretsMasked} secret(s) masked, ${verdict.protectedRemoved} protected passage(s) removed`);
    const abort = new AbortController();
    const sub = token.onCancellationRequested(() => abort.abort());
    try {
      const key = await this.keys.keyFor(endpoint);
      const answer = await sendToEndpoint(endpoint, key, verdict.text, (e) => {
        if (e.type === 'text') progress.report(new vscode.LanguageModelTextPart(e.text));
        else progress.report(new vscode.LanguageModelToolCallPart(e.id, e.name, (e.input ?? {}) as object));
      }, abort.signal);
      insp.auditResponse(endpoint.name, answer.raw, meta, answer.status);
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
