import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
// s3rver ships no types.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const S3rver = require('s3rver') as new (options: Record<string, unknown>) => { run(): Promise<AddressInfo>; close(): Promise<void> };

export interface LocalS3 {
  endpoint: string;
  port: number;
  /** Where the objects live. */
  directory: string;
  stop(): Promise<void>;
}

/**
 * A real S3-compatible server (s3rver) on 127.0.0.1. Data lives in `directory` (a fresh temporary
 * folder by default), so stopping and starting again on the same port keeps the objects — which is
 * how tests take S3 down and bring it back.
 */
export async function startLocalS3(opts: { port?: number; directory?: string; buckets?: string[] } = {}): Promise<LocalS3> {
  const directory = opts.directory ?? mkdtempSync(join(tmpdir(), 'whatsthat-s3-'));
  const server = new S3rver({
    address: '127.0.0.1',
    port: opts.port ?? 0,
    silent: true,
    directory,
    configureBuckets: (opts.buckets ?? []).map((name) => ({ name })),
  });
  const { port } = await server.run();
  return {
    endpoint: `http://127.0.0.1:${port}`,
    port,
    directory,
    stop: () => server.close(),
  };
}

/** Stops the server, unless a test has taken it down already, and deletes its data. */
export async function discardLocalS3(s3: LocalS3): Promise<void> {
  try {
    await s3.stop().catch((e: NodeJS.ErrnoException) => {
      if (e.code !== 'ERR_SERVER_NOT_RUNNING') throw e;
    });
  } finally {
    rmSync(s3.directory, { recursive: true, force: true });
  }
}
