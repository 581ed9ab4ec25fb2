/**
 * Faults the simulator can play on chosen Web API calls, as Slack does: HTTP 429 with a
 * `Retry-After` header and `{"ok":false,"error":"ratelimited"}` (rate limits, wire-formats.md §5),
 * or `{"ok": false, "error": …}` (a method error). Tests set them directly; `npm run soak` and
 * people through `POST /sim/faults` (load-routes.ts).
 */
export interface FaultSpec {
  method: string;
  /** HTTP 429 with `Retry-After: <seconds>` and `{"ok":false,"error":"ratelimited"}`. */
  retryAfterSeconds?: number;
  /** Otherwise: HTTP 200 with `{"ok":false,"error":<error>}`. */
  error?: string;
  /** How many calls get the fault (default: every one from now on). */
  times?: number;
  /** Only every n-th matching call (1 = each); counted from when the fault was set. */
  every?: number;
  /** Only calls whose arguments match (e.g. a thread). */
  where?: (args: Record<string, unknown>) => boolean;
}

export interface FaultAnswer {
  status: number;
  headers: Record<string, string>;
  body: Record<string, unknown>;
}

export class Faults {
  private faults: Array<FaultSpec & { seen: number; played: number }> = [];

  add(spec: FaultSpec): void {
    this.faults.push({ ...validated(spec), seen: 0, played: 0 });
  }

  clear(): void {
    this.faults = [];
  }

  /** The fault this call gets, if any. */
  answer(method: string, args: Record<string, unknown>): FaultAnswer | undefined {
    for (const f of this.faults) {
      if (f.method !== method || (f.where !== undefined && !f.where(args))) continue;
      if (f.times !== undefined && f.played >= f.times) continue;
      f.seen += 1;
      if (f.seen % (f.every ?? 1) !== 0) continue;
      f.played += 1;
      if (f.retryAfterSeconds !== undefined) {
        return { status: 429, headers: { 'retry-after': String(f.retryAfterSeconds) }, body: { ok: false, error: 'ratelimited' } };
      }
      return { status: 200, headers: {}, body: { ok: false, error: f.error ?? 'internal_error' } };
    }
    return undefined;
  }
}

function validated(f: FaultSpec): FaultSpec {
  const whole = (n: unknown, min: number): boolean => Number.isInteger(n) && (n as number) >= min;
  const ok =
    typeof f.method === 'string' &&
    (f.retryAfterSeconds !== undefined ? whole(f.retryAfterSeconds, 0) : typeof f.error === 'string') &&
    (f.every === undefined || whole(f.every, 1)) &&
    (f.times === undefined || whole(f.times, 1));
  if (!ok) throw new Error(`a fault needs {method, retryAfterSeconds ≥ 0 or error, every? ≥ 1, times? ≥ 1}, got ${JSON.stringify(f)}`);
  return f;
}
