// @slack/web-api comes with Bolt; its re-export keeps us on the exact version Bolt uses.
import { webApi } from '@slack/bolt';
import type { SlackConfig } from './config';

/**
 * Web API client settings. The library's default retries for about 30 minutes, far longer than a
 * Lambda lives: a few quick retries, then the failure is logged and the person told.
 */
export function webClientOptions(config: SlackConfig): webApi.WebClientOptions {
  return {
    ...(config.apiUrl !== undefined ? { slackApiUrl: config.apiUrl } : {}),
    retryConfig: { retries: 2, factor: 2, minTimeout: 250, maxTimeout: 2_000 },
    // A 429 is rejected at once with its Retry-After; callSlack (slack-calls.ts) waits only when
    // that fits in the job's time budget. The client itself would sleep through any Retry-After.
    rejectRateLimitedCalls: true,
    timeout: 10_000,
    // Method names are ours, never URLs; this guarantees every call goes to slackApiUrl.
    allowAbsoluteUrls: false,
  };
}

export function createSlackWebClient(config: SlackConfig): webApi.WebClient {
  return new webApi.WebClient(config.botToken, webClientOptions(config));
}
