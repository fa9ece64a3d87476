import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { appendAuditEvents } from '../../../src/core/audit/auditAppend';
import type { AuditProblemKind } from '../../../src/core/audit/auditTypes';
import { verifyAuditLog } from '../../../src/core/audit/auditVerify';
import { activeFile, appendMany, readLines, reseal, sampleEvent, tempAuditDir, writeLines } from './auditTestUtil';

function expectProblem(dir: string, kind: AuditProblemKind, file: string, line: number, message?: RegExp): void {
  const v = verifyAuditLog(dir);
  assert.equal(v.ok, false);
  assert.equal(v.problem?.kind, kind, v.problem?.message);
  assert.equal(v.problem?.file, file);
  assert.equal(v.problem?.line, line, v.problem?.message);
  if (message) assert.match(v.problem?.message ?? '', message);
}

function rotatedFiles(dir: string): string[] {
  return fs.readdirSync(dir).filter((n) => n.startsWith('audit-')).sort().map((n) => path.join(dir, n));
}

describe('verifyAuditLog', () => {
  it('accepts an untouched log and summarises it', () => {
    const dir = tempAuditDir();
    appendAuditEvents(dir, [{ ...sampleEvent(1), time: '2026-03-01T10:00:00Z' }]);
    appendAuditEvents(dir, [{ ...sampleEvent(2), time: '2026-03-01T11:00:00Z' }]);
    const v = verifyAuditLog(dir);
    assert.equal(v.ok, true);
    assert.equal(v.problem, null);
    assert.deepEqual(v.summary.files, [activeFile(dir)]);
    assert.equal(v.summary.events, 2);
    assert.equal(v.summary.firstTime, '2026-03-01T10:00:00.000Z');
    assert.equal(v.summary.lastTime, '2026-03-01T11:00:00.000Z');
  });

  it('treats a folder that does not exist as an empty, valid log', () => {
    const v = verifyAuditLog(tempAuditDir());
    assert.equal(v.ok, true);
    assert.equal(v.summary.events, 0);
  });

  it('detects an edited line whose hash was left alone', () => {
    const dir = tempAuditDir();
    appendMany(dir, 6);
    const lines = readLines(activeFile(dir));
    lines[2] = lines[2].replace('"verdict":"deny"', '"verdict":"allow"');
    writeLines(activeFile(dir), lines);
    expectProblem(dir, 'edited-line', activeFile(dir), 3, /does not match its hash/);
  });

  it('detects an edited line whose own hash was recomputed, at that line', () => {
    const dir = tempAuditDir();
    appendMany(dir, 6);
    const lines = readLines(activeFile(dir));
    lines[2] = reseal(lines[2], { verdict: 'allow', reason: 'nothing to see' });
    writeLines(activeFile(dir), lines);
    expectProblem(dir, 'edited-line', activeFile(dir), 3, /line 4 .* links to a different hash/);
  });

  it('detects a line that is not JSON any more', () => {
    const dir = tempAuditDir();
    appendMany(dir, 4);
    const lines = readLines(activeFile(dir));
    lines[1] = 'garbage';
    writeLines(activeFile(dir), lines);
    expectProblem(dir, 'invalid-json', activeFile(dir), 2);
  });

  it('detects deleted lines in the middle', () => {
    const dir = tempAuditDir();
    appendMany(dir, 8);
    const lines = readLines(activeFile(dir));
    lines.splice(3, 2);
    writeLines(activeFile(dir), lines);
    expectProblem(dir, 'deleted-lines', activeFile(dir), 4, /from 3 to 6 at line 4 .*: 2 event/);
  });

  it('detects reordered lines', () => {
    const dir = tempAuditDir();
    appendMany(dir, 8);
    const lines = readLines(activeFile(dir));
    [lines[4], lines[5]] = [lines[5], lines[4]];
    writeLines(activeFile(dir), lines);
    expectProblem(dir, 'reordered-lines', activeFile(dir), 5, /reordered/);
  });

  it('detects a duplicated (replayed) line', () => {
    const dir = tempAuditDir();
    appendMany(dir, 5);
    const lines = readLines(activeFile(dir));
    lines.splice(3, 0, lines[1]);
    writeLines(activeFile(dir), lines);
    expectProblem(dir, 'reordered-lines', activeFile(dir), 4, /duplicated/);
  });

  it('detects a truncated last line', () => {
    const dir = tempAuditDir();
    appendMany(dir, 5);
    const size = fs.statSync(activeFile(dir)).size;
    fs.truncateSync(activeFile(dir), size - 30);
    expectProblem(dir, 'truncated-line', activeFile(dir), 5, /incomplete/);
  });

  it('detects a deleted tail of complete lines through head.json', () => {
    const dir = tempAuditDir();
    appendMany(dir, 6);
    writeLines(activeFile(dir), readLines(activeFile(dir)).slice(0, 4));
    expectProblem(dir, 'deleted-tail', activeFile(dir), 4, /seq 6 .* seq 4: the last 2 event/);
  });

  it('detects a rewritten last line through head.json', () => {
    const dir = tempAuditDir();
    appendMany(dir, 3);
    const lines = readLines(activeFile(dir));
    lines[2] = reseal(lines[2], { verdict: 'allow' });
    writeLines(activeFile(dir), lines);
    expectProblem(dir, 'edited-line', activeFile(dir), 3, /head\.json records a different hash/);
  });

  it('reports a missing head.json once events exist, and a lagging head as a note only', () => {
    const dir = tempAuditDir();
    appendMany(dir, 3);
    const headPath = path.join(dir, 'head.json');
    const head = fs.readFileSync(headPath, 'utf8');
    appendMany(dir, 2);
    fs.writeFileSync(headPath, head);
    const lag = verifyAuditLog(dir);
    assert.equal(lag.ok, true, lag.problem?.message);
    assert.match(lag.notes.join('\n'), /lags the log by 2 event/);
    fs.unlinkSync(headPath);
    expectProblem(dir, 'missing-head', headPath, 0, /missing/);
  });

  it('detects a missing rotated file, in the middle and at the start', () => {
    const dir = tempAuditDir();
    appendMany(dir, 40, { maxFileBytes: 4000 });
    const rotated = rotatedFiles(dir);
    assert.ok(rotated.length >= 3);
    fs.unlinkSync(rotated[1]);
    expectProblem(dir, 'missing-file', rotated[2], 1, /a rotated file was deleted/);
    fs.unlinkSync(rotated[0]);
    expectProblem(dir, 'missing-file', rotated[2], 1, /the log starts at seq \d+/);
  });

  it('detects lines cut from the end of a rotated file', () => {
    const dir = tempAuditDir();
    appendMany(dir, 30, { maxFileBytes: 4000 });
    const first = rotatedFiles(dir)[0];
    const lines = readLines(first);
    writeLines(first, lines.slice(0, -1));
    const v = verifyAuditLog(dir);
    assert.equal(v.problem?.kind, 'deleted-lines');
    assert.equal(v.problem?.file, first);
    assert.match(v.problem?.message ?? '', /was rotated at seq/);
  });

  it('keeps the chain verifiable across rotation with batches', () => {
    const dir = tempAuditDir();
    for (let i = 0; i < 20; i++) appendAuditEvents(dir, [sampleEvent(i), sampleEvent(i + 100), sampleEvent(i + 200)], { maxFileBytes: 3000 });
    const v = verifyAuditLog(dir);
    assert.equal(v.ok, true, v.problem?.message);
    assert.equal(v.summary.events, 60);
    assert.ok(v.summary.files.length > 3);
  });
});
