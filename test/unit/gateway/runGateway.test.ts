// `airlock run --gateway` for real: bubblewrap around a program that plays the agent, the gateway
// in Airlock's own process outside the sandbox, a fake model on 127.0.0.1. The program inside
// reaches the gateway on loopback, never sees the endpoint key (by its name or a copy under another
// name), and what it sends arrives with protected content removed.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { agentLaunch, gatewayClientOf } from '../../../src/core/gateway/agentSession';
import { resolveAuditDir } from '../../../src/core/audit/auditLocation';
import { gatewayClientSetup } from '../../../src/core/gateway/gatewayClientSetup';
import { buildCli } from '../../helpers/builtCli';
import { runAirlock } from '../../helpers/runCliInProcess';
import { tempWorkspace, type TempWorkspace } from '../../helpers/tempWorkspace';
import { type FakeUpstream, startFakeUpstream } from './fakeUpstream';
import { freePort } from '../../helpers/freePort';

// The "agent": reads what it can, reports its environment, and sends one request to its base URL.
const PROBE = `
const fs = require('fs');
const out = { env: process.env, base: process.env.ANTHROPIC_BASE_URL };
let masked;
try { masked = fs.readFileSync('secrets/prod.txt', 'utf8'); } catch (e) { masked = 'ERR ' + e.code; }
out.masked = masked;
const copy = fs.readFileSync('backup/old.txt', 'utf8');
// Another process's environment (Airlock's own, with --proc bind): the key must be in none we can read.
out.procLeak = [];
for (const pid of fs.readdirSync('/proc').filter((d) => /^[0-9]+$/.test(d))) {
  try { if (fs.readFileSync('/proc/' + pid + '/environ', 'latin1').includes('corp-upstream-key-')) out.procLeak.push(pid); } catch {}
}
// The gateway's fingerprint store lives in Airlock's cache: a poisoned one would blind it.
try { fs.mkdirSync(process.env.XDG_CACHE_HOME + '/airlock/fingerprints', { recursive: true }); fs.writeFileSync(process.env.XDG_CACHE_HOME + '/airlock/fingerprints/planted.json', '{}'); out.planted = 'written'; } catch (e) { out.planted = 'ERR ' + e.code; }
const body = JSON.stringify({ model: 'm', max_tokens: 5, messages: [{ role: 'user', content: 'look: ' + copy + ' and ' + masked }] });
fetch(out.base + '/v1/messages', { method: 'POST', headers: { 'content-type': 'application/json', 'anthropic-version': '2023-06-01', 'x-api-key': process.env.ANTHROPIC_API_KEY }, body })
  .then(async (r) => { out.status = r.status; out.reply = await r.text(); })
  .catch((e) => { out.error = String(e); })
  .finally(() => fs.writeFileSync('probe-out.json', JSON.stringify(out)));
`;

interface ProbeOut {
  env: Record<string, string>;
  procLeak: string[];
  planted: string;
  base?: string;
  masked: string;
  status?: number;
  reply?: string;
  error?: string;
}

describe('airlock run --gateway (real bubblewrap, gateway outside the sandbox)', function () {
  this.timeout(60_000);
  let ws: TempWorkspace;
  let upstream: FakeUpstream;
  let scratch: string;
  let canary: string;
  const KEY = `corp-upstream-key-${randomBytes(12).toString('hex')}`;

  beforeEach(async () => {
    upstream = await startFakeUpstream();
    canary = `CANARY_${randomBytes(16).toString('hex')}`;
    scratch = mkdtempSync(join(tmpdir(), 'airlock-rungw-'));
    ws = tempWorkspace({
      'secrets/prod.txt': `PROD_TOKEN=${canary}\n`,
      // A copy made before the policy existed, where no rule reaches it.
      'backup/old.txt': `PROD_TOKEN=${canary}\n`,
      'probe.js': PROBE,
    });
  });
  afterEach(async () => {
    await upstream.close();
    ws.dispose();
    rmSync(scratch, { recursive: true, force: true });
  });

  const policy = (gateway = ''): string => `{ "version": 1, "rules": [ { "paths": ["secrets/"], "class": "secret" } ],
    "models": { "endpoints": { "cloud": { "api": "anthropic", "url": "${upstream.url}", "keyEnv": "CORP_KEY" } },
      "classes": { "secret": { "endpoints": [], "onMatch": "redact" } }${gateway} } }`;
  const env = (): NodeJS.ProcessEnv => ({
    ...process.env, AIRLOCK_BASELINE: '', HOME: join(scratch, 'home'), XDG_CACHE_HOME: join(scratch, 'cache'),
    CORP_KEY: KEY,
    // The same key under a name the policy does not give: removed by value.
    OPENAI_API_KEY: KEY, HARMLESS: 'stays',
  });
  const probeOut = (): ProbeOut => JSON.parse(readFileSync(join(ws.root, 'probe-out.json'), 'utf8')) as ProbeOut;

  it('the agent inside reaches the gateway on loopback without the key; protected content never reaches the model', async () => {
    ws.policy(policy());
    const r = await runAirlock(['run', '--gateway', '--client', 'claude-code', '--', process.execPath, 'probe.js'], { cwd: ws.root, env: env() });
    assert.equal(r.code, 0, r.stderr);
    const out = probeOut();
    assert.equal(out.error, undefined, JSON.stringify(out));
    assert.equal(out.status, 200, out.reply);
    assert.match(out.base ?? '', /^http:\/\/127\.0\.0\.1:\d+\/e\/cloud$/);
    // Masked inside (the sandbox really is there), and no variable carries the key.
    assert.equal(out.masked, 'ERR ENOENT');
    assert.equal(out.env.CORP_KEY, undefined);
    assert.equal(out.env.OPENAI_API_KEY, undefined);
    assert.ok(Object.values(out.env).every((v) => !v.includes(KEY)), 'the endpoint key entered the sandbox');
    assert.equal(out.env.HARMLESS, 'stays');
    assert.deepEqual(out.procLeak, []);
    // Airlock's cache (the gateway's fingerprint store) is read-only inside, even on a first run.
    assert.match(out.planted, /^ERR E(ROFS|ACCES|PERM)$/);
    assert.notEqual(out.env.ANTHROPIC_API_KEY, KEY);
    assert.match(r.stderr, /removed from its environment: CORP_KEY, OPENAI_API_KEY/);
    // The model got the request, with the copy's canary removed, and the endpoint's own key.
    assert.equal(upstream.requests.length, 1);
    assert.ok(!upstream.requests[0].body.includes(canary), 'the canary reached the model');
    assert.match(upstream.requests[0].body, /«protected:secret content removed by Airlock»/);
    assert.equal(upstream.requests[0].headers['x-api-key'], KEY);
  });

  it('with the host\'s /proc inside (--proc bind), no process the agent can read holds the key', async function () {
    this.timeout(180_000);
    ws.policy(policy());
    // The built CLI as its own process, so the key really is in the environment of the process
    // that runs the gateway (in-process, the test's own environment would not hold it).
    const r = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, [buildCli(), 'run', '--gateway', '--proc', 'bind', '--client', 'claude-code', '--', process.execPath, 'probe.js'], { cwd: ws.root, env: { ...env() }, stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (c: Buffer) => { stderr += c.toString('utf8'); });
      child.on('close', (code) => resolve({ code, stderr }));
    });
    assert.equal(r.code, 0, r.stderr);
    const out = probeOut();
    assert.equal(out.status, 200, out.reply);
    // Airlock's own process (the gateway, with the key) runs outside the sandbox: its environ is not readable from inside.
    assert.deepEqual(out.procLeak, []);
    assert.ok(!upstream.requests[0].body.includes(canary));
    // The gateway appends its audit events in batches: the session's end wrote the last one.
    const log = readFileSync(join(resolveAuditDir(ws.root).dir, 'audit.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { kind: string; exchange?: { direction: string } });
    assert.deepEqual(log.filter((e) => e.kind === 'model').map((e) => e.exchange?.direction), ['request', 'response']);
  });

  it('the policy can make it the default: its port, the per-user token file, no --gateway needed', async () => {
    const port = await freePort();
    ws.policy(policy(`, "gateway": { "port": ${port}, "run": true }`));
    const r = await runAirlock(['run', '--client', 'claude-code', '--', process.execPath, 'probe.js'], { cwd: ws.root, env: env() });
    // --client without --gateway is a usage error even when the policy turns the gateway on.
    assert.notEqual(r.code, 0);
    const claudeNamed = join(scratch, 'bin', 'claude');
    // Started under the client's own executable name, so the client is recognised without --client.
    mkdirSync(join(scratch, 'bin'), { recursive: true });
    symlinkSync(process.execPath, claudeNamed);
    const r2 = await runAirlock(['run', '--', claudeNamed, 'probe.js'], { cwd: ws.root, env: env() });
    assert.equal(r2.code, 0, r2.stderr);
    const out = probeOut();
    assert.equal(out.status, 200, out.reply);
    assert.equal(out.base, `http://127.0.0.1:${port}/e/cloud`);
    const tokenFile = join(scratch, 'home', '.config', 'airlock', 'gateway-token');
    assert.equal(statSync(tokenFile).mode & 0o777, 0o600);
    assert.equal(out.env.ANTHROPIC_API_KEY, readFileSync(tokenFile, 'utf8').trim());
    assert.ok(!upstream.requests[0].body.includes(canary));
  });

  it('fails closed: no models section, or a client it cannot point, and the agent does not start', async () => {
    ws.policy('{ "version": 1, "rules": [ { "paths": ["secrets/"], "class": "secret" } ] }');
    const r = await runAirlock(['run', '--gateway', '--client', 'claude-code', '--', process.execPath, 'probe.js'], { cwd: ws.root, env: env() });
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /no "models" section.*NOT started/);
    ws.policy(policy());
    const r2 = await runAirlock(['run', '--gateway', '--', process.execPath, 'probe.js'], { cwd: ws.root, env: env() });
    assert.notEqual(r2.code, 0);
    assert.match(r2.stderr, /does not know how to point .* --client/);
    // Codex cannot speak to an Anthropic endpoint: said, not started.
    const r3 = await runAirlock(['run', '--gateway', '--client', 'codex', '--', process.execPath, 'probe.js'], { cwd: ws.root, env: env() });
    assert.match(r3.stderr, /Codex needs an OpenAI-compatible endpoint.*NOT started/);
    assert.equal(existsSync(join(ws.root, 'probe-out.json')), false);
    assert.equal(upstream.requests.length, 0);
  });
});

describe('agent launch settings', () => {
  it('recognises clients by executable name and puts Codex provider arguments before its own', () => {
    assert.equal(gatewayClientOf(['/usr/local/bin/claude', '-p', 'x']), 'claude-code');
    assert.equal(gatewayClientOf(['copilot']), 'copilot-cli');
    assert.equal(gatewayClientOf(['codex.cmd']), 'codex');
    assert.equal(gatewayClientOf(['opencode']), 'opencode');
    assert.equal(gatewayClientOf(['bash', '-c', 'claude']), null);
    assert.equal(gatewayClientOf(['/usr/bin/node', '/opt/codex/bin/codex.js', 'exec']), 'codex');
    const endpoint = { name: 'corp', api: 'openai' as const, url: 'https://llm.example/v1', keyEnv: 'CORP_KEY', models: ['coder'], location: { source: 'policy.json', line: 1, column: 1 } };
    const setup = gatewayClientSetup('codex', { gatewayUrl: 'http://127.0.0.1:9', endpoint, token: 'tok-123456789' });
    const launch = agentLaunch(['codex', 'exec', 'hi'], { CORP_KEY: 'k-abcdefghij', PATH: '/bin', SHORT: 'k' }, setup, [endpoint]);
    assert.deepEqual(launch.command.slice(0, 2), ['codex', '-c']);
    assert.deepEqual(launch.command.slice(-2), ['exec', 'hi']);
    assert.equal(launch.env.CORP_KEY, undefined);
    assert.equal(launch.env.AIRLOCK_GATEWAY_KEY, 'tok-123456789');
    assert.equal(launch.env.SHORT, 'k');
    // Started through Node, the provider arguments go after the script, not to Node.
    const viaNode = agentLaunch(['/usr/bin/node', '/opt/codex/bin/codex.js', 'exec', 'hi'], {}, setup, [endpoint]);
    assert.deepEqual(viaNode.command.slice(0, 3), ['/usr/bin/node', '/opt/codex/bin/codex.js', '-c']);
    assert.deepEqual(viaNode.command.slice(-2), ['exec', 'hi']);
  });
});
