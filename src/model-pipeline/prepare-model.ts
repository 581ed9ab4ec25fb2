import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { MANIFEST_FILE, ManifestFile, ModelManifest, parseManifest } from '../inference/model/manifest';
import { sha256Hex } from '../inference/model/sha256';
import type { CatalogueEntry } from './catalogue';
import { obtainSourceFile } from './obtain-source';
import type { Progress } from './progress';
import { CONVERTER_NAME, convertTfliteToGraphModel } from './tflite/convert-to-graph-model';

export const BUILD_MODELS_DIR = join(__dirname, '..', '..', 'build', 'models');

export function preparedModelDir(entry: Pick<CatalogueEntry, 'name' | 'version'>, buildDir = BUILD_MODELS_DIR): string {
  return join(buildDir, entry.name, entry.version);
}

/** The prepared model's folder, preparing it first when its manifest is not there yet. */
export async function ensurePreparedModel(entry: CatalogueEntry, opts: { mirrorDir?: string; progress: Progress }): Promise<string> {
  const dir = preparedModelDir(entry);
  if (!existsSync(join(dir, MANIFEST_FILE))) await prepareModel(entry, opts);
  return dir;
}

/**
 * The manifest of the prepared model in its build folder when it is complete and intact — made
 * from this catalogue entry's source, every file matching its sha256 — otherwise undefined.
 */
export async function verifiedPreparedModel(entry: CatalogueEntry, buildDir?: string): Promise<ModelManifest | undefined> {
  const dir = preparedModelDir(entry, buildDir);
  try {
    const manifest = parseManifest(await readFile(join(dir, MANIFEST_FILE), 'utf8'));
    if (manifest.sourceSha256 !== entry.source.sha256) return undefined;
    const { modelJson, weights, labels } = manifest.files;
    for (const file of [modelJson, labels, ...weights]) {
      if (sha256Hex(await readFile(join(dir, file.path))) !== file.sha256) return undefined;
    }
    return manifest;
  } catch {
    return undefined;
  }
}

/** Source → verified → converted to a TF.js graph model → written with a manifest of hashes. */
export async function prepareModel(
  entry: CatalogueEntry,
  opts: { mirrorDir?: string; buildDir?: string; progress: Progress },
): Promise<{ dir: string; manifest: ModelManifest }> {
  const tflite = await obtainSourceFile(entry.source, opts.mirrorDir, opts.progress);
  const labels = await obtainSourceFile(entry.labels, opts.mirrorDir, opts.progress);
  const converted = convertTfliteToGraphModel(tflite, { weightsFile: 'weights.bin' });

  const dir = preparedModelDir(entry, opts.buildDir);
  await mkdir(dir, { recursive: true });
  const write = async (path: string, bytes: Uint8Array): Promise<ManifestFile> => {
    await writeFile(join(dir, path), bytes);
    return { path, sha256: sha256Hex(bytes), bytes: bytes.length };
  };
  const manifest: ModelManifest = {
    name: entry.name,
    version: entry.version,
    sourceSha256: entry.source.sha256,
    sourceUrl: entry.source.url,
    licence: entry.licence.spdx,
    convertedBy: CONVERTER_NAME,
    createdAt: new Date().toISOString(),
    input: { name: converted.input.name, width: entry.input.width, height: entry.input.height, channels: entry.input.channels },
    output: { name: converted.output.name, classes: converted.output.shape[converted.output.shape.length - 1] },
    taxonomy: entry.labels.taxonomy,
    backgroundIndex: entry.labels.backgroundIndex,
    files: {
      modelJson: await write('model.json', Buffer.from(JSON.stringify(converted.modelJson))),
      weights: [await write('weights.bin', converted.weightData)],
      labels: await write('labels.txt', labels),
    },
  };
  await writeFile(join(dir, MANIFEST_FILE), JSON.stringify(manifest, null, 2) + '\n');
  return { dir, manifest };
}
