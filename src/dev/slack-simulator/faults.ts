/**
 * Faults the simulator injects into its Web API, as Slack produces them: HTTP 429 with
 * `Retry-After` (seconds) and `{"ok":false,"error":"ratelimited"}` (wire-formats.md §5). Set with
 * `POST /sim/faults`, cleared with `DELETE /sim/faults`; the soak battery uses them.
 */
export interface RateLimitFault {
  /** Web API method, such as `chat.postMessage`. */
  method: string;
  /** Seconds in the Retry-After header. */
  retryAfterSeconds: number;
  /** Answer every n-th call of the method with 429 (1 = every call). */
  every?: number;
  /** Stop after this many 429s (default: no limit). */
  times?: number;
}

export class FaultPlan {
  private faults: Array<RateLimitFault & { seen: number; fired: number }> = [];

  set(faults: readonly RateLimitFault[]): void {
    this.faults = faults.map((f) => ({ ...validated(f), seen: 0, fired: 0 }));
  }

  clear(): void {
    this.faults = [];
  }

  /** The Retry-After (seconds) when this call of `method` is to be rate-limited, else undefined. */
  rateLimit(method: string): number | undefined {
    for (const f of this.faults) {
      if (f.method !== method) continue;
      f.seen++;
      if (f.times !== undefined && f.fired >= f.times) continue;
      if (f.seen % (f.every ?? 1) !== 0) continue;
      f.fired++;
      return f.retryAfterSeconds;
    }
    return undefined;
  }
}

function validated(f: RateLimitFault): RateLimitFault {
  const whole = (n: unknown, min: number): boolean => Number.isInteger(n) && (n as number) >= min;
  if (typeof f.method !== 'string' || !whole(f.retryAfterSeconds, 0) || (f.every !== undefined && !whole(f.every, 1)) || (f.times !== undefined && !whole(f.times, 1))) {
    throw new Error(`a fault needs {method, retryAfterSeconds ≥ 0, every? ≥ 1, times? ≥ 1}, got ${JSON.stringify(f)}`);
  }
  return { method: f.method, retryAfterSeconds: f.retryAfterSeconds, every: f.every, times: f.times };
}
