// The governed model path in the editor: Airlock models, the @airlock participant, Airlock's
// tools, and the same tools as an MCP server for other agents.
import * as vscode from 'vscode';
import { EditorModels } from '../../core/models/editorModels';
import type { PolicyEngine } from '../../core/policy/policyEngine';
import type { PolicyService } from '../policyService';
import { AIRLOCK_VENDOR, AirlockModelProvider } from './airlockModelProvider';
import { createParticipantHandler, PARTICIPANT_ID } from './airlockParticipant';
import { type AirlockTool, createAirlockTools } from './airlockTools';
import { ModelKeys } from './modelKeys';

export interface ModelsFeature extends vscode.Disposable {
  readonly provider: AirlockModelProvider;
  readonly tools: readonly AirlockTool[];
  readonly participantHandler: vscode.ChatRequestHandler;
}

export function createModelsFeature(context: vscode.ExtensionContext, policies: PolicyService, log: vscode.LogOutputChannel): ModelsFeature {
  const disposables: vscode.Disposable[] = [];
  const firstEngine = (): { folder: vscode.WorkspaceFolder; engine: PolicyEngine } | undefined => {
    for (const folder of policies.folders) {
      const engine = policies.engineFor(folder);
      if (engine) return { folder, engine };
    }
    return undefined;
  };
  const perFolder = new Map<string, EditorModels>();
  const models = (): EditorModels | undefined => {
    const found = firstEngine();
    if (!found) return undefined;
    const key = found.folder.uri.toString();
    let m = perFolder.get(key);
    if (!m) {
      m = new EditorModels(() => policies.engineFor(found.folder) ?? found.engine);
      perFolder.set(key, m);
    }
    return m;
  };
  const keys = new ModelKeys(context.secrets);
  const provider = new AirlockModelProvider(models, keys, log);
  disposables.push(vscode.lm.registerLanguageModelChatProvider(AIRLOCK_VENDOR, provider));
  disposables.push(policies.onDidChange(() => provider.refresh()));

  const participantHandler = createParticipantHandler(policies, log);
  const participant = vscode.chat.createChatParticipant(PARTICIPANT_ID, participantHandler);
  participant.iconPath = vscode.Uri.joinPath(context.extensionUri, 'media', 'airlock.svg');
  disposables.push(participant);

  const tools = createAirlockTools(() => firstEngine()?.engine);
  for (const tool of tools) disposables.push(vscode.lm.registerTool(tool.def.name, tool));

  const cli = vscode.Uri.joinPath(context.extensionUri, 'dist', 'cli.js').fsPath;
  disposables.push(vscode.lm.registerMcpServerDefinitionProvider('airlock.mcp', {
    onDidChangeMcpServerDefinitions: policies.onDidChange as unknown as vscode.Event<void>,
    provideMcpServerDefinitions: () => policies.folders.map((f) => new vscode.McpStdioServerDefinition(
      `Airlock (${f.name})`, process.execPath, [cli, 'mcp', '--root', f.uri.fsPath],
      // The editor's executable is Electron on the desktop: run it as plain Node.
      { ELECTRON_RUN_AS_NODE: '1' },
    )),
  }));

  disposables.push(vscode.commands.registerCommand('airlock.models.setKey', async () => {
    const names = models()?.keySecretNames() ?? [];
    const name = names.length === 1 ? names[0] : await vscode.window.showQuickPick(names, { title: 'Airlock: key for which endpoint secret?' });
    if (!name) return;
    const key = await vscode.window.showInputBox({ title: `Airlock: key stored as "${name}" in the editor's secret storage`, password: true, ignoreFocusOut: true });
    if (key) await keys.store(name, key);
  }));

  // The contributed profile cannot name a model (model names come from each policy): this writes a
  // workspace copy that pins the chosen Airlock model.
  disposables.push(vscode.commands.registerCommand('airlock.models.createAgentProfile', async () => {
    const found = firstEngine();
    const models = provider.provideLanguageModelChatInformation();
    if (!found || models.length === 0) {
      void vscode.window.showWarningMessage('Airlock: the policy defines no model endpoints ("models" section), so there is no Airlock model to pin.');
      return;
    }
    const pick = models.length === 1 ? models[0].name : await vscode.window.showQuickPick(models.map((m) => m.name), { title: 'Airlock: model for the agent profile' });
    if (!pick) return;
    const template = new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(context.extensionUri, 'media', 'agents', 'airlock.agent.md')));
    const text = template.replace(/^---\n/, `---\nmodel: '${pick} (${AIRLOCK_VENDOR})'\n`);
    const target = vscode.Uri.joinPath(found.folder.uri, '.github', 'agents', 'airlock.agent.md');
    await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(text));
    await vscode.window.showTextDocument(target);
  }));

  return {
    provider,
    tools,
    participantHandler,
    dispose: () => {
      for (const m of perFolder.values()) m.flush();
      for (const d of disposables) d.dispose();
    },
  };
}
