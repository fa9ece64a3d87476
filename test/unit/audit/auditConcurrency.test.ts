import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { AuditRecord } from '../../../src/core/audit/auditTypes';
import { verifyAuditLog } from '../../../src/core/audit/auditVerify';
import { checkAgainstCheckpoint, createAuditCheckpoint } from '../../../src/core/audit/auditCheckpoint';
import { generateSignerKey, parseSignerKey, parseVerifierKey } from '../../../src/core/audit/signedNote';
import { readLines, tempAuditDir } from './auditTestUtil';

const WORKERS = 8;
const EVENTS = 1000;

function runWorker(dir: string, id: number, startAt: number, maxFileBytes: number): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-r', require.resolve('tsx/cjs'), path.join(__dirname, 'appendWorker.ts'), dir, String(id), String(EVENTS), String(startAt), String(maxFileBytes)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

describe('appendAuditEvents across processes', function () {
  this.timeout(180_000);

  it(`keeps one intact chain when ${WORKERS} processes append ${EVENTS} events each at once (with rotation)`, async () => {
    const dir = tempAuditDir();
    const startAt = Date.now() + 1500;
    const running = Promise.all(Array.from({ length: WORKERS }, (_, id) => runWorker(dir, id, startAt, 512 * 1024)));
    // Verifying while the writers run must not raise false alarms (it reads without their lock).
    const midRun: string[] = [];
    let checks = 0;
    // Checkpoints signed while the writers run (under their lock) must all be prefixes of the final tree.
    const signer = parseSignerKey(generateSignerKey('concurrency-test'));
    const midCheckpoints: string[] = [];
    const timer = setInterval(() => {
      const v = verifyAuditLog(dir);
      checks++;
      if (v.problem) midRun.push(v.problem.message);
      if (fs.existsSync(dir)) midCheckpoints.push(createAuditCheckpoint(dir, signer).note);
    }, 500);
    const results = await running.finally(() => clearInterval(timer));
    results.forEach((r, id) => assert.equal(r.code, 0, `worker ${id} failed: ${r.stderr}`));
    assert.deepEqual(midRun, [], `verify during writes (${checks} checks)`);
    assert.ok(checks > 2);

    const v = verifyAuditLog(dir);
    assert.equal(v.ok, true, v.problem?.message);
    assert.equal(v.summary.events, WORKERS * EVENTS);
    assert.ok(v.summary.files.length > 2, 'the log rotated while contended');

    // Every line is one whole record (no interleaving), and each worker's events are all there in order.
    const records = v.summary.files.flatMap((f) => readLines(f)).map((l) => JSON.parse(l) as AuditRecord);
    assert.deepEqual(records.map((r) => r.seq), Array.from({ length: WORKERS * EVENTS }, (_, i) => i + 1));
    for (let id = 0; id < WORKERS; id++) {
      const mine = records.filter((r) => r.session === `w${id}`).map((r) => r.paths[0]);
      assert.deepEqual(mine, Array.from({ length: EVENTS }, (_, i) => `w${id}/${i}.txt`));
    }
    // The writers really overlapped: the log switches between workers many times.
    const switches = records.filter((r, i) => i > 0 && r.session !== records[i - 1].session).length;
    assert.ok(switches > WORKERS * 10, `only ${switches} switches between writers`);

    // The Merkle view: every mid-run checkpoint is consistent with (a prefix of) the final log.
    const verifier = parseVerifierKey(signer.verifierKey);
    assert.ok(midCheckpoints.length > 2);
    for (const note of midCheckpoints) {
      const check = checkAgainstCheckpoint(dir, note, verifier);
      assert.equal(check.ok, true, check.problem?.message);
      assert.equal(check.size, WORKERS * EVENTS);
    }
    assert.equal(createAuditCheckpoint(dir, signer).checkpoint.size, WORKERS * EVENTS);
  });
});
