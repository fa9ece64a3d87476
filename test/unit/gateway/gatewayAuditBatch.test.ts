// The long-lived gateway appends its audit events in batches after the responses, not one append
// per request. What must still hold: after N requests, however the gateway stops (closed, SIGTERM,
// SIGINT), the log holds every one of them and `airlock audit verify` finds the chain intact; a log
// that cannot take a batch loses none of it and stops the next request from leaving.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startGateway } from '../../../src/core/gateway/gatewayServer';
import { startWorkspaceGateway } from '../../../src/core/gateway/workspaceGateway';
import { livePolicy } from '../../../src/core/models/livePolicy';
import { OutboundInspector } from '../../../src/core/models/outboundInspector';
import { buildCli } from '../../helpers/builtCli';
import { runAirlock } from '../../helpers/runCliInProcess';
import { tempWorkspace, type TempWorkspace } from '../../helpers/tempWorkspace';
import { type FakeUpstream, startFakeUpstream } from './fakeUpstream';

interface Exchange { kind: string; verdict: string; exchange?: { direction: string } }

function post(url: string, body: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers: { 'content-type': 'application/json', 'anthropic-version': '2023-06-01' } }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (c: Buffer) => parts.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(parts).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

function auditEvents(root: string): Exchange[] {
  const file = join(root, '.airlock/audit/audit.jsonl');
  if (!fs.existsSync(file)) return [];
  return fs.readFileSync(file, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Exchange);
}

const count = (events: readonly Exchange[], direction: string): number => events.filter((e) => e.kind === 'model' && e.exchange?.direction === direction).length;

describe('gateway audit batches: nothing lost, chain intact', function () {
  this.timeout(60_000);
  let ws: TempWorkspace;
  let upstream: FakeUpstream;
  let cacheDir: string;
  let canary: string;
  const N = 12;

  beforeEach(async () => {
    upstream = await startFakeUpstream();
    canary = `CANARY_${randomBytes(16).toString('hex')}`;
    ws = tempWorkspace({ 'secrets/prod.txt': `${canary}\n`, 'src/app.ts': 'export const a = 1;\n' });
    ws.policy(`{ "version": 1, "rules": [ { "paths": ["secrets/"], "class": "secret" } ],
      "models": { "endpoints": { "up": { "api": "anthropic", "url": "${upstream.url}" } } } }`);
    cacheDir = fs.mkdtempSync(join(tmpdir(), 'airlock-gwbatch-cache-'));
  });
  afterEach(async () => {
    await upstream.close();
    ws.dispose();
    fs.rmSync(cacheDir, { recursive: true, force: true });
  });

  const message = (i: number, extra = ''): string => JSON.stringify({ model: 'm', max_tokens: 8, messages: [{ role: 'user', content: `turn ${i} ${extra}` }] });

  async function verify(): Promise<void> {
    const v = await runAirlock(['audit', 'verify', '--json'], { cwd: ws.root, env: { ...process.env, AIRLOCK_CACHE_DIR: cacheDir } });
    assert.equal(v.code, 0, `${v.stdout}${v.stderr}`);
  }

  it('closed after N requests (some refused): N request events, every response, a verified chain', async () => {
    const gateway = await startWorkspaceGateway(ws.root, { env: { AIRLOCK_CACHE_DIR: cacheDir }, token: null });
    const statuses: number[] = [];
    for (let i = 0; i < N; i++) {
      // Every third request carries the protected file's canary: refused, and still on the record.
      const r = await post(`${gateway.url}/e/up/v1/messages`, message(i, i % 3 === 0 ? canary : ''));
      statuses.push(r.status);
    }
    await gateway.close();
    const refused = statuses.filter((s) => s === 403).length;
    assert.equal(refused, Math.ceil(N / 3));
    assert.equal(statuses.filter((s) => s === 200).length, N - refused);
    const events = auditEvents(ws.root);
    assert.equal(events.filter((e) => e.kind === 'model' && e.exchange?.direction !== 'response').length, N, 'one event per request');
    assert.equal(events.filter((e) => e.kind === 'model' && e.verdict === 'deny').length, refused);
    assert.equal(count(events, 'response'), N - refused);
    assert.equal(upstream.requests.length, N - refused);
    await verify();
  });

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`\`airlock gateway\` stopped by ${signal} right after N requests has written all of them`, async () => {
      const child = spawn(process.execPath, [buildCli(), 'gateway', '--root', ws.root, '--port', '0', '--no-token', '--json'], {
        cwd: ws.root, env: { ...process.env, AIRLOCK_CACHE_DIR: cacheDir }, stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', (c: Buffer) => { stderr += c.toString('utf8'); });
      const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (c: Buffer) => {
          out += c.toString('utf8');
          const line = out.split('\n')[0];
          if (out.includes('\n')) resolve((JSON.parse(line) as { url: string }).url);
        });
        child.on('close', () => reject(new Error(`the gateway exited before listening: ${stderr}`)));
      });
      for (let i = 0; i < N; i++) assert.equal((await post(`${url}/e/up/v1/messages`, message(i))).status, 200);
      // No pause: the last batch is still queued when the signal arrives.
      child.kill(signal);
      assert.equal(await exited, 0, stderr);
      const events = auditEvents(ws.root);
      assert.equal(count(events, 'request'), N);
      assert.equal(count(events, 'response'), N);
      await verify();
    });
  }

  it('a batch the log cannot take stays queued, the next request is refused, and nothing is lost once the log is back', async () => {
    const inspector = new OutboundInspector({ engine: livePolicy(ws.root), storeDir: join(cacheDir, 'fp'), deferAudit: true });
    const gateway = await startGateway({ inspector, env: {} });
    try {
      assert.equal((await post(`${gateway.url}/e/up/v1/messages`, message(0))).status, 200);
      inspector.flush();
      const log = join(ws.root, '.airlock/audit/audit.jsonl');
      const aside = `${log}.aside`;
      assert.equal((await post(`${gateway.url}/e/up/v1/messages`, message(1))).status, 200);
      // The log's file becomes a folder: the queued batch (request 1 and its response) cannot be appended.
      fs.renameSync(log, aside);
      fs.mkdirSync(log);
      assert.throws(() => inspector.flush(), /audit\.jsonl/);
      assert.equal(inspector.queuedAuditEvents, 2, 'the failed batch is kept');
      const refused = await post(`${gateway.url}/e/up/v1/messages`, message(2, 'must not leave'));
      assert.equal(refused.status, 500, refused.body);
      assert.match(refused.body, /cannot write the audit log, so nothing is sent/);
      assert.equal(upstream.requests.length, 2, 'the refused request never reached the model');
      fs.rmdirSync(log);
      fs.renameSync(aside, log);
      assert.equal((await post(`${gateway.url}/e/up/v1/messages`, message(3))).status, 200);
    } finally {
      await gateway.close();
    }
    const events = auditEvents(ws.root);
    assert.equal(count(events, 'request'), 3);
    assert.equal(count(events, 'response'), 3);
    await verify();
  });
});
