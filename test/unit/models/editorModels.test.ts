// The editor's governed models (core/models/editorModels) against a real loopback endpoint: the
// models a policy lists, a request masked before it leaves, the key sent only to its endpoint, and
// a protected file's content refused so the endpoint receives nothing.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChatEvent } from '../../../src/core/models/chatWire';
import { EditorModels } from '../../../src/core/models/editorModels';
import { loadPolicy } from '../../../src/core/policy/loadPolicy';
import { tempWorkspace, type TempWorkspace } from '../../helpers/tempWorkspace';
import { startFakeUpstream, type FakeUpstream } from '../gateway/fakeUpstream';
import { FakeTokens } from '../secrets/fakeTokens';
import { MODELS_POLICY } from './modelsFixture';

describe('editor models (the governed model path in the editor)', () => {
  let ws: TempWorkspace;
  let upstream: FakeUpstream;
  let storeDir: string;
  let canary: string;
  beforeEach(async () => {
    upstream = await startFakeUpstream();
    canary = `CANARY_${randomBytes(16).toString('hex')}`;
    ws = tempWorkspace({ '.env': `API_TOKEN=${canary}\n` });
    ws.policy(MODELS_POLICY.replace('https://llm.internal.example/v1', upstream.url));
    storeDir = fs.mkdtempSync(join(tmpdir(), 'airlock-fp-'));
  });
  afterEach(async () => {
    await upstream.close();
    ws.dispose();
    fs.rmSync(storeDir, { recursive: true, force: true });
  });

  const models = (): EditorModels => new EditorModels(() => loadPolicy(ws.root), { storeDir });
  const ask = (m: EditorModels, text: string, endpoint = 'internal'): ReturnType<EditorModels['prepare']> =>
    m.prepare({ endpoint, upstreamModel: 'coder' }, [{ role: 'user', parts: [{ type: 'text', text }] }], []);

  it('lists every model of every endpoint', () => {
    assert.deepEqual(models().models().map((m) => [m.id, m.name, m.api]), [['internal/coder', 'Airlock: internal', 'openai'], ['cloud/cloud', 'Airlock: cloud', 'anthropic']]);
  });

  it('masks a secret before the request leaves, sends the key to its endpoint and streams the answer', async () => {
    const token = new FakeTokens(7).github();
    const m = models();
    const prepared = ask(m, `please fix: const t = "${token}";`);
    assert.ok(prepared.ok);
    assert.equal(prepared.secretsMasked, 1);
    const events: ChatEvent[] = [];
    await prepared.send(() => Promise.resolve('sk-test'), (e) => events.push(e), new AbortController().signal);
    m.flush();
    assert.equal(upstream.requests.length, 1);
    assert.ok(!upstream.requests[0].body.includes(token), 'the secret reached the endpoint');
    assert.equal(upstream.requests[0].headers.authorization, 'Bearer sk-test');
    assert.equal(events.map((e) => (e.type === 'text' ? e.text : '')).join(''), 'hello');
  });

  it("attack: a protected file's content is refused and nothing reaches the endpoint", () => {
    const prepared = ask(models(), `here is my config: API_TOKEN=${canary}`);
    assert.equal(prepared.ok, false);
    assert.ok(!prepared.ok && !prepared.reason.includes(canary));
    assert.equal(upstream.requests.length, 0);
  });

  it('an endpoint the policy no longer defines is an error, not a send', () => {
    assert.throws(() => ask(models(), 'hi', 'gone'), /no longer defines the endpoint "gone"/);
  });
});
