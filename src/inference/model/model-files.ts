import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Where the model store reads a prepared model's files from. */
export interface ModelFiles {
  /** Human-readable location for error messages and logs. */
  readonly location: string;
  read(path: string): Promise<Uint8Array>;
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

  async read(path: string): Promise<Uint8Array> {
    const out = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: this.prefix + path }));
    if (!out.Body) throw new Error(`s3://${this.bucket}/${this.prefix}${path} has no body`);
    return out.Body.transformToByteArray();
  }
}

export class DirectoryModelFiles implements ModelFiles {
  readonly location: string;

  constructor(dir: string) {
    this.location = dir.endsWith('/') ? dir : `${dir}/`;
  }

  async read(path: string): Promise<Uint8Array> {
    return new Uint8Array(await readFile(join(this.location, path)));
  }
}
