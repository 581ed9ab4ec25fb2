import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Where the model store reads a prepared model's files from. */
export interface ModelFiles {
  /** Human-readable location for error messages and logs. */
  readonly location: string;
  /** Stops (rejects with the signal's reason) when `signal` aborts. */
  read(path: string, signal?: AbortSignal): Promise<Uint8Array>;
}

export class S3ModelFiles implements ModelFiles {
  readonly location: string;

  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
    private readonly prefix: string,
  ) {
    this.location = `s3://${bucket}/${prefix}`;
  }

  async read(path: string, signal?: AbortSignal): Promise<Uint8Array> {
    const out = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: this.prefix + path }), { abortSignal: signal });
    if (!out.Body) throw new Error(`s3://${this.bucket}/${this.prefix}${path} has no body`);
    return untilAborted(out.Body.transformToByteArray(), signal);
  }
}

export class DirectoryModelFiles implements ModelFiles {
  readonly location: string;

  constructor(dir: string) {
    this.location = dir.endsWith('/') ? dir : `${dir}/`;
  }

  async read(path: string, signal?: AbortSignal): Promise<Uint8Array> {
    return new Uint8Array(await readFile(join(this.location, path), { signal }));
  }
}

/** `work`, or the signal's reason as soon as it aborts (a body stream may not notice by itself). */
export function untilAborted<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return work;
  if (signal.aborted) {
    work.catch(() => undefined);
    return Promise.reject(signal.reason as Error);
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason as Error);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
