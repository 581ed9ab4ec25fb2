import { createS3Client } from '../../src/inference/s3-client';
import { findModel, readCatalogue } from '../../src/model-pipeline/catalogue';
import { ensurePreparedModel } from '../../src/model-pipeline/prepare-model';
import { publishModel, PublishResult } from '../../src/model-pipeline/publish-model';
import { silentProgress } from '../../src/model-pipeline/progress';
import { MODEL_MIRROR_DIR } from './paths';

/** The default model's build folder, prepared from the mirror when it is not there yet. */
export async function preparedDefaultModel(): Promise<string> {
  return ensurePreparedModel(findModel(undefined), { mirrorDir: MODEL_MIRROR_DIR, progress: silentProgress });
}

/** Every catalogue model's build folder (classifier, detector, experts, reader), prepared when missing. */
export async function preparedModels(): Promise<string[]> {
  const dirs: string[] = [];
  for (const entry of readCatalogue()) dirs.push(await ensurePreparedModel(entry, { mirrorDir: MODEL_MIRROR_DIR, progress: silentProgress }));
  return dirs;
}

/** Prepares (if needed) and publishes the default model to a bucket of a local S3. */
export async function publishDefaultModel(endpoint: string, bucket: string): Promise<PublishResult> {
  return publishModel(createS3Client(endpoint), await preparedDefaultModel(), { bucket, createBucket: true, progress: silentProgress });
}

/** Prepares (if needed) and publishes every model of the scene to a bucket of a local S3. */
export async function publishSceneModels(endpoint: string, bucket: string): Promise<PublishResult[]> {
  const s3 = createS3Client(endpoint);
  const results: PublishResult[] = [];
  for (const dir of await preparedModels()) results.push(await publishModel(s3, dir, { bucket, createBucket: true, progress: silentProgress }));
  return results;
}
