import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import https from 'node:https';
import net, { type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import tls from 'node:tls';
import { fetchImageFromUrl, type Resolver } from '../../src/inference/intake';
import { expectImageError } from './helpers';

const toLoopback: Resolver = async () => [{ address: '127.0.0.1', family: 4 }];

describe('fetchImageFromUrl: connecting', () => {
  test('TLS uses the host name for SNI and certificate checks while connecting to the pinned address', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'whatsthat-tls-'));
    const servernames: string[] = [];
    let server: https.Server | undefined;
    try {
      execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=images.test',
        '-addext', 'subjectAltName=DNS:images.test', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'ignore' });
      const context = tls.createSecureContext({ key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) });
      // Called only when the client sends SNI.
      const SNICallback = (servername: string, done: (err: Error | null, ctx: tls.SecureContext) => void) => {
        servernames.push(servername);
        done(null, context);
      };
      server = https.createServer({ SNICallback }, (_req, res) => res.end());
      await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
      const { port } = server.address() as AddressInfo;

      // "images.test" exists only in our resolver, so reaching the server proves the pinned address was used;
      // the self-signed certificate must then be refused like any untrusted one.
      const e = await expectImageError(fetchImageFromUrl(`https://images.test:${port}/cat.jpg`, { resolver: toLoopback, allowHosts: [`images.test:${port}`] }), 'unreachable');
      expect(e.message).toMatch(/TLS with images\.test:\d+ \(127\.0\.0\.1\) failed: (DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN)/);
      expect(servernames).toEqual(['images.test']);
    } finally {
      await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a connect that never completes hits the connect timeout', async () => {
    // A server whose process never accepts: once its accept queue is full (Linux holds backlog + 1
    // connections), the kernel drops further SYNs, so the next connect hangs, as with a firewalled host.
    const { child, port } = await startNonAcceptingServer();
    const fillers = [net.connect(port, '127.0.0.1'), net.connect(port, '127.0.0.1')];
    try {
      await Promise.all(fillers.map((filler) => new Promise((resolve, reject) => filler.once('connect', resolve).once('error', reject))));
      const e = await expectImageError(
        fetchImageFromUrl(`http://127.0.0.1:${port}/cat.jpg`, { allowHosts: [`127.0.0.1:${port}`], connectTimeoutMs: 200, timeoutMs: 10_000 }),
        'timeout',
      );
      expect(e.message).toMatch(/connecting to 127\.0\.0\.1:\d+ \(127\.0\.0\.1\) took longer than 200 ms/);
    } finally {
      fillers.forEach((filler) => filler.destroy());
      child.kill();
    }
  });
});

async function startNonAcceptingServer(): Promise<{ child: ChildProcess; port: number }> {
  const script = `
    const server = require('node:net').createServer();
    server.listen({ port: 0, host: '127.0.0.1', backlog: 1 }, () => {
      console.log(server.address().port);
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 60000); // block the event loop: never accept
    });`;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout?.once('data', (data: Buffer) => resolve(Number(String(data).trim())));
    child.once('error', reject);
  });
  return { child, port };
}
