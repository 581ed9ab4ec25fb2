import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** What a model does in the scene: see src/inference/<role>/. */
export type ModelRole = 'classifier' | 'detector' | 'expert' | 'reader';

interface CommonEntry {
  name: string;
  version: string;
  role: ModelRole;
  description: string;
  /** The classifier the service uses unless MODEL_NAME says otherwise. */
  default?: boolean;
  licence: { spdx: string; url: string; note?: string };
  /** Which species a species expert knows (experts only). */
  group?: 'bird' | 'insect';
}

/** A uint8 TFLite image classifier (the classifier, the species experts): converted by our own converter. */
export interface TfliteEntry extends CommonEntry {
  format: 'tflite';
  source: SourceFile;
  labels: SourceFile & {
    /** `imagenet`: synonyms separated by ", "; `latin-common`: "Latin name (Common Name)". */
    style: 'imagenet' | 'latin-common';
    backgroundIndex?: number;
    taxonomy?: string;
  };
  input: ModelInput;
}

/** Files taken from an npm package's published tarball (the detector, the reader's language data). */
export interface NpmPackageEntry extends CommonEntry {
  format: 'tfjs-graph-model' | 'tesseract-traineddata';
  package: NpmTarball;
  /** Files inside the tarball (paths start with "package/"), each with the sha256 it must have. */
  files: Array<{ path: string; sha256: string; as: string }>;
  labels?: { names: string[]; origin: string };
  input?: ModelInput;
  /** What is known about where the weights come from. */
  origin?: string;
}

export type CatalogueEntry = TfliteEntry | NpmPackageEntry;

export interface ModelInput {
  width: number;
  height: number;
  channels: number;
  dtype: 'uint8' | 'float32';
  preprocessing: string;
}

export interface SourceFile {
  url: string;
  /** Path of the same file inside a mirror folder (MODEL_MIRROR_DIR). */
  mirrorPath: string;
  sha256: string;
}

export interface NpmTarball {
  name: string;
  version: string;
  /** The registry's tarball URL (`npm view <name>@<version> dist.tarball`). */
  tarball: string;
  /** The registry's published Subresource Integrity string (`dist.integrity`, sha512). */
  integrity: string;
}

export const CATALOGUE_DIR = join(__dirname, '..', '..', 'models');

export function readCatalogue(dir = CATALOGUE_DIR): CatalogueEntry[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => validate(JSON.parse(readFileSync(join(dir, f), 'utf8')) as CatalogueEntry, f));
}

/** The named model, or the default classifier when no name is given. */
export function findModel(name: string | undefined, dir = CATALOGUE_DIR): CatalogueEntry {
  const entries = readCatalogue(dir);
  const entry = name ? entries.find((e) => e.name === name) : entries.find((e) => e.default);
  if (!entry) {
    throw new Error(`no model ${name ? `named "${name}"` : 'marked default'} in ${dir} (have: ${entries.map((e) => e.name).join(', ')})`);
  }
  return entry;
}

function validate(e: CatalogueEntry, file: string): CatalogueEntry {
  const missing = ['name', 'version', 'role', 'format', 'licence'].filter((k) => !(k in e));
  const hashes = e.format === 'tflite' ? [e.source?.sha256, e.labels?.sha256] : (e.files ?? []).map((f) => f.sha256);
  if (hashes.length === 0 || hashes.some((h) => !/^[0-9a-f]{64}$/.test(h ?? ''))) missing.push('sha256');
  if (e.format === 'tflite' && (!e.source || !e.labels || !e.input)) missing.push('source, labels or input');
  if (e.format !== 'tflite' && !/^sha512-[A-Za-z0-9+/]{86}==$/.test(e.package?.integrity ?? '')) missing.push('package.integrity (sha512)');
  if (missing.length > 0) throw new Error(`models/${file}: missing or invalid ${missing.join(', ')}`);
  return e;
}
