// `.airlock/secrets-baseline.json`: findings a team has accepted, by fingerprint only (never a secret).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { writeAtomic } from '../util/atomicWrite';
import { positionOf } from '../util/lineIndex';
import type { SecretFinding, SecretsBaseline } from './secretTypes';
import { SECRETS_BASELINE_PATH } from '../words/airlockLayout';


/** One accepted finding: the rule and file help reviewers read the diff; the fingerprint decides. */
export interface BaselineEntry {
  readonly fingerprint: string;
  readonly rule: string;
  readonly file: string;
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
  const fail = (detail: string): never => {
    throw new SecretsBaselineError(file, 1, 1, detail);
  };
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return fail('expected a JSON object');
  const record = doc as Record<string, unknown>;
  if (record.version !== 1) return fail(`unsupported "version" ${JSON.stringify(record.version)} (expected 1)`);
  if (!Array.isArray(record.findings)) return fail('"findings" must be an array');
  const entries = record.findings.map((item: unknown, i: number): BaselineEntry => {
    const e = item as Partial<Record<keyof BaselineEntry, unknown>> | null;
    if (typeof e !== 'object' || e === null || typeof e.fingerprint !== 'string' || !/^[0-9a-f]{64}$/.test(e.fingerprint)) {
      return fail(`findings[${i}].fingerprint must be 64 lower-case hex characters`);
    }
    if (typeof e.rule !== 'string' || typeof e.file !== 'string') return fail(`findings[${i}] needs string "rule" and "file"`);
    return { fingerprint: e.fingerprint, rule: e.rule, file: e.file };
  });
  return { entries, fingerprints: new Set(entries.map((e) => e.fingerprint)) };
}

/** Loads the baseline of a workspace; an absent file is an empty baseline, a corrupt one throws. */
export function loadSecretsBaseline(root: string): LoadedSecretsBaseline {
  const file = path.join(root, SECRETS_BASELINE_PATH);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { entries: [], fingerprints: new Set() };
    throw err;
  }
  return parseBaseline(text, file);
}

export interface WriteBaselineOptions {
  /** Keep the entries already in the file (default: replace them with `findings`). */
  readonly merge?: boolean;
}

/**
 * Writes the baseline atomically (temp file + rename). An existing corrupt baseline is an error, not
 * something to overwrite: it may hold accepted findings someone still needs.
 */
export function writeSecretsBaseline(root: string, findings: readonly SecretFinding[], options: WriteBaselineOptions = {}): LoadedSecretsBaseline {
  const existing = loadSecretsBaseline(root);
  const byFingerprint = new Map<string, BaselineEntry>();
  if (options.merge) for (const e of existing.entries) byFingerprint.set(e.fingerprint, e);
  for (const f of findings) byFingerprint.set(f.fingerprint, { fingerprint: f.fingerprint, rule: f.rule, file: f.file });
  // Sorted so that re-running on an unchanged tree gives a byte-identical, diff-friendly file.
  const entries = [...byFingerprint.values()].sort((a, b) =>
    a.file < b.file ? -1 : a.file > b.file ? 1 : a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : a.fingerprint < b.fingerprint ? -1 : 1);
  const body = {
    version: 1,
    description: 'Secret findings accepted as known. Fingerprints are sha256 of rule, file and secret; no secret is stored.',
    findings: entries,
  };
  const file = path.join(root, SECRETS_BASELINE_PATH);
  writeAtomic(file, `${JSON.stringify(body, null, 2)}\n`, { fsync: true });
  return { entries, fingerprints: new Set(entries.map((e) => e.fingerprint)) };
}
