// Classes every policy can use without defining them; a policy's own `classes` may redefine them.
import type { DataClass, RiskLevel, Verdict } from './policyTypes';

interface BuiltinClass {
  readonly read: Verdict;
  readonly edit: Verdict;
  readonly risk: RiskLevel;
  readonly reviewRequired: boolean;
  readonly description: string;
}

const BUILTINS: Record<string, BuiltinClass> = {
  secret: { read: 'deny', edit: 'deny', risk: 'critical', reviewRequired: false, description: 'Credentials and keys: no AI access at all.' },
  restricted: { read: 'ask', edit: 'deny', risk: 'high', reviewRequired: false, description: 'Sensitive code: AI may read with approval, never edit.' },
  reviewed: { read: 'allow', edit: 'allow', risk: 'medium', reviewRequired: true, description: 'AI may work here; every AI line needs human review.' },
  public: { read: 'allow', edit: 'allow', risk: 'low', reviewRequired: false, description: 'Ordinary code.' },
};

export const BUILTIN_CLASS_NAMES: readonly string[] = Object.keys(BUILTINS);

export function builtinClasses(source: string): Map<string, DataClass> {
  const map = new Map<string, DataClass>();
  for (const [name, c] of Object.entries(BUILTINS)) {
    map.set(name, { name, ...c, location: { source: `${source} (built-in class)`, line: 0, column: 0 } });
  }
  return map;
}
