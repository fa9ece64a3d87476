import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { appendAuditEvents } from '../../../src/core/audit/auditAppend';
import { AuditError } from '../../../src/core/audit/auditError';
import { readAuditHead } from '../../../src/core/audit/auditFiles';
import { GENESIS_HASH, type AuditEventInput, type AuditRecord } from '../../../src/core/audit/auditTypes';
import { verifyAuditLog } from '../../../src/core/audit/auditVerify';
import { activeFile, appendMany, readLines, sampleEvent, tempAuditDir } from './auditTestUtil';

describe('appendAuditEvents', () => {
  it('creates the folder with a .gitignore and chains events from the genesis hash', () => {
    const dir = tempAuditDir();
    const r1 = appendAuditEvents(dir, [sampleEvent(1)]);
    const r2 = appendAuditEvents(dir, [sampleEvent(2), sampleEvent(3)]);
    assert.equal(fs.readFileSync(path.join(dir, '.gitignore'), 'utf8'), '*\n');
    assert.deepEqual([r1.firstSeq, r1.lastSeq, r2.firstSeq, r2.lastSeq], [1, 1, 2, 3]);
    const recs = readLines(activeFile(dir)).map((l) => JSON.parse(l) as AuditRecord);
    assert.deepEqual(recs.map((r) => r.seq), [1, 2, 3]);
    assert.equal(recs[0].prev, GENESIS_HASH);
    assert.equal(recs[1].prev, recs[0].hash);
    assert.equal(recs[2].prev, recs[1].hash);
    assert.equal(r2.hash, recs[2].hash);
    assert.deepEqual(readAuditHead(dir), { seq: 3, hash: recs[2].hash, time: readAuditHead(dir)?.time });
    const v = verifyAuditLog(dir);
    assert.equal(v.ok, true, v.problem?.message);
    assert.equal(v.summary.events, 3);
    assert.equal(v.summary.firstSeq, 1);
    assert.equal(v.summary.lastSeq, 3);
  });

  it('adds the .gitignore to an audit folder that already existed, but keeps one already there', () => {
    const dir = tempAuditDir();
    fs.mkdirSync(dir, { recursive: true });
    appendAuditEvents(dir, [sampleEvent(1)]);
    assert.equal(fs.readFileSync(path.join(dir, '.gitignore'), 'utf8'), '*\n');
    const other = tempAuditDir();
    fs.mkdirSync(other, { recursive: true });
    fs.writeFileSync(path.join(other, '.gitignore'), '# kept on purpose\n');
    appendAuditEvents(other, [sampleEvent(1)]);
    assert.equal(fs.readFileSync(path.join(other, '.gitignore'), 'utf8'), '# kept on purpose\n');
  });

  it('stores the schema fields only, in a stable order, with the command masked', () => {
    const dir = tempAuditDir();
    const sneaky = { ...sampleEvent(1), content: 'FILE CONTENTS', command: 'curl -H "Authorization: Bearer s3cr3tT0ken" https://x', time: '2026-01-02T03:04:05+02:00' } as AuditEventInput;
    appendAuditEvents(dir, [sneaky], { now: () => new Date('2026-05-05T00:00:00Z') });
    const line = readLines(activeFile(dir))[0];
    assert.ok(!line.includes('FILE CONTENTS'));
    assert.ok(!line.includes('s3cr3tT0ken'));
    const rec = JSON.parse(line) as AuditRecord;
    assert.deepEqual(Object.keys(rec), [
      'v', 'seq', 'time', 'kind', 'client', 'session', 'tool', 'action', 'paths', 'verdict', 'enforcedVerdict', 'monitor',
      'class', 'rule', 'exception', 'reason', 'command', 'model', 'ranges', 'user', 'host', 'toolUseId', 'prev', 'hash',
    ]);
    assert.equal(rec.time, '2026-01-02T01:04:05.000Z');
    assert.equal(rec.command, 'curl -H "Authorization: Bearer ***" https://x');
    assert.equal(rec.enforcedVerdict, 'allow', 'defaults to the verdict');
    assert.equal(rec.host, os.hostname());
  });

  it('rejects events that do not fit the schema with a typed error and writes nothing', () => {
    const dir = tempAuditDir();
    assert.throws(() => appendAuditEvents(dir, []), (e: unknown) => e instanceof AuditError && e.code === 'invalid-event');
    assert.throws(
      () => appendAuditEvents(dir, [{ kind: 'nonsense' } as unknown as AuditEventInput]),
      (e: unknown) => e instanceof AuditError && e.code === 'invalid-event' && /nonsense/.test(e.message),
    );
    assert.throws(() => appendAuditEvents(dir, [{ kind: 'review', time: 'yesterday' }]), (e: unknown) => e instanceof AuditError && e.code === 'invalid-event');
    assert.throws(
      () => appendAuditEvents(dir, [sampleEvent(1), { kind: 'decision', verdict: 'maybe' } as unknown as AuditEventInput]),
      (e: unknown) => e instanceof AuditError && e.code === 'invalid-event',
    );
    assert.equal(fs.existsSync(activeFile(dir)) ? fs.readFileSync(activeFile(dir), 'utf8') : '', '');
    assert.equal(fs.existsSync(path.join(dir, 'audit.lock')), false, 'lock released after a failure');
  });

  it('reports an unwritable log as an AuditError the hook can handle', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'airlock-audit-'));
    const notADir = path.join(root, 'audit');
    fs.writeFileSync(notADir, 'a file where the folder should be');
    assert.throws(() => appendAuditEvents(notADir, [sampleEvent(1)]), (e: unknown) => e instanceof AuditError && e.code === 'io' && e.dir === notADir);
  });

  it('rotates at the size limit and chains the new file to the rotated one', () => {
    const dir = tempAuditDir();
    appendMany(dir, 40, { maxFileBytes: 4000 });
    const rotated = fs.readdirSync(dir).filter((n) => /^audit-\d{8}T\d{9}Z-\d{12}\.jsonl$/.test(n)).sort();
    assert.ok(rotated.length >= 3, `expected several rotated files, got ${rotated.length}`);
    for (const name of rotated) assert.ok(fs.statSync(path.join(dir, name)).size <= 4000);
    const firstActive = JSON.parse(readLines(activeFile(dir))[0]) as AuditRecord;
    const lastRotated = readLines(path.join(dir, rotated[rotated.length - 1]));
    const lastRec = JSON.parse(lastRotated[lastRotated.length - 1]) as AuditRecord;
    assert.equal(firstActive.prev, lastRec.hash);
    assert.equal(firstActive.seq, lastRec.seq + 1);
    assert.ok(rotated[rotated.length - 1].endsWith(`-${String(lastRec.seq).padStart(12, '0')}.jsonl`));
    const v = verifyAuditLog(dir);
    assert.equal(v.ok, true, v.problem?.message);
    assert.equal(v.summary.events, 40);
    assert.equal(v.summary.files.length, rotated.length + 1);
  });

  it('ends a torn last line before appending, keeping the torn fragment visible to verify', () => {
    const dir = tempAuditDir();
    appendMany(dir, 3);
    fs.appendFileSync(activeFile(dir), '{"v":1,"seq":4,"time":"2026');
    const r = appendAuditEvents(dir, [sampleEvent(4)]);
    assert.match(r.repaired ?? '', /torn/);
    assert.equal(r.firstSeq, 4);
    const lines = readLines(activeFile(dir));
    assert.equal(lines.length, 5);
    assert.equal((JSON.parse(lines[4]) as AuditRecord).prev, (JSON.parse(lines[2]) as AuditRecord).hash);
    const v = verifyAuditLog(dir);
    assert.equal(v.problem?.kind, 'truncated-line');
    assert.equal(v.problem?.line, 4);
  });

  it('chains to head.json when the log lost its tail, so the gap stays in the chain', () => {
    const dir = tempAuditDir();
    appendMany(dir, 5);
    const lines = readLines(activeFile(dir));
    fs.writeFileSync(activeFile(dir), lines.slice(0, 3).map((l) => `${l}\n`).join(''));
    const r = appendAuditEvents(dir, [sampleEvent(6)]);
    assert.equal(r.firstSeq, 6);
    assert.match(r.repaired ?? '', /seq 3 .* seq 5/);
    const v = verifyAuditLog(dir);
    assert.equal(v.problem?.kind, 'deleted-lines');
    assert.equal(v.problem?.line, 4);
  });

  it('waits for a held lock and fails with lock-timeout, then recovers a lock left by a dead process', () => {
    const dir = tempAuditDir();
    appendMany(dir, 1);
    const lock = path.join(dir, 'audit.lock');
    fs.writeFileSync(lock, `${process.pid} ${os.hostname()} now`);
    assert.throws(
      () => appendAuditEvents(dir, [sampleEvent(2)], { lockTimeoutMs: 50 }),
      (e: unknown) => e instanceof AuditError && e.code === 'lock-timeout',
    );
    // A pid that cannot be running: the lock is abandoned.
    fs.writeFileSync(lock, `2147483646 ${os.hostname()} then`);
    const r = appendAuditEvents(dir, [sampleEvent(2)], { lockTimeoutMs: 50 });
    assert.equal(r.lastSeq, 2);
    assert.equal(fs.existsSync(lock), false);
  });

  it('recovers a lock from an unknown owner once it is older than staleLockMs', () => {
    const dir = tempAuditDir();
    appendMany(dir, 1);
    const lock = path.join(dir, 'audit.lock');
    fs.writeFileSync(lock, '');
    const old = new Date(Date.now() - 60_000);
    fs.utimesSync(lock, old, old);
    const r = appendAuditEvents(dir, [sampleEvent(2)], { lockTimeoutMs: 50, staleLockMs: 30_000 });
    assert.equal(r.lastSeq, 2);
    assert.equal(verifyAuditLog(dir).ok, true);
  });

  it('lets a waiter that claimed the next turn go first, and ignores dead or stuck claimants', async () => {
    const dir = tempAuditDir();
    appendMany(dir, 1);
    const claim = path.join(dir, 'audit.lock.next');
    const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)'], { stdio: 'ignore' });
    try {
      await new Promise((resolve) => other.once('spawn', resolve));
      fs.writeFileSync(claim, `${other.pid} ${os.hostname()} now`);
      // The lock itself is free, but a live waiter has claimed the next turn: newcomers hold back.
      assert.throws(() => appendAuditEvents(dir, [sampleEvent(2)], { lockTimeoutMs: 100 }), (e: unknown) => e instanceof AuditError && e.code === 'lock-timeout');
      // A claim older than a second belongs to a stuck claimant and no longer holds anyone back.
      const old = new Date(Date.now() - 5000);
      fs.utimesSync(claim, old, old);
      assert.equal(appendAuditEvents(dir, [sampleEvent(2)], { lockTimeoutMs: 100 }).lastSeq, 2);
      assert.equal(fs.existsSync(claim), false);
    } finally {
      other.kill();
    }
    fs.writeFileSync(claim, `2147483646 ${os.hostname()} now`);
    assert.equal(appendAuditEvents(dir, [sampleEvent(3)], { lockTimeoutMs: 100 }).lastSeq, 3);
    assert.equal(verifyAuditLog(dir).ok, true);
  });
});
