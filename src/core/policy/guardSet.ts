// The guard over Airlock's own files (MANAGED_PATHS and RUNTIME_GUARDED_PATHS) as one pattern set.
// Its patterns are constants, so the build compiles them once (esbuild `define`
// AIRLOCK_GUARD_SET, from compileGuardSet below) and a hook call builds only the patterns a path
// selects, instead of translating all of them on every call. Without the define (tests run the
// sources) they are compiled here, by the same function.
import { compileGitignorePattern, patternFromParts, patternParts, type PatternParts } from './gitignorePattern';
import { MANAGED_PATHS } from '../words/managedPaths';
import { RUNTIME_GUARDED_PATHS } from './guardPaths';
import { PatternSet, type PatternIndexData } from './patternSet';

export interface CompiledGuardSet {
  readonly parts: readonly PatternParts[];
  readonly index: PatternIndexData;
}

declare const AIRLOCK_GUARD_SET: CompiledGuardSet | undefined;

/** The guard's patterns compiled: what the build stores. */
export function compileGuardSet(): CompiledGuardSet {
  const patterns = [...MANAGED_PATHS, ...RUNTIME_GUARDED_PATHS].map((p) => {
    const c = compileGitignorePattern(p);
    if (!c.ok) throw new Error(`bad guard pattern ${p}`);
    return c.pattern;
  });
  const parts = patterns.map((p) => {
    const x = patternParts(p);
    if (!x) throw new Error(`guard pattern ${p.text} has no parts`);
    return x;
  });
  return { parts, index: new PatternSet(patterns).indexData() };
}

// Once per process: every engine (the repository's, each nested policy's) shares it.
let guard: PatternSet | undefined;

export function guardSet(): PatternSet {
  if (guard) return guard;
  const built = typeof AIRLOCK_GUARD_SET === 'object' ? AIRLOCK_GUARD_SET : compileGuardSet();
  guard = new PatternSet(built.index, (i) => patternFromParts(built.parts[i]));
  return guard;
}
