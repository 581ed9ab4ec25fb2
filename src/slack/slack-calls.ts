/**
 * A Web API call inside a job's time budget. The client rejects rate-limited calls at once
 * (rejectRateLimitedCalls in web-client.ts) instead of sleeping through Retry-After on its own:
 * here the wait happens only when it ends before the budget does, so a `Retry-After: 40` in a
 * job with 20 s left fails fast with SlackRateLimitedError and the job says "try again" instead.
 */
import { countMetric, sleep, type TimeBudget, withDeadline } from '../inference/without-model';

const RATE_LIMITED = 'slack_webapi_rate_limited_error';
const MAX_RATE_LIMIT_WAITS = 2;

export class SlackRateLimitedError extends Error {
  readonly code = 'rate_limited';

  constructor(
    what: string,
    readonly retryAfterMs: number,
  ) {
    super(`${what}: Slack asked to wait ${Math.round(retryAfterMs / 1000)} s, longer than the time left`);
    this.name = 'SlackRateLimitedError';
  }
}

export async function callSlack<T>(budget: TimeBudget, what: string, call: () => Promise<T>): Promise<T> {
  for (let waits = 0; ; waits += 1) {
    try {
      return await withDeadline(call(), budget.remaining(), what);
    } catch (e) {
      const retryAfterMs = rateLimitedFor(e);
      if (retryAfterMs === undefined) throw e;
      countMetric('RateLimited');
      if (waits >= MAX_RATE_LIMIT_WAITS || retryAfterMs >= budget.remaining()) throw new SlackRateLimitedError(what, retryAfterMs);
      await sleep(retryAfterMs);
    }
  }
}

function rateLimitedFor(e: unknown): number | undefined {
  const { code, retryAfter } = e as { code?: unknown; retryAfter?: unknown };
  return code === RATE_LIMITED && typeof retryAfter === 'number' ? retryAfter * 1000 : undefined;
}
