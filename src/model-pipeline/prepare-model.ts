import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { MANIFEST_FILE, ManifestFile, manifestFiles, ModelManifest, parseManifest } from '../inference/model/manifest';
import { sha256Hex } from '../inference/model/sha256';
import type { CatalogueEntry, NpmPackageEntry, TfliteEntry } from './catalogue';
import { type FetchTarball, obtainNpmPackageFiles } from './obtain-npm-package';
import { obtainSourceFile } from './obtain-source';
import type { Progress } from './progress';
import { CONVERTER_NAME, convertTfliteToGraphModel } from './tflite/convert-to-graph-model';

export const BUILD_MODELS_DIR = join(__dirname, '..', '..', 'build', 'models');

export interface PrepareOptions {
  mirrorDir?: string;
  buildDir?: string;
  progress: Progress;
  /** How an npm tarball is fetched (tests hand in a tampered one). */
  fetchTarball?: FetchTarball;
}

export function preparedModelDir(entry: Pick<CatalogueEntry, 'name' | 'version'>, buildDir = BUILD_MODELS_DIR): string {
  return join(buildDir, entry.name, entry.version);
}

/** The prepared model's folder, preparing it first when its manifest is not there yet. */
export async function ensurePreparedModel(entry: CatalogueEntry, opts: PrepareOptions): Promise<string> {
  const dir = preparedModelDir(entry, opts.buildDir);
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
    const sameSource = entry.format === 'tflite' ? manifest.sourceSha256 === entry.source.sha256 : manifest.sourceIntegrity === entry.package.integrity;
    if (!sameSource) return undefined;
    for (const file of manifestFiles(manifest)) {
      if (sha256Hex(await readFile(join(dir, file.path))) !== file.sha256) return undefined;
    }
    return manifest;
  } catch {
    return undefined;
  }
}

/** Source → verified → converted where needed → written with a manifest of hashes. */
export async function prepareModel(entry: CatalogueEntry, opts: PrepareOptions): Promise<{ dir: string; manifest: ModelManifest }> {
  const dir = preparedModelDir(entry, opts.buildDir);
  await mkdir(dir, { recursive: true });
  const write = async (path: string, bytes: Uint8Array): Promise<ManifestFile> => {
    await writeAtomically(join(dir, path), bytes);
    return { path, sha256: sha256Hex(bytes), bytes: bytes.length };
  };
  const manifest = entry.format === 'tflite' ? await prepareTflite(entry, opts, write) : await prepareNpmPackage(entry, opts, write);
  await writeAtomically(join(dir, MANIFEST_FILE), Buffer.from(JSON.stringify(manifest, null, 2) + '\n'));
  return { dir, manifest };
}

/** Two processes preparing the same model (parallel test workers) never see a half-written file. */
async function writeAtomically(path: string, bytes: Uint8Array): Promise<void> {
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, bytes);
  await rename(temporary, path);
}

type Write = (path: string, bytes: Uint8Array) => Promise<ManifestFile>;

async function prepareTflite(entry: TfliteEntry, opts: PrepareOptions, write: Write): Promise<ModelManifest> {
  const tflite = await obtainSourceFile(entry.source, opts.mirrorDir, opts.progress);
  const labels = await obtainSourceFile(entry.labels, opts.mirrorDir, opts.progress);
  const converted = convertTfliteToGraphModel(tflite, { weightsFile: 'weights.bin' });
  return {
    ...identity(entry),
    sourceSha256: entry.source.sha256,
    sourceUrl: entry.source.url,
    convertedBy: CONVERTER_NAME,
    input: { name: converted.input.name, width: entry.input.width, height: entry.input.height, channels: entry.input.channels },
    output: { name: converted.output.name, classes: converted.output.shape[converted.output.shape.length - 1] },
    taxonomy: entry.labels.taxonomy,
    backgroundIndex: entry.labels.backgroundIndex,
    labelStyle: entry.labels.style,
    ...(entry.group ? { group: entry.group } : {}),
    files: {
      modelJson: await write('model.json', Buffer.from(JSON.stringify(converted.modelJson))),
      weights: [await write('weights.bin', converted.weightData)],
      labels: await write('labels.txt', labels),
    },
  };
}

async function prepareNpmPackage(entry: NpmPackageEntry, opts: PrepareOptions, write: Write): Promise<ModelManifest> {
  const files = await obtainNpmPackageFiles(entry, opts.progress, opts.fetchTarball);
  const common = { ...identity(entry), sourceIntegrity: entry.package.integrity, sourceUrl: entry.package.tarball };
  if (entry.format === 'tesseract-traineddata') {
    return { ...common, files: { data: await Promise.all([...files].map(([name, bytes]) => write(name, bytes))) } };
  }
  const modelJson = files.get('model.json');
  if (!modelJson || !entry.input || !entry.labels) throw new Error(`models/${entry.name}.json: a graph model needs model.json, input and labels`);
  const json = JSON.parse(Buffer.from(modelJson).toString('utf8')) as { signature?: { inputs?: Record<string, unknown> }; weightsManifest: Array<{ paths: string[] }> };
  const weightPaths = json.weightsManifest.flatMap((g) => g.paths);
  return {
    ...common,
    input: { name: Object.keys(json.signature?.inputs ?? {})[0] ?? '', width: entry.input.width, height: entry.input.height, channels: entry.input.channels },
    output: { name: 'detections', classes: entry.labels.names.length },
    labelStyle: 'plain',
    files: {
      modelJson: await write('model.json', modelJson),
      weights: await Promise.all(weightPaths.map((p) => {
        const bytes = files.get(p);
        if (!bytes) throw new Error(`model.json of ${entry.name} names weights ${p}, which the catalogue does not list`);
        return write(p, bytes);
      })),
      labels: await write('labels.txt', Buffer.from(entry.labels.names.join('\n') + '\n')),
    },
  };
}

function identity(entry: CatalogueEntry): Pick<ModelManifest, 'name' | 'version' | 'role' | 'licence' | 'createdAt'> {
  return { name: entry.name, version: entry.version, role: entry.role, licence: entry.licence.spdx, createdAt: new Date().toISOString() };
}
