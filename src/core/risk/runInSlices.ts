// Runs a long synchronous iteration in short slices, handing the event loop back between them, so
// an editor host stays responsive (a keystroke never waits for more than one slice).
export const DEFAULT_SLICE_MS = 8;

export interface SliceOptions {
  readonly sliceMs?: number;
  /** Stop early (e.g. a newer policy arrived); checked between slices. */
  readonly cancelled?: () => boolean;
  /** Called after each slice (e.g. to refresh a view with what is known so far). */
  readonly onSlice?: (done: number) => void;
  /** Hands the event loop back; setImmediate by default. */
  readonly yieldFn?: () => Promise<void>;
}

const yieldToLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Consumes `items`, calling `step` for each; resolves with the count, or false when cancelled. */
export async function runInSlices<T>(items: Iterable<T>, step: (item: T) => void, options: SliceOptions = {}): Promise<number | false> {
  const sliceMs = options.sliceMs ?? DEFAULT_SLICE_MS;
  const yieldFn = options.yieldFn ?? yieldToLoop;
  let done = 0;
  let start = performance.now();
  for (const item of items) {
    step(item);
    done++;
    // Checking the clock every item is cheap next to a policy match; keeps slices honest.
    if (performance.now() - start >= sliceMs) {
      options.onSlice?.(done);
      await yieldFn();
      if (options.cancelled?.()) return false;
      start = performance.now();
    }
  }
  options.onSlice?.(done);
  return done;
}
