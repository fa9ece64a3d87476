// Loads the repository policy with its baselines (`extends`, and the machine-wide file named by
// AIRLOCK_BASELINE) into a PolicyEngine. Never throws for bad input: an invalid policy yields an
// engine that fails closed, carrying every problem found.
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { PolicyEngine } from './policyEngine';
import type { PolicyProblem } from './policyError';
import type { PolicyDocument } from './policyTypes';
import { SourceText } from './sourceText';
import { validatePolicyText } from './validatePolicy';
import { errorMessage } from '../util/errorMessage';
import { POLICY_RELATIVE_PATH } from '../words/airlockLayout';

export const BASELINE_ENV = 'AIRLOCK_BASELINE';

export interface LoadOptions {
  readonly env?: NodeJS.ProcessEnv;
  readonly now?: Date;
  /** Reads a file; injectable for editors that hold unsaved text. */
  readonly readText?: (file: string) => string;
}

interface Loaded {
  docs: PolicyDocument[];
  problems: PolicyProblem[];
}

function loadChain(file: string, opts: Required<Pick<LoadOptions, 'now' | 'readText'>>, seen: string[], loaded: Loaded, referrer?: { src: SourceText; offset: number; length: number }): void {
  let text: string;
  try {
    text = opts.readText(file);
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'not found' : errorMessage(err);
    if (referrer) {
      loaded.problems.push(referrer.src.problem(referrer.offset, referrer.length, `cannot read the baseline policy ${file}: ${reason}`, 'baseline-unreadable'));
    } else {
      loaded.problems.push({ file, line: 1, column: 1, offset: 0, length: 0, message: `cannot read the policy: ${reason}`, severity: 'error', code: 'unreadable' });
    }
    return;
  }
  const result = validatePolicyText(file, text, opts.now);
  loaded.problems.push(...result.problems);
  if (!result.document) return;
  const { extendsRaw, ...rest } = result.document;
  let extendsPath: string | undefined;
  if (extendsRaw) {
    extendsPath = isAbsolute(extendsRaw.path) ? extendsRaw.path : resolve(dirname(file), extendsRaw.path);
    const src = new SourceText(file, text);
    if (seen.includes(extendsPath)) {
      loaded.problems.push(src.problem(extendsRaw.offset, extendsRaw.length, `"extends" forms a cycle: ${[...seen, extendsPath].join(' → ')}`, 'extends-cycle'));
    } else {
      loadChain(extendsPath, opts, [...seen, extendsPath], loaded, { src, offset: extendsRaw.offset, length: extendsRaw.length });
    }
  }
  loaded.docs.push({ ...rest, extends: extendsPath });
}

/** Loads `<root>/.airlock/policy.json` and its baselines. */
export function loadPolicy(root: string, options: LoadOptions = {}): PolicyEngine {
  const env = options.env ?? process.env;
  const opts = { now: options.now ?? new Date(), readText: options.readText ?? ((f: string) => readFileSync(f, 'utf8')) };
  const loaded: Loaded = { docs: [], problems: [] };
  const policyFile = resolve(root, POLICY_RELATIVE_PATH);
  const baseline = env[BASELINE_ENV];
  if (baseline) {
    const file = resolve(baseline);
    loadChain(file, opts, [file], loaded);
  }
  loadChain(policyFile, opts, [policyFile], loaded);
  return new PolicyEngine(root, loaded.docs, loaded.problems, opts.now);
}
