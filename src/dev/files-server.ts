import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.png': 'image/png',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.bmp': 'image/bmp',
};

export interface FilesServer {
  url: string;
  port: number;
  stop(): Promise<void>;
}

/**
 * A tiny static server for the pictures in one folder, so that a newcomer can ask the local bot
 * about a picture on their disk: the bot only fetches links, and this host is the one the local
 * stack allows past the private-address refusal. Serves picture files only, never outside `dir`.
 */
export async function startFilesServer(opts: { dir: string; port: number; host?: string }): Promise<FilesServer> {
  const root = normalize(opts.dir + sep);
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    if (path === '/') {
      void listing(root).then((names) => {
        res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
        res.end(names.map((n) => `${n}\n`).join(''));
      });
      return;
    }
    const file = normalize(join(root, path));
    const type = TYPES[extname(file).toLowerCase()];
    if (!file.startsWith(root) || !type) {
      res.writeHead(404).end();
      return;
    }
    stat(file).then(
      (s) => {
        res.writeHead(200, { 'content-type': type, 'content-length': s.size });
        createReadStream(file).pipe(res);
      },
      () => res.writeHead(404).end(),
    );
  });
  await new Promise<void>((resolve) => server.listen(opts.port, opts.host ?? '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${opts.host ?? '127.0.0.1'}:${port}`,
    port,
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

async function listing(root: string): Promise<string[]> {
  const names = await readdir(root).catch(() => [] as string[]);
  return names.filter((n) => TYPES[extname(n).toLowerCase()]).sort();
}
