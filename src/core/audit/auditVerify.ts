// Checks the whole chain across rotated files: JSON, hash of each line, seq continuity and prev
// linkage, then the head record (which catches a deleted tail of complete lines).
//
// What a local chain cannot prove: anyone who can write the folder can rewrite every line AND
// recompute every hash AND rewrite head.json consistently (the hash is unkeyed), or delete the
// tail together with head.json (reported as a missing head, but not distinguishable from a
// fresh install that never wrote one), or delete the whole folder. Shipping events to a SIEM as
// they happen (see auditExport.ts) is what makes the record independent of this machine.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ACTIVE_FILE, HEAD_FILE, listAuditFiles, readAuditHead, type AuditFileEntry } from './auditFiles';
import { parseAuditLine, type ParsedAuditLine } from './auditLine';
import { GENESIS_HASH, type AuditProblem, type AuditProblemKind, type AuditVerifyResult } from './auditTypes';
import { sleepSync } from '../util/sleepSync';

interface FileLines {
  readonly lines: readonly string[];
  readonly endsWithNewline: boolean;
}

function readLines(file: string): FileLines {
  const text = fs.readFileSync(file, 'utf8');
  const endsWithNewline = text.endsWith('\n');
  const lines = text === '' ? [] : text.split('\n');
  if (endsWithNewline) lines.pop();
  return { lines, endsWithNewline };
}

class ChainWalk {
  problem: AuditProblem | null = null;
  readonly notes: string[] = [];
  expectedSeq = 1;
  prevHash = GENESIS_HASH;
  events = 0;
  firstSeq: number | null = null;
  lastSeq: number | null = null;
  firstTime: string | null = null;
  lastTime: string | null = null;
  lastHash: string | null = null;
  /** Where the last good record stands, to name the line a broken link points back to. */
  lastFile = '';
  lastLine = 0;
  /** Hash of the record whose seq the head names, seen on the way. */
  hashAtHeadSeq: string | null = null;

  report(kind: AuditProblemKind, file: string, line: number, message: string): void {
    this.problem ??= { kind, file, line, message };
  }
}

function checkRecord(walk: ChainWalk, parsed: ParsedAuditLine, file: string, lineNo: number, firstOfFile: boolean, comesLater: (seq: number) => boolean, fileIndex: number): void {
  const rec = parsed.record;
  const e = walk.expectedSeq;
  const name = path.basename(file);
  if (!parsed.hashOk) {
    walk.report('edited-line', file, lineNo, `line ${lineNo} of ${name} does not match its hash: the line was edited`);
  } else if (rec.seq === e) {
    if (rec.prev !== walk.prevHash) {
      const where = walk.lastLine > 0 ? `line ${walk.lastLine} of ${path.basename(walk.lastFile)}` : 'the chain start';
      walk.report(
        'edited-line',
        walk.lastLine > 0 ? walk.lastFile : file,
        walk.lastLine > 0 ? walk.lastLine : lineNo,
        `line ${lineNo} of ${name} (seq ${rec.seq}) links to a different hash than ${where} has: that line was rewritten and its hash recomputed`,
      );
    }
  } else if (rec.seq > e) {
    if (firstOfFile) {
      const gap = `events ${e}-${rec.seq - 1}`;
      walk.report(
        'missing-file',
        file,
        lineNo,
        fileIndex === 0 ? `the log starts at seq ${rec.seq}: the rotated file(s) holding ${gap} are missing` : `${name} starts at seq ${rec.seq}: ${gap} are missing (a rotated file was deleted)`,
      );
    } else if (comesLater(e)) {
      walk.report('reordered-lines', file, lineNo, `line ${lineNo} of ${name} has seq ${rec.seq} where seq ${e} was expected, and seq ${e} comes later: lines were reordered`);
    } else {
      walk.report('deleted-lines', file, lineNo, `seq jumps from ${e - 1} to ${rec.seq} at line ${lineNo} of ${name}: ${rec.seq - e} event(s) were deleted before this line`);
    }
  } else {
    walk.report('reordered-lines', file, lineNo, `line ${lineNo} of ${name} has seq ${rec.seq} after seq ${e - 1}: lines were reordered or duplicated`);
  }
}

function walkFile(walk: ChainWalk, entry: AuditFileEntry, fileIndex: number, headSeq: number | null): void {
  const file = entry.path;
  const name = path.basename(file);
  const { lines, endsWithNewline } = readLines(file);
  const parsedLines = lines.map((l) => parseAuditLine(l));
  let lastInFile: number | null = null;
  parsedLines.forEach((parsed, i) => {
    const lineNo = i + 1;
    if (!parsed) {
      const line = lines[i];
      if (i === lines.length - 1 && !endsWithNewline) {
        walk.report('truncated-line', file, lineNo, `line ${lineNo} of ${name} is incomplete (${line.length} chars, no newline): a write was interrupted or the file was cut`);
      } else if (line.startsWith('{"v":') && !line.endsWith('}')) {
        walk.report('truncated-line', file, lineNo, `line ${lineNo} of ${name} is an incomplete record (an interrupted write that later lines were appended after)`);
      } else {
        walk.report('invalid-json', file, lineNo, `line ${lineNo} of ${name} is not a valid audit record: it was edited or corrupted`);
      }
      return;
    }
    // Only consulted on a seq jump, so the scan ahead costs nothing on a healthy log.
    const comesLater = (seq: number): boolean => parsedLines.some((p, j) => j > i && p?.record.seq === seq);
    checkRecord(walk, parsed, file, lineNo, lastInFile === null, comesLater, fileIndex);
    const rec = parsed.record;
    walk.expectedSeq = rec.seq + 1;
    walk.prevHash = rec.hash;
    walk.lastFile = file;
    walk.lastLine = lineNo;
    walk.events++;
    walk.firstSeq ??= rec.seq;
    walk.firstTime ??= rec.time;
    walk.lastSeq = rec.seq;
    walk.lastTime = rec.time;
    walk.lastHash = rec.hash;
    if (rec.seq === headSeq) walk.hashAtHeadSeq = rec.hash;
    lastInFile = rec.seq;
  });
  if (entry.lastSeq !== null && lastInFile !== entry.lastSeq) {
    if (lastInFile === null || lastInFile < entry.lastSeq) {
      walk.report('deleted-lines', file, lines.length, `${name} ends at seq ${lastInFile ?? 'none'} but was rotated at seq ${entry.lastSeq}: its last lines were deleted`);
    } else {
      walk.report('renamed-file', file, 0, `${name} holds events up to seq ${lastInFile}, not ${entry.lastSeq} as its name says: the file was renamed or replaced`);
    }
  }
}

function walkChain(dir: string): AuditVerifyResult {
  // Head before files: writers update the log first, so the files read are never older than it.
  const head = readAuditHead(dir);
  const files = listAuditFiles(dir);
  const headFile = path.join(dir, HEAD_FILE);
  const walk = new ChainWalk();
  files.forEach((entry, i) => walkFile(walk, entry, i, head?.seq ?? null));

  if (head === null) {
    if (walk.events > 0) {
      const why = fs.existsSync(headFile) ? 'is unreadable' : 'is missing';
      walk.report('missing-head', headFile, 0, `${HEAD_FILE} ${why}: a deleted tail of the log cannot be ruled out`);
    }
  } else if (head.seq > (walk.lastSeq ?? 0)) {
    walk.report(
      'deleted-tail',
      walk.lastFile || headFile,
      walk.lastLine,
      `${HEAD_FILE} records seq ${head.seq} but the log ends at seq ${walk.lastSeq ?? 0}: the last ${head.seq - (walk.lastSeq ?? 0)} event(s) were deleted`,
    );
  } else if (walk.hashAtHeadSeq !== head.hash) {
    walk.report('edited-line', walk.lastFile, walk.lastLine, `${HEAD_FILE} records a different hash for seq ${head.seq} than the log holds: the line was rewritten`);
  } else if (head.seq < (walk.lastSeq ?? 0)) {
    walk.notes.push(`${HEAD_FILE} lags the log by ${(walk.lastSeq ?? 0) - head.seq} event(s): a writer stopped between writing and updating the head`);
  }

  return {
    ok: walk.problem === null,
    problem: walk.problem,
    notes: walk.notes,
    summary: {
      files: files.map((f) => f.path),
      events: walk.events,
      firstSeq: walk.firstSeq,
      lastSeq: walk.lastSeq,
      firstTime: walk.firstTime,
      lastTime: walk.lastTime,
      lastHash: walk.lastHash,
    },
  };
}

function sameFiles(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((f, i) => f === b[i]);
}

/**
 * Verifies the audit log in `dir`. Reports the first problem in chain order with its file, line
 * and kind; an absent folder is an empty, valid log. Reads without the writers' lock (a long
 * verify must not stall hooks), so a problem seen while writers are active is checked again:
 * after a rotation during the read, or after a moment for a line or head being written right then.
 * Throws only on I/O errors.
 */
export function verifyAuditLog(dir: string): AuditVerifyResult {
  let result: AuditVerifyResult | null = null;
  for (let attempt = 0; attempt < 4; attempt++) {
    try {
      result = walkChain(dir);
    } catch (err) {
      // A writer rotated audit.jsonl away between listing and reading.
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT' || attempt === 3) throw err;
      continue;
    }
    const p = result.problem;
    if (!p) return result;
    if (!sameFiles(result.summary.files, listAuditFiles(dir).map((f) => f.path))) continue;
    const inFlight = (p.kind === 'truncated-line' && path.basename(p.file) === ACTIVE_FILE) || p.kind === 'missing-head';
    if (!inFlight || attempt > 0) return result;
    sleepSync(50);
  }
  return result as AuditVerifyResult;
}
