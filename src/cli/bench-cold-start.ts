/**
 * Child process of `npm run bench`: a new process that loads the model from S3 (MODEL_BUCKET,
 * S3_ENDPOINT) and answers one image, like a Lambda cold start. Bundled by the bench with esbuild
 * so that the figure excludes TypeScript transpiling, as a deployed bundle would.
 */
import '../dev/command-line';
import { readFileSync } from 'node:fs';
import { getInference } from '../inference';

async function main(): Promise<void> {
  const bytes = new Uint8Array(readFileSync(process.argv[2]));
  const description = await getInference().describeImage(bytes);
  // performance.now() counts from the start of this process.
  const coldStartMs = performance.now();
  for (let i = 0; i < 3; i++) await getInference().describeImage(bytes);
  process.stdout.write(JSON.stringify({ coldStartMs, peakRssMb: process.resourceUsage().maxRSS / 1024, label: description.label }) + '\n');
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
