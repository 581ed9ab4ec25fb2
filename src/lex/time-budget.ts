/**
 * Lex gives up on the function after 30 seconds and shows the user an error. Racing the work
 * against a budget lets the function answer with a sentence of its own before that.
 */

/** Resolves after `ms`, or as soon as `signal` aborts. Injectable so tests need not wait. */
export type Wait = (ms: number, signal: AbortSignal) => Promise<void>;

export const realWait: Wait = (ms, signal) =>
  new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });

export type BudgetOutcome<T> = { done: true; value: T } | { done: false };

/**
 * Runs `work` until it settles or `budgetMs` pass. When the budget runs out, the signal given to
 * `work` aborts (so a download stops) and the outcome is `{ done: false }`. Errors from `work`
 * within the budget are thrown as they are.
 */
export async function withinBudget<T>(work: (signal: AbortSignal) => Promise<T>, budgetMs: number, wait: Wait = realWait): Promise<BudgetOutcome<T>> {
  const abortWork = new AbortController();
  const stopTimer = new AbortController();
  const working = work(abortWork.signal).then((value): BudgetOutcome<T> => ({ done: true, value }));
  const timedOut = wait(Math.max(0, budgetMs), stopTimer.signal).then((): BudgetOutcome<T> => ({ done: false }));
  try {
    const outcome = await Promise.race([working, timedOut]);
    if (!outcome.done) {
      abortWork.abort(new Error(`time budget of ${budgetMs} ms spent`));
      // The abandoned work may still fail; nobody is waiting for it any more.
      working.catch(() => undefined);
    }
    return outcome;
  } finally {
    stopTimer.abort();
  }
}

/** What the function may spend: the configured budget, less if Lambda itself will stop sooner. */
export function budgetFor(configuredMs: number, reserveMs: number, remainingMs: number | undefined): number {
  if (remainingMs === undefined || !Number.isFinite(remainingMs)) return configuredMs;
  return Math.max(0, Math.min(configuredMs, remainingMs - reserveMs));
}
