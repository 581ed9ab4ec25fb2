/**
 * The real parts the Lex tests run against: a local S3 (s3rver) holding the published model and
 * an uploaded photo, the shared Inference loading the model from it, and an HTTP server serving
 * the test photos — plus a truncated JPEG and an HTML page, the two ways a link goes wrong.
 */
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname } from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { removeLocalS3Data, startLocalS3 } from '../../src/dev/local-s3';
import { Inference, intakeOptionsFromEnv } from '../../src/inference';
import { createS3Client } from '../../src/inference/s3-client';
import { publishDefaultModel } from '../helpers/model';
import { testImage } from '../helpers/paths';

export const MODEL_BUCKET = 'whatsthat-models-lex-test';
export const PHOTO_BUCKET = 'whatsthat-uploads-lex-test';
/** Key of parrot.jpg in PHOTO_BUCKET. */
export const UPLOADED_PARROT_KEY = 'uploads/2026/parrot.jpg';

export interface LexTestStack {
  inference: Inference;
  /** http://127.0.0.1:<port>/<name> for a photo in ../shared/images, /broken.jpg, /page.html. */
  photoUrl(name: string): string;
  s3Endpoint: string;
  stop(): Promise<void>;
}

const TYPES: Record<string, string> = { '.jpg': 'image/jpeg', '.png': 'image/png', '.bmp': 'image/bmp' };

export async function startLexTestStack(): Promise<LexTestStack> {
  const s3 = await startLocalS3({ buckets: [PHOTO_BUCKET] });
  const { prefix } = await publishDefaultModel(s3.endpoint, MODEL_BUCKET);
  const client = createS3Client(s3.endpoint);
  await client.send(new PutObjectCommand({ Bucket: PHOTO_BUCKET, Key: UPLOADED_PARROT_KEY, Body: readFileSync(testImage('parrot.jpg')), ContentType: 'image/jpeg' }));
  client.destroy();

  const photos = http.createServer((req, res) => {
    const name = decodeURIComponent((req.url ?? '/').slice(1).split('?')[0]);
    if (name === 'broken.jpg') {
      // The first 4 kB of a real JPEG: right magic bytes, no image behind them.
      res.writeHead(200, { 'content-type': 'image/jpeg' }).end(readFileSync(testImage('parrot.jpg')).subarray(0, 4096));
      return;
    }
    if (name === 'page.html') {
      res.writeHead(200, { 'content-type': 'text/html' }).end('<!DOCTYPE html><html><body><img src="parrot.jpg"></body></html>');
      return;
    }
    try {
      if (!/^[\w.-]+$/.test(name)) throw new Error('not a photo name');
      const bytes = readFileSync(testImage(name));
      res.writeHead(200, { 'content-type': TYPES[extname(name)] ?? 'application/octet-stream' }).end(bytes);
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  await new Promise<void>((resolve) => photos.listen(0, '127.0.0.1', resolve));
  const port = (photos.address() as AddressInfo).port;

  const inference = Inference.fromConfig(
    { model: { kind: 's3', bucket: MODEL_BUCKET, prefix, endpoint: s3.endpoint }, backend: 'wasm' },
    { ...intakeOptionsFromEnv(), allowHosts: [`127.0.0.1:${port}`] },
  );
  await inference.warmUp();

  return {
    inference,
    photoUrl: (name) => `http://127.0.0.1:${port}/${name}`,
    s3Endpoint: s3.endpoint,
    stop: async () => {
      await new Promise<void>((resolve) => photos.close(() => resolve()));
      photos.closeAllConnections();
      await s3.stop().catch(() => undefined);
      removeLocalS3Data(s3.directory);
    },
  };
}
