/**
 * Waiting with a deadline: every wait in a request path is bounded by the time the invocation has
 * left, so a hanging dependency turns into an answer ("try again") instead of a silent timeout.
 */
export class DeadlineError extends Error {
  readonly code = 'deadline';

  constructor(what: string, ms: number) {
    super(`${what} did not finish within ${Math.max(0, Math.round(ms))} ms`);
    this.name = 'DeadlineError';
  }
}

export function isDeadlineError(e: unknown): e is DeadlineError {
  return e instanceof DeadlineError;
}

/**
 * Settles with `promise`, or rejects with a DeadlineError after `ms`. The work itself is not
 * cancelled (most clients cannot be); the caller stops waiting for it.
 */
export function withDeadline<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  if (ms <= 0) {
    promise.catch(() => undefined);
    return Promise.reject(new DeadlineError(what, ms));
  }
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new DeadlineError(what, ms)), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

/** A point in time work must be done by; `remaining()` is what a wait may use. */
export class TimeBudget {
  private constructor(readonly endsAt: number) {}

  /** `ms` from now. */
  static of(ms: number): TimeBudget {
    return new TimeBudget(Date.now() + ms);
  }

  remaining(): number {
    return Math.max(0, this.endsAt - Date.now());
  }

  /** The same end, `ms` earlier: what is left after keeping `ms` back for the work that follows. */
  keepBack(ms: number): TimeBudget {
    return new TimeBudget(this.endsAt - ms);
  }

  /** The later of this end and `ms` from now: for the clean-up that must happen anyway. */
  atLeast(ms: number): TimeBudget {
    return new TimeBudget(Math.max(this.endsAt, Date.now() + ms));
  }

  /** The earlier of this end and `ms` from now. */
  atMost(ms: number): TimeBudget {
    return new TimeBudget(Math.min(this.endsAt, Date.now() + ms));
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
}
