import '../dev/command-line';
import { parseArgs } from 'node:util';
import { findModel } from '../model-pipeline/catalogue';
import { prepareModel, preparedModelDir, verifiedPreparedModel } from '../model-pipeline/prepare-model';
import { silentProgress, terminalProgress } from '../model-pipeline/progress';

const USAGE = `usage: npm run model:prepare -- [--model <name>] [--json] [--force]

Takes the model's source file from MODEL_MIRROR_DIR when set, otherwise downloads its public URL;
verifies its sha256, converts it to a TF.js graph model and writes it with a manifest of hashes
to build/models/<name>/<version>/. A model already prepared there, every file intact, is left as
it is (no network needed) unless --force.`;

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { model: { type: 'string' }, json: { type: 'boolean' }, force: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } });
  if (values.help) return void console.log(USAGE);
  const entry = findModel(values.model);
  const mirrorDir = process.env.MODEL_MIRROR_DIR || undefined;
  const started = performance.now();
  // Offline with the model already prepared is not a failure: nothing needs the network.
  const prepared = values.force ? undefined : await verifiedPreparedModel(entry);
  if (prepared) {
    const dir = preparedModelDir(entry);
    const files = [prepared.files.modelJson, ...prepared.files.weights, prepared.files.labels];
    if (values.json) console.log(JSON.stringify({ name: prepared.name, version: prepared.version, dir, source: 'already prepared', ms: Math.round(performance.now() - started), files }));
    else console.log(`${prepared.name} ${prepared.version} is already prepared in ${dir} (every file matches its sha256); --force prepares it again`);
    return;
  }
  const { dir, manifest } = await prepareModel(entry, { mirrorDir, progress: values.json ? silentProgress : terminalProgress });
  const summary = { name: manifest.name, version: manifest.version, dir, source: mirrorDir ? 'mirror' : 'download', ms: Math.round(performance.now() - started), files: [manifest.files.modelJson, ...manifest.files.weights, manifest.files.labels] };
  if (values.json) console.log(JSON.stringify(summary));
  else console.log(`prepared ${manifest.name} ${manifest.version} in ${dir} (${summary.ms} ms, from ${summary.source})`);
}

main().catch((e: unknown) => {
  console.error(`model:prepare failed: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
