// The in-process schedule (what the extension runs): with a "telemetry" section it claims the run
// through the shared stamp and ships the records and a signed checkpoint; within the interval a
// second ticker (another window, the hook) claims nothing; without the section it runs nothing.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { appendAuditEvents } from '../../../src/core/audit/auditAppend';
import { resolveAuditDir } from '../../../src/core/audit/auditLocation';
import { loadPolicy } from '../../../src/core/policy/loadPolicy';
import type { ScheduledRunResult } from '../../../src/core/telemetry/telemetrySchedule';
import { startTelemetryTicker } from '../../../src/core/telemetry/telemetryTicker';
import { OtlpCollector } from '../../helpers/otlpCollector';

describe('telemetry ticker (the schedule inside a long-lived process)', function () {
  this.timeout(60_000);

  it('claims, flushes and checkpoints; a second ticker within the interval runs nothing; no section, no run', async () => {
    const base = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'airlock-ticker-')));
    const root = path.join(base, 'repo');
    const home = path.join(base, 'home');
    fs.mkdirSync(path.join(root, '.airlock'), { recursive: true });
    const collector = new OtlpCollector();
    const endpoint = await collector.listen();
    const names = (): string[] => collector.events().map((e) => e.name);
    const policy = (telemetry: string): void => fs.writeFileSync(path.join(root, '.airlock', 'policy.json'), `{ "version": 1, "rules": [{ "paths": [".env"], "class": "secret" }]${telemetry} }\n`);
    const dir = resolveAuditDir(root).dir;
    appendAuditEvents(dir, [{ kind: 'decision', client: 'claude-code', session: 's', tool: 'Read', paths: ['.env'], verdict: 'deny', class: 'secret' }]);
    const env = { HOME: home, PATH: process.env.PATH };
    const results: ScheduledRunResult[] = [];
    const start = (): ReturnType<typeof startTelemetryTicker> => startTelemetryTicker({ root, engine: () => loadPolicy(root, { env, now: new Date() }), env, serviceVersion: 'test', onResult: (r) => results.push(r) });
    const tickers: ReturnType<typeof startTelemetryTicker>[] = [];
    try {
      policy('');
      tickers.push(start());
      await new Promise((r) => setTimeout(r, 300));
      assert.equal(results.length, 0, 'no telemetry section: nothing runs');

      policy(`, "telemetry": { "otlpEndpoint": "${endpoint}", "intervalSeconds": 600 }`);
      tickers[0].poke();
      for (let i = 0; i < 200 && results.length === 0; i++) await new Promise((r) => setTimeout(r, 50));
      assert.equal(results.length, 1);
      assert.equal(results[0].error, null);
      assert.equal(results[0].flush?.exported, 1);
      assert.ok(names().includes('airlock.decision') && names().includes('airlock.audit.checkpoint'), names().join(','));

      tickers.push(start()); // another window on the same folder
      tickers[0].poke();
      await new Promise((r) => setTimeout(r, 300));
      assert.equal(results.length, 1, 'claimed once per interval across tickers');
    } finally {
      for (const t of tickers) t.stop();
      await collector.close();
    }
  });
});
