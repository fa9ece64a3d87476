// `airlock run` lasts a session: the end-of-command check (sandboxEndCheck.ts) runs
// during it too, so a person's git or the editor's meets a planted setting for seconds, not hours.

/** Between two checks at least this long, and at least this many times the last check took (a big tree is walked less often). */
const MIN_GAP_MS = 1000;
const PERIOD_MS = 2000;
const DUTY = 20;

/** Runs a check soon after it is asked for and periodically, one at a time, never in the caller's turn. */
export class EndCheckWatch {
  private timer: NodeJS.Timeout | null = null;
  private due = 0;
  private last = 0;
  private took = 0;
  private stopped = false;

  constructor(private readonly check: () => void) {
    this.schedule(PERIOD_MS);
  }

  /** A hook call inside: check soon (after the hook has its answer). */
  soon(): void {
    this.schedule(0);
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    const earliest = this.last + Math.max(MIN_GAP_MS, DUTY * this.took);
    const at = Math.max(Date.now() + delayMs, earliest);
    if (this.timer !== null && this.due <= at) return;
    if (this.timer !== null) clearTimeout(this.timer);
    this.due = at;
    this.timer = setTimeout(() => this.fire(), at - Date.now());
    this.timer.unref();
  }

  private fire(): void {
    this.timer = null;
    const start = Date.now();
    try {
      this.check();
    } catch {
      // The end-of-session check runs (and reports) regardless.
    }
    this.last = Date.now();
    this.took = this.last - start;
    this.schedule(Math.max(PERIOD_MS, DUTY * this.took));
  }

  stop(): void {
    this.stopped = true;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }
}
