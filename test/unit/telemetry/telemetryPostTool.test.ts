// The telemetry schedule starts on every hook event under a policy, not only on the events that
// decide: a session of post-tool events alone still gets its flush + checkpoint. The real bundled
// CLI answers each event; the detached flush it starts ships to a real collector on 127.0.0.1.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { appendAuditEvents } from '../../../src/core/audit/auditAppend';
import { installLauncher } from '../../../src/core/launcher/launcherInstall';
import { readAuditLeaves } from '../../../src/core/audit/auditLeaves';
import { SCHEDULE_STAMP } from '../../../src/core/telemetry/telemetryDue';
import { LAST_RUN_FILE } from '../../../src/core/telemetry/telemetrySchedule';
import { MINIMAL_POLICY } from '../cli/secretsCliKit';
import { attrsOf, OtlpCollector } from '../../helpers/otlpCollector';
import { auditRepo, type AuditRepo } from '../../helpers/auditRepo';
import { buildCli, runCli } from '../../helpers/builtCli';
import { until } from '../../helpers/waitUntil';

function workspace(endpoint: string): AuditRepo {
  const repo = auditRepo({ policy: JSON.stringify({ ...(JSON.parse(MINIMAL_POLICY) as object), telemetry: { otlpEndpoint: endpoint, intervalSeconds: 3600 } }) });
  fs.mkdirSync(path.join(repo.root, 'src'));
  fs.writeFileSync(path.join(repo.root, 'src', 'a.ts'), 'export const a = 1;\n');
  // Records an earlier session left unsent: the only way they leave now is a scheduled run.
  appendAuditEvents(repo.dir, [1, 2].map((i) => ({ kind: 'decision' as const, tool: 'Read', verdict: 'allow' as const, paths: [`f${i}`] })));
  return repo;
}

/** One Claude Code event of `name` (no pre-tool event before it) through the built CLI. */
function hook(repo: AuditRepo, name: string, id: string): { status: number | null; output: string } {
  const file = path.join(repo.root, 'src', 'a.ts');
  const tool = name.startsWith('PostToolUse') ? { tool_name: 'Edit', tool_input: { file_path: file, old_string: '1', new_string: '2' }, tool_use_id: id } : {};
  const payload = { session_id: `sess-${id}`, transcript_path: '/tmp/t', cwd: repo.root, hook_event_name: name, ...tool, ...(name === 'PostToolUse' ? { tool_response: { filePath: file } } : {}), ...(name === 'PostToolUseFailure' ? { error: 'failed' } : {}) };
  const r = runCli(['hook', '--client', 'claude-code'], { cwd: repo.root, input: JSON.stringify(payload), env: { PATH: process.env.PATH, HOME: repo.home, CLAUDE_PROJECT_DIR: repo.root, XDG_CACHE_HOME: path.join(repo.home, '.cache') } });
  return { status: r.status, output: r.stdout + r.stderr };
}

function sentSeqs(rx: OtlpCollector): unknown[] {
  return rx.logs.filter((l) => l.eventName === 'airlock.decision').map((l) => attrsOf(l.attributes)['airlock.record.seq']);
}

function checkpointSizes(rx: OtlpCollector): number[] {
  return rx.logs.filter((l) => l.eventName === 'airlock.audit.checkpoint').map((l) => Number(attrsOf(l.attributes)['airlock.checkpoint.size']));
}

describe('telemetry schedule on events that decide nothing (post-tool, stop, session start)', function () {
  this.timeout(180_000);
  before(() => buildCli());

  it('a post-tool event alone starts the due flush after answering; within the interval the next one starts none', async () => {
    const rx = new OtlpCollector();
    const repo = workspace(await rx.listen());
    try {
      assert.equal(fs.existsSync(path.join(repo.dir, SCHEDULE_STAMP)), false, 'no run has been claimed yet');
      const first = hook(repo, 'PostToolUse', 'toolu_p1');
      assert.equal(first.status, 0, first.output);
      // Claimed by the hook process itself, before it exited.
      assert.ok(fs.existsSync(path.join(repo.dir, SCHEDULE_STAMP)), 'the post-tool hook claimed the due run');
      await until('the detached flush to ship the waiting records and a checkpoint', () => checkpointSizes(rx).length === 1, 60_000);
      const leaves = readAuditLeaves(repo.dir).hashes.length;
      assert.ok(leaves >= 2);
      assert.deepEqual(sentSeqs(rx), [1, 2]);
      assert.deepEqual(checkpointSizes(rx), [leaves], 'the checkpoint covers the log as it stood when the run began');
      await until('the scheduled run to record its outcome', () => fs.existsSync(path.join(repo.dir, LAST_RUN_FILE)), 60_000);
      const lastRun = fs.readFileSync(path.join(repo.dir, LAST_RUN_FILE), 'utf8');
      assert.equal((JSON.parse(lastRun) as { error: string | null }).error, null, lastRun);

      const stamp = fs.statSync(path.join(repo.dir, SCHEDULE_STAMP)).mtimeMs;
      appendAuditEvents(repo.dir, [{ kind: 'decision', tool: 'Read', verdict: 'allow', paths: ['f3'] }]);
      const second = hook(repo, 'PostToolUse', 'toolu_p2');
      assert.equal(second.status, 0, second.output);
      // The claim is made (or not) inside the hook process: once it has exited, nothing else can start a run.
      assert.equal(fs.statSync(path.join(repo.dir, SCHEDULE_STAMP)).mtimeMs, stamp, 'not due again within the interval');
      assert.equal(fs.readFileSync(path.join(repo.dir, LAST_RUN_FILE), 'utf8'), lastRun, 'no second run');
    } finally {
      await rx.close();
    }
  });

  it('a fresh stamp (a run claimed elsewhere, e.g. by the editor) keeps a post-tool event from starting one', async () => {
    const rx = new OtlpCollector();
    const repo = workspace(await rx.listen());
    try {
      fs.writeFileSync(path.join(repo.dir, SCHEDULE_STAMP), `${new Date().toISOString()}\n`);
      const stamp = fs.statSync(path.join(repo.dir, SCHEDULE_STAMP)).mtimeMs;
      const r = hook(repo, 'PostToolUse', 'toolu_n1');
      assert.equal(r.status, 0, r.output);
      assert.equal(fs.statSync(path.join(repo.dir, SCHEDULE_STAMP)).mtimeMs, stamp);
      assert.equal(fs.existsSync(path.join(repo.dir, LAST_RUN_FILE)), false, 'no run was started');
    } finally {
      await rx.close();
    }
  });

  it('through the per-user launcher (the default hook command) the due flush starts too: the launcher runs it', async () => {
    const rx = new OtlpCollector();
    const repo = workspace(await rx.listen());
    try {
      const env = { PATH: process.env.PATH, HOME: repo.home, CLAUDE_PROJECT_DIR: repo.root, XDG_CACHE_HOME: path.join(repo.home, '.cache') };
      installLauncher(path.resolve(__dirname, '../../../dist'), env);
      const file = path.join(repo.root, 'src', 'a.ts');
      const payload = { session_id: 'sess-l', transcript_path: '/tmp/t', cwd: repo.root, hook_event_name: 'PostToolUse', tool_name: 'Edit', tool_input: { file_path: file, old_string: '1', new_string: '2' }, tool_use_id: 'toolu_l1', tool_response: { filePath: file } };
      const r = spawnSync(path.join(repo.home, '.airlock', 'bin', 'airlock'), ['hook', '--client', 'claude-code'], { cwd: repo.root, input: JSON.stringify(payload), env, encoding: 'utf8' });
      assert.equal(r.status, 0, r.stdout + r.stderr);
      assert.ok(fs.existsSync(path.join(repo.dir, SCHEDULE_STAMP)), 'the hook claimed the due run');
      await until('the flush the launcher started to ship', () => checkpointSizes(rx).length === 1, 60_000);
      assert.deepEqual(sentSeqs(rx), [1, 2]);
    } finally {
      await rx.close();
    }
  });

  for (const name of ['PostToolUseFailure', 'Stop', 'SessionStart']) {
    it(`${name} alone starts the due flush too`, async () => {
      const rx = new OtlpCollector();
      const repo = workspace(await rx.listen());
      try {
        const r = hook(repo, name, `toolu_${name}`);
        assert.equal(r.status, 0, r.output);
        assert.ok(fs.existsSync(path.join(repo.dir, SCHEDULE_STAMP)), `${name} claimed the due run`);
        await until('the detached flush to ship', () => checkpointSizes(rx).length === 1, 60_000);
        assert.deepEqual(sentSeqs(rx), [1, 2]);
      } finally {
        await rx.close();
      }
    });
  }
});
