// One question for every read route: does this file hold a live credential, or can the scanner
// not tell? Answers are cached by file identity (scanCache.ts). A file the scanner cannot judge is
// `unscanned`, never clean.
import * as fs from 'node:fs';
import { fileIdentity, type ScanVerdict, type SecretScanCache } from './scanCache';
import { sha256OfFile } from './fileContentHash';
import { scanFile } from './scanPaths';
import type { SecretFinding, SecretsBaseline } from './secretTypes';

export interface ProbeOptions {
  readonly baseline?: SecretsBaseline;
  readonly genericBlockConfidence?: number;
  readonly maxFileBytes?: number;
  /**
   * Whether an AI wrote a 1-based line of the workspace-relative file (from provenance). An inline
   * suppression on (or just above) such a line does not count. Absent: every suppression counts.
   */
  readonly aiWroteLine?: (relFile: string, line: number) => boolean;
}

const UNSCANNED_REASON: Record<string, string> = {
  compressed: 'it is compressed or an archive, so its content cannot be scanned',
  'too-large': 'it is larger than the secret scanner reads',
  unreadable: 'it could not be read',
  binary: 'it is binary',
};

function counts(f: SecretFinding, options: ProbeOptions): boolean {
  if (!f.blocking || f.suppressed === 'baseline') return false;
  if (f.suppressed !== 'inline') return true;
  // A suppression the AI could have written itself is no suppression.
  return options.aiWroteLine !== undefined && (options.aiWroteLine(f.file, f.line) || options.aiWroteLine(f.file, f.line - 1));
}

/** A file the scanner cannot judge whose exact bytes the baseline accepts (hashed only here, then cached by identity). */
export function acceptedUnscanned(abs: string, options: Pick<ProbeOptions, 'baseline'>): boolean {
  const accepted = options.baseline?.acceptedUnscanned;
  if (!accepted || accepted.size === 0) return false;
  const hash = sha256OfFile(abs);
  return hash !== null && accepted.has(hash);
}

/**
 * Scans (or recalls) one file: `clean`, `secret` (a live, unsuppressed blocking finding) or
 * `unscanned`. `stats`: the file's `statSync(abs, { bigint: true })` when the caller has it.
 */
export function probeFile(abs: string, root: string, options: ProbeOptions = {}, cache?: SecretScanCache, stats?: fs.BigIntStats): ScanVerdict {
  let identity: string;
  try {
    const st = stats ?? fs.statSync(abs, { bigint: true });
    if (!st.isFile()) return { kind: 'clean' };
    identity = fileIdentity(st);
  } catch (err) {
    return { kind: 'unscanned', reason: `it could not be examined (${(err as NodeJS.ErrnoException).code ?? 'error'})` };
  }
  const cached = cache?.get(abs, identity);
  if (cached) return cached;
  const result = scanFile(abs, root, {
    includeSuppressed: true,
    ...(options.baseline ? { baseline: options.baseline } : {}),
    ...(options.genericBlockConfidence !== undefined ? { genericBlockConfidence: options.genericBlockConfidence } : {}),
    ...(options.maxFileBytes !== undefined ? { maxFileBytes: options.maxFileBytes } : {}),
  });
  let verdict: ScanVerdict;
  const live = result.findings.find((f) => counts(f, options));
  if (live) verdict = { kind: 'secret', rule: live.rule, line: live.line };
  else if (result.skipped && result.skipped !== 'not-a-file' && !acceptedUnscanned(abs, options)) verdict = { kind: 'unscanned', reason: UNSCANNED_REASON[result.skipped] ?? result.skipped };
  else verdict = { kind: 'clean' };
  // Provenance can change without the file changing: answers that consulted it are not cached.
  const consulted = options.aiWroteLine !== undefined && result.findings.some((f) => f.blocking && f.suppressed === 'inline');
  if (!consulted) cache?.set(abs, identity, verdict);
  return verdict;
}
