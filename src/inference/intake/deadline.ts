import { ImageError } from '../errors';

export interface Deadline {
  /** Aborts with an ImageError('timeout') as its reason. */
  signal: AbortSignal;
  dispose(): void;
}

/** One time budget for a whole download (every hop, every byte), which the caller may also cancel. */
export function startDeadline(timeoutMs: number, what: string, outer?: AbortSignal): Deadline {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new ImageError('timeout', `${what} took longer than ${timeoutMs} ms`)), timeoutMs);
  const onOuterAbort = (): void => {
    controller.abort(new ImageError('timeout', `${what} was cancelled by the caller`, { cause: outer?.reason }));
  };
  if (outer?.aborted) onOuterAbort();
  else outer?.addEventListener('abort', onOuterAbort, { once: true });
  return {
    signal: controller.signal,
    dispose() {
      clearTimeout(timer);
      outer?.removeEventListener('abort', onOuterAbort);
    },
  };
}

/** Settles with `promise`, or rejects with the signal's reason if it aborts first (DNS cannot be cancelled). */
export function raceAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason as Error);
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason as Error);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}
