import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { gatewayClientSetup } from '../../../src/core/gateway/gatewayClientSetup';
import { type Gateway, startGateway } from '../../../src/core/gateway/gatewayServer';
import { startWorkspaceGateway } from '../../../src/core/gateway/workspaceGateway';
import { livePolicy } from '../../../src/core/models/livePolicy';
import { OutboundInspector } from '../../../src/core/models/outboundInspector';
import { runAirlock } from '../../helpers/runCliInProcess';
import { tempWorkspace, type TempWorkspace } from '../../helpers/tempWorkspace';
import { FakeTokens } from '../secrets/fakeTokens';
import { ANTHROPIC_SSE, type FakeUpstream, OPENAI_SSE, startFakeUpstream } from './fakeUpstream';

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  /** How many separate chunks the body arrived in. */
  chunks: number;
}

function post(url: string, body: string | Buffer, headers: Record<string, string> = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers } }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (c: Buffer) => parts.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(parts).toString('utf8'), chunks: parts.length }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('airlock gateway (loopback, both wire formats)', () => {
  let ws: TempWorkspace;
  let upstream: FakeUpstream;
  let gateway: Gateway;
  let storeDir: string;
  let canary: string;
  let inspector: OutboundInspector;
  const TOKEN = 'gateway-test-token';
  const KEY = 'upstream-key-from-env';

  beforeEach(async () => {
    upstream = await startFakeUpstream();
    canary = `CANARY_${randomBytes(16).toString('hex')}`;
    ws = tempWorkspace({ 'secrets/prod.txt': `${canary}\n`, 'src/app.ts': 'export const a = 1;\n' });
    ws.policy(`{ "version": 1, "rules": [ { "paths": ["secrets/"], "class": "secret" } ],
      "models": { "endpoints": {
        "cloud": { "api": "anthropic", "url": "${upstream.url}", "keyEnv": "CLOUD_KEY" },
        "internal": { "api": "openai", "url": "${upstream.url}/v1", "keyEnv": "INTERNAL_KEY" },
        "down": { "api": "openai", "url": "http://127.0.0.1:1/v1" } } } }`);
    storeDir = fs.mkdtempSync(join(tmpdir(), 'airlock-fp-'));
    inspector = new OutboundInspector({ engine: livePolicy(ws.root), storeDir });
    gateway = await startGateway({ inspector, env: { CLOUD_KEY: KEY, INTERNAL_KEY: KEY }, token: TOKEN });
  });
  afterEach(async () => {
    await gateway.close();
    await upstream.close();
    ws.dispose();
    fs.rmSync(storeDir, { recursive: true, force: true });
  });

  const auth = { 'x-api-key': TOKEN, 'anthropic-version': '2023-06-01' };

  it('listens on 127.0.0.1 only', () => {
    assert.match(gateway.url, /^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('Anthropic, streaming: masks a secret, uses the endpoint key, streams the response back unchanged, audits both ways', async () => {
    const tok = new FakeTokens(3).github();
    const body = JSON.stringify({ model: 'm', stream: true, system: [{ type: 'text', text: `sys ${tok}` }], messages: [{ role: 'user', content: [{ type: 'tool_result', tool_use_id: 't', content: `found ${tok}` }] }] });
    const r = await post(`${gateway.url}/e/cloud/v1/messages?beta=true`, body, auth);
    assert.equal(r.status, 200, r.body);
    assert.equal(r.body, ANTHROPIC_SSE.join(''));
    assert.ok(r.chunks > 1, 'the response arrived as a stream');
    assert.equal(upstream.requests.length, 1);
    const sent = upstream.requests[0];
    assert.equal(sent.path, '/v1/messages?beta=true', 'only the SDK marker passes; other queries are dropped');
    assert.equal(sent.headers['x-api-key'], KEY);
    assert.equal(sent.headers['anthropic-version'], '2023-06-01');
    assert.ok(!sent.body.includes(tok));
    assert.match(sent.body, /sys «secret:github-pat#1»/);
    assert.match(sent.body, /found «secret:github-pat#1»/);
    // Response events are written with the next request, or within 200 ms.
    inspector.flush();
    const audit = fs.readFileSync(join(ws.root, '.airlock/audit/audit.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { kind: string; exchange: { direction: string; bytes: number } });
    assert.deepEqual(audit.map((a) => [a.kind, a.exchange.direction]), [['model', 'request'], ['model', 'response']]);
    assert.equal(audit[1].exchange.bytes, Buffer.byteLength(ANTHROPIC_SSE.join('')));
  });

  it('OpenAI, gzip-encoded, streaming and not: forwarded to <url>/chat/completions with a Bearer key', async () => {
    const body = JSON.stringify({ model: 'coder', stream: true, messages: [{ role: 'user', content: 'hi' }] });
    const r = await post(`${gateway.url}/e/internal/v1/chat/completions`, gzipSync(body), { authorization: `Bearer ${TOKEN}`, 'content-encoding': 'gzip' });
    assert.equal(r.status, 200, r.body);
    assert.equal(r.body, OPENAI_SSE.join(''));
    assert.equal(upstream.requests[0].path, '/v1/chat/completions');
    assert.equal(upstream.requests[0].headers.authorization, `Bearer ${KEY}`);
    const plain = await post(`${gateway.url}/v1/chat/completions`, JSON.stringify({ model: 'coder', messages: [{ role: 'user', content: 'hi' }] }), { authorization: `Bearer ${TOKEN}` });
    assert.equal(plain.status, 200);
    assert.equal((JSON.parse(plain.body) as { choices: Array<{ message: { content: string } }> }).choices[0].message.content, 'hello');
  });

  it('OpenAI Responses (Codex): function-call outputs are inspected, the rest forwarded to <url>/responses', async () => {
    const body = JSON.stringify({ model: 'coder', stream: false, instructions: 'be brief', input: [
      { type: 'function_call', call_id: 'call_1', name: 'exec_command', arguments: JSON.stringify({ cmd: 'cat x' }) },
      { type: 'function_call_output', call_id: 'call_1', output: `TOKEN=${canary}` },
    ] });
    const r = await post(`${gateway.url}/e/internal/v1/responses`, body, { authorization: `Bearer ${TOKEN}` });
    assert.equal(r.status, 403, r.body);
    assert.match(r.body, /secrets\/prod\.txt/);
    const ok = await post(`${gateway.url}/e/internal/v1/responses`, body.replace(canary, 'harmless'), { authorization: `Bearer ${TOKEN}` });
    assert.equal(ok.status, 200, ok.body);
    assert.equal(upstream.requests.length, 1);
    assert.equal(upstream.requests[0].path, '/v1/responses');
    assert.ok(upstream.requests[0].body.includes('"call_id":"call_1"'));
  });

  it('refuses protected content in the client’s format with a readable reason; the upstream gets nothing', async () => {
    const a = await post(`${gateway.url}/e/cloud/v1/messages`, JSON.stringify({ model: 'm', messages: [{ role: 'user', content: `cat says ${canary}` }] }), auth);
    assert.equal(a.status, 403);
    const ae = JSON.parse(a.body) as { type: string; error: { type: string; message: string } };
    assert.equal(ae.type, 'error');
    assert.equal(ae.error.type, 'permission_error');
    assert.match(ae.error.message, /^Airlock: request refused: .*"secrets\/prod\.txt" \(class "secret"\)/);
    assert.ok(!a.body.includes(canary));
    const o = await post(`${gateway.url}/e/internal/v1/chat/completions`, JSON.stringify({ model: 'c', messages: [{ role: 'tool', tool_call_id: 'x', content: canary }] }), { authorization: `Bearer ${TOKEN}` });
    assert.equal(o.status, 403);
    assert.equal((JSON.parse(o.body) as { error: { code: string } }).error.code, 'airlock_refused');
    assert.equal(upstream.requests.length, 0);
  });

  it('passes upstream errors through; names an unreachable endpoint; refuses unreadable bodies', async () => {
    upstream.failNext(429, '{"type":"error","error":{"type":"rate_limit_error","message":"slow down"}}');
    const r = await post(`${gateway.url}/e/cloud/v1/messages?leak=${canary}`, JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'hi' }] }), auth);
    assert.equal(r.status, 429);
    assert.equal(upstream.requests[0].path, '/v1/messages', 'a query (never inspected) is not forwarded');
    assert.equal(r.headers['retry-after'], '7');
    assert.match(r.body, /slow down/);
    const down = await post(`${gateway.url}/e/down/v1/chat/completions`, JSON.stringify({ model: 'c', messages: [] }), { authorization: `Bearer ${TOKEN}` });
    assert.equal(down.status, 502);
    assert.match(down.body, /cannot reach model endpoint \\"down\\" at http:\/\/127\.0\.0\.1:1\/v1: ECONNREFUSED/);
    const odd = await post(`${gateway.url}/e/cloud/v1/messages`, 'x', { ...auth, 'content-encoding': 'zstd' });
    assert.equal(odd.status, 400);
    assert.match(odd.body, /unsupported content-encoding/);
    assert.equal(upstream.requests.length, 1);
  });

  it('needs its token; never forwards the client’s credentials', async () => {
    const none = await post(`${gateway.url}/e/cloud/v1/messages`, JSON.stringify({ model: 'm', messages: [] }), { 'x-api-key': 'wrong' });
    assert.equal(none.status, 401);
    assert.equal(upstream.requests.length, 0);
    await post(`${gateway.url}/e/cloud/v1/messages`, JSON.stringify({ model: 'm', messages: [] }), { ...auth, authorization: 'Bearer client-own' });
    assert.equal(upstream.requests[0].headers.authorization, undefined);
    assert.equal(upstream.requests[0].headers['x-api-key'], KEY);
  });

  it('gives each client the settings that point it at the gateway', () => {
    const endpoint = { name: 'cloud', api: 'anthropic' as const, models: ['claude-x'] };
    assert.deepEqual(gatewayClientSetup('claude-code', { gatewayUrl: gateway.url, endpoint, token: TOKEN }).env, { ANTHROPIC_BASE_URL: `${gateway.url}/e/cloud`, ANTHROPIC_API_KEY: TOKEN, ANTHROPIC_MODEL: 'claude-x' });
    const copilot = gatewayClientSetup('copilot-cli', { gatewayUrl: gateway.url, endpoint: { name: 'internal', api: 'openai', models: [] }, token: TOKEN }).env;
    assert.equal(copilot.COPILOT_PROVIDER_BASE_URL, `${gateway.url}/e/internal/v1`);
    assert.equal(copilot.COPILOT_PROVIDER_TYPE, 'openai');
    assert.throws(() => gatewayClientSetup('codex', { gatewayUrl: gateway.url, endpoint, token: TOKEN }), /Codex needs an OpenAI-compatible endpoint/);
    const opencode = JSON.parse(gatewayClientSetup('opencode', { gatewayUrl: gateway.url, endpoint, token: TOKEN }).env.OPENCODE_CONFIG_CONTENT) as { provider: { anthropic: { options: { baseURL: string } } } };
    assert.equal(opencode.provider.anthropic.options.baseURL, `${gateway.url}/e/cloud/v1`);
  });
});

describe('startWorkspaceGateway (for `airlock run --gateway`)', () => {
  it('starts on the workspace policy and gives each client its settings; refuses a policy without models', async () => {
    const ws = tempWorkspace();
    const storeHome = fs.mkdtempSync(join(tmpdir(), 'airlock-cache-'));
    try {
      ws.policy('{ "version": 1 }');
      await assert.rejects(startWorkspaceGateway(ws.root, { env: { AIRLOCK_CACHE_DIR: storeHome } }), /no "models" section/);
      ws.policy('{ "version": 1, "models": { "endpoints": { "corp": { "api": "openai", "url": "http://127.0.0.1:9/v1" }, "claude": { "api": "anthropic", "url": "http://127.0.0.1:9" } } } }');
      const gw = await startWorkspaceGateway(ws.root, { env: { AIRLOCK_CACHE_DIR: storeHome } });
      try {
        assert.ok(gw.token && gw.token.length >= 24);
        // Claude Code skips the OpenAI endpoint and takes the Anthropic one.
        assert.equal(gw.clientSetup('claude-code').env.ANTHROPIC_BASE_URL, `${gw.url}/e/claude`);
        assert.deepEqual(gw.clientSetup('codex').args.slice(0, 2), ['-c', 'model_provider="airlock"']);
        assert.throws(() => gw.clientSetup('claude-code', 'corp'), /Claude Code speaks only the Anthropic API/);
      } finally {
        await gw.close();
      }
    } finally {
      ws.dispose();
      fs.rmSync(storeHome, { recursive: true, force: true });
    }
  });
});

describe('`airlock gateway` command', () => {
  it('refuses to start without a models section, or with a bad port or endpoint, exit 2 and one line', async () => {
    const ws = tempWorkspace();
    const cache = fs.mkdtempSync(join(tmpdir(), 'airlock-cache-'));
    try {
      ws.policy('{ "version": 1 }');
      const none = await runAirlock(['gateway'], { cwd: ws.root, env: { AIRLOCK_CACHE_DIR: cache } });
      assert.equal(none.code, 2);
      assert.match(none.stderr, /^airlock gateway: the policy has no "models" section naming an endpoint\n$/);
      const port = await runAirlock(['gateway', '--port', 'eighty'], { cwd: ws.root });
      assert.equal(port.code, 2);
      assert.match(port.stderr, /--port must be a number/);
      ws.policy('{ "version": 1, "models": { "endpoints": { "corp": { "api": "openai", "url": "http://127.0.0.1:9/v1" } } } }');
      const bad = await runAirlock(['gateway', '--endpoint', 'crop'], { cwd: ws.root, env: { AIRLOCK_CACHE_DIR: cache } });
      assert.equal(bad.code, 2);
      assert.match(bad.stderr, /no endpoint "crop" in the policy \(defined: corp\)/);
    } finally {
      ws.dispose();
      fs.rmSync(cache, { recursive: true, force: true });
    }
  });
});
