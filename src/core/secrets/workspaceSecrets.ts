// The `secrets` features, shared by `airlock secrets` and `airlock check`: run the scanner over a
// workspace, split what counts from what a team accepted, accept the current findings, and say
// findings masked (the scanner never hands out more).
import { existsSync, lstatSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { sha256OfFile } from './fileContentHash';
import {
  acceptUnscannedFiles, hasControlCharacters, loadSecretsBaseline, SecretsBaselineError, UNSCANNED_FILE_RULE, writeSecretsBaseline, type AcceptanceNote, type BaselineEntry, type LoadedSecretsBaseline,
} from './secretsBaseline';
import { isAlwaysSkipped, scanFile, scanFiles, scanPaths } from './scanPaths';
import { toSarif, type SarifFileResult, type SarifLevel } from './sarif';
import type { FileScanResult, SecretFinding, SkipReason } from './secretTypes';
import { displayPath } from '../paths/displayPath';
import { gitFactsFor } from '../workspace/gitFacts';
import { gitReviewer } from '../util/gitIdentity';
import { InputError } from '../words/inputError';
import { SECRETS_BASELINE_PATH } from '../words/airlockLayout';

/**
 * A file the scan passed over, and why (the scan's own result, named for the report). With
 * `acceptedSha256` the baseline accepted other content of this file: it changed since, so it is
 * unscanned again (`sha256` is its content now).
 */
export type SkippedFile = Pick<FileScanResult, 'file' | 'error'> & { readonly reason: SkipReason; readonly sha256?: string; readonly acceptedSha256?: string };

/** A file the scanner cannot judge whose exact bytes the baseline accepts, with what the baseline records of it. */
export interface AcceptedUnscannedFile extends AcceptanceNote {
  readonly file: string;
  readonly sha256: string;
  /** Why the scanner cannot judge it. */
  readonly reason: SkipReason;
  /** The file the baseline entry names, when these bytes were accepted under another name. */
  readonly acceptedFor?: string;
}

export interface SecretsScanResult {
  /** Findings that count: neither allowed inline nor in the baseline. */
  readonly active: readonly SecretFinding[];
  /** Findings a team accepted (marked `inline` or `baseline`). */
  readonly suppressed: readonly SecretFinding[];
  readonly files: number;
  readonly bytes: number;
  readonly skipped: readonly SkippedFile[];
  /** Files the scanner cannot judge whose exact content the baseline accepts (not in `skipped`). */
  readonly acceptedUnscanned: readonly AcceptedUnscannedFile[];
  readonly baseline: LoadedSecretsBaseline;
}

export interface CollectOptions {
  /** Also scan what .gitignore ignores. */
  readonly all?: boolean;
  /** Paths as the user typed them (relative to `cwd`); the whole workspace when empty. */
  readonly paths?: readonly string[];
  readonly cwd?: string;
  /** Files another walk found (`airlock check`'s): scanned as given, no second walk. */
  readonly files?: readonly string[];
}

/** Loads the baseline, turning a corrupt one into an input error (exit 2) that names file:line:col. */
function loadBaseline(root: string): LoadedSecretsBaseline {
  try {
    return loadSecretsBaseline(root);
  } catch (err) {
    throw baselineInputError(err, root);
  }
}

/** A corrupt baseline is invalid input: say where and what, and how to recover, without a stack trace. */
function baselineInputError(err: unknown, root: string): unknown {
  if (!(err instanceof SecretsBaselineError)) return err;
  const prefix = `${err.file}:${err.line}:${err.column}: `;
  const detail = err.message.startsWith(prefix) ? err.message.slice(prefix.length) : err.message;
  return new InputError(
    `${displayPath(err.file, root)}:${err.line}:${err.column}: ${detail}; fix the file, or delete it and run \`airlock secrets baseline\``,
  );
}

/** Turns the user's path arguments into workspace paths, refusing ones that are missing or outside. */
function workspacePaths(root: string, cwd: string, paths: readonly string[]): string[] {
  return paths.map((p) => {
    const abs = resolve(cwd, p);
    const rel = relative(root, abs);
    if (rel.startsWith('..') || isAbsolute(rel)) throw new InputError(`${p}: outside the workspace ${root}`);
    if (!existsSync(abs)) throw new InputError(`${p}: no such file or directory`);
    return abs;
  });
}

export async function collectSecretFindings(root: string, options: CollectOptions = {}): Promise<SecretsScanResult> {
  const baseline = loadBaseline(root);
  const targets = options.paths && options.paths.length > 0 ? workspacePaths(root, options.cwd ?? root, options.paths) : undefined;
  const active: SecretFinding[] = [];
  const suppressed: SecretFinding[] = [];
  const skipped: SkippedFile[] = [];
  const accepted: AcceptedUnscannedFile[] = [];
  const entries = baseline.entries.filter((e) => e.rule === UNSCANNED_FILE_RULE);
  let files = 0;
  let bytes = 0;
  const results = options.files
    ? scanFiles(root, options.files.filter((f) => !isAlwaysSkipped(f)), { baseline, includeSuppressed: true })
    : scanPaths(root, targets, { all: options.all ?? false, baseline, includeSuppressed: true });
  const seen = new Set<string>();
  for await (const result of withTrackedIgnored(root, results, seen, options.all === true ? null : targets, baseline)) {
    seen.add(result.file);
    files++;
    bytes += result.bytes;
    if (result.skipped) {
      const judged = result.skipped !== 'unreadable' ? acceptanceOf(join(root, result.file), result.file, entries) : null;
      if (judged?.accepted) accepted.push(acceptedFile(result.file, judged.sha256, result.skipped, judged.accepted));
      else skipped.push({ file: result.file, reason: result.skipped, ...(result.error ? { error: result.error } : {}), ...(judged?.changed ? { acceptedSha256: judged.changed.fingerprint, ...(judged.sha256 ? { sha256: judged.sha256 } : {}) } : {}) });
    }
    for (const f of result.findings) (f.suppressed ? suppressed : active).push(f);
  }
  return { active, suppressed, files, bytes, skipped, acceptedUnscanned: accepted, baseline };
}

/**
 * The walk's results, then files git tracks that a .gitignore pattern hid from the walk: CI's
 * checkout holds them, so a pattern added after the commit must not hide a key (or an archive)
 * from the gate. `targets`: the absolute paths asked for (all when undefined); null: the walk
 * already included ignored files (`--all`). `.git` and `node_modules` stay skipped by design.
 */
async function* withTrackedIgnored(
  root: string, walked: AsyncGenerator<FileScanResult>, seen: ReadonlySet<string>, targets: readonly string[] | undefined | null, baseline: LoadedSecretsBaseline,
): AsyncGenerator<FileScanResult> {
  yield* walked;
  if (targets === null) return;
  const under = targets?.map((t) => relative(root, t).split('\\').join('/'));
  // A CI gate can wait for git: bounds far above the hook's (git's listing is capped at 64 MB).
  const tracked = gitFactsFor(root, { timeoutMs: 60_000, maxPaths: 5_000_000 }).trackedPaths() ?? [];
  const missed = tracked.filter((f) => !seen.has(f) && !isAlwaysSkipped(f) && (under === undefined || under.some((u) => u === '' || f === u || f.startsWith(`${u}/`))) && isRegularFile(join(root, f)));
  yield* scanFiles(root, missed, { baseline, includeSuppressed: true });
}

/** A tracked path the work tree holds as a regular file (a symlink or a deleted file is not scanned, as in the walk). */
function isRegularFile(abs: string): boolean {
  try {
    return lstatSync(abs).isFile();
  } catch {
    return false;
  }
}

/**
 * What the baseline says of an unscanned file: accepted (the rule of secretProbe's
 * `acceptedUnscanned`: its exact bytes are accepted, under whatever name), or accepted before
 * under this name with other content (changed since), or nothing. Hashed only when the baseline
 * accepts any file.
 */
function acceptanceOf(abs: string, file: string, entries: readonly BaselineEntry[]): { sha256: string | null; accepted?: BaselineEntry; changed?: BaselineEntry } | null {
  if (entries.length === 0) return null;
  const sha256 = sha256OfFile(abs);
  const same = sha256 === null ? [] : entries.filter((e) => e.fingerprint === sha256);
  if (same.length > 0) return { sha256, accepted: same.find((e) => e.file === file) ?? same[0] };
  const earlier = entries.find((e) => e.file === file);
  return earlier ? { sha256, changed: earlier } : null;
}

function acceptedFile(file: string, sha256: string | null, reason: SkipReason, entry: BaselineEntry): AcceptedUnscannedFile {
  const { acceptedAt, acceptedBy, justification } = entry;
  return {
    file, sha256: sha256 ?? entry.fingerprint, reason,
    ...(acceptedAt !== undefined ? { acceptedAt } : {}), ...(acceptedBy !== undefined ? { acceptedBy } : {}), ...(justification !== undefined ? { justification } : {}),
    ...(entry.file !== file ? { acceptedFor: entry.file } : {}),
  };
}

/** Findings that fail a gate: blocking and not accepted. Generic key=value hits only raise risk. */
export function failingFindings(findings: readonly SecretFinding[]): SecretFinding[] {
  return findings.filter((f) => f.blocking && !f.suppressed);
}

/** One human line: rule, file:line:col, masked value. */
export function formatFinding(f: SecretFinding, ruleWidth = 22): string {
  const note = f.suppressed === 'baseline' ? '  (baselined)' : f.suppressed === 'inline' ? '  (allowed inline)' : f.blocking ? '' : '  (not blocking)';
  return `${f.rule.padEnd(ruleWidth)} ${f.file}:${f.line}:${f.column}  ${f.value}${note}`;
}

/** What the JSON outputs carry per finding: positions, rule and the masked value, never the secret. */
export type FindingJson = Pick<SecretFinding, 'file' | 'line' | 'column' | 'endLine' | 'endColumn' | 'rule' | 'description' | 'severity' | 'blocking' | 'value' | 'fingerprint' | 'suppressed'>;

export function findingJson(f: SecretFinding): FindingJson {
  return {
    file: f.file, line: f.line, column: f.column, endLine: f.endLine, endColumn: f.endColumn,
    rule: f.rule, description: f.description, severity: f.severity, blocking: f.blocking,
    value: f.value, fingerprint: f.fingerprint, ...(f.suppressed ? { suppressed: f.suppressed } : {}),
  };
}

function skipWhy(reason: SkipReason, error?: string): string {
  return reason === 'too-large' ? 'too large to scan' : reason === 'unreadable' ? `unreadable (${error ?? 'unknown error'})` : reason === 'binary' ? 'binary'
    : reason === 'compressed' ? 'compressed or an archive (its content cannot be judged)' : 'not a regular file';
}

function changedNote(s: SkippedFile): string {
  return s.acceptedSha256 === undefined ? '' : `; its content changed since ${SECRETS_BASELINE_PATH} accepted it (accepted sha256 ${s.acceptedSha256}, now ${s.sha256 ?? 'unreadable'})`;
}

/** Files that could not be scanned are reported, never silently dropped. */
export function formatSkipped(s: SkippedFile): string {
  return `${s.file}: not scanned: ${skipWhy(s.reason, s.error)}${changedNote(s)}`;
}

/** Who accepted it and when, as far as the baseline records it, and under which name. */
function acceptanceParts(a: AcceptedUnscannedFile): string[] {
  return [a.acceptedBy !== undefined ? `by ${a.acceptedBy}` : '', a.acceptedAt ?? '', a.acceptedFor !== undefined ? `as the content of ${a.acceptedFor}` : ''].filter((p) => p !== '');
}

function acceptanceNote(a: AcceptedUnscannedFile): string {
  const parts = acceptanceParts(a);
  return `${parts.length ? ` (${parts.join(', ')})` : ''}${a.justification !== undefined ? `: ${a.justification}` : ''}`;
}

/** One human line for a file the baseline accepts unscanned. */
export function formatAcceptedUnscanned(a: AcceptedUnscannedFile): string {
  return `${a.file}: not scanned, content accepted by the baseline${acceptanceNote(a)}`;
}

/** A file the scanner cannot judge and nobody accepted: in JSON, a finding of rule `unscanned-file`. */
export type UnscannedJson = SkippedFile & { readonly rule: typeof UNSCANNED_FILE_RULE };

/** `secrets scan --json`: findings that count, files not scanned, and files accepted unscanned (what CI waved through). */
export interface SecretsScanJson {
  readonly findings: readonly FindingJson[];
  readonly unscanned: readonly UnscannedJson[];
  readonly acceptedUnscanned: readonly AcceptedUnscannedFile[];
}

export function secretsScanJson(result: SecretsScanResult): SecretsScanJson {
  return {
    findings: result.active.map(findingJson),
    unscanned: result.skipped.map((s) => ({ file: s.file, rule: UNSCANNED_FILE_RULE, reason: s.reason, ...(s.error !== undefined ? { error: s.error } : {}), ...(s.sha256 !== undefined ? { sha256: s.sha256 } : {}), ...(s.acceptedSha256 !== undefined ? { acceptedSha256: s.acceptedSha256 } : {}) })),
    acceptedUnscanned: result.acceptedUnscanned,
  };
}

/** Unscanned files as SARIF results: open ones at `openLevel`, accepted ones suppressed (warnings) with the baseline's word for it. */
function unscannedSarifResults(result: SecretsScanResult, openLevel: SarifLevel): SarifFileResult[] {
  const open = result.skipped.map((s): SarifFileResult => ({
    file: s.file,
    // A FIFO or device fails no gate (secretsGate.ts): it stays a warning.
    level: s.reason === 'not-a-file' ? 'warning' : openLevel,
    message: `Not scanned for secrets: ${skipWhy(s.reason, s.error)}${changedNote(s)}. AI reads of it get the policy's "secretsUnscanned" verdict.`,
    properties: { reason: s.reason, ...(s.sha256 !== undefined ? { sha256: s.sha256 } : {}), ...(s.acceptedSha256 !== undefined ? { acceptedSha256: s.acceptedSha256 } : {}) },
  }));
  const accepted = result.acceptedUnscanned.map((a): SarifFileResult => ({
    file: a.file,
    level: 'warning',
    message: `Not scanned for secrets: ${skipWhy(a.reason)}. Its exact content (sha256 ${a.sha256}) is accepted in ${SECRETS_BASELINE_PATH}.`,
    properties: { reason: a.reason, sha256: a.sha256 },
    accepted: {
      justification: `${a.justification ?? 'Accepted by content hash'} (${[SECRETS_BASELINE_PATH, ...acceptanceParts(a)].join(', ')})`,
      properties: { ...(a.acceptedBy !== undefined ? { acceptedBy: a.acceptedBy } : {}), ...(a.acceptedAt !== undefined ? { acceptedAt: a.acceptedAt } : {}) },
    },
  }));
  return [...open, ...accepted];
}

/**
 * A SARIF 2.1.0 log of every finding and unscanned file, accepted ones marked suppressed.
 * `unscannedLevel`: the level of open unscanned files, `error` when they fail the run (secretsGate.ts).
 */
export function secretsSarif(result: SecretsScanResult, toolVersion: string, unscannedLevel: SarifLevel): string {
  return `${JSON.stringify(toSarif([...result.active, ...result.suppressed], toolVersion, unscannedSarifResults(result, unscannedLevel)), null, 2)}\n`;
}

/** Accepts every current finding into the baseline (fingerprints only); what changed. */
export async function acceptCurrentFindings(root: string, all: boolean): Promise<{ accepted: number; added: number; removed: number }> {
  const result = await collectSecretFindings(root, { all });
  // Inline-allowed findings need no entry; baselined ones still present stay accepted.
  const accepted = [...result.active, ...result.suppressed.filter((f) => f.suppressed === 'baseline')];
  let written: LoadedSecretsBaseline;
  try {
    written = writeSecretsBaseline(root, accepted);
  } catch (err) {
    throw baselineInputError(err, root);
  }
  const before = result.baseline.fingerprints;
  const added = written.entries.filter((e) => !before.has(e.fingerprint)).length;
  const removed = [...before].filter((fp) => !written.fingerprints.has(fp)).length;
  return { accepted: written.entries.length, added, removed };
}

/** Reading a file named for acceptance in full, however large, to be sure it holds no live secret. */
const ACCEPT_SCAN_MAX_BYTES = 1024 * 1024 * 1024;

/**
 * Accepts files the scanner cannot judge, by the SHA-256 of their bytes. Every path must be a
 * workspace file the scanner indeed cannot judge and must not hold a live secret (a file too
 * large for the hook is read whole here); one bad path accepts nothing. The entries record
 * `now`, the git identity of the workspace (when set) and `reason`.
 */
export function acceptUnscannedPaths(root: string, cwd: string, paths: readonly string[], options: { now?: Date; reason?: string } = {}): { file: string; sha256: string; why: string }[] {
  if (options.reason !== undefined && hasControlCharacters(options.reason)) throw new InputError('--reason: write it on one line, without control characters');
  const baseline = loadBaseline(root);
  const chosen = workspacePaths(root, cwd, paths).map((abs, i) => {
    const file = relative(root, abs).split('\\').join('/');
    // Not through a symlink: what is accepted is the file the name holds, inside the workspace.
    if (!lstatSync(abs).isFile()) throw new InputError(`${paths[i]}: not a regular file (name each file to accept, not a folder or symlink)`);
    // Hashed before and after the checks: content swapped meanwhile is not accepted.
    const sha256 = sha256OfFile(abs);
    const result = scanFile(abs, root, { baseline });
    if (!result.skipped) throw new InputError(`${paths[i]}: the scanner can read this file, so there is nothing to accept; accept its findings with \`airlock secrets baseline\``);
    if (result.skipped === 'unreadable' || result.skipped === 'not-a-file') throw new InputError(`${paths[i]}: cannot be read (${result.error ?? result.skipped})`);
    if (result.skipped === 'too-large') {
      const whole = scanFile(abs, root, { baseline, maxFileBytes: ACCEPT_SCAN_MAX_BYTES });
      const live = failingFindings(whole.findings)[0];
      if (live) throw new InputError(`${paths[i]}: holds a live secret (${live.rule} at line ${live.line}); remove it, it is not accepted`);
      if (whole.skipped && whole.skipped !== 'compressed') throw new InputError(`${paths[i]}: cannot be read whole to check it for secrets (${whole.skipped})`);
    }
    if (sha256 === null || sha256OfFile(abs) !== sha256) throw new InputError(`${paths[i]}: cannot be read, or changed while it was checked`);
    return { file, sha256, why: result.skipped === 'too-large' ? 'too large to scan' : 'compressed or an archive' };
  });
  try {
    const identity = gitReviewer(root);
    const by = identity !== undefined && !hasControlCharacters(identity) ? identity : undefined;
    const note: AcceptanceNote = {
      acceptedAt: (options.now ?? new Date()).toISOString(),
      ...(by !== undefined ? { acceptedBy: by } : {}),
      ...(options.reason !== undefined ? { justification: options.reason } : {}),
    };
    acceptUnscannedFiles(root, chosen, note);
  } catch (err) {
    throw baselineInputError(err, root);
  }
  return chosen;
}
