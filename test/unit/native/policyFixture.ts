// Builds PolicyDocument objects for the native compiler tests (the loader is tested elsewhere).
import type { DataClass, PolicyDocument, PolicyException, PolicyRule, Verdict } from '../../../src/core/policy/policyTypes';

const loc = (line: number): { source: string; line: number; column: number } => ({ source: '.airlock/policy.json', line, column: 1 });

export function dataClass(name: string, read: Verdict, edit: Verdict): DataClass {
  return { name, read, edit, risk: 'low', reviewRequired: false, location: loc(1) };
}

export const STANDARD_CLASSES: readonly DataClass[] = [
  dataClass('secret', 'deny', 'deny'),
  dataClass('restricted', 'ask', 'deny'),
  dataClass('frozen', 'allow', 'deny'),
  dataClass('reviewed', 'allow', 'allow'),
  dataClass('public', 'allow', 'allow'),
];

export interface PolicySpec {
  readonly rules: readonly (readonly [readonly string[], string])[];
  readonly exceptions?: readonly { paths: readonly string[]; className: string; expires: string }[];
  readonly defaultClass?: string;
  readonly ai?: 'on' | 'off';
  readonly mode?: 'enforce' | 'monitor';
  readonly classes?: readonly DataClass[];
}

export function makePolicy(spec: PolicySpec): PolicyDocument {
  let line = 10;
  const rules: PolicyRule[] = spec.rules.map(([paths, className], index) => ({
    index,
    patterns: paths.map((text) => ({ text, location: loc(line++) })),
    className,
    location: loc(line++),
  }));
  const exceptions: PolicyException[] = (spec.exceptions ?? []).map((e, index) => ({
    index,
    patterns: e.paths.map((text) => ({ text, location: loc(line++) })),
    className: e.className,
    owner: 'alice@example.com',
    reason: 'test',
    approvedBy: 'security',
    expires: e.expires,
    location: loc(line++),
  }));
  return {
    source: '.airlock/policy.json',
    version: 1,
    ai: spec.ai ?? 'on',
    mode: spec.mode ?? 'enforce',
    classes: new Map((spec.classes ?? STANDARD_CLASSES).map((c) => [c.name, c])),
    defaultClass: spec.defaultClass ?? 'public',
    rules,
    exceptions,
    outside: 'deny',
    shell: 'ask',
    secrets: 'deny',
  };
}

/** The policy from DESIGN.md section 3, plus carve-outs that exercise gitignore's parent-directory limit. */
export const DESIGN_POLICY: PolicySpec = {
  rules: [
    [['**/.env', '**/.env.*', '*.pem', 'secrets/'], 'secret'],
    [['.env.example'], 'public'],
    [['/infra/prod/'], 'restricted'],
    [['/src/auth/', '/src/payments/'], 'reviewed'],
    [['/infra/prod/dashboards/'], 'public'],
    [['secrets/public/'], 'public'],
    [['secrets/public/keys/'], 'secret'],
    [['/vendor/'], 'frozen'],
  ],
};
