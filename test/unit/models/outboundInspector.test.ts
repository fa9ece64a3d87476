import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OutboundInspector } from '../../../src/core/models/outboundInspector';
import { loadPolicy } from '../../../src/core/policy/loadPolicy';
import { tempWorkspace, type TempWorkspace } from '../../helpers/tempWorkspace';
import { FakeTokens } from '../secrets/fakeTokens';
import { MODELS_POLICY } from './modelsFixture';

const AUTH_CODE = [
  'export function verifyPassword(user: User, password: string): boolean {',
  '  const expected = hashWithPepper(password, user.salt, PEPPER_ROTATION);',
  '  if (!timingSafeEqual(expected, user.passwordHash)) {',
  '    auditFailedLogin(user.id, Date.now());',
  '    return false;',
  '  }',
  '  return true;',
  '}',
].join('\n');

describe('outbound inspection', () => {
  let ws: TempWorkspace;
  let storeDir: string;
  let canary: string;
  const inspector = (): OutboundInspector => new OutboundInspector({ engine: () => loadPolicy(ws.root), storeDir, refreshMs: 0 });
  const anthropic = (...texts: string[]): { model: string; system: string; messages: unknown[] } => ({
    model: 'm', system: 'You are helpful.',
    messages: texts.map((t, i) => ({ role: 'user', content: [{ type: 'tool_result', tool_use_id: `t${i}`, content: [{ type: 'text', text: t }] }] })),
  });

  beforeEach(() => {
    canary = `CANARY_${randomBytes(16).toString('hex')}`;
    ws = tempWorkspace({
      '.env': `DATABASE_URL=postgres://app@db/app\nAPI_TOKEN=${canary}\n`,
      'src/auth/verify.ts': `${AUTH_CODE}\n`,
      'src/app.ts': 'export const greeting = "hello";\n}\n}\n',
    });
    ws.policy(MODELS_POLICY);
    storeDir = fs.mkdtempSync(join(tmpdir(), 'airlock-fp-'));
  });
  afterEach(() => {
    ws.dispose();
    fs.rmSync(storeDir, { recursive: true, force: true });
  });

  it('masks secrets consistently: the same value gets the same label, across requests', () => {
    const tok = new FakeTokens(7).github();
    const other = new FakeTokens(8).github();
    const insp = inspector();
    const body = anthropic(`token one ${tok}`, `again ${tok} and ${other}`);
    const r = insp.inspect('cloud', 'anthropic', body, { channel: 'test' });
    assert.ok(r.ok);
    assert.ok(!r.text.includes(tok) && !r.text.includes(other));
    assert.equal(r.secretsMasked, 3);
    assert.match(r.text, /token one «secret:github-pat#1»/);
    assert.match(r.text, /again «secret:github-pat#1» and «secret:github-pat#2»/);
    const again = insp.inspect('cloud', 'anthropic', anthropic(`later: ${other}`), { channel: 'test' });
    assert.ok(again.ok);
    assert.match(again.text, /later: «secret:github-pat#2»/);
  });

  it('refuses a protected file arriving by another route: a copy, a program, grep output', () => {
    // A copy made before the policy existed: an ordinary (public) file with the same content.
    ws.write('backup/old-env.txt', fs.readFileSync(join(ws.root, '.env'), 'utf8'));
    const insp = inspector();
    const routes = [
      fs.readFileSync(join(ws.root, 'backup/old-env.txt'), 'utf8'),
      `$ python3 -c "print(open('.env').read())"\nDATABASE_URL=postgres://app@db/app\nAPI_TOKEN=${canary}\n`,
      `.env:2:API_TOKEN=${canary}`,
      `the value is ${canary}.`,
    ];
    for (const text of routes) {
      const r = insp.inspect('internal', 'openai', { model: 'coder', messages: [{ role: 'tool', tool_call_id: 'c', content: text }] }, { channel: 'test' });
      assert.equal(r.ok, false, `not refused: ${text}`);
      if (!r.ok) {
        assert.match(r.reason, /content of "\.env" \(class "secret"\)/);
        assert.ok(!r.reason.includes(canary));
      }
    }
  });

  it('recognises restricted code reformatted and line-numbered, but not trivial shared lines', () => {
    const insp = inspector();
    const numbered = AUTH_CODE.split('\n').map((l, i) => `${String(i + 1).padStart(6)}\t   ${l.replace(/ +/g, '  ')}`).join('\n');
    const r = insp.inspect('cloud', 'anthropic', anthropic(`Here is the file:\n${numbered}`), { channel: 'test' });
    assert.equal(r.ok, false);
    // Lines every codebase has (`}`, `return true;`) do not make a public file look restricted.
    const ok = insp.inspect('cloud', 'anthropic', anthropic('  }\n  return true;\n}\n', fs.readFileSync(join(ws.root, 'src/app.ts'), 'utf8')), { channel: 'test' });
    assert.ok(ok.ok);
    assert.equal(ok.protectedRemoved, 0);
  });

  it('applies the class allow-list per endpoint: restricted content reaches internal, never cloud', () => {
    const insp = inspector();
    const toInternal = insp.inspect('internal', 'openai', { model: 'coder', messages: [{ role: 'user', content: AUTH_CODE }] }, { channel: 'test' });
    assert.ok(toInternal.ok);
    assert.ok(toInternal.text.includes('timingSafeEqual(expected'));
    const toCloud = insp.inspect('cloud', 'anthropic', anthropic(AUTH_CODE), { channel: 'test' });
    assert.equal(toCloud.ok, false);
    if (!toCloud.ok) assert.match(toCloud.reason, /"src\/auth\/verify\.ts" \(class "restricted"\).*"cloud"/);
  });

  it('removes content of a class whose rule says redact, in OpenAI tool-call arguments too', () => {
    ws.policy(MODELS_POLICY.replace('"onMatch": "refuse"', '"onMatch": "redact"'));
    const insp = inspector();
    const body = {
      model: 'coder',
      messages: [
        { role: 'assistant', content: null, tool_calls: [{ id: 'c1', type: 'function', function: { name: 'write', arguments: JSON.stringify({ text: `API_TOKEN=${canary}` }) } }] },
        { role: 'user', content: [{ type: 'text', text: `keep this line please\nAPI_TOKEN=${canary}` }] },
      ],
    };
    // With "redact" the request goes, the content does not.
    const r = insp.inspect('internal', 'openai', body, { channel: 'test' });
    assert.ok(r.ok, r.ok ? '' : r.reason);
    assert.ok(!r.text.includes(canary));
    assert.equal(r.protectedRemoved, 2);
    assert.match(r.text, /keep this line please\\nAPI_TOKEN=«protected:secret content removed by Airlock»/);
    const args = JSON.parse((body.messages[0].tool_calls as Array<{ function: { arguments: string } }>)[0].function.arguments) as { text: string };
    assert.equal(args.text, 'API_TOKEN=«protected:secret content removed by Airlock»');
  });

  it('refuses an endpoint the policy does not define, a wire-format mismatch, and everything under an invalid policy', () => {
    const insp = inspector();
    const r1 = insp.inspect('nowhere', 'openai', { messages: [] }, { channel: 'test' });
    assert.ok(!r1.ok && /no model endpoint "nowhere"/.test(r1.reason));
    const r2 = insp.inspect('internal', 'anthropic', anthropic('hi'), { channel: 'test' });
    assert.ok(!r2.ok && /speaks the openai API/.test(r2.reason));
    ws.policy('{ "version": 1, "rules": [ { "paths": ["x"], "class": "nope" } ] }');
    const r3 = inspector().inspect('internal', 'openai', { messages: [{ role: 'user', content: 'hi' }] }, { channel: 'test' });
    assert.ok(!r3.ok && /the policy is invalid/.test(r3.reason));
  });

  it('keeps fingerprints outside the workspace, without the text, and rebuilds them when files change', () => {
    inspector().inspect('internal', 'openai', { messages: [] }, { channel: 'test' });
    const stores = fs.readdirSync(storeDir).filter((f) => f.endsWith('.json'));
    assert.equal(stores.length, 1);
    const stored = fs.readFileSync(join(storeDir, stores[0]), 'utf8');
    assert.ok(!stored.includes(canary) && !stored.includes('timingSafeEqual') && !stored.includes('postgres'));
    assert.equal(fs.statSync(join(storeDir, stores[0])).mode & 0o077, 0);
    assert.ok(!fs.readdirSync(ws.root).some((f) => f.includes('fingerprint')));
    const fresh = `CANARY_${randomBytes(16).toString('hex')}`;
    ws.write('.env', `API_TOKEN=${fresh}\n`);
    const insp = inspector();
    const r = insp.inspect('cloud', 'anthropic', anthropic(`x ${fresh}`), { channel: 'test' });
    assert.equal(r.ok, false);
    const old = insp.inspect('cloud', 'anthropic', anthropic(`x ${canary}`), { channel: 'test' });
    assert.ok(old.ok, 'the old content is no longer protected once the file changed');
  });

  it('one long-lived inspector follows the tree: a changed protected file, a new one, a deleted one', () => {
    const insp = inspector();
    const send = (text: string): boolean => insp.inspect('cloud', 'anthropic', anthropic(text), { channel: 'test' }).ok;
    assert.equal(send(canary), false);
    const changed = `CANARY_${randomBytes(16).toString('hex')}`;
    ws.write('.env', `API_TOKEN=${changed}\n`);
    assert.equal(send(changed), false, 'new content of a protected file');
    const added = `CANARY_${randomBytes(16).toString('hex')}`;
    ws.write('secrets/new.key', `${added}\n`);
    assert.equal(send(added), false, 'a protected file created after start');
    fs.rmSync(join(ws.root, 'secrets/new.key'));
    assert.equal(send(added), true, 'a deleted file is no longer protected content');
  });

  it('a protected file rewritten within the same clock tick at the same size (same mtime) is still read again', () => {
    const insp = inspector();
    const send = (text: string): boolean => insp.inspect('cloud', 'anthropic', anthropic(text), { channel: 'test' }).ok;
    assert.equal(send(canary), false);
    const file = join(ws.root, '.env');
    const { atime, mtime } = fs.statSync(file);
    const same = `CANARY_${randomBytes(16).toString('hex')}`;
    ws.write('.env', fs.readFileSync(file, 'utf8').replace(/CANARY_[0-9a-f]{32}/, same));
    fs.utimesSync(file, atime, mtime); // what a coarse file-system clock gives two writes in one tick
    assert.equal(Math.round(fs.statSync(file).mtimeMs), mtime.getTime()); // utimes takes seconds as a float: sub-ms rounding
    assert.equal(send(same), false, 'the new content is protected');
  });

  it('writes one audit event per request: sizes and hashes, no text unless the policy opts in', () => {
    const tok = new FakeTokens(9).github();
    inspector().inspect('cloud', 'anthropic', anthropic(`secret ${tok}`), { channel: 'gateway', client: 'claude-code', model: 'm' });
    inspector().inspect('cloud', 'anthropic', anthropic(AUTH_CODE), { channel: 'gateway' });
    const lines = fs.readFileSync(join(ws.root, '.airlock/audit/audit.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.equal(lines.length, 2);
    const [sent, refused] = lines;
    assert.equal(sent.kind, 'model');
    assert.equal(sent.verdict, 'allow');
    const ex = sent.exchange as Record<string, unknown>;
    assert.equal(ex.direction, 'request');
    assert.equal(ex.endpoint, 'cloud');
    assert.equal(ex.secretsMasked, 1);
    assert.match(String(ex.sha256), /^[0-9a-f]{64}$/);
    assert.equal(ex.text, undefined);
    assert.equal(refused.verdict, 'deny');
    assert.deepEqual(refused.paths, ['src/auth/verify.ts']);
    const all = fs.readFileSync(join(ws.root, '.airlock/audit/audit.jsonl'), 'utf8');
    assert.ok(!all.includes(tok) && !all.includes('timingSafeEqual'));

    ws.policy(MODELS_POLICY.replace('"classes": {\n      "restricted"', '"auditText": true,\n    "classes": {\n      "restricted"'));
    inspector().inspect('cloud', 'anthropic', anthropic(`opt-in ${tok}`), { channel: 'gateway' });
    const last = JSON.parse(fs.readFileSync(join(ws.root, '.airlock/audit/audit.jsonl'), 'utf8').trim().split('\n').pop() as string) as { exchange: { text: string } };
    assert.match(last.exchange.text, /opt-in «secret:github-pat#1»/);
    assert.ok(!last.exchange.text.includes(tok));
  });
});

describe('outbound inspection against evasion', () => {
  let ws: TempWorkspace;
  let storeDir: string;
  let canary: string;
  beforeEach(() => {
    canary = `CANARY_${randomBytes(16).toString('hex')}`;
    ws = tempWorkspace({ '.env': `API_TOKEN=${canary}\n` });
    ws.policy(MODELS_POLICY.replace('"onMatch": "refuse"', '"onMatch": "redact"'));
    storeDir = fs.mkdtempSync(join(tmpdir(), 'airlock-fp-'));
  });
  afterEach(() => {
    ws.dispose();
    fs.rmSync(storeDir, { recursive: true, force: true });
  });

  it('sees through zero-width characters inserted into a canary, and removes the whole of it', () => {
    const sneaky = `${canary.slice(0, 10)}\u200b${canary.slice(10, 20)}\u2060${canary.slice(20)}`;
    const insp = new OutboundInspector({ engine: () => loadPolicy(ws.root), storeDir, refreshMs: 0 });
    const r = insp.inspect('internal', 'openai', { messages: [{ role: 'user', content: `value: ${sneaky} end` }] }, { channel: 'test' });
    assert.ok(r.ok);
    assert.match(r.text, /value: «protected:secret content removed by Airlock» end/);
    assert.ok(!r.text.includes(canary.slice(20)));
  });

  it('monitor mode sends everything unchanged but records what enforcement would have refused', () => {
    ws.policy(MODELS_POLICY.replace('"version": 1,', '"version": 1, "mode": "monitor",'));
    const insp = new OutboundInspector({ engine: () => loadPolicy(ws.root), storeDir, refreshMs: 0 });
    const r = insp.inspect('cloud', 'anthropic', { messages: [{ role: 'user', content: canary }] }, { channel: 'test' });
    assert.ok(r.ok);
    assert.ok(r.text.includes(canary));
    const last = JSON.parse(fs.readFileSync(join(ws.root, '.airlock/audit/audit.jsonl'), 'utf8').trim().split('\n').pop() as string) as { monitor: boolean; paths: string[]; verdict: string; enforcedVerdict: string; reason: string };
    assert.equal(last.monitor, true);
    assert.equal(last.verdict, 'allow');
    assert.equal(last.enforcedVerdict, 'deny');
    assert.deepEqual(last.paths, ['.env']);
    assert.match(last.reason, /^monitor mode \(sent unchanged; enforcement would refuse it\)/);
  });
});
