import { ImageError } from '../errors';
import { positiveIntegerSetting } from '../settings';

/** Limits and policy for taking in images; the same for every channel. */
export interface IntakeOptions {
  maxBytes: number;
  maxPixels: number;
  /** Whole download, from DNS lookup to the last byte, across redirects. */
  timeoutMs: number;
  connectTimeoutMs: number;
  maxRedirects: number;
  /**
   * `host` or `host:port` entries exempt from the private-address refusal — for local demos and
   * tests only. `[::1]` style for IPv6 literals. A bare `host` covers only the default ports
   * (80 for http, 443 for https), never every port of the host.
   */
  allowHosts: readonly string[];
}

export const DEFAULT_INTAKE_OPTIONS: Readonly<IntakeOptions> = Object.freeze({
  maxBytes: 15 * 1024 * 1024,
  maxPixels: 40_000_000,
  timeoutMs: 10_000,
  connectTimeoutMs: 3_000,
  maxRedirects: 3,
  allowHosts: Object.freeze([]) as readonly string[],
});

/**
 * Reads IMAGE_FETCH_ALLOW_HOSTS, IMAGE_MAX_BYTES, IMAGE_MAX_PIXELS and IMAGE_FETCH_TIMEOUT_MS.
 * Throws an Error naming the variable when a value is invalid, so a misconfiguration fails at
 * start-up instead of on the first picture.
 */
export function parseIntakeOptions(env: Readonly<Record<string, string | undefined>>): IntakeOptions {
  const timeoutMs = positiveIntegerSetting(env, 'IMAGE_FETCH_TIMEOUT_MS', DEFAULT_INTAKE_OPTIONS.timeoutMs);
  return {
    maxBytes: positiveIntegerSetting(env, 'IMAGE_MAX_BYTES', DEFAULT_INTAKE_OPTIONS.maxBytes),
    maxPixels: positiveIntegerSetting(env, 'IMAGE_MAX_PIXELS', DEFAULT_INTAKE_OPTIONS.maxPixels),
    timeoutMs,
    connectTimeoutMs: Math.min(DEFAULT_INTAKE_OPTIONS.connectTimeoutMs, timeoutMs),
    maxRedirects: DEFAULT_INTAKE_OPTIONS.maxRedirects,
    allowHosts: parseAllowHosts(env.IMAGE_FETCH_ALLOW_HOSTS ?? ''),
  };
}

let fromEnv: IntakeOptions | undefined;

/** The options from `process.env`, read and validated once per process. */
export function intakeOptionsFromEnv(): IntakeOptions {
  fromEnv ??= parseIntakeOptions(process.env);
  return fromEnv;
}

const HOST_ENTRY = /^(?:\[[0-9a-f:.]+\]|[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*)(?::(\d{1,5}))?$/;

/** Parses a comma-separated list of `host` or `host:port`; lower-cased, blanks ignored. */
export function parseAllowHosts(list: string): string[] {
  return list
    .split(',')
    .map((entry) => entry.trim().toLowerCase())
    .filter((entry) => entry !== '')
    .map((entry) => {
      const match = HOST_ENTRY.exec(entry);
      const port = match?.[1] === undefined ? 1 : Number(match[1]);
      if (!match || port < 1 || port > 65535) {
        throw new Error(`IMAGE_FETCH_ALLOW_HOSTS: "${entry}" is not a host name or host:port (example: localhost:9000)`);
      }
      return entry;
    });
}

/** The byte-cap error, with the limit in the user's sentence. */
export function tooLarge(maxBytes: number, detail: string): ImageError {
  const maxMb = Math.round((maxBytes / (1024 * 1024)) * 10) / 10;
  return new ImageError('too_large', `${detail}, more than the limit of ${maxBytes} bytes`, { vars: { maxMb: String(maxMb) } });
}
