import { createServer, type Server, type Socket } from 'node:net';

/** A TCP server that accepts connections and never answers: an S3 that hangs. */
export interface SilentServer {
  port: number;
  /** Connections accepted so far. */
  accepted: number;
  close(): Promise<void>;
}

export async function startSilentServer(port = 0): Promise<SilentServer> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    state.accepted++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, '127.0.0.1', resolve));
  const state: SilentServer = {
    port: (server.address() as { port: number }).port,
    accepted: 0,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
  return state;
}

/** A port nothing listens on (S3 down): taken from the OS, then released. */
export async function closedPort(): Promise<number> {
  const server = await startSilentServer();
  await server.close();
  return server.port;
}
