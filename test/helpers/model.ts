import { createS3Client } from '../../src/inference/s3-client';
import { findModel } from '../../src/model-pipeline/catalogue';
import { ensurePreparedModel } from '../../src/model-pipeline/prepare-model';
import { publishModel, PublishResult } from '../../src/model-pipeline/publish-model';
import { silentProgress } from '../../src/model-pipeline/progress';
import { MODEL_MIRROR_DIR } from './paths';

/** The default model's build folder, prepared from the mirror when it is not there yet. */
export async function preparedDefaultModel(): Promise<string> {
  return ensurePreparedModel(findModel(undefined), { mirrorDir: MODEL_MIRROR_DIR, progress: silentProgress });
}

/** Prepares (if needed) and publishes the default model to a bucket of a local S3. */
export async function publishDefaultModel(endpoint: string, bucket: string): Promise<PublishResult> {
  return publishModel(createS3Client(endpoint), await preparedDefaultModel(), { bucket, createBucket: true, progress: silentProgress });
}
