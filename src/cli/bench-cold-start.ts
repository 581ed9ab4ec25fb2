/**
 * Child process of `npm run bench`: a new process that loads every model from S3 (MODEL_BUCKET,
 * S3_ENDPOINT; SCENE_OPTIONAL_MODELS chooses) and answers one image, like a Lambda cold start,
 * then describes the other images given (a screenshot: the reader) for the peak memory. Bundled
 * by the bench with esbuild so that the figure excludes TypeScript transpiling, as a deployed
 * bundle would.
 */
import '../dev/command-line';
import { readFileSync } from 'node:fs';
import { getInference } from '../inference';
import { peakResidentMb } from '../dev/process-memory';

async function main(): Promise<void> {
  const [first, ...others] = process.argv.slice(2).map((path) => new Uint8Array(readFileSync(path)));
  const inference = getInference();
  await inference.warmUp();
  const description = await inference.describeImage(first);
  // performance.now() counts from the start of this process.
  const coldStartMs = performance.now();
  for (let i = 0; i < 3; i++) for (const bytes of [first, ...others]) await inference.describeImage(bytes);
  process.stdout.write(JSON.stringify({ coldStartMs, peakRssMb: peakResidentMb(), label: description.label }) + '\n');
  await inference.close();
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
