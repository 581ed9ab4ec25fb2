import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { crc32 } from 'node:zlib';
import { ImageError, type ImageErrorCode } from '../../src/inference/errors';

export interface TestServer {
  port: number;
  /** `http://127.0.0.1:<port>` */
  origin: string;
  /** Every request seen, in order. */
  requests: http.IncomingMessage[];
  /** TCP connections accepted (a refused link must leave this at 0). */
  connections: number;
  close(): Promise<void>;
}

/** A real HTTP server on 127.0.0.1 (or another loopback address) on a free port. */
export async function startServer(handler: http.RequestListener, host = '127.0.0.1'): Promise<TestServer> {
  const server = http.createServer((req, res) => {
    state.requests.push(req);
    handler(req, res);
  });
  const state: TestServer = {
    port: 0,
    origin: '',
    requests: [],
    connections: 0,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  server.on('connection', () => state.connections++);
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  state.port = (server.address() as AddressInfo).port;
  state.origin = `http://${host}:${state.port}`;
  return state;
}

/** Awaits a rejection and checks it is an ImageError with `code`; returns it for more checks. */
export async function expectImageError(promise: Promise<unknown>, code: ImageErrorCode): Promise<ImageError> {
  let outcome: unknown;
  try {
    outcome = await promise;
  } catch (e) {
    if (!(e instanceof ImageError)) throw new Error(`expected ImageError(${code}), got ${String(e)}`, { cause: e });
    if (e.code !== code) throw new Error(`expected ImageError(${code}), got ${e.code}: ${e.message}`, { cause: e });
    expect(e.userMessage.length).toBeGreaterThan(10);
    return e;
  }
  throw new Error(`expected ImageError(${code}), but it resolved with ${String(outcome).slice(0, 80)}`);
}

/** A PNG whose IHDR (with a valid CRC) claims width × height; the pixel data is a token. */
export function pngClaiming(width: number, height: number): Uint8Array {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8); // 8-bit RGB, deflate, no filter, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', Buffer.from([0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01])),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

function pngChunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** An ISO-BMFF `ftyp` box as HEIC and AVIF files start. */
export function ftyp(major: string, compatible: string[]): Uint8Array {
  const box = Buffer.alloc(16 + compatible.length * 4 + 16);
  box.writeUInt32BE(16 + compatible.length * 4, 0);
  box.write('ftyp', 4, 'latin1');
  box.write(major, 8, 'latin1');
  compatible.forEach((brand, i) => box.write(brand, 16 + i * 4, 'latin1'));
  return box;
}
