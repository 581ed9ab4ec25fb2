/**
 * Reading single settings from the environment, the same way everywhere: blank means "use the
 * default", anything else must be exactly right, and a wrong value is a ConfigError naming the
 * variable and what it got.
 */
export type Env = Readonly<Record<string, string | undefined>>;

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

function raw(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === '' ? undefined : value;
}

/** 15000000 or 15e6, nothing vaguer ("15MB" would be a guess). */
export function positiveIntegerSetting(env: Env, name: string, fallback: number, unit?: string): number {
  const text = raw(env, name);
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value <= 0) {
    throw new ConfigError(`${name} must be a positive whole number${unit ? ` of ${unit}` : ''}, got "${text}"`);
  }
  return value;
}

/** A TCP port; `allowZero` for servers where 0 means "pick a free port". */
export function portSetting(env: Env, name: string, fallback: number, opts: { allowZero?: boolean } = {}): number {
  const text = raw(env, name);
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < (opts.allowZero ? 0 : 1) || value > 65535) {
    throw new ConfigError(`${name} must be a port number, got "${text}"`);
  }
  return value;
}

/** An http(s) base URL such as a local endpoint; undefined when unset. */
export function httpUrlSetting(env: Env, name: string, example: string): string | undefined {
  const text = raw(env, name);
  if (text !== undefined && !isHttpUrl(text)) {
    throw new ConfigError(`${name} must be an http(s) URL such as ${example}, got "${text}"`);
  }
  return text;
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.host !== '';
  } catch {
    return false;
  }
}
