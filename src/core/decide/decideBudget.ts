// A time budget for one decision. decide() cannot be interrupted from outside while it works
// synchronously (a timer never fires), so the loops that can grow with the input (paths, shell
// operands, scope walks, glob expansions, git history) check the budget themselves; when it runs
// out the decision is abandoned and the caller denies with that reason.

export class BudgetExceeded extends Error {
  constructor(readonly budgetMs: number) {
    super(`Airlock could not finish checking this call within its ${budgetMs} ms budget; the call is denied rather than let through unchecked (narrow the command or the search scope)`);
    this.name = 'BudgetExceeded';
  }
}

export interface DecideBudget {
  /** Throws BudgetExceeded once the budget is spent. Cheap enough to call per path. */
  check(): void;
}

/** A budget of `ms` from now. `clock` is injectable so tests can exhaust it without waiting. */
export function decideBudget(ms: number, clock: () => number = Date.now): DecideBudget {
  const deadline = clock() + ms;
  return {
    check() {
      if (clock() >= deadline) throw new BudgetExceeded(ms);
    },
  };
}

/** The budget for one hook answer: well under every client's hook timeout (30 s or more). */
export const HOOK_DECIDE_BUDGET_MS = 5_000;
/** The hard deadline of the hook process (answers even if an await hangs). */
export const HOOK_DEADLINE_MS = 8_000;
