/**
 * A TCP proxy in front of the local S3 that can play S3's failures: `pass` forwards, `hang`
 * accepts connections and never answers, `down` stops listening (connection refused). The
 * port stays the same throughout, as a real endpoint's would.
 */
import { connect, createServer, type Server, type Socket } from 'node:net';

export type S3Mode = 'pass' | 'hang' | 'down';

export interface S3FaultProxy {
  endpoint: string;
  setMode(mode: S3Mode): Promise<void>;
  stop(): Promise<void>;
}

export async function startS3FaultProxy(target: { host: string; port: number }, port = 0): Promise<S3FaultProxy> {
  let mode: S3Mode = 'pass';
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => undefined);
    if (mode === 'hang') return;
    const upstream = connect(target.port, target.host);
    sockets.add(upstream);
    upstream.on('close', () => sockets.delete(upstream));
    upstream.on('error', () => client.destroy());
    client.on('close', () => upstream.destroy());
    client.pipe(upstream).pipe(client);
  });
  const listen = (p: number): Promise<void> => new Promise((resolve, reject) => server.once('error', reject).listen(p, '127.0.0.1', () => resolve()));
  const close = (): Promise<void> =>
    new Promise((resolve) => {
      for (const s of sockets) s.destroy();
      if (!server.listening) return resolve();
      server.close(() => resolve());
    });
  await listen(port);
  const bound = (server.address() as { port: number }).port;
  return {
    endpoint: `http://127.0.0.1:${bound}`,
    async setMode(next) {
      if (next === 'down') await close();
      else {
        for (const s of sockets) s.destroy();
        if (!server.listening) await listen(bound);
      }
      mode = next;
    },
    stop: close,
  };
}
