/**
 * The picture host from hell, on 127.0.0.1, for the soak: `/slow.jpg` trickles a real JPEG at
 * 1 kB/s, `/huge.jpg` claims and streams 300 MB, `/bomb.png` is a 100-megapixel PNG of ~100 kB
 * (a decompression bomb). It counts the bytes each response got out before the client hung up.
 */
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { deflateSync, crc32 } from 'node:zlib';

export interface HostileHost {
  origin: string;
  port: number;
  /** Bytes written per path, so far. */
  sent: Map<string, number>;
  stop(): Promise<void>;
}

const HUGE_BYTES = 300 * 1024 * 1024;

export async function startHostileHost(opts: { port: number; jpeg: Uint8Array }): Promise<HostileHost> {
  const sent = new Map<string, number>();
  const bomb = decompressionBombPng(10_000, 10_000);
  const count = (path: string, n: number): void => void sent.set(path, (sent.get(path) ?? 0) + n);
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path === '/slow.jpg') return trickle(res, opts.jpeg, 1024, (n) => count(path, n));
    if (path === '/huge.jpg') return stream(res, HUGE_BYTES, opts.jpeg.subarray(0, 1024), (n) => count(path, n));
    if (path === '/bomb.png') {
      count(path, bomb.length);
      return void res.writeHead(200, { 'content-type': 'image/png', 'content-length': bomb.length }).end(bomb);
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(opts.port, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    origin: `http://127.0.0.1:${port}`,
    port,
    sent,
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** `bytes` at `bytesPerSecond`, in 100 ms slices, until the client goes away. */
function trickle(res: ServerResponse, bytes: Uint8Array, bytesPerSecond: number, onSent: (n: number) => void): void {
  res.writeHead(200, { 'content-type': 'image/jpeg', 'content-length': bytes.length });
  const slice = Math.max(1, Math.round(bytesPerSecond / 10));
  let offset = 0;
  const timer = setInterval(() => {
    if (res.destroyed || offset >= bytes.length) {
      clearInterval(timer);
      if (!res.destroyed) res.end();
      return;
    }
    const chunk = bytes.subarray(offset, offset + slice);
    offset += chunk.length;
    res.write(chunk);
    onSent(chunk.length);
  }, 100);
  res.on('close', () => clearInterval(timer));
}

/** `total` bytes starting with `head` (a real JPEG's start), written as fast as the client reads. */
function stream(res: ServerResponse, total: number, head: Uint8Array, onSent: (n: number) => void): void {
  res.writeHead(200, { 'content-type': 'image/jpeg', 'content-length': total });
  const block = Buffer.alloc(64 * 1024);
  let written = 0;
  const pump = (): void => {
    while (written < total && !res.destroyed) {
      const chunk = written === 0 ? Buffer.concat([head, block]).subarray(0, block.length) : block.subarray(0, Math.min(block.length, total - written));
      written += chunk.length;
      onSent(chunk.length);
      if (!res.write(chunk)) return void res.once('drain', pump);
    }
    if (!res.destroyed) res.end();
  };
  pump();
}

/** A valid greyscale PNG of width×height black pixels: tiny on the wire, huge when decoded. */
export function decompressionBombPng(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer): Buffer => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const out = Buffer.alloc(body.length + 8);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body) >>> 0, body.length + 4);
    return out;
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 0; // greyscale
  // Each row: filter byte 0 and `width` zero pixels.
  const raw = Buffer.alloc((width + 1) * height);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}
