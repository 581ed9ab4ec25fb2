import '../dev/command-line';
import { parseArgs } from 'node:util';
import { countPhrase, descriptionJson, getInference, isImageError } from '../inference';

const USAGE = `usage: npm run describe -- [--json] <path|http(s) URL|s3://bucket/key>…

Says what is in each picture. Loads the models from S3 when MODEL_BUCKET is set (S3_ENDPOINT for a
local S3), otherwise from the build folder written by \`npm run model:prepare\`.
--json prints one JSON object per input per line (the scene: predictions, objects, species, text,
per-model timingsMs) and nothing else on stdout; with npm use \`npm run -s describe -- --json\`.
Exit code 1 if any input failed.`;

interface Line {
  input: string;
  [key: string]: unknown;
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } });
  if (values.help || positionals.length === 0) {
    console.log(USAGE);
    return values.help ? 0 : 2;
  }
  const inference = getInference();
  // Every model now, so that the timings of the first picture are its own, not the cold start's.
  await inference.warmUp().catch(() => undefined); // a missing model is reported per input below
  let failed = 0;
  for (const input of positionals) {
    try {
      const d = await inference.describeImageSource(input, { allowLocalFiles: true, trustedS3Buckets: 'any' });
      const json = descriptionJson(d);
      if (values.json) {
        print({ input, ...json });
      } else {
        console.log(`${input}\n  ${d.sentence}`);
        for (const p of json.predictions.slice(0, 3)) console.log(`    ${(p.probability * 100).toFixed(1).padStart(5)}%  ${p.label}`);
        if (d.objects.length > 0) console.log(`    objects: ${d.objects.map((o) => countPhrase(o.label, o.count)).join(', ')}`);
        if (d.species) console.log(`    species: ${d.species.name} (${d.species.scientificName}) ${(d.species.probability * 100).toFixed(0)}%`);
        if (d.text) console.log(`    text: “${d.text}”`);
      }
    } catch (e) {
      failed++;
      const error = isImageError(e) ? { code: e.code, message: e.userMessage } : { code: 'internal_error', message: (e as Error).message };
      if (values.json) print({ input, error });
      else console.log(`${input}\n  ${error.message} (${error.code})`);
      if (isImageError(e)) console.error(`  detail: ${e.message}`);
    }
  }
  await inference.close();
  return failed > 0 ? 1 : 0;
}

function print(line: Line): void {
  console.log(JSON.stringify(line));
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(`describe failed: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  },
);
