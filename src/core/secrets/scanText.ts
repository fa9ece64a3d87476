// The scanner: pre-filter, precise rules, then positions, suppression and masking for the few hits.
import { findAssignedSecrets } from './assignmentRule';
import { secretFingerprint } from './fingerprint';
import { LineIndex } from '../util/lineIndex';
import { maskSecret } from './maskSecret';
import type { RawFinding } from './ruleTypes';
import { rulesToRun } from './secretRules';
import type { ScanTextOptions, SecretFinding, SuppressionKind } from './secretTypes';
import { isExampleContext } from './placeholders';
import { isSuppressedInline } from './suppression';

/**
 * Every rule's hits on `text`. At depth 0 a value that hides a credential (encoded, or split
 * across literals) is decoded and scanned once more at depth 1, which decodes nothing further.
 */
function rawFindings(text: string, file: string, depth: number): RawFinding[] {
  const raw: RawFinding[] = [];
  for (const rule of rulesToRun(text)) rule.find(text, raw);
  findAssignedSecrets(text, file, depth === 0 ? (decoded) => rawFindings(decoded, file, 1) : () => [], raw);
  return raw;
}

/** Scans one file's text; `relPath` is workspace-relative ('/'-separated) and tunes the generic rule. */
export function scanText(text: string, relPath: string, options: ScanTextOptions = {}): SecretFinding[] {
  const file = relPath.replace(/\\/g, '/');
  const raw = rawFindings(text, file, 0);
  if (raw.length === 0) return [];
  const blockAt = options.genericBlockConfidence ?? Infinity;

  const lines = new LineIndex(text);
  const findings: SecretFinding[] = [];
  const seen = new Set<string>();
  for (const hit of dedupe(raw)) {
    const start = lines.position(hit.start);
    const end = lines.position(hit.end);
    const fingerprint = secretFingerprint(hit.rule, file, hit.secret);
    // The same secret twice on one line (or one key for two ids) is one finding.
    const key = `${fingerprint}:${start.line}`;
    if (seen.has(key)) continue;
    seen.add(key);
    let suppressed: SuppressionKind | undefined;
    if (isSuppressedInline(lines.lineText(start.line), lines.lineText(start.line - 1)) ||
        (end.line !== start.line && isSuppressedInline(lines.lineText(end.line), ''))) suppressed = 'inline';
    else if (options.baseline?.fingerprints.has(fingerprint)) suppressed = 'baseline';
    if (suppressed && !options.includeSuppressed) continue;
    const blocking = hit.blocking || (hit.confidence !== undefined && hit.confidence >= blockAt);
    const example = blocking && isExampleContext(lines.lineText(start.line), start.column);
    findings.push({
      file, line: start.line, column: start.column, endLine: end.line, endColumn: end.column,
      rule: hit.rule, description: example ? `${hit.description} (presented as an example)` : hit.description,
      severity: example ? 'low' : hit.severity,
      blocking: blocking && !example,
      value: maskSecret(hit.secret), fingerprint,
      ...(suppressed ? { suppressed } : {}),
      ...(hit.confidence !== undefined ? { confidence: hit.confidence } : {}),
    });
  }
  return findings;
}

/** Among overlapping hits the more specific rule wins: a provider's over a bare private key over the generic rule. */
function rank(hit: RawFinding): number {
  return hit.rule === 'generic-secret' ? 0 : hit.rule === 'private-key' ? 1 : hit.blocking ? 3 : 2;
}

/** One finding per overlapping span, the best-ranked one. Output is in text order. */
function dedupe(raw: RawFinding[]): RawFinding[] {
  const sorted = [...raw].sort((a, b) => a.start - b.start || (b.end - b.start) - (a.end - a.start));
  const kept: RawFinding[] = [];
  for (const hit of sorted) {
    const overlapping = kept.find((k) => hit.start < k.end && k.start < hit.end);
    if (!overlapping) kept.push(hit);
    else if (rank(hit) > rank(overlapping)) kept[kept.indexOf(overlapping)] = hit;
  }
  return kept;
}

/** Whether any finding should protect its file (for the policy's `secrets` verdict). */
export function hasBlockingFinding(findings: readonly SecretFinding[]): boolean {
  return findings.some((f) => f.blocking && !f.suppressed);
}
