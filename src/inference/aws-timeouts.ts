import { positiveIntegerSetting, type Env } from './settings';

/**
 * Bounds on every AWS SDK request the functions make. Without them the SDK waits as long as a
 * server keeps a connection open — an S3 that accepts and never answers would hold a cold start
 * until Lambda kills it.
 */
export interface AwsTimeouts {
  /** Establishing the TCP (and TLS) connection. */
  connectTimeoutMs: number;
  /** The socket staying silent while a request is in flight. */
  requestTimeoutMs: number;
}

export const DEFAULT_AWS_TIMEOUTS: Readonly<AwsTimeouts> = Object.freeze({ connectTimeoutMs: 3_000, requestTimeoutMs: 10_000 });

/** Reads SDK_CONNECT_TIMEOUT_MS and SDK_REQUEST_TIMEOUT_MS. */
export function awsTimeoutsFromEnv(env: Env = process.env): AwsTimeouts {
  return {
    connectTimeoutMs: positiveIntegerSetting(env, 'SDK_CONNECT_TIMEOUT_MS', DEFAULT_AWS_TIMEOUTS.connectTimeoutMs, 'milliseconds'),
    requestTimeoutMs: positiveIntegerSetting(env, 'SDK_REQUEST_TIMEOUT_MS', DEFAULT_AWS_TIMEOUTS.requestTimeoutMs, 'milliseconds'),
  };
}

/** The `requestHandler` option of an AWS SDK v3 client (NodeHttpHandler's settings). */
export function awsRequestHandler(timeouts: AwsTimeouts = awsTimeoutsFromEnv()): { connectionTimeout: number; requestTimeout: number; throwOnRequestTimeout: boolean } {
  // Without throwOnRequestTimeout the handler only logs a warning and keeps waiting.
  return { connectionTimeout: timeouts.connectTimeoutMs, requestTimeout: timeouts.requestTimeoutMs, throwOnRequestTimeout: true };
}
