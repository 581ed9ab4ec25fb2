import '../dev/command-line';
import { parseArgs } from 'node:util';
import { findModel, readCatalogue } from '../model-pipeline/catalogue';
import { modelMirrorDir } from '../model-pipeline/obtain-source';
import { prepareModel, preparedModelDir, verifiedPreparedModel } from '../model-pipeline/prepare-model';
import { silentProgress, terminalProgress } from '../model-pipeline/progress';
import { manifestFiles } from '../inference/model/manifest';

const USAGE = `usage: npm run model:prepare -- [--model <name>] [--json] [--force]

Prepares every model of the catalogue (models/*.json), or only --model <name>: takes TFLite
sources from MODEL_MIRROR_DIR when set (else ../shared/models beside the checkout, when there),
otherwise downloads their public URL; npm packages come from the registry (npm pack), checked against its published sha512 integrity. Every file is checked
against its sha256, TFLite models are converted to TF.js graph models, and each model is written
with a manifest of hashes to build/models/<name>/<version>/. A model already prepared there, every
file intact, is left as it is (no network needed) unless --force.`;

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { model: { type: 'string' }, json: { type: 'boolean' }, force: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } });
  if (values.help) return void console.log(USAGE);
  const entries = values.model ? [findModel(values.model)] : readCatalogue();
  const mirrorDir = modelMirrorDir();
  for (const entry of entries) {
    const started = performance.now();
    // Offline with the model already prepared is not a failure: nothing needs the network.
    const prepared = values.force ? undefined : await verifiedPreparedModel(entry);
    if (prepared) {
      const dir = preparedModelDir(entry);
      if (values.json) console.log(JSON.stringify({ name: prepared.name, version: prepared.version, role: prepared.role, dir, source: 'already prepared', ms: Math.round(performance.now() - started), files: manifestFiles(prepared) }));
      else console.log(`${prepared.role} ${prepared.name} ${prepared.version} is already prepared in ${dir} (every file matches its sha256); --force prepares it again`);
      continue;
    }
    const { dir, manifest } = await prepareModel(entry, { mirrorDir, progress: values.json ? silentProgress : terminalProgress });
    const source = entry.format === 'tflite' ? (mirrorDir ? 'mirror' : 'download') : 'npm registry';
    const summary = { name: manifest.name, version: manifest.version, role: manifest.role, dir, source, ms: Math.round(performance.now() - started), files: manifestFiles(manifest) };
    if (values.json) console.log(JSON.stringify(summary));
    else console.log(`prepared ${manifest.role} ${manifest.name} ${manifest.version} in ${dir} (${summary.ms} ms, from ${source})`);
  }
}

main().catch((e: unknown) => {
  console.error(`model:prepare failed: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
