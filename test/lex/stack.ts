/**
 * The real parts the Lex tests run against: a local S3 (s3rver) holding the published model and
 * an uploaded photo, the shared Inference loading the model from it, and an HTTP server serving
 * the test photos — plus a truncated JPEG and an HTML page, the two ways a link goes wrong.
 */
import { readFileSync } from 'node:fs';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { discardLocalS3, startLocalS3 } from '../../src/dev/local-s3';
import { Inference, inferenceConfigFromEnv, intakeOptionsFromEnv, type InferenceConfig } from '../../src/inference';
import { createS3Client } from '../../src/inference/s3-client';
import { publishDefaultModel, publishSceneModels } from '../helpers/model';
import { testImage } from '../helpers/paths';
import { startPhotoHost } from '../helpers/photo-host';

export const MODEL_BUCKET = 'whatsthat-models-lex-test';
export const PHOTO_BUCKET = 'whatsthat-uploads-lex-test';
/** Key of parrot.jpg in PHOTO_BUCKET. */
export const UPLOADED_PARROT_KEY = 'uploads/2026/parrot.jpg';

export interface LexTestStack {
  inference: Inference;
  /** The link to a photo in ../shared/images, or to broken.jpg or page.html (see test/helpers/photo-host.ts). */
  photoUrl(name: string): string;
  s3Endpoint: string;
  stop(): Promise<void>;
}

/** `scene`: every model of the scene (detector, experts, reader), as deployed; otherwise the classifier alone. */
export async function startLexTestStack(opts: { scene?: boolean } = {}): Promise<LexTestStack> {
  const s3 = await startLocalS3({ buckets: [PHOTO_BUCKET] });
  let config: InferenceConfig;
  if (opts.scene) {
    await publishSceneModels(s3.endpoint, MODEL_BUCKET);
    config = inferenceConfigFromEnv({ MODEL_BUCKET, S3_ENDPOINT: s3.endpoint });
  } else {
    const { prefix } = await publishDefaultModel(s3.endpoint, MODEL_BUCKET);
    config = { model: { kind: 's3', bucket: MODEL_BUCKET, prefix, endpoint: s3.endpoint }, backend: 'wasm' };
  }
  const client = createS3Client(s3.endpoint);
  await client.send(new PutObjectCommand({ Bucket: PHOTO_BUCKET, Key: UPLOADED_PARROT_KEY, Body: readFileSync(testImage('parrot.jpg')), ContentType: 'image/jpeg' }));
  client.destroy();

  const photos = await startPhotoHost();

  const inference = Inference.fromConfig(config, { ...intakeOptionsFromEnv(), allowHosts: [`127.0.0.1:${photos.port}`] });
  await inference.warmUp();

  return {
    inference,
    photoUrl: (name) => `${photos.origin}/photos/${name}`,
    s3Endpoint: s3.endpoint,
    stop: async () => {
      await inference.close();
      await photos.close();
      await discardLocalS3(s3);
    },
  };
}
