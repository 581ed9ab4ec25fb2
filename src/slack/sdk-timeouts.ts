/**
 * AWS SDK client settings for calls made inside Slack's 3-second window (DynamoDB for the event
 * id, Lambda for the hand-over). The SDK's defaults wait without limit for a connection and a
 * response and retry three times; here one slow call must fail fast enough that the receiver can
 * still answer 500 — Slack then delivers the event again. The receiver also bounds the whole
 * acknowledgement (ACK_BUDGET_MS), so these are the per-attempt limits inside it.
 */
export const sdkTimeouts = {
  maxAttempts: 2,
  requestHandler: { connectionTimeout: 400, requestTimeout: 900 },
} as const;
