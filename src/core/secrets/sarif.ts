// SARIF 2.1.0 output for code-scanning dashboards (GitHub, Azure DevOps, Defender).
import { createHash } from 'node:crypto';
import type { SecretFinding, SecretSeverity } from './secretTypes';
import { UNSCANNED_FILE_RULE } from './secretsBaseline';

export interface SarifLog {
  readonly $schema: string;
  readonly version: '2.1.0';
  readonly runs: readonly SarifRun[];
}

export interface SarifRun {
  readonly tool: { readonly driver: SarifDriver };
  readonly columnKind: 'utf16CodeUnits';
  readonly results: readonly SarifResult[];
}

export interface SarifDriver {
  readonly name: string;
  readonly version: string;
  readonly rules: readonly SarifRule[];
}

export interface SarifRule {
  readonly id: string;
  readonly shortDescription: { readonly text: string };
  readonly defaultConfiguration: { readonly level: SarifLevel };
  readonly properties: { readonly tags: readonly string[]; readonly 'security-severity': string };
}

export type SarifLevel = 'error' | 'warning' | 'note';

/** SARIF 2.1.0 §3.35: `kind` says where the suppression is kept; `status` absent means accepted. */
export interface SarifSuppression {
  readonly kind: 'inSource' | 'external';
  readonly status?: 'accepted' | 'underReview' | 'rejected';
  readonly justification?: string;
  readonly properties?: Readonly<Record<string, string>>;
}

export interface SarifResult {
  readonly ruleId: string;
  readonly ruleIndex: number;
  readonly level: SarifLevel;
  readonly message: { readonly text: string };
  readonly locations: readonly [{
    readonly physicalLocation: {
      readonly artifactLocation: { readonly uri: string; readonly uriBaseId: '%SRCROOT%' };
      /** A whole-file result names line 1 only (code scanning needs a start line). */
      readonly region: { readonly startLine: number; readonly startColumn?: number; readonly endLine?: number; readonly endColumn?: number };
    };
  }];
  readonly partialFingerprints: Readonly<Record<string, string>>;
  readonly suppressions?: readonly [SarifSuppression];
  readonly properties?: Readonly<Record<string, string>>;
}

/** A whole file the scanner could not judge; `accepted` when the baseline accepts its content. */
export interface SarifFileResult {
  readonly file: string;
  /** `error` when the file fails the run (the caller's gate decides), else `warning`. */
  readonly level: SarifLevel;
  readonly message: string;
  readonly properties: Readonly<Record<string, string>>;
  readonly accepted?: { readonly justification: string; readonly properties: Readonly<Record<string, string>> };
}

/** GitHub code scanning maps these scores to critical/high/medium/low. */
const SECURITY_SEVERITY: Record<SecretSeverity, string> = { critical: '9.5', high: '8.0', medium: '5.0', low: '2.0' };

function levelOf(f: SecretFinding): SarifLevel {
  if (f.blocking) return 'error';
  return f.severity === 'low' ? 'note' : 'warning';
}

/** Relative URI: each path segment percent-encoded, '/' kept. */
function toUri(file: string): string {
  return file.split('/').map(encodeURIComponent).join('/');
}

/**
 * A SARIF log with one run; messages carry only the masked value. `files`: whole files the
 * scanner could not judge (rule `unscanned-file`), tracked by path so an accepted file that
 * changes turns from suppressed into an open result.
 */
export function toSarif(findings: readonly SecretFinding[], toolVersion: string, files: readonly SarifFileResult[] = []): SarifLog {
  const rules: SarifRule[] = [];
  const ruleIndex = new Map<string, number>();
  const results = findings.map((f): SarifResult => {
    let index = ruleIndex.get(f.rule);
    if (index === undefined) {
      index = rules.length;
      ruleIndex.set(f.rule, index);
      rules.push({
        id: f.rule,
        shortDescription: { text: f.description },
        defaultConfiguration: { level: levelOf(f) },
        properties: { tags: ['security', 'secret'], 'security-severity': SECURITY_SEVERITY[f.severity] },
      });
    }
    return {
      ruleId: f.rule,
      ruleIndex: index,
      level: levelOf(f),
      message: { text: `${f.description}: ${f.value}` },
      locations: [{
        physicalLocation: {
          artifactLocation: { uri: toUri(f.file), uriBaseId: '%SRCROOT%' },
          region: { startLine: f.line, startColumn: f.column, endLine: f.endLine, endColumn: f.endColumn },
        },
      }],
      partialFingerprints: { 'airlockSecret/v1': f.fingerprint },
      ...(f.suppressed ? { suppressions: [{ kind: f.suppressed === 'inline' ? 'inSource' : 'external' }] as const } : {}),
    };
  });
  if (files.length > 0) {
    ruleIndex.set(UNSCANNED_FILE_RULE, rules.length);
    rules.push({
      id: UNSCANNED_FILE_RULE,
      shortDescription: { text: 'File the secret scanner cannot judge (compressed, an archive, too large or unreadable)' },
      // An open file that fails the run makes the rule's default (reportingConfiguration.level) an error too: dashboards agree with the exit code.
      defaultConfiguration: { level: files.some((f) => f.level === 'error') ? 'error' : 'warning' },
      properties: { tags: ['security', 'secret'], 'security-severity': SECURITY_SEVERITY.medium },
    });
  }
  for (const u of files) {
    results.push({
      ruleId: UNSCANNED_FILE_RULE,
      ruleIndex: ruleIndex.get(UNSCANNED_FILE_RULE) ?? 0,
      level: u.level,
      message: { text: u.message },
      locations: [{ physicalLocation: { artifactLocation: { uri: toUri(u.file), uriBaseId: '%SRCROOT%' }, region: { startLine: 1 } } }],
      partialFingerprints: { 'airlockUnscanned/v1': createHash('sha256').update(`${UNSCANNED_FILE_RULE}\0${u.file}`).digest('hex') },
      properties: u.properties,
      ...(u.accepted
        ? { suppressions: [{ kind: 'external', status: 'accepted', justification: u.accepted.justification, ...(Object.keys(u.accepted.properties).length ? { properties: u.accepted.properties } : {}) }] as const }
        : {}),
    });
  }
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: { driver: { name: 'Airlock', version: toolVersion, rules } },
      columnKind: 'utf16CodeUnits',
      results,
    }],
  };
}
