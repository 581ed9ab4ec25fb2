import { CreateBucketCommand, HeadBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { MANIFEST_FILE, manifestFiles, parseManifest } from '../inference/model/manifest';
import { sha256Hex } from '../inference/model/sha256';
import type { Progress } from './progress';

export interface PublishResult {
  bucket: string;
  prefix: string;
  files: Array<{ key: string; bytes: number }>;
}

/**
 * Uploads a prepared model under `models/<name>/<version>/`. The manifest goes last, so a reader
 * never finds a manifest whose files are not there yet. Files are re-hashed before upload: a
 * build folder edited by hand is refused here rather than at the next cold start.
 */
export async function publishModel(
  s3: S3Client,
  dir: string,
  opts: { bucket: string; createBucket?: boolean; progress: Progress },
): Promise<PublishResult> {
  const manifestBytes = await readFile(join(dir, MANIFEST_FILE));
  const manifest = parseManifest(manifestBytes.toString('utf8'));
  const prefix = `models/${manifest.name}/${manifest.version}/`;
  const files = manifestFiles(manifest);

  if (opts.createBucket) await ensureBucket(s3, opts.bucket);
  const total = files.reduce((n, f) => n + f.bytes, 0) + manifestBytes.length;
  const bar = opts.progress.start(`upload s3://${opts.bucket}/${prefix}`, total);
  let done = 0;
  const uploaded: PublishResult['files'] = [];
  const put = async (path: string, body: Uint8Array, contentType: string): Promise<void> => {
    await s3.send(new PutObjectCommand({ Bucket: opts.bucket, Key: prefix + path, Body: body, ContentType: contentType }));
    uploaded.push({ key: prefix + path, bytes: body.length });
    done += body.length;
    bar.update(done);
  };
  try {
    for (const f of files) {
      const body = await readFile(join(dir, f.path));
      if (sha256Hex(body) !== f.sha256) throw new Error(`${join(dir, f.path)} does not match its manifest hash; run model:prepare again`);
      await put(f.path, body, f.path.endsWith('.json') ? 'application/json' : f.path.endsWith('.txt') ? 'text/plain' : f.path.endsWith('.gz') ? 'application/gzip' : 'application/octet-stream');
    }
    await put(MANIFEST_FILE, manifestBytes, 'application/json');
  } finally {
    bar.stop();
  }
  return { bucket: opts.bucket, prefix, files: uploaded };
}

async function ensureBucket(s3: S3Client, bucket: string): Promise<void> {
  try {
    await s3.send(new HeadBucketCommand({ Bucket: bucket }));
  } catch {
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  }
}
