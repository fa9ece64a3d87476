// The text of one record file: fixed key order and a final newline; parse errors carry the line
// and column of the offending value, so a broken record is reported where it is broken.
import { findNodeAtLocation, parseTree, printParseErrorCode, type JSONPath, type Node, type ParseError } from 'jsonc-parser';
import type { AnnotationState } from './annotationTypes';
import { positionOf } from '../util/lineIndex';
import { ProvenanceError } from './provenanceError';
import { RECORD_FORMAT, type LineRun, type ProvenanceRecord } from './recordTypes';

const KINDS = ['ai', 'human', 'review', 'model', 'retire'] as const;
const STATES: readonly AnnotationState[] = ['ai', 'ai-modified'];
const BASE_KEYS = ['format', 'id', 'kind', 'file', 'time', 'salt'];
const KIND_KEYS: Record<ProvenanceRecord['kind'], readonly string[]> = {
  ai: ['tool', 'model', 'session', 'state', 'developer', 'replaces'],
  human: [],
  review: ['reviewer', 'principal'],
  model: ['model', 'records'],
  retire: ['records'],
};
const KEY = /^[0-9a-f]{16}$/;

/** The record as an ordered plain object; `signature` last so the signed payload is the rest. */
function recordObject(record: ProvenanceRecord, withSignature: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const source = record as unknown as Record<string, unknown>;
  for (const key of [...BASE_KEYS, ...KIND_KEYS[record.kind]]) {
    if (source[key] !== undefined) out[key] = source[key];
  }
  out.runs = record.runs.map((run) => ({
    line: run.line,
    ...(run.before !== undefined ? { before: run.before } : {}),
    keys: run.keys,
    ...(run.after !== undefined ? { after: run.after } : {}),
  }));
  for (const key of Object.keys(record.extra ?? {}).sort()) out[key] = record.extra?.[key];
  if (withSignature && record.kind === 'review' && record.signature !== undefined) out.signature = record.signature;
  return out;
}

export function serializeRecord(record: ProvenanceRecord): string {
  return `${JSON.stringify(recordObject(record, true), null, 1)}\n`;
}

/** The exact bytes a review signature covers: the record without its signature. */
export function signedPayload(record: ProvenanceRecord): string {
  return `${JSON.stringify(recordObject(record, false))}\n`;
}

type Fail = (path: JSONPath, message: string) => never;

export function parseRecord(text: string, source: string): ProvenanceRecord {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    // Only a broken file pays for the position-keeping parse.
    const errors: ParseError[] = [];
    parseTree(text, errors, { allowTrailingComma: false, disallowComments: true });
    const { line, column } = positionOf(text, errors[0]?.offset ?? 0);
    throw new ProvenanceError(errors[0] ? `invalid JSON: ${printParseErrorCode(errors[0].error)}` : 'empty file', source, line, column);
  }
  const fail: Fail = (path, message) => {
    const root = parseTree(text, [], { allowTrailingComma: false, disallowComments: true });
    let node: Node | undefined;
    for (let depth = path.length; root && !node && depth >= 0; depth--) node = findNodeAtLocation(root, path.slice(0, depth));
    const { line, column } = positionOf(text, (node ?? root)?.offset ?? 0);
    throw new ProvenanceError(message, source, line, column);
  };
  if (!isObject(value)) return fail([], 'expected an object');
  if (value.format !== RECORD_FORMAT) fail(['format'], `"format" must be "${RECORD_FORMAT}"`);
  for (const key of ['id', 'file', 'time'] as const) str(value, key, fail);
  if (typeof value.salt !== 'string' || !/^[0-9a-f]{8,64}$/.test(value.salt)) fail(['salt'], '"salt" must be hex digits');
  const kind = value.kind as ProvenanceRecord['kind'];
  if (!KINDS.includes(kind)) fail(['kind'], `"kind" must be one of ${KINDS.join(', ')}`);
  if (!Array.isArray(value.runs)) return fail(['runs'], '"runs" must be an array');
  const runs = value.runs.map((raw, i) => parseRun(raw, (sub, message) => fail(['runs', i, ...sub], message)));
  const known = new Set([...BASE_KEYS, ...KIND_KEYS[kind], 'runs', 'signature']);
  const extraKeys = Object.keys(value).filter((k) => !known.has(k));
  const base = {
    format: RECORD_FORMAT,
    id: value.id as string,
    file: value.file as string,
    time: value.time as string,
    salt: value.salt as string,
    runs,
    ...(extraKeys.length > 0 ? { extra: Object.fromEntries(extraKeys.map((k) => [k, value[k]])) } : {}),
  } as const;
  switch (kind) {
    case 'ai': {
      for (const key of ['tool', 'model', 'session'] as const) str(value, key, fail);
      if (!STATES.includes(value.state as AnnotationState)) fail(['state'], `"state" must be one of ${STATES.join(', ')}`);
      if (value.developer !== undefined) str(value, 'developer', fail);
      const replaces = value.replaces === undefined ? undefined : parseReplaces(value.replaces, fail);
      return {
        ...base,
        kind,
        tool: value.tool as string,
        model: value.model as string,
        session: value.session as string,
        state: value.state as AnnotationState,
        ...(value.developer !== undefined ? { developer: value.developer as string } : {}),
        ...(replaces ? { replaces } : {}),
      };
    }
    case 'human':
      return { ...base, kind };
    case 'review':
      str(value, 'reviewer', fail);
      if (value.principal !== undefined) str(value, 'principal', fail);
      if (value.signature !== undefined) str(value, 'signature', fail);
      return {
        ...base,
        kind,
        reviewer: value.reviewer as string,
        ...(value.principal !== undefined ? { principal: value.principal as string } : {}),
        ...(value.signature !== undefined ? { signature: value.signature as string } : {}),
      };
    case 'model':
      str(value, 'model', fail);
      return { ...base, kind, model: value.model as string, records: ids(value.records, fail) };
    default:
      return { ...base, kind: 'retire', records: ids(value.records, fail) };
  }
}

function parseRun(raw: unknown, fail: (path: JSONPath, message: string) => never): LineRun {
  if (!isObject(raw)) return fail([], 'each run must be an object');
  if (!Number.isInteger(raw.line) || (raw.line as number) < 1) fail(['line'], '"line" must be a line number (1-based)');
  if (!Array.isArray(raw.keys) || raw.keys.length === 0) return fail(['keys'], '"keys" must be a non-empty array');
  raw.keys.forEach((k, i) => {
    if (typeof k !== 'string' || !KEY.test(k)) fail(['keys', i], 'each key must be 16 hex digits');
  });
  for (const side of ['before', 'after'] as const) {
    if (raw[side] !== undefined && (typeof raw[side] !== 'string' || !KEY.test(raw[side] as string))) fail([side], `"${side}" must be 16 hex digits`);
  }
  return {
    line: raw.line as number,
    keys: raw.keys as string[],
    ...(raw.before !== undefined ? { before: raw.before as string } : {}),
    ...(raw.after !== undefined ? { after: raw.after as string } : {}),
  };
}

function parseReplaces(raw: unknown, fail: Fail): Array<{ record: string; lines: number[] }> {
  if (!Array.isArray(raw)) return fail(['replaces'], '"replaces" must be an array');
  return raw.map((entry, i) => {
    if (!isObject(entry) || typeof entry.record !== 'string' || !Array.isArray(entry.lines) || !entry.lines.every((n) => Number.isInteger(n) && (n as number) >= 0)) {
      return fail(['replaces', i], 'each entry must be { "record": id, "lines": [index, ...] }');
    }
    return { record: entry.record, lines: entry.lines as number[] };
  });
}

function ids(raw: unknown, fail: Fail): string[] {
  if (!Array.isArray(raw) || !raw.every((id) => typeof id === 'string' && id.length > 0)) return fail(['records'], '"records" must be an array of record ids');
  return raw as string[];
}

function str(value: Record<string, unknown>, key: string, fail: Fail): void {
  if (typeof value[key] !== 'string' || (value[key] as string).length === 0) fail([key], `"${key}" must be a non-empty string`);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
