// Shared helpers for the audit tests: temp audit folders and line-level tampering.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { appendAuditEvents } from '../../../src/core/audit/auditAppend';
import { serializeAuditRecord } from '../../../src/core/audit/auditLine';
import type { AuditAppendOptions, AuditEventInput, AuditRecord } from '../../../src/core/audit/auditTypes';

export function tempAuditDir(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'airlock-audit-'));
  return path.join(root, '.airlock', 'audit');
}

export function sampleEvent(i: number): AuditEventInput {
  return {
    kind: 'decision',
    client: 'claude-code',
    session: 's-1',
    tool: 'Read',
    action: 'read',
    paths: [`src/file${i}.ts`],
    verdict: i % 3 === 0 ? 'deny' : 'allow',
    class: i % 3 === 0 ? 'secret' : 'public',
    rule: i % 3 === 0 ? { source: '.airlock/policy.json', line: 7 } : null,
    reason: `event ${i}`,
  };
}

/** Appends `count` events one call at a time (as separate hook processes would). */
export function appendMany(dir: string, count: number, options: AuditAppendOptions = {}): void {
  for (let i = 1; i <= count; i++) appendAuditEvents(dir, [sampleEvent(i)], options);
}

export function activeFile(dir: string): string {
  return path.join(dir, 'audit.jsonl');
}

export function readLines(file: string): string[] {
  return fs.readFileSync(file, 'utf8').split('\n').filter((l) => l !== '');
}

export function writeLines(file: string, lines: readonly string[]): void {
  fs.writeFileSync(file, lines.map((l) => `${l}\n`).join(''));
}

/** Rewrites a record's fields and recomputes its own hash, as a careful attacker would. */
export function reseal(line: string, change: Partial<AuditRecord>): string {
  const body: Record<string, unknown> = { ...(JSON.parse(line) as AuditRecord), ...change };
  delete body.hash;
  return serializeAuditRecord(body as unknown as Omit<AuditRecord, 'hash'>).line;
}
