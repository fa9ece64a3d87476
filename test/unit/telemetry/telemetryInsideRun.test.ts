// A hook inside `airlock run` cannot write the audit folder (read-only there) and may have no
// network: its due telemetry run goes over the audit relay to `airlock run`, which claims it and
// starts the flush + checkpoint outside. Real bubblewrap, the built CLI, a real collector.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { resolveAuditDir } from '../../../src/core/audit/auditLocation';
import { requestScheduledRunViaRelay, startAuditRelay } from '../../../src/core/audit/auditRelay';
import { claimScheduledRun, SCHEDULE_STAMP } from '../../../src/core/telemetry/telemetryDue';
import { LAST_RUN_FILE } from '../../../src/core/telemetry/telemetrySchedule';
import { CLI } from '../../helpers/builtCli';
import { hookPayload } from '../../helpers/hookPayloads';
import { OtlpCollector } from '../../helpers/otlpCollector';
import { sandboxSuite } from '../../helpers/sandboxWorkspace';

describe('telemetry schedule from a hook inside airlock run (through the audit relay)', function () {
  const template = sandboxSuite(this, 300_000);

  it('the hook inside asks; airlock run outside claims the run and ships the decision made inside', async () => {
    const collector = new OtlpCollector();
    const endpoint = await collector.listen();
    const events = (): ReturnType<OtlpCollector['events']> => collector.events();
    try {
      const ws = template.fresh();
      const policyFile = path.join(ws, '.airlock', 'policy.json');
      writeFileSync(policyFile, readFileSync(policyFile, 'utf8').replace('"version": 1,', `"version": 1,\n  "telemetry": { "otlpEndpoint": "${endpoint}", "intervalSeconds": 10 },`));
      const home = path.join(ws, '..', `home-${path.basename(ws)}`);
      mkdirSync(home, { recursive: true });
      const dir = resolveAuditDir(ws).dir;
      const payload = JSON.stringify(hookPayload({ client: 'claude-code', tool: 'Read', input: { file_path: path.join(ws, '.env') } }, ws));
      const script = `echo '${payload}' | ${process.execPath} ${CLI} hook --client claude-code > /dev/null; echo hook=$?; touch ${dir}/${SCHEDULE_STAMP} 2>/dev/null || echo stamp-read-only`;
      const r = spawnSync(process.execPath, [CLI, 'run', '--', '/bin/bash', '-c', script], { cwd: ws, encoding: 'utf8', env: { ...process.env, HOME: home, AIRLOCK_BASELINE: '' } });
      assert.equal(r.status, 0, r.stderr);
      // Inside, the folder (and so the schedule stamp) is read-only: only the relay could ask.
      assert.deepEqual(r.stdout.trim().split('\n'), ['hook=2', 'stamp-read-only']);
      // The detached run records its outcome after the collector has answered: wait for both.
      const done = (): boolean => events().some((e) => e.name === 'airlock.audit.checkpoint') && existsSync(path.join(dir, LAST_RUN_FILE));
      for (let i = 0; i < 300 && !done(); i++) await new Promise((res) => setTimeout(res, 100));
      const denial = events().find((e) => e.name === 'airlock.decision' && e.attrs['airlock.verdict'] === 'deny' && e.attrs['gen_ai.tool.name'] === 'Read');
      assert.ok(denial, `the decision made inside never reached the collector: ${JSON.stringify(events().map((e) => e.name))}`);
      assert.ok(events().some((e) => e.name === 'airlock.audit.checkpoint'), 'a signed checkpoint went out too');
      // Claimed and run outside: the stamp and the outcome are in the (outside-writable) folder.
      assert.ok(existsSync(path.join(dir, SCHEDULE_STAMP)));
      const last = JSON.parse(readFileSync(path.join(dir, LAST_RUN_FILE), 'utf8')) as { ran: boolean; error: string | null };
      assert.equal(last.error, null);
      assert.equal(last.ran, true);
    } finally {
      await collector.close();
    }
  });

  it('the relay: a schedule request for another log is refused; a flood of requests claims one run per interval', async () => {
    const scratch = realpathSync(mkdtempSync(path.join(tmpdir(), 'airlock-relay-sched-')));
    const dir = path.join(scratch, 'audit');
    mkdirSync(dir);
    let claimed = 0;
    let asked = 0;
    const relay = await startAuditRelay(dir, scratch, { onScheduleRequest: () => { asked++; if (claimScheduledRun(dir, 60_000)) claimed++; } });
    const bare = await startAuditRelay(dir, scratch);
    try {
      await assert.rejects(requestScheduledRunViaRelay(relay.socketPath, path.join(scratch, 'elsewhere')), /another log/);
      await assert.rejects(requestScheduledRunViaRelay(bare.socketPath, dir), /no telemetry schedule here/);
      await Promise.all(Array.from({ length: 20 }, () => requestScheduledRunViaRelay(relay.socketPath, dir)));
      assert.equal(asked, 20);
      assert.equal(claimed, 1, 'whatever runs inside, outside runs the schedule at most once per interval');
    } finally {
      await relay.close();
      await bare.close();
      rmSync(scratch, { recursive: true, force: true });
    }
  });
});
