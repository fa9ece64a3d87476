// Export and anchoring without a human: the due check, the scheduled run (offline, back online,
// one at a time), spans for records with a measured duration, and the real hook (bundled as it
// ships) starting the detached flush after it has answered.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { build } from 'esbuild';
import { appendAuditEvents } from '../../../src/core/audit/auditAppend';
import { readAnchor } from '../../../src/core/audit/auditAnchor';
import { tryExclusiveLock } from '../../../src/core/audit/auditLock';
import { readAuditLeaves } from '../../../src/core/audit/auditLeaves';
import { runCli } from '../../../src/cli/runCli';
import { claimScheduledRun, SCHEDULE_STAMP } from '../../../src/core/telemetry/telemetryDue';
import { FLUSH_LOCK, LAST_RUN_FILE } from '../../../src/core/telemetry/telemetrySchedule';
import { MINIMAL_POLICY } from '../cli/secretsCliKit';
import { attrsOf, type OtlpAttributes, OtlpCollector } from '../../helpers/otlpCollector';
import { auditRepo, type AuditRepo } from '../../helpers/auditRepo';

function attr(list: OtlpAttributes, key: string): unknown {
  return attrsOf(list)[key];
}

/** The audit sequence numbers of the decisions and model exchanges the collector received. */
function seqs(rx: OtlpCollector): unknown[] {
  return rx.logs.filter((l) => l.eventName === 'airlock.decision' || l.eventName === 'airlock.model').map((l) => attr(l.attributes, 'airlock.record.seq'));
}

function checkpoints(rx: OtlpCollector): number[] {
  return rx.logs.filter((l) => l.eventName === 'airlock.audit.checkpoint').map((l) => Number(attr(l.attributes, 'airlock.checkpoint.size')));
}

function workspace(telemetry: object): AuditRepo {
  return auditRepo({ policy: JSON.stringify({ ...(JSON.parse(MINIMAL_POLICY) as object), telemetry }) });
}

async function scheduled(root: string, home: string): Promise<{ code: number; out: string }> {
  let out = '';
  const code = await runCli({ argv: ['telemetry', 'flush', '--scheduled', '--root', root], cwd: root, env: { HOME: home }, stdout: (t) => (out += t), stderr: (t) => (out += t), readStdin: () => Promise.resolve(''), now: () => new Date() });
  return { code, out };
}

async function waitFor(what: string, cond: () => boolean, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('telemetry schedule (flush + signed checkpoint without a human)', function () {
  this.timeout(120_000);

  it('claims a run once per interval; a stamp in the future does not block runs', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'airlock-due-'));
    const t = Date.parse('2026-05-01T12:00:00Z');
    assert.equal(claimScheduledRun(path.join(dir, 'missing'), 60_000, t), false, 'no audit folder: nothing to run');
    assert.equal(claimScheduledRun(dir, 60_000, t), true);
    assert.equal(claimScheduledRun(dir, 60_000, t + 1_000), false);
    assert.equal(claimScheduledRun(dir, 60_000, t + 59_999), false);
    assert.equal(claimScheduledRun(dir, 60_000, t + 60_000), true);
    const future = new Date(t + 10 * 86_400_000);
    fs.utimesSync(path.join(dir, SCHEDULE_STAMP), future, future);
    assert.equal(claimScheduledRun(dir, 60_000, t + 61_000), true, 'a planted future stamp would otherwise stop every run');
  });

  it('signs and anchors while offline, then sends every record and the pending checkpoint exactly once', async () => {
    const rx = new OtlpCollector();
    const endpoint = await rx.listen();
    await rx.close();
    const { root, home, dir } = workspace({ otlpEndpoint: endpoint, intervalSeconds: 10 });
    appendAuditEvents(dir, [1, 2, 3].map((i) => ({ kind: 'decision' as const, tool: 'Read', verdict: 'allow' as const, paths: [`f${i}`] })));

    const down = await scheduled(root, home);
    assert.equal(down.code, 1, down.out);
    assert.match(down.out, /stay queued/);
    const last = JSON.parse(fs.readFileSync(path.join(dir, LAST_RUN_FILE), 'utf8')) as { ran: boolean; error: string | null; checkpointSize: number };
    assert.equal(last.ran, true);
    assert.match(String(last.error), /OTLP export failed/);
    assert.equal(last.checkpointSize, 3, 'anchoring does not wait for the network');
    assert.match(readAnchor(root)?.note ?? '', /\n3\n/);

    const back = new OtlpCollector();
    await back.listen(Number(new URL(endpoint).port));
    try {
      assert.equal((await scheduled(root, home)).code, 0);
      assert.deepEqual(seqs(back), [1, 2, 3]);
      assert.deepEqual(checkpoints(back), [3], 'the checkpoint signed while offline is shipped now');
      // Nothing new: nothing sent, no new checkpoint commit.
      const anchorBefore = readAnchor(root)?.commit;
      assert.equal((await scheduled(root, home)).code, 0);
      assert.equal(back.logs.length, 4);
      assert.equal(readAnchor(root)?.commit, anchorBefore);
      appendAuditEvents(dir, [{ kind: 'decision', tool: 'Edit', verdict: 'deny', paths: ['.env'] }]);
      assert.equal((await scheduled(root, home)).code, 0);
      assert.deepEqual(seqs(back), [1, 2, 3, 4]);
      assert.deepEqual(checkpoints(back), [3, 4]);
      assert.notEqual(readAnchor(root)?.commit, anchorBefore);
      // Every record carries its dedupe id (the leaf hash), distinct per record.
      const uids = back.logs.filter((l) => l.eventName === 'airlock.decision').map((l) => attr(l.attributes, 'log.record.uid'));
      assert.equal(new Set(uids).size, 4);
      assert.deepEqual(uids, readAuditLeaves(dir).hashes.map((h) => h.toString('hex')));
    } finally {
      await back.close();
    }
  });

  it('runs one at a time: a run that finds the flush lock held sends nothing', async () => {
    const rx = new OtlpCollector();
    const endpoint = await rx.listen();
    const { root, home, dir } = workspace({ otlpEndpoint: endpoint });
    appendAuditEvents(dir, [{ kind: 'decision', tool: 'Read', verdict: 'allow' }]);
    const release = tryExclusiveLock(path.join(dir, FLUSH_LOCK), 60_000);
    assert.ok(release);
    try {
      assert.equal((await scheduled(root, home)).code, 0);
      assert.equal(rx.logs.length, 0);
    } finally {
      release();
    }
    // A lock left by a dead process is broken.
    fs.writeFileSync(path.join(dir, FLUSH_LOCK), `999999999 ${os.hostname()} 2026-01-01T00:00:00Z`);
    assert.equal((await scheduled(root, home)).code, 0);
    assert.deepEqual(seqs(rx), [1]);
    await rx.close();
  });

  it('sends timed decisions and gateway requests as spans with stable ids, and never model text', async () => {
    const rx = new OtlpCollector();
    const endpoint = await rx.listen();
    const { root, home, dir } = workspace({ otlpEndpoint: endpoint });
    const secretText = 'the masked prompt text must not leave';
    appendAuditEvents(dir, [
      { kind: 'decision', time: '2026-05-01T10:00:00.000Z', client: 'claude-code', session: 's1', tool: 'Read', toolUseId: 'toolu_1', action: 'read', paths: ['.env'], verdict: 'deny', class: 'secret', durationMs: 12.5 },
      { kind: 'model', time: '2026-05-01T10:00:02.000Z', client: 'claude-cli', tool: 'gateway', model: 'claude-sonnet-4', verdict: 'allow', durationMs: 850, exchange: { direction: 'response', endpoint: 'anthropic', bytes: 120, sha256: 'a'.repeat(64), secretsMasked: 0, protectedRemoved: 0, text: secretText } },
      { kind: 'ai-edit', client: 'claude-code', tool: 'Edit', paths: ['src/a.ts'] },
    ]);
    try {
      assert.equal((await scheduled(root, home)).code, 0);
      assert.equal(rx.requests.map((q) => q.raw).some((r) => r.includes(secretText)), false);
      assert.equal(rx.spans.length, 2, 'the untimed AI edit is a log record only');
      const [tool, chat] = rx.spans;
      const leaves = readAuditLeaves(dir).hashes.map((h) => h.toString('hex'));
      assert.equal(tool.name, 'execute_tool Read');
      assert.equal(tool.traceId, leaves[0].slice(0, 32));
      assert.equal(tool.spanId, leaves[0].slice(32, 48));
      assert.equal(BigInt(tool.endTimeUnixNano), BigInt(Date.parse('2026-05-01T10:00:00.000Z')) * 1_000_000n);
      assert.equal(BigInt(tool.endTimeUnixNano) - BigInt(tool.startTimeUnixNano), 12_500_000n);
      assert.equal(attr(tool.attributes, 'gen_ai.tool.call.id'), 'toolu_1');
      assert.equal(attr(tool.attributes, 'airlock.verdict'), 'deny');
      assert.equal(chat.name, 'chat claude-sonnet-4');
      assert.equal(chat.kind, 3, 'a gateway request is a CLIENT span');
      assert.equal(attr(chat.attributes, 'gen_ai.operation.name'), 'chat');
      assert.equal(attr(chat.attributes, 'airlock.exchange.endpoint'), 'anthropic');
      assert.equal(attr(chat.attributes, 'airlock.exchange.bytes'), 120);
      const gatewayLog = rx.logs.find((l) => l.eventName === 'airlock.model');
      assert.equal(attr(gatewayLog?.attributes ?? [], 'airlock.exchange.direction'), 'response');
      // A resend (the cursor lost in a crash) repeats the same ids: the collector can drop duplicates.
      fs.rmSync(path.join(dir, 'otlp-cursor.json'));
      fs.rmSync(path.join(dir, 'otlp-schedule.stamp'), { force: true });
      assert.equal((await scheduled(root, home)).code, 0);
      assert.equal(rx.spans.length, 4);
      assert.deepEqual([rx.spans[2].spanId, rx.spans[3].spanId], [tool.spanId, chat.spanId]);
    } finally {
      await rx.close();
    }
  });

  it('the shipped hook answers, then starts the flush detached; within the interval it starts none', async () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'airlock-hookdist-'));
    const src = path.join(__dirname, '..', '..', '..', 'src', 'cli');
    await build({ entryPoints: { cli: path.join(src, 'main.ts'), hook: path.join(src, 'hookMain.ts'), commands: path.join(src, 'commandsMain.ts') }, outdir: out, bundle: true, platform: 'node', format: 'cjs', target: 'node20', mainFields: ['module', 'main'], logLevel: 'silent' });
    const rx = new OtlpCollector();
    const endpoint = await rx.listen();
    const { root, home, dir } = workspace({ otlpEndpoint: endpoint, intervalSeconds: 3600 });
    fs.writeFileSync(path.join(root, '.airlock', 'policy.json'), JSON.stringify({ version: 1, classes: { public: { read: 'allow', edit: 'allow', risk: 'low' }, secret: { read: 'deny', edit: 'deny', risk: 'high' } }, default: 'public', rules: [{ class: 'secret', paths: ['.env'] }], telemetry: { otlpEndpoint: endpoint, intervalSeconds: 3600 } }));
    const hook = (file: string, id: string): { status: number | null; output: string } => {
      const payload = { session_id: 'sess-hook', cwd: root, hook_event_name: 'PreToolUse', tool_name: 'Read', tool_input: { file_path: path.join(root, file) }, tool_use_id: id };
      const r = spawnSync(process.execPath, [path.join(out, 'cli.js'), 'hook', '--client', 'claude-code'], { input: JSON.stringify(payload), env: { PATH: process.env.PATH, HOME: home, CLAUDE_PROJECT_DIR: root }, encoding: 'utf8', timeout: 30_000 });
      return { status: r.status, output: r.stdout + r.stderr };
    };
    try {
      const first = hook('.env', 'toolu_h1');
      assert.equal(first.status, 2, 'Claude Code reads exit 2 as a block');
      assert.match(first.output, /read denied: "\.env"/);
      await waitFor('the detached flush to deliver the decision', () => checkpoints(rx).length === 1);
      assert.deepEqual(seqs(rx), [1]);
      const d = rx.logs[0].attributes;
      assert.equal(attr(d, 'gen_ai.tool.call.id'), 'toolu_h1');
      assert.equal(typeof attr(d, 'airlock.duration_ms'), 'number', 'the hook measured its decision');
      assert.equal(rx.spans.length, 1);
      await waitFor('the scheduled run to record its outcome', () => fs.existsSync(path.join(dir, LAST_RUN_FILE)));
      const stamp = fs.statSync(path.join(dir, SCHEDULE_STAMP)).mtimeMs;
      const lastRun = fs.readFileSync(path.join(dir, LAST_RUN_FILE), 'utf8');
      const second = hook('src/a.ts', 'toolu_h2');
      assert.equal(second.status, 0, second.output);
      assert.equal(fs.statSync(path.join(dir, SCHEDULE_STAMP)).mtimeMs, stamp, 'not due again within the interval');
      assert.equal(fs.readFileSync(path.join(dir, LAST_RUN_FILE), 'utf8'), lastRun);
      assert.equal(readAuditLeaves(dir).hashes.length, 2, 'the second decision waits in the log for the next run');
    } finally {
      await rx.close();
    }
  });
});
