// Exporters to the formats security tools ingest:
// - `jsonl`: the stored lines byte for byte, so the receiver can re-verify the chain;
// - `ecs`: Elastic Common Schema JSON, one object per line (Elastic, OpenSearch, most SIEMs' JSON input);
// - `cef`: ArcSight Common Event Format lines (ArcSight, Splunk, Sentinel, QRadar via syslog).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { listAuditFiles } from './auditFiles';
import { parseAuditLine } from './auditLine';
import type { AuditRecord } from './auditTypes';

export type AuditExportFormat = 'jsonl' | 'ecs' | 'cef';

export const AUDIT_EXPORT_FORMATS: readonly AuditExportFormat[] = ['jsonl', 'ecs', 'cef'];

export interface AuditExportOptions {
  /** Product version in CEF headers and ECS `agent.version`. */
  readonly productVersion?: string;
}

const ECS_VERSION = '8.11.0';

function ecsCategory(rec: AuditRecord): string[] {
  if (rec.kind === 'policy-error' || rec.kind === 'sync' || rec.kind === 'exception') return ['configuration'];
  if (rec.action === 'execute') return ['process'];
  return ['file'];
}

function ecsType(rec: AuditRecord): string[] {
  if (rec.kind === 'policy-error') return ['error'];
  if (rec.kind === 'ai-edit') return ['change'];
  if (rec.kind !== 'decision') return ['info'];
  const verdict = rec.verdict === 'deny' ? 'denied' : rec.verdict === 'allow' ? 'allowed' : 'info';
  const access = rec.action === 'edit' ? 'change' : rec.action === 'execute' ? 'start' : 'access';
  return [access, verdict];
}

function severity(rec: AuditRecord): number {
  if (rec.kind === 'policy-error') return 8;
  if (rec.kind !== 'decision') return 3;
  const effective = rec.enforcedVerdict ?? rec.verdict;
  if (effective === 'deny') return rec.verdict === 'deny' ? 7 : 6;
  return effective === 'ask' ? 5 : 2;
}

function eventName(rec: AuditRecord): string {
  if (rec.kind !== 'decision') return `Airlock ${rec.kind}`;
  const shown = rec.monitor && rec.enforcedVerdict !== rec.verdict ? `${rec.verdict} (would ${rec.enforcedVerdict})` : `${rec.verdict}`;
  return `AI ${rec.action ?? 'access'} ${shown}`;
}

/** One record as an ECS document. */
export function toEcs(rec: AuditRecord, options: AuditExportOptions = {}): Record<string, unknown> {
  const doc: Record<string, unknown> = {
    '@timestamp': rec.time,
    ecs: { version: ECS_VERSION },
    message: rec.reason ?? eventName(rec),
    agent: { name: 'airlock', type: 'airlock', ...(options.productVersion ? { version: options.productVersion } : {}) },
    event: {
      kind: 'event',
      module: 'airlock',
      dataset: 'airlock.audit',
      provider: 'airlock',
      action: rec.kind === 'decision' ? `${rec.action ?? 'access'}-${rec.verdict ?? 'unknown'}` : rec.kind,
      category: ecsCategory(rec),
      type: ecsType(rec),
      outcome: rec.verdict === 'deny' ? 'failure' : rec.verdict === 'allow' ? 'success' : 'unknown',
      sequence: rec.seq,
      severity: severity(rec),
      hash: rec.hash,
      ...(rec.reason ? { reason: rec.reason } : {}),
    },
  };
  if (rec.paths.length > 0) doc.file = { path: rec.paths[0], name: path.posix.basename(rec.paths[0]) };
  if (rec.user) doc.user = { name: rec.user };
  if (rec.host) doc.host = { name: rec.host, hostname: rec.host };
  if (rec.command) doc.process = { command_line: rec.command };
  if (rec.rule) doc.rule = { id: `${rec.rule.source}:${rec.rule.line}`, ruleset: rec.rule.source, ...(rec.class ? { category: rec.class } : {}) };
  doc.airlock = {
    seq: rec.seq,
    kind: rec.kind,
    client: rec.client,
    session: rec.session,
    tool: rec.tool,
    action: rec.action,
    paths: rec.paths,
    verdict: rec.verdict,
    enforced_verdict: rec.enforcedVerdict,
    monitor: rec.monitor,
    class: rec.class,
    rule: rec.rule,
    exception: rec.exception,
    model: rec.model,
    ranges: rec.ranges,
    prev: rec.prev,
    hash: rec.hash,
  };
  return doc;
}

function cefHeader(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n|\r/g, ' ');
}

function cefValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/=/g, '\\=').replace(/\r\n|\n/g, '\\n').replace(/\r/g, '\\r');
}

/** One record as a CEF line. */
export function toCef(rec: AuditRecord, options: AuditExportOptions = {}): string {
  const signature = rec.kind === 'decision' ? `decision.${rec.action ?? 'access'}.${rec.enforcedVerdict ?? rec.verdict ?? 'unknown'}` : rec.kind;
  const header = ['CEF:0', 'Airlock', 'Airlock', options.productVersion ?? '0', signature, eventName(rec), String(severity(rec))].map(cefHeader).join('|');
  const ext: [string, string | number | null | undefined][] = [
    ['rt', Date.parse(rec.time)],
    ['cat', rec.kind],
    ['act', rec.verdict],
    ['suser', rec.user],
    ['shost', rec.host],
    ['requestClientApplication', rec.client],
    ['filePath', rec.paths.length > 0 ? rec.paths.join(',') : null],
    ['fname', rec.paths.length > 0 ? path.posix.basename(rec.paths[0]) : null],
    ['msg', rec.reason],
  ];
  // CEF's custom fields: each value goes with a `<key>Label` that names it.
  const custom: [string, string, string | number | null | undefined][] = [
    ['cn1', 'seq', rec.seq],
    ['cn2', 'pathCount', rec.paths.length],
    ['cs1', 'session', rec.session],
    ['cs2', 'tool', rec.tool],
    ['cs3', 'class', rec.class],
    ['cs4', 'rule', rec.rule ? `${rec.rule.source}:${rec.rule.line}` : null],
    ['cs5', 'enforcedVerdict', rec.enforcedVerdict],
    ['cs6', 'command', rec.command],
    ['flexString1', 'hash', rec.hash],
    ['flexString2', 'prev', rec.prev],
  ];
  for (const [key, label, value] of custom) ext.push([`${key}Label`, label], [key, value]);
  const present = ext.filter(([, v]) => v !== null && v !== undefined && v !== '');
  // Drop a label whose value is absent, so consumers do not see dangling labels.
  const kept = present.filter(([k]) => !k.endsWith('Label') || present.some(([k2]) => k2 === k.slice(0, -'Label'.length)));
  return `${header}|${kept.map(([k, v]) => `${k}=${cefValue(String(v))}`).join(' ')}`;
}

function unparseable(file: string, line: number): AuditRecord {
  return {
    v: 1,
    seq: 0,
    time: new Date(0).toISOString(),
    kind: 'audit',
    client: null,
    session: null,
    tool: null,
    action: null,
    paths: [],
    verdict: null,
    enforcedVerdict: null,
    monitor: false,
    class: null,
    rule: null,
    exception: null,
    reason: `unparseable audit line ${path.basename(file)}:${line} (run airlock audit verify)`,
    command: null,
    model: null,
    ranges: [],
    user: null,
    host: null,
    prev: '',
    hash: '',
  };
}

/**
 * Yields the log in `dir` in chain order as lines (without newlines) of the chosen format.
 * Unparseable lines are never dropped silently: `jsonl` yields them as stored, the other formats
 * yield an `audit` event naming the line.
 */
export function* exportAuditLog(dir: string, format: AuditExportFormat, options: AuditExportOptions = {}): Generator<string> {
  for (const entry of listAuditFiles(dir)) {
    const text = fs.readFileSync(entry.path, 'utf8');
    if (text === '') continue;
    const lines = text.split('\n');
    if (text.endsWith('\n')) lines.pop();
    for (let i = 0; i < lines.length; i++) {
      if (format === 'jsonl') {
        yield lines[i];
        continue;
      }
      const rec = parseAuditLine(lines[i])?.record ?? unparseable(entry.path, i + 1);
      yield format === 'ecs' ? JSON.stringify(toEcs(rec, options)) : toCef(rec, options);
    }
  }
}
