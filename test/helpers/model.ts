import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createS3Client } from '../../src/inference/s3-client';
import { MANIFEST_FILE } from '../../src/inference/model/manifest';
import { findModel } from '../../src/model-pipeline/catalogue';
import { prepareModel, preparedModelDir } from '../../src/model-pipeline/prepare-model';
import { publishModel, PublishResult } from '../../src/model-pipeline/publish-model';
import { silentProgress } from '../../src/model-pipeline/progress';
import { MODEL_MIRROR_DIR } from './paths';

/** The default model's build folder, prepared from the mirror when it is not there yet. */
export async function preparedDefaultModel(): Promise<string> {
  const entry = findModel(undefined);
  const dir = preparedModelDir(entry);
  if (!existsSync(join(dir, MANIFEST_FILE))) {
    await prepareModel(entry, { mirrorDir: MODEL_MIRROR_DIR, progress: silentProgress });
  }
  return dir;
}

/** Prepares (if needed) and publishes the default model to a bucket of a local S3. */
export async function publishDefaultModel(endpoint: string, bucket: string): Promise<PublishResult> {
  return publishModel(createS3Client(endpoint), await preparedDefaultModel(), { bucket, createBucket: true, progress: silentProgress });
}
