// SARIF 2.1.0 output for code-scanning dashboards (GitHub, Azure DevOps, Defender).
import type { SecretFinding, SecretSeverity } from './secretTypes';

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

export interface SarifResult {
  readonly ruleId: string;
  readonly ruleIndex: number;
  readonly level: SarifLevel;
  readonly message: { readonly text: string };
  readonly locations: readonly [{
    readonly physicalLocation: {
      readonly artifactLocation: { readonly uri: string; readonly uriBaseId: '%SRCROOT%' };
      readonly region: { readonly startLine: number; readonly startColumn: number; readonly endLine: number; readonly endColumn: number };
    };
  }];
  readonly partialFingerprints: { readonly 'airlockSecret/v1': string };
  readonly suppressions?: readonly [{ readonly kind: 'inSource' | 'external' }];
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

/** A SARIF log with one run; messages carry only the masked value. */
export function toSarif(findings: readonly SecretFinding[], toolVersion: string): SarifLog {
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
