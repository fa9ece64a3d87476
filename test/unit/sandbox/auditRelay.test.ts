// Under `airlock run` the audit log belongs to `airlock run`, outside: read-only inside (no
// append, truncation, removal or rename), the socket it listens on cannot be replaced, and the
// hooks inside still get every decision recorded, through it. Real bubblewrap, real sockets.
import * as assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import * as path from 'node:path';
import { createInterface } from 'node:readline';
import { resolveAuditDir } from '../../../src/core/audit/auditLocation';
import { AUDIT_LOG_ENV, AUDIT_SOCKET_ENV, postToAuditRelay, recordAuditEvents, recordAuditEventsSync, sendToAuditRelay, startAuditRelay } from '../../../src/core/audit/auditRelay';
import { verifyAuditLog } from '../../../src/core/audit/auditVerify';
import { CLI } from '../../helpers/builtCli';
import { hookPayload } from '../../helpers/hookPayloads';
import { sandboxSuite } from '../../helpers/sandboxWorkspace';
import { until } from '../../helpers/waitUntil';

const TSX = path.resolve(__dirname, '../../../node_modules/.bin/tsx');

function lines(dir: string): string[] {
  return readFileSync(path.join(dir, 'audit.jsonl'), 'utf8').trim().split('\n');
}

describe('the audit log under airlock run: owned outside, appended through a socket', function () {
  const template = sandboxSuite(this, 300_000);

  it('inside, the log cannot be appended, truncated, removed or renamed, nor the socket replaced; the hook inside still records', () => {
    const ws = template.fresh();
    const dir = resolveAuditDir(ws).dir;
    const payload = JSON.stringify(hookPayload({ client: 'claude-code', tool: 'Read', input: { file_path: path.join(ws, '.env') } }, ws));
    const script = [
      `echo forged >> ${dir}/audit.jsonl || echo refused`,
      `: > ${dir}/audit.jsonl || echo refused`,
      `rm ${dir}/audit.jsonl 2>/dev/null || echo refused`,
      `mv ${dir} ${dir}.gone 2>/dev/null || echo refused`,
      `rm "$${AUDIT_SOCKET_ENV}" 2>/dev/null || echo refused`,
      `echo '${payload}' | ${process.execPath} ${CLI} hook --client claude-code > /dev/null; echo hook=$?`,
    ].join('; ');
    const r = spawnSync(process.execPath, [CLI, 'run', '--', '/bin/bash', '-c', script], { cwd: ws, encoding: 'utf8', env: { ...process.env } });
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(r.stdout.trim().split('\n'), ['refused', 'refused', 'refused', 'refused', 'refused', 'hook=2']);
    const recorded = lines(dir).map((l) => JSON.parse(l) as { tool?: string; verdict?: string; paths?: string[] });
    assert.ok(recorded.some((e) => e.tool === 'Read' && e.verdict === 'deny' && e.paths?.includes('.env')), 'the decision made inside is in the log');
    assert.ok(!readFileSync(path.join(dir, 'audit.jsonl'), 'utf8').includes('forged'));
    assert.equal(verifyAuditLog(dir).ok, true);
  });

  it("hooks hand their records over without waiting for the append: every one is in the log when run ends, the last one's hook exiting with the agent", () => {
    const ws = template.fresh();
    const dir = resolveAuditDir(ws).dir;
    const before = lines(dir).length;
    const payload = JSON.stringify(hookPayload({ client: 'claude-code', tool: 'Read', input: { file_path: path.join(ws, 'src', 'app.ts') } }, ws));
    const hook = `echo '${payload}' | ${process.execPath} ${CLI} hook --client claude-code > /dev/null`;
    // Three at once, then one more as the agent's last act (nothing after it).
    const script = `for i in $(seq 1 12); do ${hook}; done; ${hook} & ${hook} & ${hook} & wait; ${hook}`;
    const r = spawnSync(process.execPath, [CLI, 'run', '--', '/bin/bash', '-c', script], { cwd: ws, encoding: 'utf8', env: { ...process.env } });
    assert.equal(r.status, 0, r.stderr);
    assert.doesNotMatch(r.stderr, /could not/);
    const recorded = lines(dir).slice(before).map((l) => JSON.parse(l) as { tool?: string; paths?: string[] });
    assert.equal(recorded.filter((e) => e.tool === 'Read' && e.paths?.includes('src/app.ts')).length, 16);
    assert.equal(verifyAuditLog(dir).ok, true);
  });

  describe('the relay itself', () => {
    let scratch = '';
    beforeEach(() => {
      scratch = realpathSync(mkdtempSync(path.join(tmpdir(), 'airlock-relay-')));
    });
    afterEach(() => rmSync(scratch, { recursive: true, force: true }));

    it('appends a batch for its own log only; garbage and another log are refused, the log stays intact', async () => {
      const dir = path.join(scratch, 'audit');
      const other = path.join(scratch, 'other');
      mkdirSync(dir);
      mkdirSync(other);
      const relay = await startAuditRelay(dir, scratch);
      try {
        await sendToAuditRelay(relay.socketPath, dir, [{ kind: 'decision', tool: 'Bash', verdict: 'allow' }]);
        await assert.rejects(sendToAuditRelay(relay.socketPath, other, [{ kind: 'decision', tool: 'Bash' }]), /another log/);
        await assert.rejects(sendToAuditRelay(relay.socketPath, dir, []), /not an audit batch/);
        await assert.rejects(sendToAuditRelay(relay.socketPath, dir, ['x' as never]), /not an audit batch/);
        // Only what hooks record: no reviews, exceptions or sync records forged from inside.
        for (const kind of ['review', 'exception', 'sync', 'audit'] as const) await assert.rejects(sendToAuditRelay(relay.socketPath, dir, [{ kind }]), /not an audit batch/, kind);
        await assert.rejects(sendToAuditRelay(relay.socketPath, dir, Array.from({ length: 101 }, () => ({ kind: 'decision' as const }))), /not an audit batch/);
        // The user and host are the relay's, whatever the sender claims.
        await sendToAuditRelay(relay.socketPath, dir, [{ kind: 'decision', user: 'someone-else', host: 'elsewhere' }]);
        const last = JSON.parse(lines(dir)[1] ?? '{}') as { user?: string; host?: string };
        assert.notEqual(last.user, 'someone-else');
        assert.equal(last.host, hostname());
        assert.equal(lines(dir).length, 2);
        assert.equal(verifyAuditLog(dir).ok, true);
      } finally {
        await relay.close();
      }
    });

    it("a hook hands its batch over without waiting for the append; a failed append is told by the relay's side, never silent", async () => {
      const dir = path.join(scratch, 'audit');
      mkdirSync(dir);
      const lost: string[] = [];
      const relay = await startAuditRelay(dir, scratch, { onAppendError: (m) => lost.push(m) });
      try {
        await postToAuditRelay(relay.socketPath, dir, [{ kind: 'decision', tool: 'Grep', verdict: 'allow' }]);
        await until('the append', () => existsSync(path.join(dir, 'audit.jsonl')) && lines(dir).length === 1);
        assert.equal((JSON.parse(lines(dir)[0] ?? '{}') as { tool?: string }).tool, 'Grep');
        // The log's file replaced by a folder: the append fails after the sender has gone.
        const broken = path.join(scratch, 'broken');
        mkdirSync(path.join(broken, 'audit.jsonl'), { recursive: true });
        const other = await startAuditRelay(broken, scratch, { onAppendError: (m) => lost.push(m) });
        try {
          await postToAuditRelay(other.socketPath, broken, [{ kind: 'decision', tool: 'Read' }]);
          await until('the loss report', () => lost.length === 1);
          assert.match(lost[0] ?? '', /1 audit record from a hook inside could not be appended to .*broken/);
        } finally {
          await other.close();
        }
        // No relay listening: the sender hears it (and falls back to the folder).
        await assert.rejects(postToAuditRelay(path.join(scratch, 'nobody.sock'), dir, [{ kind: 'decision' }]));
      } finally {
        await relay.close();
      }
    });

    it("the hooks' path posts to the relay's own log only: a record for another log waits for the refusal and lands in that folder", async () => {
      const dir = path.join(scratch, 'audit');
      const other = path.join(scratch, 'other');
      mkdirSync(dir);
      mkdirSync(other);
      const relay = await startAuditRelay(dir, scratch);
      const errors: string[] = [];
      try {
        const env = { [AUDIT_SOCKET_ENV]: relay.socketPath, [AUDIT_LOG_ENV]: relay.dir };
        recordAuditEvents(dir, [{ kind: 'decision', tool: 'Glob' }], env, (e) => errors.push(e.message));
        recordAuditEvents(other, [{ kind: 'decision', tool: 'Read' }], env, (e) => errors.push(e.message));
        await until('both appends', () => existsSync(path.join(dir, 'audit.jsonl')) && existsSync(path.join(other, 'audit.jsonl')));
        assert.deepEqual(lines(dir).map((l) => (JSON.parse(l) as { tool?: string }).tool), ['Glob']);
        assert.deepEqual(lines(other).map((l) => (JSON.parse(l) as { tool?: string }).tool), ['Read']);
        assert.deepEqual(errors, []);
      } finally {
        await relay.close();
      }
    });

    it('the synchronous path (governed tools, which refuse when nothing is recorded) goes through a relay in another process', async () => {
      const dir = path.join(scratch, 'audit');
      mkdirSync(dir);
      const server = spawn(TSX, [path.resolve(__dirname, '../../helpers/auditRelayServer.ts'), dir, scratch], { stdio: ['ignore', 'pipe', 'inherit'] });
      try {
        const socket = await new Promise<string>((resolve) => createInterface({ input: server.stdout }).once('line', resolve));
        recordAuditEventsSync(dir, [{ kind: 'decision', tool: 'airlock_read', verdict: 'allow' }], { [AUDIT_SOCKET_ENV]: socket });
        assert.equal(lines(dir).length, 1);
        // Refused by the relay (another log) and not writable directly either: an error, never silence.
        assert.throws(() => recordAuditEventsSync(path.join(dir, 'audit.jsonl', 'x'), [{ kind: 'decision' }], { [AUDIT_SOCKET_ENV]: socket }), /audit relay refused/);
      } finally {
        server.kill('SIGTERM');
      }
    });
  });
});
