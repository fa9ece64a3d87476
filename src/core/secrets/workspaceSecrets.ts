// The `secrets` features, shared by `airlock secrets` and `airlock check`: run the scanner over a
// workspace, split what counts from what a team accepted, accept the current findings, and say
// findings masked (the scanner never hands out more).
import { existsSync, lstatSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { sha256OfFile } from './fileContentHash';
import { acceptedUnscanned } from './secretProbe';
import { acceptUnscannedFiles, loadSecretsBaseline, SecretsBaselineError, writeSecretsBaseline, type LoadedSecretsBaseline } from './secretsBaseline';
import { isAlwaysSkipped, scanFile, scanFiles, scanPaths } from './scanPaths';
import { toSarif } from './sarif';
import type { FileScanResult, SecretFinding, SkipReason } from './secretTypes';
import { displayPath } from '../paths/displayPath';
import { InputError } from '../words/inputError';

/** A file the scan passed over, and why (the scan's own result, named for the report). */
export type SkippedFile = Pick<FileScanResult, 'file' | 'error'> & { readonly reason: SkipReason };

export interface SecretsScanResult {
  /** Findings that count: neither allowed inline nor in the baseline. */
  readonly active: readonly SecretFinding[];
  /** Findings a team accepted (marked `inline` or `baseline`). */
  readonly suppressed: readonly SecretFinding[];
  readonly files: number;
  readonly bytes: number;
  readonly skipped: readonly SkippedFile[];
  /** Files the scanner cannot judge whose exact content the baseline accepts (not in `skipped`). */
  readonly acceptedUnscanned: readonly string[];
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
  const accepted: string[] = [];
  let files = 0;
  let bytes = 0;
  const results = options.files
    ? scanFiles(root, options.files.filter((f) => !isAlwaysSkipped(f)), { baseline, includeSuppressed: true })
    : scanPaths(root, targets, { all: options.all ?? false, baseline, includeSuppressed: true });
  for await (const result of results) {
    files++;
    bytes += result.bytes;
    if (result.skipped && result.skipped !== 'unreadable' && acceptedUnscanned(join(root, result.file), { baseline })) accepted.push(result.file);
    else if (result.skipped) skipped.push({ file: result.file, reason: result.skipped, ...(result.error ? { error: result.error } : {}) });
    for (const f of result.findings) (f.suppressed ? suppressed : active).push(f);
  }
  return { active, suppressed, files, bytes, skipped, acceptedUnscanned: accepted, baseline };
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

/** Files that could not be scanned are reported, never silently dropped. */
export function formatSkipped(s: SkippedFile): string {
  const why = s.reason === 'too-large' ? 'too large to scan' : s.reason === 'unreadable' ? `unreadable (${s.error ?? 'unknown error'})` : s.reason === 'binary' ? 'binary'
    : s.reason === 'compressed' ? 'compressed or an archive (its content cannot be judged)' : 'not a regular file';
  return `${s.file}: not scanned: ${why}`;
}

/** A SARIF 2.1.0 log of every finding, accepted ones marked suppressed. */
export function secretsSarif(result: SecretsScanResult, toolVersion: string): string {
  return `${JSON.stringify(toSarif([...result.active, ...result.suppressed], toolVersion), null, 2)}\n`;
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
 * large for the hook is read whole here); one bad path accepts nothing.
 */
export function acceptUnscannedPaths(root: string, cwd: string, paths: readonly string[]): { file: string; sha256: string; why: string }[] {
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
    acceptUnscannedFiles(root, chosen);
  } catch (err) {
    throw baselineInputError(err, root);
  }
  return chosen;
}
