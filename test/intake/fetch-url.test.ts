import { readFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { decodeForModel, fetchImageFromUrl, readImageSource, type FetchOptions, type Resolver } from '../../src/inference/intake';
import { testImage } from '../helpers/paths';
import { expectImageError, pngClaiming, startServer, type TestServer } from './helpers';

const CAT = readFileSync(testImage('cat_720p.jpg'));
const HTML = Buffer.from('<!DOCTYPE html><html><head><title>Sign in</title></head><body>' + 'x'.repeat(10_000) + '</body></html>');
const CHUNK = Buffer.alloc(64 * 1024, 0x55);

/** Writes `first`, then CHUNK after CHUNK, honouring backpressure, until the client goes away. */
function streamForever(res: ServerResponse, first: Buffer, sent: { bytes: number; closed: Promise<void> }): void {
  let open = true;
  sent.closed = new Promise((resolve) => res.once('close', () => ((open = false), resolve())));
  const pump = (): void => {
    while (open) {
      sent.bytes += CHUNK.length;
      if (!res.write(CHUNK)) return void res.once('drain', pump);
    }
  };
  res.writeHead(200, { 'content-type': 'image/jpeg' });
  sent.bytes += first.length;
  res.write(first);
  pump();
}

describe('fetchImageFromUrl against hostile links (real servers on 127.0.0.1)', () => {
  let site: TestServer; // reachable through allowHosts
  let other: TestServer; // a second allowed site, for cross-host redirects
  let canary: TestServer; // never allowed: every refused loopback link aims here and must not arrive
  const endless = { bytes: 0, closed: Promise.resolve() };
  let allowed: FetchOptions;

  beforeAll(async () => {
    site = await startServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      const redirect = /^\/redirect\/(\d+)$/.exec(url.pathname);
      if (url.pathname === '/cat.jpg') res.writeHead(200, { 'content-type': 'image/jpeg' }).end(CAT);
      else if (url.pathname === '/truncated.jpg') res.writeHead(200, { 'content-type': 'image/jpeg' }).end(CAT.subarray(0, CAT.length / 2));
      else if (url.pathname === '/bomb.png') res.writeHead(200, { 'content-type': 'image/png' }).end(pngClaiming(50000, 50000));
      else if (url.pathname === '/html-as-jpeg') res.writeHead(200, { 'content-type': 'image/jpeg' }).end(HTML);
      else if (url.pathname === '/endless') streamForever(res, CAT.subarray(0, 1000), endless);
      else if (url.pathname === '/announces-100mb') res.writeHead(200, { 'content-type': 'image/jpeg', 'content-length': String(100 * 1024 * 1024) }).write(CAT.subarray(0, 1000));
      else if (url.pathname === '/hang') req.resume(); // never answers
      else if (url.pathname === '/drip') res.writeHead(200, { 'content-type': 'image/jpeg' }).write(CAT.subarray(0, 100)); // then stalls
      else if (url.pathname === '/error') res.writeHead(500).end('boom');
      else if (redirect) res.writeHead(302, { location: redirect[1] === '1' ? '/cat.jpg' : `/redirect/${Number(redirect[1]) - 1}` }).end();
      else if (url.pathname === '/to') res.writeHead(302, { location: url.searchParams.get('url') ?? '' }).end();
      else res.writeHead(404).end('no such thing');
    });
    other = await startServer((_req, res) => res.writeHead(200, { 'content-type': 'image/jpeg' }).end(CAT));
    canary = await startServer((_req, res) => res.writeHead(200, { 'content-type': 'image/jpeg' }).end(CAT));
    allowed = { allowHosts: [`127.0.0.1:${site.port}`, `127.0.0.1:${other.port}`], timeoutMs: 5000 };
  });

  afterAll(async () => {
    await Promise.all([site.close(), other.close(), canary.close()]);
  });

  test('an allowed local server is fetched, and the bytes are the image', async () => {
    const bytes = await fetchImageFromUrl(`${site.origin}/cat.jpg`, allowed);
    expect(Buffer.from(bytes).equals(CAT)).toBe(true);
    expect(site.requests.at(-1)?.headers['user-agent']).toMatch(/^whatsthat/);
  });

  describe('refused before any connection, each as private_address with the address and its kind', () => {
    test('WHATWG URL parsing normalises decimal, hex and octal spellings of 127.0.0.1', () => {
      for (const spelling of ['2130706433', '0x7f.0.0.1', '0x7f000001', '0177.0.0.1', '127.1']) {
        expect(new URL(`http://${spelling}/`).hostname).toBe('127.0.0.1');
      }
    });

    test.each([
      ['loopback', (p: number) => `http://127.0.0.1:${p}/x.jpg`, /127\.0\.0\.1 is a loopback address/],
      ['decimal 127.0.0.1', (p: number) => `http://2130706433:${p}/x.jpg`, /127\.0\.0\.1 is a loopback address/],
      ['hex 127.0.0.1', (p: number) => `http://0x7f.0.0.1:${p}/x.jpg`, /127\.0\.0\.1 is a loopback address/],
      ['octal 127.0.0.1', (p: number) => `http://0177.0.0.1:${p}/x.jpg`, /127\.0\.0\.1 is a loopback address/],
      ['[::1]', (p: number) => `http://[::1]:${p}/x.jpg`, /::1 is a loopback address/],
      ['[::ffff:127.0.0.1]', (p: number) => `http://[::ffff:127.0.0.1]:${p}/x.jpg`, /::ffff:7f00:1 is a loopback address/],
      ['0.0.0.0', (p: number) => `http://0.0.0.0:${p}/x.jpg`, /0\.0\.0\.0 is an unspecified address/],
      ['localhost (system resolver)', (p: number) => `http://localhost:${p}/x.jpg`, /localhost resolves to (127\.0\.0\.1|::1)/],
      ['10/8', () => 'http://10.1.2.3/x.jpg', /10\.1\.2\.3 is a private address/],
      ['172.16/12', () => 'http://172.20.0.5/x.jpg', /172\.20\.0\.5 is a private address/],
      ['192.168/16', () => 'http://192.168.1.1/x.jpg', /192\.168\.1\.1 is a private address/],
      ['100.64/10 (CGNAT)', () => 'http://100.100.100.200/x.jpg', /is a private address/],
      ['169.254.169.254 (metadata service)', () => 'http://169.254.169.254/latest/meta-data/', /169\.254\.169\.254 is a link-local address/],
      ['[fd00:ec2::254] (IPv6 metadata service)', () => 'http://[fd00:ec2::254]/latest/meta-data/', /is a private address/],
      ['[fe80::1]', () => 'http://[fe80::1]/x.jpg', /is a link-local address/],
      ['multicast', () => 'http://224.0.0.1/x.jpg', /is a multicast address/],
    ])('%s', async (_name, url, detail) => {
      const e = await expectImageError(fetchImageFromUrl(url(canary.port)), 'private_address');
      expect(e.message).toMatch(detail);
      expect(e.userMessage).toBe("That link points to a private or internal address, so I won't open it.");
    });

    test('a host name that resolves to 127.0.0.1 (injected resolver)', async () => {
      const resolver: Resolver = async () => [{ address: '127.0.0.1', family: 4 }];
      const e = await expectImageError(fetchImageFromUrl(`http://innocent.example:${canary.port}/cat.jpg`, { resolver }), 'private_address');
      expect(e.message).toMatch(/innocent\.example resolves to 127\.0\.0\.1/);
    });

    test('a host name with a public and a private answer is refused outright', async () => {
      const resolver: Resolver = async () => [
        { address: '93.184.216.34', family: 4 },
        { address: '10.0.0.7', family: 4 },
      ];
      await expectImageError(fetchImageFromUrl('http://mixed.example/cat.jpg', { resolver }), 'private_address');
    });

    test('the allow list is per host:port: the same host on another port is still refused', async () => {
      await expectImageError(fetchImageFromUrl(`http://127.0.0.1:${canary.port}/cat.jpg`, allowed), 'private_address');
    });

    test('a bare host in the allow list covers only the default port, never the host\'s other ports', async () => {
      await expectImageError(fetchImageFromUrl(`http://127.0.0.1:${canary.port}/cat.jpg`, { ...allowed, allowHosts: ['127.0.0.1'] }), 'private_address');
      await expectImageError(fetchImageFromUrl(`http://localhost.test:${canary.port}/cat.jpg`, { resolver: async () => [{ address: '127.0.0.1', family: 4 }], allowHosts: ['localhost.test'] }), 'private_address');
    });

    test('none of the refused links reached the server', () => {
      expect(canary.connections).toBe(0);
    });
  });

  describe('schemes and malformed links', () => {
    test.each(['file:///etc/passwd', 'ftp://example.org/cat.jpg', 'data:image/png;base64,iVBORw0KGgo=', 'javascript:alert(1)', 'gopher://example.org/'])(
      '%s is forbidden_scheme',
      async (url) => {
        const e = await expectImageError(fetchImageFromUrl(url), 'forbidden_scheme');
        expect(e.userMessage).toBe('I can only open http and https links.');
        await expectImageError(readImageSource(url), 'forbidden_scheme');
      },
    );

    test.each(['http://', 'http://exa mple.org/', 'https://[::1/'])('%j is bad_url', async (url) => {
      await expectImageError(fetchImageFromUrl(url), 'bad_url');
    });
  });

  describe('redirects are checked hop by hop', () => {
    test.each([
      ['loopback on a port that is not allowed', (p: number) => `http://127.0.0.1:${p}/cat.jpg`, 'private_address', /127\.0\.0\.1 is a loopback/],
      ['the metadata service', () => 'http://169.254.169.254/latest/meta-data/iam/', 'private_address', /169\.254\.169\.254 is a link-local/],
      ['a 10/8 address', () => 'http://10.0.0.1/', 'private_address', /10\.0\.0\.1 is a private/],
      ['a file: URL', () => 'file:///etc/passwd', 'forbidden_scheme', /refusing the file: scheme/],
    ] as const)('an allowed URL that redirects to %s is refused', async (_name, target, code, detail) => {
      const e = await expectImageError(fetchImageFromUrl(`${site.origin}/to?url=${encodeURIComponent(target(canary.port))}`, allowed), code);
      expect(e.message).toMatch(detail);
      expect(canary.connections).toBe(0);
    });

    test('up to maxRedirects hops are followed; one more is too_many_redirects', async () => {
      const opts = { ...allowed, maxRedirects: 3 };
      await expect(fetchImageFromUrl(`${site.origin}/redirect/3`, opts)).resolves.toHaveLength(CAT.length);
      const e = await expectImageError(fetchImageFromUrl(`${site.origin}/redirect/4`, opts), 'too_many_redirects');
      expect(e.userMessage).toMatch(/redirects too many times/);
    });

    test('headersFor is asked for every hop, and a header goes only where it is returned', async () => {
      const asked: string[] = [];
      const headersFor = (url: URL) => {
        asked.push(url.href);
        return url.port === String(site.port) ? { authorization: 'Bearer xoxb-secret' } : {};
      };
      const start = `${site.origin}/to?url=${encodeURIComponent(`${other.origin}/cat.jpg`)}`;
      await fetchImageFromUrl(start, { ...allowed, headersFor });
      expect(asked).toEqual([start, `${other.origin}/cat.jpg`]);
      expect(site.requests.at(-1)?.headers.authorization).toBe('Bearer xoxb-secret');
      expect(other.requests.at(-1)?.headers.authorization).toBeUndefined();
      expect(other.requests.at(-1)?.headers['user-agent']).toMatch(/^whatsthat/);
    });
  });

  describe('DNS rebinding', () => {
    test('the connection goes to the address that was checked; a later, different answer is never used', async () => {
      // Same port on two loopback addresses: if anything looked the name up again, it would reach `second`.
      const first = await startServer((_req, res) => res.writeHead(200, { 'content-type': 'image/jpeg' }).end(CAT));
      const second = await startServer((_req, res) => res.writeHead(200, { 'content-type': 'image/jpeg' }).end(CAT), '127.0.0.2').catch(() => undefined);
      try {
        let lookups = 0;
        const resolver: Resolver = async () => [{ address: lookups++ === 0 ? '127.0.0.1' : '127.0.0.2', family: 4 }];
        const url = `http://rebinding.test:${first.port}/cat.jpg`;
        await fetchImageFromUrl(url, { resolver, allowHosts: [`rebinding.test:${first.port}`] });
        expect(lookups).toBe(1);
        expect(first.requests).toHaveLength(1);
        expect(first.requests[0].headers.host).toBe(`rebinding.test:${first.port}`);
        if (second) expect(second.connections).toBe(0);
      } finally {
        await Promise.all([first.close(), second?.close()]);
      }
    });

    test('every hop is looked up once and checked: an allowed name redirecting to one that resolves to loopback', async () => {
      let lookups = 0;
      const resolver: Resolver = async () => (lookups++, [{ address: '127.0.0.1', family: 4 }]);
      const to = encodeURIComponent(`http://rebinding.test:${canary.port}/cat.jpg`);
      await expectImageError(fetchImageFromUrl(`http://site.test:${site.port}/to?url=${to}`, { resolver, allowHosts: [`site.test:${site.port}`] }), 'private_address');
      expect(lookups).toBe(2);
      expect(canary.connections).toBe(0);
    });
  });

  describe('size cap, content and errors', () => {
    test('an endless body is cut off while streaming: too_large, and the server sees the connection close early', async () => {
      const maxBytes = 256 * 1024;
      const e = await expectImageError(fetchImageFromUrl(`${site.origin}/endless`, { ...allowed, maxBytes }), 'too_large');
      expect(e.userMessage).toBe('That picture is too big for me. Send one under 0.3 MB.');
      await endless.closed;
      // Only what fits in socket buffers got out before the close: far less than "endless".
      expect(endless.bytes).toBeLessThan(64 * 1024 * 1024);
    });

    test('a Content-Length over the cap is refused before reading the body', async () => {
      const e = await expectImageError(fetchImageFromUrl(`${site.origin}/announces-100mb`, { ...allowed, maxBytes: 1024 * 1024 }), 'too_large');
      expect(e.message).toMatch(/announced 104857600 bytes/);
    });

    test('an HTML page served as image/jpeg is not_an_image, with the content type for the operator', async () => {
      const e = await expectImageError(fetchImageFromUrl(`${site.origin}/html-as-jpeg`, allowed), 'not_an_image');
      expect(e.message).toMatch(/content-type image\/jpeg.*<!DOCTYPE html>/);
      expect(e.userMessage).toMatch(/JPEG, PNG, GIF, WebP or BMP/);
    });

    test('a truncated JPEG downloads, then decodes as broken_image', async () => {
      const bytes = await readImageSource(`${site.origin}/truncated.jpg`, allowed);
      await expectImageError(decodeForModel(bytes), 'broken_image');
    });

    test('a PNG claiming 50000×50000 pixels downloads (it is tiny), then is refused as too_many_pixels', async () => {
      const bytes = await readImageSource(`${site.origin}/bomb.png`, allowed);
      await expectImageError(decodeForModel(bytes), 'too_many_pixels');
    });

    test('error details name the link without its query or fragment, where signed URLs carry their signature', async () => {
      const signed = `${site.origin}/nothing-here.jpg?X-Amz-Signature=0123secret&X-Amz-Credential=AKIA#frag`;
      const e = await expectImageError(fetchImageFromUrl(signed, allowed), 'not_found');
      expect(e.message).toBe(`${site.origin}/nothing-here.jpg?… answered HTTP 404`);
      const page = await expectImageError(fetchImageFromUrl(`${site.origin}/html-as-jpeg?token=xoxb-secret`, allowed), 'not_an_image');
      expect(page.message).not.toMatch(/xoxb-secret/);
    });

    test('404 is not_found, 500 is http_error', async () => {
      expect((await expectImageError(fetchImageFromUrl(`${site.origin}/nothing-here.jpg`, allowed), 'not_found')).message).toMatch(/HTTP 404/);
      expect((await expectImageError(fetchImageFromUrl(`${site.origin}/error`, allowed), 'http_error')).message).toMatch(/HTTP 500/);
    });

    test('connection refused is unreachable', async () => {
      const gone = await startServer((_req, res) => res.end());
      await gone.close();
      await expectImageError(fetchImageFromUrl(`${gone.origin}/cat.jpg`, { allowHosts: [`127.0.0.1:${gone.port}`] }), 'unreachable');
    });

    test('a DNS failure is unresolvable_host', async () => {
      const resolver: Resolver = async (host) => {
        throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
      };
      const e = await expectImageError(fetchImageFromUrl('http://no-such-host.invalid/cat.jpg', { resolver }), 'unresolvable_host');
      expect(e.message).toMatch(/no-such-host\.invalid: ENOTFOUND/);
    });

    test.each(['/hang', '/drip'])('a server that stops answering (%s) is a timeout', async (path) => {
      const e = await expectImageError(fetchImageFromUrl(`${site.origin}${path}`, { ...allowed, timeoutMs: 300 }), 'timeout');
      expect(e.message).toMatch(/took longer than 300 ms/);
    });

    test('the caller can cancel with an AbortSignal', async () => {
      const controller = new AbortController();
      const fetching = fetchImageFromUrl(`${site.origin}/hang`, { ...allowed, signal: controller.signal });
      setTimeout(() => controller.abort(), 50);
      expect((await expectImageError(fetching, 'timeout')).message).toMatch(/cancelled by the caller/);
    });
  });

  test('after all of that the process still serves', async () => {
    await expect(fetchImageFromUrl(`${site.origin}/cat.jpg`, allowed)).resolves.toHaveLength(CAT.length);
    expect(canary.connections).toBe(0);
  });
});
