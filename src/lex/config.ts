import { ConfigError, positiveIntegerSetting } from '../inference';

/** Settings of the Lex fulfilment function, read from the environment once and checked. */
export interface LexFulfilmentConfig {
  /** How long a description may take before the function answers that it took too long. */
  timeBudgetMs: number;
  /** Kept back from Lambda's remaining time to build and return the answer. */
  reserveMs: number;
  /**
   * TRUSTED_S3_BUCKETS: the only buckets an `s3://` reference in a request or session attribute
   * may name (whoever calls RecognizeText sets those). Default: none.
   */
  trustedS3Buckets: readonly string[];
}

/** Lex waits 30 s for the function; this leaves room for a cold start's model load to be the slow part. */
export const DEFAULT_LEX_CONFIG: Readonly<LexFulfilmentConfig> = Object.freeze({ timeBudgetMs: 25_000, reserveMs: 1_000, trustedS3Buckets: Object.freeze([]) as readonly string[] });

const LEX_TIMEOUT_MS = 30_000;
// S3's rules for bucket names (no dots needed here, but allowed): 3–63 of a-z 0-9 . -
const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

export function lexConfigFromEnv(env: Readonly<Record<string, string | undefined>> = process.env): LexFulfilmentConfig {
  const timeBudgetMs = positiveIntegerSetting(env, 'LEX_TIME_BUDGET_MS', DEFAULT_LEX_CONFIG.timeBudgetMs, 'milliseconds');
  if (timeBudgetMs >= LEX_TIMEOUT_MS) {
    throw new ConfigError(`LEX_TIME_BUDGET_MS must be below Lex's ${LEX_TIMEOUT_MS} ms limit, got ${timeBudgetMs}`);
  }
  return { timeBudgetMs, reserveMs: DEFAULT_LEX_CONFIG.reserveMs, trustedS3Buckets: trustedBuckets(env.TRUSTED_S3_BUCKETS ?? '') };
}

function trustedBuckets(list: string): string[] {
  const buckets = list
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  const bad = buckets.filter((name) => !BUCKET_NAME.test(name));
  if (bad.length > 0) throw new ConfigError(`TRUSTED_S3_BUCKETS must list S3 bucket names (such as my-uploads), comma-separated; not bucket names: ${bad.join(', ')}`);
  return buckets;
}
