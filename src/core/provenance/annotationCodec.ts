// The store-file text of one file's annotations: stable key order, sorted ranges, 2-space JSON
// and a final newline so that diffs and merges stay small; parse errors carry line and column.
import { findNodeAtLocation, parseTree, printParseErrorCode, type JSONPath, type Node, type ParseError } from 'jsonc-parser';
import type { AnnotatedRange, AnnotationState, FileAnnotations } from './annotationTypes';
import { ProvenanceError } from './provenanceError';
import { positionOf } from '../util/lineIndex';

const FILE_KEYS = ['version', 'file', 'fileHash', 'ranges'] as const;
const RANGE_KEYS = ['id', 'startLine', 'endLine', 'contentHash', 'tool', 'model', 'session', 'time', 'state', 'reviewedBy', 'reviewedAt'] as const;
const STATES: readonly AnnotationState[] = ['ai', 'ai-modified'];

export function serializeAnnotations(annotations: FileAnnotations): string {
  const ranges = [...annotations.ranges].sort((a, b) => a.startLine - b.startLine || a.endLine - b.endLine);
  const out: Record<string, unknown> = {
    version: annotations.version,
    file: annotations.file,
    ...(annotations.fileHash !== undefined ? { fileHash: annotations.fileHash } : {}),
    ranges: ranges.map(rangeObject),
    ...sortedExtra(annotations.extra, FILE_KEYS),
  };
  return JSON.stringify(out, null, 2) + '\n';
}

function rangeObject(range: AnnotatedRange): Record<string, unknown> {
  return {
    id: range.id,
    startLine: range.startLine,
    endLine: range.endLine,
    contentHash: range.contentHash,
    tool: range.tool,
    model: range.model,
    session: range.session,
    time: range.time,
    state: range.state,
    ...(range.reviewedBy !== undefined ? { reviewedBy: range.reviewedBy } : {}),
    ...(range.reviewedAt !== undefined ? { reviewedAt: range.reviewedAt } : {}),
    ...sortedExtra(range.extra, RANGE_KEYS),
  };
}

function sortedExtra(extra: Readonly<Record<string, unknown>> | undefined, known: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(extra ?? {}).sort()) {
    if (!known.includes(key)) {
      out[key] = extra?.[key];
    }
  }
  return out;
}

/** Parse and check a store file; throws ProvenanceError at the offending line and column. */
export function parseAnnotations(text: string, source: string): FileAnnotations {
  const marker = /^(<{7}|={7}|>{7}|\|{7})(?: |$)/m.exec(text);
  if (marker) {
    const { line, column } = positionOf(text, marker.index);
    throw new ProvenanceError('unresolved git merge conflict in the annotation file', source, line, column);
  }
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: false, disallowComments: true });
  if (errors.length > 0 || !root) {
    const error = errors[0];
    const { line, column } = positionOf(text, error?.offset ?? 0);
    throw new ProvenanceError(error ? `invalid JSON: ${printParseErrorCode(error.error)}` : 'empty file', source, line, column);
  }
  const fail = (path: JSONPath, message: string): never => {
    // A missing key points at the object that lacks it.
    let node: Node | undefined;
    for (let depth = path.length; !node && depth >= 0; depth--) {
      node = findNodeAtLocation(root, path.slice(0, depth));
    }
    node = node ?? root;
    const { line, column } = positionOf(text, node.offset);
    throw new ProvenanceError(message, source, line, column);
  };
  const value = nodeValue(root);
  if (!isObject(value)) {
    return fail([], 'expected an object');
  }
  if (!Number.isInteger(value.version) || (value.version as number) < 1) {
    fail(['version'], '"version" must be a positive integer');
  }
  if (typeof value.file !== 'string' || value.file.length === 0) {
    fail(['file'], '"file" must be the annotated file\'s workspace-relative path');
  }
  if (value.fileHash !== undefined && typeof value.fileHash !== 'string') {
    fail(['fileHash'], '"fileHash" must be a string');
  }
  if (!Array.isArray(value.ranges)) {
    return fail(['ranges'], '"ranges" must be an array');
  }
  const ranges = value.ranges.map((raw, index) => parseRange(raw, (key, message) => fail(key === undefined ? ['ranges', index] : ['ranges', index, key], message)));
  ranges.sort((a, b) => a.startLine - b.startLine || a.endLine - b.endLine);
  const extra = pickExtra(value, FILE_KEYS);
  return {
    version: value.version as number,
    file: value.file as string,
    ...(value.fileHash !== undefined ? { fileHash: value.fileHash as string } : {}),
    ranges,
    ...(extra ? { extra } : {}),
  };
}

function parseRange(raw: unknown, fail: (key: string | undefined, message: string) => never): AnnotatedRange {
  if (!isObject(raw)) {
    return fail(undefined, 'each range must be an object');
  }
  for (const key of ['id', 'contentHash', 'tool', 'model', 'session', 'time'] as const) {
    if (typeof raw[key] !== 'string' || (raw[key] as string).length === 0) {
      fail(key, `"${key}" must be a non-empty string`);
    }
  }
  for (const key of ['reviewedBy', 'reviewedAt'] as const) {
    if (raw[key] !== undefined && typeof raw[key] !== 'string') {
      fail(key, `"${key}" must be a string`);
    }
  }
  const start = raw.startLine;
  const end = raw.endLine;
  if (!Number.isInteger(start) || (start as number) < 1) {
    fail('startLine', '"startLine" must be a line number (1-based)');
  }
  if (!Number.isInteger(end) || (end as number) < (start as number)) {
    fail('endLine', '"endLine" must be a line number not before "startLine"');
  }
  if (!STATES.includes(raw.state as AnnotationState)) {
    fail('state', `"state" must be one of ${STATES.join(', ')}`);
  }
  const extra = pickExtra(raw, RANGE_KEYS);
  return {
    id: raw.id as string,
    startLine: start as number,
    endLine: end as number,
    contentHash: raw.contentHash as string,
    tool: raw.tool as string,
    model: raw.model as string,
    session: raw.session as string,
    time: raw.time as string,
    state: raw.state as AnnotationState,
    ...(raw.reviewedBy !== undefined ? { reviewedBy: raw.reviewedBy as string } : {}),
    ...(raw.reviewedAt !== undefined ? { reviewedAt: raw.reviewedAt as string } : {}),
    ...(extra ? { extra } : {}),
  };
}

function pickExtra(value: Record<string, unknown>, known: readonly string[]): Record<string, unknown> | undefined {
  const keys = Object.keys(value).filter((key) => !known.includes(key));
  if (keys.length === 0) {
    return undefined;
  }
  return Object.fromEntries(keys.map((key) => [key, value[key]]));
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The plain value of a parse tree. */
function nodeValue(node: Node): unknown {
  switch (node.type) {
    case 'array':
      return (node.children ?? []).map(nodeValue);
    case 'object': {
      // defineProperty keeps a "__proto__" key an own property instead of a prototype change.
      const out: Record<string, unknown> = {};
      for (const property of node.children ?? []) {
        const [key, value] = property.children ?? [];
        if (key && value) {
          Object.defineProperty(out, key.value as string, { value: nodeValue(value), enumerable: true, writable: true, configurable: true });
        }
      }
      return out;
    }
    default:
      return node.value;
  }
}
