/**
 * Downloads an image from a link a user sent, treating the link as hostile (DESIGN.md, "Links are
 * hostile"): http/https only, every hop's address resolved once, checked, and then used for the
 * connection itself, so DNS cannot answer differently between the check and the connect.
 */
import { lookup as dnsLookup } from 'node:dns/promises';
import http from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { ImageError, isImageError } from '../errors';
import { classifyAddress } from './address';
import { raceAbort, startDeadline } from './deadline';
import { DEFAULT_INTAKE_OPTIONS, tooLarge, type IntakeOptions } from './intake-options';
import { readCapped } from './read-capped';
import { urlForLog } from './url-for-log';

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Host name → addresses; injectable so tests can play DNS tricks. */
export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>;

export interface FetchOptions extends Partial<Omit<IntakeOptions, 'maxPixels'>> {
  resolver?: Resolver;
  /**
   * Extra request headers for one hop, called again after every redirect — so a credential can
   * go to the hosts it belongs to and never follow a redirect elsewhere.
   */
  headersFor?: (url: URL) => Readonly<Record<string, string | undefined>>;
  signal?: AbortSignal;
}

const USER_AGENT = 'whatsthat-image-fetcher/0.1';
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/** Downloads `url` and returns its bytes, which are known to be a readable image format. */
export async function fetchImageFromUrl(url: string | URL, opts: FetchOptions = {}): Promise<Uint8Array> {
  const o = { ...DEFAULT_INTAKE_OPTIONS, ...withoutUndefined(opts) };
  const resolver = opts.resolver ?? systemResolver;
  let current = parseHttpUrl(url);
  const deadline = startDeadline(o.timeoutMs, `downloading ${urlForLog(current)}`, opts.signal);
  try {
    for (let redirects = 0; ; redirects++) {
      const target = await checkedAddress(current, o.allowHosts, resolver, deadline.signal);
      const res = await send(current, target, { ...o, headers: hopHeaders(opts.headersFor?.(current)), signal: deadline.signal });
      const location = REDIRECT_STATUSES.has(res.statusCode ?? 0) ? res.headers.location : undefined;
      if (location !== undefined) {
        res.destroy();
        if (redirects >= o.maxRedirects) {
          throw new ImageError('too_many_redirects', `${urlForLog(url)} redirected more than ${o.maxRedirects} times`);
        }
        current = parseHttpUrl(resolveLocation(location, current));
        continue;
      }
      return await readBody(res, current, o.maxBytes, deadline.signal);
    }
  } finally {
    deadline.dispose();
  }
}

/** Accepts only http/https URLs; anything else gets the error a user can act on. */
function parseHttpUrl(input: string | URL): URL {
  let url: URL;
  try {
    url = new URL(input);
  } catch (e) {
    throw new ImageError('bad_url', `not a URL: ${urlForLog(String(input))}`, { cause: e });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ImageError('forbidden_scheme', `refusing the ${url.protocol} scheme (${urlForLog(url)})`);
  }
  return url;
}

/** The address to connect to; throws unless every address of the host is public or the host is allowed. */
async function checkedAddress(url: URL, allowHosts: readonly string[], resolver: Resolver, signal: AbortSignal): Promise<ResolvedAddress> {
  // URL keeps IPv6 literals in brackets and has already normalised 2130706433, 0x7f.1, 0177.0.0.1, …
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const literal = isIP(host);
  const addresses = literal !== 0 ? [{ address: host, family: literal as 4 | 6 }] : await resolve(host, resolver, signal);
  if (!isAllowedHost(url, allowHosts)) {
    // Refuse if *any* address is internal: a name mixing public and private answers is a probe.
    for (const { address } of addresses) {
      const kind = classifyAddress(address);
      if (kind !== 'public') {
        const via = literal !== 0 ? '' : ` (${host} resolves to ${address})`;
        const article = /^[aeiou]/.test(kind) ? 'an' : 'a';
        throw new ImageError('private_address', `refusing ${url.origin}: ${address} is ${article} ${kind} address${via}`);
      }
    }
  }
  return addresses[0];
}

async function resolve(host: string, resolver: Resolver, signal: AbortSignal): Promise<ResolvedAddress[]> {
  let addresses: ResolvedAddress[];
  try {
    addresses = await raceAbort(resolver(host), signal);
  } catch (e) {
    if (isImageError(e)) throw e;
    const code = (e as NodeJS.ErrnoException).code ?? (e instanceof Error ? e.message : String(e));
    throw new ImageError('unresolvable_host', `cannot resolve ${host}: ${code}`, { cause: e });
  }
  if (addresses.length === 0) throw new ImageError('unresolvable_host', `${host} has no addresses`);
  return addresses;
}

/**
 * `host:port` allows that port; a bare `host` only the scheme's default port (URL leaves `port`
 * empty exactly then), so allowing a picture server never opens the host's other services.
 */
function isAllowedHost(url: URL, allowHosts: readonly string[]): boolean {
  if (url.port === '') return allowHosts.includes(url.hostname) || allowHosts.includes(`${url.hostname}:${url.protocol === 'https:' ? '443' : '80'}`);
  return allowHosts.includes(`${url.hostname}:${url.port}`);
}

interface SendOptions {
  connectTimeoutMs: number;
  headers: Record<string, string>;
  signal: AbortSignal;
}

/** One GET to the checked address; resolves with the response head. */
function send(url: URL, target: ResolvedAddress, o: SendOptions): Promise<http.IncomingMessage> {
  return new Promise((resolvePromise, reject) => {
    if (o.signal.aborted) return reject(o.signal.reason as Error);
    const request = url.protocol === 'https:' ? https.request : http.request;
    const req = request(url, {
      method: 'GET',
      // A fresh connection per request: nothing pooled under a host name can bypass the check.
      agent: false,
      // Node asks this instead of DNS; the host name stays in the URL, so TLS SNI and certificate
      // checks still use it.
      lookup: pinnedLookup(target),
      headers: o.headers,
    });
    const onAbort = (): void => {
      req.destroy(o.signal.reason as Error);
    };
    o.signal.addEventListener('abort', onAbort, { once: true });
    req.once('socket', (socket) => {
      if (!socket.connecting) return;
      const timer = setTimeout(() => {
        req.destroy(new ImageError('timeout', `connecting to ${url.host} (${target.address}) took longer than ${o.connectTimeoutMs} ms`));
      }, o.connectTimeoutMs);
      socket.once('connect', () => clearTimeout(timer));
      socket.once('close', () => clearTimeout(timer));
    });
    req.once('response', (res) => {
      o.signal.removeEventListener('abort', onAbort);
      resolvePromise(res);
    });
    // Stays attached: a late error after the response must not become an unhandled 'error' event.
    req.on('error', (e) => {
      o.signal.removeEventListener('abort', onAbort);
      reject(networkError(e, url, target));
    });
    req.end();
  });
}

function pinnedLookup(target: ResolvedAddress): LookupFunction {
  return (_hostname, options, callback) => {
    // With autoSelectFamily (Node's default) net asks for all addresses.
    if (options.all) callback(null, [{ address: target.address, family: target.family }]);
    else callback(null, target.address, target.family);
  };
}

async function readBody(res: http.IncomingMessage, url: URL, maxBytes: number, signal: AbortSignal): Promise<Uint8Array> {
  const status = res.statusCode ?? 0;
  if (status < 200 || status > 299) {
    res.destroy();
    const code = status === 404 || status === 410 ? 'not_found' : 'http_error';
    throw new ImageError(code, `${urlForLog(url)} answered HTTP ${status}`);
  }
  const declared = Number(res.headers['content-length']);
  if (declared > maxBytes) {
    res.destroy();
    throw tooLarge(maxBytes, `${urlForLog(url)} announced ${declared} bytes`);
  }
  try {
    return await readCapped(res, { maxBytes, signal, what: urlForLog(url) });
  } catch (e) {
    if (isImageError(e) && e.code === 'not_an_image') {
      // Operators want to see what the server claimed it was sending (a login page, an error page…).
      throw new ImageError('not_an_image', `${urlForLog(url)} (content-type ${res.headers['content-type'] ?? 'none'}): ${e.message}`, { cause: e });
    }
    throw e;
  }
}

function resolveLocation(location: string, base: URL): URL {
  try {
    return new URL(location, base);
  } catch (e) {
    throw new ImageError('bad_url', `${urlForLog(base)} redirected to an invalid location ${urlForLog(location)}`, { cause: e });
  }
}

function networkError(e: Error, url: URL, target: ResolvedAddress): ImageError {
  if (isImageError(e)) return e;
  const code = (e as NodeJS.ErrnoException).code ?? '';
  const where = `${url.host} (${target.address})`;
  if (code === 'ETIMEDOUT') return new ImageError('timeout', `connecting to ${where} timed out`, { cause: e });
  if (/^(ERR_TLS|CERT_|UNABLE_TO|DEPTH_ZERO|SELF_SIGNED|ERR_SSL)/.test(code)) {
    return new ImageError('unreachable', `TLS with ${where} failed: ${code} ${e.message}`, { cause: e });
  }
  if (code.startsWith('HPE_')) return new ImageError('http_error', `${where} sent an invalid HTTP response: ${code}`, { cause: e });
  return new ImageError('unreachable', `cannot reach ${where}: ${code || e.message}`, { cause: e });
}

const systemResolver: Resolver = async (hostname) => {
  const answers = await dnsLookup(hostname, { all: true, verbatim: true });
  return answers.map(({ address, family }) => ({ address, family: family === 6 ? 6 : 4 }));
};

function hopHeaders(extra: Readonly<Record<string, string | undefined>> = {}): Record<string, string> {
  return { 'user-agent': USER_AGENT, accept: 'image/*', ...(withoutUndefined(extra) as Record<string, string>) };
}

function withoutUndefined<T extends object>(obj: T): Partial<T> {
  return Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== undefined)) as Partial<T>;
}
