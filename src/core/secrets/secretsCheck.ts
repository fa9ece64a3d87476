// The secrets part of `airlock check`: scan the workspace (gitignore-aware, like CI sees a checkout),
// fail where the secrets gate fails (secretsGate.ts: blocking findings, and files the scanner cannot
// judge unless the policy says warn), optionally write a SARIF log for dashboards.
import { resolve } from 'node:path';
import { writeAtomic } from '../util/atomicWrite';
import { errorMessage } from '../util/errorMessage';
import type { Violation } from '../words/checkViolation';
import { InputError } from '../words/inputError';
import { secretsGate, secretsGateJson, unscannedAdvice, unscannedSarifLevel, unscannedSummary, type SecretsGateJson, type UnscannedRule } from './secretsGate';
import {
  collectSecretFindings, findingJson, formatAcceptedUnscanned, formatFinding, formatSkipped, secretsSarif, type AcceptedUnscannedFile, type FindingJson,
} from './workspaceSecrets';

export interface SecretsCheckJson {
  /** Whether the secrets part fails the check, and why. */
  readonly gate: SecretsGateJson;
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
 * `unscanned`: the policy's verdict for files the scanner cannot judge.
 */
export async function checkSecrets(root: string, options: { cwd: string; sarifFile?: string; files?: readonly string[]; toolVersion: string; unscanned: UnscannedRule }): Promise<SecretsCheckResult> {
  const { cwd, sarifFile, files } = options;
  const result = await collectSecretFindings(root, { files });
  const gate = secretsGate(result, options.unscanned);
  let sarifPath: string | undefined;
  if (sarifFile !== undefined) {
    sarifPath = resolve(cwd, sarifFile);
    writeAtomically(sarifPath, secretsSarif(result, options.toolVersion, unscannedSarifLevel(gate)));
  }
  const violations = gate.failing.map((f): Violation => ({
    kind: 'secret',
    message: `secret ${f.rule} at ${f.file}:${f.line}:${f.column}: ${f.value}`,
    file: f.file,
    line: f.line,
  }));
  // Failing files are listed once, with the violations; files that only warn, in this section.
  if (gate.unscannedFail) for (const s of gate.unscanned) violations.push({ kind: 'unscanned-file', message: unscannedAdvice(s, root, cwd), file: s.file });
  const warnings = gate.unscannedFail ? [] : gate.unscanned.map((s) => `warning: ${unscannedAdvice(s, root, cwd)}`);
  const notScanned = result.skipped.filter((s) => s.reason !== 'binary').map(formatSkipped);
  const summary = unscannedSummary(gate);
  const lines = [
    `\nSecrets: ${result.files} file(s) scanned, ${result.active.length} finding(s), ${gate.failing.length} blocking, ${result.suppressed.length} accepted (baseline or inline allow).\n`,
    ...result.active.filter((f) => !f.blocking).map((f) => `  ${formatFinding(f)}\n`),
    ...(summary ? [`  ${summary}\n`] : []),
    ...warnings.map((w) => `  ${w}\n`),
    ...result.skipped.filter((s) => s.reason === 'not-a-file').map((s) => `  ${formatSkipped(s)} (nothing at rest to scan; not counted)\n`),
    ...result.acceptedUnscanned.map((a) => `  ${formatAcceptedUnscanned(a)}\n`),
    ...(sarifPath ? [`  SARIF log written to ${sarifFile}\n`] : []),
  ];
  return {
    json: {
      gate: secretsGateJson(gate),
      files: result.files,
      findings: result.active.map(findingJson),
      blocking: gate.failing.length,
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
