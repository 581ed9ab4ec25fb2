import '../dev/command-line';
import { parseArgs } from 'node:util';
import { createS3Client } from '../inference/s3-client';
import { findModel, readCatalogue } from '../model-pipeline/catalogue';
import { preparedModelDir } from '../model-pipeline/prepare-model';
import { publishModel } from '../model-pipeline/publish-model';
import { silentProgress, terminalProgress } from '../model-pipeline/progress';

const USAGE = `usage: MODEL_BUCKET=<bucket> [S3_ENDPOINT=http://127.0.0.1:4569] npm run model:publish -- [--model <name>] [--json]

Uploads every model prepared by model:prepare (or only --model <name>) to
s3://$MODEL_BUCKET/models/<name>/<version>/. With S3_ENDPOINT (a local S3), the bucket is
created when missing.`;

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { model: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } });
  if (values.help) return void console.log(USAGE);
  const bucket = process.env.MODEL_BUCKET;
  if (!bucket) throw new Error(`MODEL_BUCKET is not set\n\n${USAGE}`);
  const endpoint = process.env.S3_ENDPOINT || undefined;
  const s3 = createS3Client(endpoint);
  for (const entry of values.model ? [findModel(values.model)] : readCatalogue()) {
    const result = await publishModel(s3, preparedModelDir(entry), {
      bucket,
      createBucket: Boolean(endpoint),
      progress: values.json ? silentProgress : terminalProgress,
    });
    if (values.json) console.log(JSON.stringify(result));
    else console.log(`published ${result.files.length} files to s3://${result.bucket}/${result.prefix}`);
  }
}

main().catch((e: unknown) => {
  console.error(`model:publish failed: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
