import { ConfigError, positiveIntegerSetting } from '../inference';

/** Settings of the Lex fulfilment function, read from the environment once and checked. */
export interface LexFulfilmentConfig {
  /** How long a description may take before the function answers that it took too long. */
  timeBudgetMs: number;
  /** Kept back from Lambda's remaining time to build and return the answer. */
  reserveMs: number;
}

/** Lex waits 30 s for the function; this leaves room for a cold start's model load to be the slow part. */
export const DEFAULT_LEX_CONFIG: Readonly<LexFulfilmentConfig> = Object.freeze({ timeBudgetMs: 25_000, reserveMs: 1_000 });

const LEX_TIMEOUT_MS = 30_000;

export function lexConfigFromEnv(env: Readonly<Record<string, string | undefined>> = process.env): LexFulfilmentConfig {
  const timeBudgetMs = positiveIntegerSetting(env, 'LEX_TIME_BUDGET_MS', DEFAULT_LEX_CONFIG.timeBudgetMs, 'milliseconds');
  if (timeBudgetMs >= LEX_TIMEOUT_MS) {
    throw new ConfigError(`LEX_TIME_BUDGET_MS must be below Lex's ${LEX_TIMEOUT_MS} ms limit, got ${timeBudgetMs}`);
  }
  return { timeBudgetMs, reserveMs: DEFAULT_LEX_CONFIG.reserveMs };
}
