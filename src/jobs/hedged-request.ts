// A hedged request ("The Tail at Scale", Dean and Barroso, CACM 2013): when a read-only request
// has not answered after `afterMs`, the same request is sent a second time and the first answer
// wins. The bulk rescore hedges its last search pages (src/jobs/rescore-readers.ts): a search
// usually answers in hundreds of milliseconds but now and then takes seconds, and at the end of a
// run, when every page is already asked and the search budget is idle, one slow page would
// otherwise set the length of the whole run.

/** When and how to send the second copy. */
export interface HedgeOptions<T> {
  /** How long the first request may take before a second copy is considered. */
  afterMs: number;
  /** Asked when `afterMs` has passed, and every `recheckMs` after: whether a copy may go now. */
  allowed: () => boolean;
  /** How often `allowed` is asked again while it says no (default a quarter of `afterMs`). */
  recheckMs?: number;
  /**
   * Resolves after `ms`, or rejects once `signal` aborts (it does when the request settles first,
   * so no timer outlives it). Injected so tests decide when time passes.
   */
  delay: (ms: number, signal: AbortSignal) => Promise<void>;
  /** Sends the second copy (default: `send` again). */
  copy?: () => Promise<T>;
  /**
   * Whether a copy that failed with `error` was never sent (no free slot in the budget, say): it is
   * then tried again after `recheckMs` while the first is still on its way (default: never).
   */
  notSent?: (error: unknown) => boolean;
  /** Called when a second copy answers (for counters; a copy the budget refused is not one). */
  onHedge?: () => void;
}

/**
 * Runs `send`, and then `copy` (by default `send` again) once the first call has not settled after
 * `afterMs` and `allowed()` says so (asked again every `recheckMs` while it says no). Resolves with the first success; a failure of one copy waits for the other, and only
 * when both failed does it reject (with the first copy's error). The losing copy runs on; its
 * answer is dropped. The request must be safe to run twice (a read).
 */
export function hedged<T>(send: () => Promise<T>, options: HedgeOptions<T>): Promise<T> {
  const first = send();
  let settled = false;
  const timer = new AbortController();
  return new Promise<T>((resolve, reject) => {
    let failures = 0;
    let firstError: unknown;
    let copies = 1;
    const win = (value: T) => {
      if (settled) return;
      settled = true;
      timer.abort();
      resolve(value);
    };
    const lose = (error: unknown, isFirst: boolean) => {
      if (settled) return;
      failures += 1;
      if (isFirst) firstError = error;
      // (the first copy's failure settles at once unless a second copy is already on its way)
      if (failures >= copies) {
        settled = true;
        timer.abort();
        reject(isFirst ? error : firstError);
      }
    };
    first.then(win, (error: unknown) => lose(error, true));
    const recheckMs = options.recheckMs ?? Math.max(1, options.afterMs / 4);
    const hedge = () => {
      if (settled) return;
      if (!options.allowed()) {
        options.delay(recheckMs, timer.signal).then(hedge, () => undefined);
        return;
      }
      copies = 2;
      let second: Promise<T>;
      try {
        second = (options.copy ?? send)();
      } catch (error) {
        second = Promise.reject(error);
      }
      void second.then(
        () => options.onHedge?.(),
        () => undefined,
      );
      second.then(win, (error: unknown) => {
        if (settled) return;
        // (while the first is on its way, a copy the budget refused is tried again later)
        if (failures === 0 && options.notSent?.(error)) {
          copies = 1;
          options.delay(recheckMs, timer.signal).then(hedge, () => undefined);
          return;
        }
        lose(error, false);
      });
    };
    options.delay(options.afterMs, timer.signal).then(hedge, () => undefined);
  });
}
