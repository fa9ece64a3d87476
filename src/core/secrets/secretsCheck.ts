// The secrets part of `airlock check`: scan the workspace (gitignore-aware, like CI sees a checkout),
// fail on blocking findings that are not accepted, optionally write a SARIF log for dashboards.
import { resolve } from 'node:path';
import { writeAtomic } from '../util/atomicWrite';
import { errorMessage } from '../util/errorMessage';
import type { Violation } from '../words/checkViolation';
import { InputError } from '../words/inputError';
import {
  collectSecretFindings, failingFindings, findingJson, formatAcceptedUnscanned, formatFinding, formatSkipped, secretsSarif, type AcceptedUnscannedFile, type FindingJson,
} from './workspaceSecrets';

export interface SecretsCheckJson {
  readonly files: number;
  readonly findings: readonly FindingJson[];
  readonly blocking: number;
  readonly accepted: number;
  readonly notScanned: readonly string[];
  /** Files the scanner cannot judge whose content the baseline accepts: what the gate waved through. */
  readonly acceptedUnscanned: readonly AcceptedUnscannedFile[];
  readonly sarif?: string;
}

export interface SecretsCheckResult {
  readonly json: SecretsCheckJson;
  readonly violations: readonly Violation[];
  /** Human lines for the check report (already masked). */
  readonly text: string;
}

/**
 * Scans `root` for `airlock check`. A corrupt baseline throws an InputError (exit 2) before anything is
 * reported; `sarif.file` (relative to `cwd`) receives every finding, accepted ones marked suppressed.
 */
export async function checkSecrets(root: string, options: { cwd: string; sarifFile?: string; files?: readonly string[]; toolVersion: string }): Promise<SecretsCheckResult> {
  const { cwd, sarifFile, files } = options;
  const result = await collectSecretFindings(root, { files });
  let sarifPath: string | undefined;
  if (sarifFile !== undefined) {
    sarifPath = resolve(cwd, sarifFile);
    writeAtomically(sarifPath, secretsSarif(result, options.toolVersion));
  }
  const failing = failingFindings(result.active);
  const violations = failing.map((f): Violation => ({
    kind: 'secret',
    message: `secret ${f.rule} at ${f.file}:${f.line}:${f.column}: ${f.value}`,
    file: f.file,
    line: f.line,
  }));
  const notScanned = result.skipped.filter((s) => s.reason !== 'binary').map(formatSkipped);
  const lines = [
    `\nSecrets: ${result.files} file(s) scanned, ${result.active.length} finding(s), ${failing.length} blocking, ${result.suppressed.length} accepted (baseline or inline allow).\n`,
    ...result.active.filter((f) => !f.blocking).map((f) => `  ${formatFinding(f)}\n`),
    ...notScanned.map((s) => `  ${s}\n`),
    ...result.acceptedUnscanned.map((a) => `  ${formatAcceptedUnscanned(a)}\n`),
    ...(sarifPath ? [`  SARIF log written to ${sarifFile}\n`] : []),
  ];
  return {
    json: {
      files: result.files,
      findings: result.active.map(findingJson),
      blocking: failing.length,
      accepted: result.suppressed.length,
      notScanned,
      acceptedUnscanned: result.acceptedUnscanned,
      ...(sarifFile !== undefined ? { sarif: sarifFile } : {}),
    },
    violations,
    text: lines.join(''),
  };
}

function writeAtomically(file: string, content: string): void {
  try {
    writeAtomic(file, content);
  } catch (err) {
    throw new InputError(`--sarif ${file}: cannot write: ${errorMessage(err)}`);
  }
}
