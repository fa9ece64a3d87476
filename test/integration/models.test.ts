// The governed model path in a real extension host: the Airlock model is offered to
// vscode.lm.selectChatModels, a request through it is inspected before it reaches a local fake
// OpenAI-compatible server this test starts (protected content refused, secrets masked), the
// @airlock participant drops a denied reference, and Airlock's tools ask for `ask` classes.
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { AirlockApi } from '../../src/extension/main';
import { createParticipantHandler, type ParticipantResult } from '../../src/extension/models/airlockParticipant';
import { FakeTokens } from '../unit/secrets/fakeTokens';
import { until } from '../helpers/waitUntil';

async function answerText(response: vscode.LanguageModelChatResponse): Promise<string> {
  let text = '';
  for await (const chunk of response.text) text += chunk;
  return text;
}

describe('governed model path in the editor', () => {
  let api: AirlockApi;
  let root: string;
  let scratch: string;
  let policyFile: string;
  let original: string;
  let server: Server;
  const received: string[] = [];
  const canary = `CANARY_${randomBytes(16).toString('hex')}`;
  const token = new FakeTokens(0x5e7).github();

  before(async () => {
    const extension = vscode.extensions.getExtension<AirlockApi>('airlock-dev.airlock');
    assert.ok(extension);
    api = await extension.activate();
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder);
    root = folder.uri.fsPath;
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push(Buffer.concat(chunks).toString('utf8'));
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.write('data: {"choices":[{"index":0,"delta":{"role":"assistant","content":"hello "}}]}\n\n');
        res.write('data: {"choices":[{"index":0,"delta":{"content":"from the fake"},"finish_reason":"stop"}]}\n\n');
        res.end('data: [DONE]\n\n');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
    scratch = path.join(root, 'airlock-models-it');
    fs.rmSync(scratch, { recursive: true, force: true });
    fs.mkdirSync(scratch, { recursive: true });
    fs.writeFileSync(path.join(scratch, 'vault.txt'), `DB_PASSWORD=${canary}\n`);
    fs.writeFileSync(path.join(scratch, 'ask.txt'), 'ASK_MARKER: design notes\n');
    fs.writeFileSync(path.join(scratch, 'plain.ts'), `export const token = "${token}"; // PLAIN_MARKER\n`);
    policyFile = path.join(root, '.airlock', 'policy.json');
    original = fs.readFileSync(policyFile, 'utf8');
    fs.writeFileSync(policyFile, JSON.stringify({
      version: 1,
      rules: [{ paths: ['airlock-models-it/vault.txt'], class: 'secret' }, { paths: ['airlock-models-it/ask.txt'], class: 'restricted' }],
      // restricted content may go to "local" once a human lets it out; secret content never.
      models: { endpoints: { local: { api: 'openai', url, models: ['fake-coder'] } }, classes: { restricted: ['local'] } },
    }));
    await until('the policy with models to load', () => api.policies.engineFor(folder)?.document?.models !== undefined);
  });

  after(async () => {
    fs.writeFileSync(policyFile, original);
    fs.rmSync(scratch, { recursive: true, force: true });
    await new Promise<void>((r) => server.close(() => r()));
  });

  const airlockModel = async (): Promise<vscode.LanguageModelChat> => {
    const models = await vscode.lm.selectChatModels({ vendor: 'airlock' });
    const model = models.find((m) => m.name === 'Airlock: local');
    assert.ok(model, `no "Airlock: local" among ${models.map((m) => m.name).join(', ') || '(none)'}`);
    return model;
  };

  it('the Airlock model appears to vscode.lm.selectChatModels', async () => {
    const model = await airlockModel();
    assert.equal(model.vendor, 'airlock');
    assert.equal(model.id, 'local/fake-coder');
  });

  it('refuses a request carrying a protected file’s content; masks a secret; forwards the rest', async () => {
    const model = await airlockModel();
    const before = received.length;
    const pasted = fs.readFileSync(path.join(scratch, 'vault.txt'), 'utf8');
    await assert.rejects(
      async () => answerText(await model.sendRequest([vscode.LanguageModelChatMessage.User(`what is this?\n${pasted}`)], {})),
      /Airlock: request refused: .*airlock-models-it\/vault\.txt.*class "secret"/,
    );
    assert.equal(received.length, before, 'nothing reached the fake');
    const text = await answerText(await model.sendRequest([vscode.LanguageModelChatMessage.User(`check ${token} please`)], {}));
    assert.equal(text, 'hello from the fake');
    const sent = received[received.length - 1];
    assert.ok(!sent.includes(token));
    assert.match(sent, /check «secret:github-pat#1» please/);
  });

  it('@airlock drops a denied #file reference with the reason, and sends the allowed one masked', async () => {
    const model = await airlockModel();
    const markdown: string[] = [];
    const stream = { markdown: (s: string | vscode.MarkdownString) => { markdown.push(typeof s === 'string' ? s : s.value); } } as unknown as vscode.ChatResponseStream;
    const request = {
      prompt: 'summarise these files',
      command: undefined,
      references: [
        { id: 'vscode.file', value: vscode.Uri.file(path.join(scratch, 'vault.txt')) },
        { id: 'vscode.file', value: vscode.Uri.file(path.join(scratch, 'plain.ts')) },
      ],
      toolReferences: [],
      toolInvocationToken: undefined,
      model,
    } as unknown as vscode.ChatRequest;
    const before = received.length;
    const cts = new vscode.CancellationTokenSource();
    const result = (await api.models.participantHandler(request, { history: [] } as unknown as vscode.ChatContext, stream, cts.token)) as ParticipantResult;
    assert.deepEqual(result.metadata.dropped, ['airlock-models-it/vault.txt']);
    assert.deepEqual(result.metadata.sent, ['airlock-models-it/plain.ts']);
    assert.match(markdown.join(''), /Airlock did not send `airlock-models-it\/vault\.txt`: .*class "secret"/);
    assert.match(markdown.join(''), /hello from the fake/);
    assert.equal(received.length, before + 1);
    const sent = received[received.length - 1];
    assert.ok(!sent.includes(canary), 'the denied file never reached the model');
    assert.ok(sent.includes('PLAIN_MARKER') && !sent.includes(token));
  });

  it('@airlock through the chat view itself: files attached in the chat, the denied one dropped', async () => {
    const marker = `CHAT_MARKER_${randomBytes(6).toString('hex')}`;
    fs.writeFileSync(path.join(scratch, 'chat.ts'), `export const note = "${marker}";\n`);
    const model = await airlockModel();
    const before = received.length;
    // The offline host turns chat off for quiet screenshots; this test needs the chat view.
    const chat = vscode.workspace.getConfiguration('chat');
    await chat.update('disableAIFeatures', false, vscode.ConfigurationTarget.Global);
    try {
      await new Promise((r) => setTimeout(r, 1000));
      // The user's own path: a question in the chat view with two files attached (what #file and drag-and-drop do).
      await vscode.commands.executeCommand('workbench.action.chat.open', {
        query: '@airlock summarise the attached files',
        attachFiles: [vscode.Uri.file(path.join(scratch, 'vault.txt')), vscode.Uri.file(path.join(scratch, 'chat.ts'))],
        isPartialQuery: false,
        modelSelector: { vendor: model.vendor, id: model.id },
      });
      // The allowed attachment arriving proves the attachments reached the participant as references.
      const sent = await until('the participant to send the allowed file to the model', () => received.slice(before).find((b) => b.includes(marker)), 30_000);
      assert.ok(!sent.includes(canary), 'the denied reference reached the model');
      assert.ok(received.slice(before).every((b) => !b.includes(canary)));
    } finally {
      await vscode.commands.executeCommand('workbench.action.chat.close').then(undefined, () => undefined);
      await chat.update('disableAIFeatures', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('@airlock asks before sending an `ask` reference: declined is dropped, accepted is sent', async () => {
    const model = await airlockModel();
    const questions: string[] = [];
    const log = vscode.window.createOutputChannel('Airlock test', { log: true });
    const run = async (answer: boolean): Promise<{ result: ParticipantResult; markdown: string }> => {
      const markdown: string[] = [];
      const stream = { markdown: (s: string | vscode.MarkdownString) => { markdown.push(typeof s === 'string' ? s : s.value); } } as unknown as vscode.ChatResponseStream;
      // The user's answer to the question is the only thing this test supplies.
      const handler = createParticipantHandler(api.policies, log, (q) => { questions.push(q); return Promise.resolve(answer); });
      const request = { prompt: 'what does it say?', references: [{ id: 'vscode.file', value: vscode.Uri.file(path.join(scratch, 'ask.txt')) }], toolReferences: [], model } as unknown as vscode.ChatRequest;
      const result = (await handler(request, { history: [] } as unknown as vscode.ChatContext, stream, new vscode.CancellationTokenSource().token)) as ParticipantResult;
      return { result, markdown: markdown.join('') };
    };
    try {
      const before = received.length;
      const declined = await run(false);
      assert.match(questions[0], /^Airlock: send airlock-models-it\/ask\.txt to the model\? .*class "restricted"/);
      assert.deepEqual(declined.result.metadata.dropped, ['airlock-models-it/ask.txt']);
      assert.match(declined.markdown, /you declined/);
      assert.ok(received.slice(before).every((b) => !b.includes('ASK_MARKER')));
      const accepted = await run(true);
      assert.deepEqual(accepted.result.metadata.sent, ['airlock-models-it/ask.txt']);
      assert.ok(received[received.length - 1].includes('ASK_MARKER'));
    } finally {
      log.dispose();
    }
  });

  it('the host sees the Airlock MCP server (registerMcpServerDefinitionProvider), starts it, and its tools refuse a denied file', async () => {
    // Start every server the host knows, including those extensions provide, and wait for their tools.
    await vscode.commands.executeCommand('workbench.mcp.startServer', '*', { waitForLiveTools: true, autoTrustChanges: true });
    const textOf = (r: vscode.LanguageModelToolResult): string => r.content.map((p) => (p instanceof vscode.LanguageModelTextPart ? p.value : '')).join('');
    // The server's tools reach lm.tools under the host's own MCP names (not the extension's airlock_read).
    const read = await until('the Airlock MCP server\'s read tool in lm.tools', () => vscode.lm.tools.find((t) => t.name !== 'airlock_read' && /airlock_read$/.test(t.name)), 60_000);
    assert.match(read.description, /policy|Airlock/i);
    const cts = new vscode.CancellationTokenSource();
    const denied = await vscode.lm.invokeTool(read.name, { input: { path: 'airlock-models-it/vault.txt' }, toolInvocationToken: undefined }, cts.token);
    assert.match(textOf(denied), /read denied/);
    assert.ok(!textOf(denied).includes(canary));
    const plain = await vscode.lm.invokeTool(read.name, { input: { path: 'airlock-models-it/plain.ts' }, toolInvocationToken: undefined }, cts.token);
    assert.match(textOf(plain), /PLAIN_MARKER/);
    assert.ok(!textOf(plain).includes(token), 'the MCP server masks secrets too');
  });

  it('Airlock tools: listed in lm.tools; ask classes get a confirmation; denied files are refused', async () => {
    const names = vscode.lm.tools.map((t) => t.name);
    for (const n of ['airlock_read', 'airlock_search', 'airlock_list', 'airlock_edit']) assert.ok(names.includes(n), `${n} missing from lm.tools`);
    const read = api.models.tools.find((t) => t.def.name === 'airlock_read');
    assert.ok(read);
    const cts = new vscode.CancellationTokenSource();
    const askPrep = read.prepareInvocation({ input: { path: 'airlock-models-it/ask.txt' } } as vscode.LanguageModelToolInvocationPrepareOptions<{ path: string }>);
    assert.ok(askPrep.confirmationMessages, 'an ask class must ask');
    assert.match(String((askPrep.confirmationMessages.message as vscode.MarkdownString).value), /class "restricted"/);
    const plainPrep = read.prepareInvocation({ input: { path: 'airlock-models-it/plain.ts' } } as vscode.LanguageModelToolInvocationPrepareOptions<{ path: string }>);
    assert.equal(plainPrep.confirmationMessages, undefined);
    const textOf = (r: vscode.LanguageModelToolResult): string => r.content.map((p) => (p instanceof vscode.LanguageModelTextPart ? p.value : '')).join('');
    const denied = await vscode.lm.invokeTool('airlock_read', { input: { path: 'airlock-models-it/vault.txt' }, toolInvocationToken: undefined }, cts.token);
    assert.match(textOf(denied), /^Airlock policy: read denied/);
    assert.ok(!textOf(denied).includes(canary));
    // The host accepts confirmation dialogs by itself under extension tests.
    const asked = await vscode.lm.invokeTool('airlock_read', { input: { path: 'airlock-models-it/ask.txt' }, toolInvocationToken: undefined }, cts.token);
    assert.match(textOf(asked), /ASK_MARKER/);
  });
});
