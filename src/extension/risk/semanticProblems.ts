// Airlock's semantic policy problems (never-matching and shadowed patterns), computed once per
// loaded engine and shared by the Problems panel and the sidebar.
import { lintPolicy } from '../../core/risk/policyLint';
import type { PolicyEngine } from '../../core/policy/policyEngine';
import type { PolicyProblem } from '../../core/policy/policyError';

export class SemanticProblems {
  private readonly cache = new WeakMap<PolicyEngine, readonly PolicyProblem[]>();

  /** Lint problems of a valid engine (an invalid one has only its validation problems). */
  of(engine: PolicyEngine): readonly PolicyProblem[] {
    let found = this.cache.get(engine);
    if (!found) {
      found = engine.valid ? lintPolicy(engine) : [];
      this.cache.set(engine, found);
    }
    return found;
  }

  /** Validation problems followed by the semantic ones. */
  all(engine: PolicyEngine): readonly PolicyProblem[] {
    return [...engine.problems, ...this.of(engine)];
  }
}
