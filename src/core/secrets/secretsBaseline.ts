// `.airlock/secrets-baseline.json`: findings a team has accepted, by fingerprint only (never a secret).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { findNodeAtLocation, parse, parseTree, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { writeAtomic } from '../util/atomicWrite';
import { positionOf } from '../util/lineIndex';
import type { SecretFinding, SecretsBaseline } from './secretTypes';
import { SECRETS_BASELINE_PATH } from '../words/airlockLayout';


/**
 * The reserved rule of an entry that accepts a whole file the scanner cannot judge (an archive,
 * a file over the size cap): its fingerprint is the SHA-256 of the file's bytes, so any change to
 * the file makes it unscanned again. Kept in version 1: a reader without this kind treats the
 * entry as a finding fingerprint that never matches, so it stays stricter, never looser.
 */
export const UNSCANNED_FILE_RULE = 'unscanned-file';

/** One accepted finding: the rule and file help reviewers read the diff; the fingerprint decides. */
export interface BaselineEntry {
  readonly fingerprint: string;
  readonly rule: string;
  readonly file: string;
  /** Who accepted it, when and why: recorded for accepted unscanned files, shown in scan reports; they decide nothing. */
  readonly acceptedAt?: string;
  readonly acceptedBy?: string;
  readonly justification?: string;
}

/** The optional record-keeping fields of an entry, in the order they are written. */
const NOTE_FIELDS = ['acceptedAt', 'acceptedBy', 'justification'] as const;

/** Reports print these fields as they are: a control character could rewrite a CI log line. */
export function hasControlCharacters(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) return true;
  }
  return false;
}

export interface LoadedSecretsBaseline extends SecretsBaseline {
  readonly entries: readonly BaselineEntry[];
}

/** The baseline file exists but cannot be trusted: fix or delete it; it is never silently replaced. */
export class SecretsBaselineError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly column: number,
    detail: string,
  ) {
    super(`${file}:${line}:${column}: invalid secrets baseline: ${detail}`);
    this.name = 'SecretsBaselineError';
  }
}

function parseBaseline(text: string, file: string): LoadedSecretsBaseline {
  const errors: ParseError[] = [];
  const doc: unknown = parse(text, errors, { disallowComments: true, allowTrailingComma: false });
  if (errors.length > 0) {
    const { line, column } = positionOf(text, errors[0].offset);
    throw new SecretsBaselineError(file, line, column, `JSON ${printParseErrorCode(errors[0].error)}`);
  }
  // Points at the offending entry (or the document) so the error names file:line:column.
  const fail = (detail: string, at: (string | number)[] = []): never => {
    const tree = parseTree(text);
    const node = tree ? findNodeAtLocation(tree, at) ?? tree : undefined;
    const { line, column } = positionOf(text, node?.offset ?? 0);
    throw new SecretsBaselineError(file, line, column, detail);
  };
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return fail('expected a JSON object');
  const record = doc as Record<string, unknown>;
  if (record.version !== 1) return fail(`unsupported "version" ${JSON.stringify(record.version)} (expected 1)`, ['version']);
  if (!Array.isArray(record.findings)) return fail('"findings" must be an array', ['findings']);
  const entries = record.findings.map((item: unknown, i: number): BaselineEntry => {
    const e = item as Partial<Record<keyof BaselineEntry, unknown>> | null;
    if (typeof e !== 'object' || e === null || typeof e.fingerprint !== 'string' || !/^[0-9a-f]{64}$/.test(e.fingerprint)) {
      return fail(`findings[${i}].fingerprint must be 64 lower-case hex characters`, ['findings', i]);
    }
    if (typeof e.rule !== 'string' || typeof e.file !== 'string') return fail(`findings[${i}] needs string "rule" and "file"`, ['findings', i]);
    if (e.rule === UNSCANNED_FILE_RULE && e.file.trim() === '') return fail(`findings[${i}]: an "${UNSCANNED_FILE_RULE}" entry must name its file`, ['findings', i]);
    const notes: { -readonly [K in (typeof NOTE_FIELDS)[number]]?: string } = {};
    for (const key of NOTE_FIELDS) {
      const v = e[key];
      if (v === undefined) continue;
      if (typeof v !== 'string' || hasControlCharacters(v)) return fail(`findings[${i}].${key} must be a string without control characters`, ['findings', i, key]);
      notes[key] = v;
    }
    return { fingerprint: e.fingerprint, rule: e.rule, file: e.file, ...notes };
  });
  return loaded(entries);
}

/** Findings and accepted unscanned files are separate kinds: a content hash never suppresses a finding. */
function loaded(entries: readonly BaselineEntry[]): LoadedSecretsBaseline {
  return {
    entries,
    fingerprints: new Set(entries.filter((e) => e.rule !== UNSCANNED_FILE_RULE).map((e) => e.fingerprint)),
    acceptedUnscanned: new Set(entries.filter((e) => e.rule === UNSCANNED_FILE_RULE).map((e) => e.fingerprint)),
  };
}

/** Loads the baseline of a workspace; an absent file is an empty baseline, a corrupt one throws. */
export function loadSecretsBaseline(root: string): LoadedSecretsBaseline {
  const file = path.join(root, SECRETS_BASELINE_PATH);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return loaded([]);
    throw err;
  }
  return parseBaseline(text, file);
}

export interface WriteBaselineOptions {
  /** Keep the findings already in the file (default: replace them with `findings`). */
  readonly merge?: boolean;
}

/**
 * Writes the baseline atomically (temp file + rename). Accepted unscanned files are kept: they are
 * accepted one by one (`acceptUnscannedFiles`), not by re-running the scan. An existing corrupt
 * baseline is an error, not something to overwrite: it may hold accepted findings someone still needs.
 */
export function writeSecretsBaseline(root: string, findings: readonly SecretFinding[], options: WriteBaselineOptions = {}): LoadedSecretsBaseline {
  const existing = loadSecretsBaseline(root);
  const kept = existing.entries.filter((e) => options.merge || e.rule === UNSCANNED_FILE_RULE);
  return writeEntries(root, [...kept, ...findings.map((f) => ({ fingerprint: f.fingerprint, rule: f.rule, file: f.file }))]);
}

/** What an acceptance records beside the hash (each only when known). */
export type AcceptanceNote = Pick<BaselineEntry, (typeof NOTE_FIELDS)[number]>;

/** Accepts files by content hash, replacing an earlier acceptance of the same file (its old content). */
export function acceptUnscannedFiles(root: string, files: readonly { readonly file: string; readonly sha256: string }[], note: AcceptanceNote = {}): LoadedSecretsBaseline {
  const existing = loadSecretsBaseline(root);
  const named = new Set(files.map((f) => f.file));
  const kept = existing.entries.filter((e) => !(e.rule === UNSCANNED_FILE_RULE && named.has(e.file)));
  const notes = Object.fromEntries(NOTE_FIELDS.filter((k) => note[k] !== undefined).map((k) => [k, note[k]])) as AcceptanceNote;
  return writeEntries(root, [...kept, ...files.map((f) => ({ fingerprint: f.sha256, rule: UNSCANNED_FILE_RULE, file: f.file, ...notes }))]);
}

function writeEntries(root: string, all: readonly BaselineEntry[]): LoadedSecretsBaseline {
  const byKey = new Map<string, BaselineEntry>();
  for (const e of all) byKey.set(`${e.rule === UNSCANNED_FILE_RULE ? 'u' : 'f'}\0${e.fingerprint}`, e);
  // Sorted so that re-running on an unchanged tree gives a byte-identical, diff-friendly file.
  const entries = [...byKey.values()].sort((a, b) =>
    a.file < b.file ? -1 : a.file > b.file ? 1 : a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : a.fingerprint < b.fingerprint ? -1 : 1);
  const body = {
    version: 1,
    description: `Secret findings accepted as known. Fingerprints are sha256 of rule, file and secret (for "${UNSCANNED_FILE_RULE}": of the whole file, which the scanner cannot judge); no secret is stored.`,
    findings: entries,
  };
  const file = path.join(root, SECRETS_BASELINE_PATH);
  writeAtomic(file, `${JSON.stringify(body, null, 2)}\n`, { fsync: true });
  return loaded(entries);
}
