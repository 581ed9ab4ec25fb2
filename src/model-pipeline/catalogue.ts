import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** One entry of `models/*.json`: where a model comes from and how to feed it. */
export interface CatalogueEntry {
  name: string;
  version: string;
  description: string;
  default?: boolean;
  licence: { spdx: string; url: string };
  source: SourceFile;
  labels: SourceFile & { backgroundIndex?: number; taxonomy?: string };
  input: { width: number; height: number; channels: number; dtype: 'uint8'; preprocessing: string };
}

export interface SourceFile {
  url: string;
  /** Path of the same file inside a mirror folder (MODEL_MIRROR_DIR). */
  mirrorPath: string;
  sha256: string;
}

export const CATALOGUE_DIR = join(__dirname, '..', '..', 'models');

export function readCatalogue(dir = CATALOGUE_DIR): CatalogueEntry[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => validate(JSON.parse(readFileSync(join(dir, f), 'utf8')) as CatalogueEntry, f));
}

export function findModel(name: string | undefined, dir = CATALOGUE_DIR): CatalogueEntry {
  const entries = readCatalogue(dir);
  const entry = name ? entries.find((e) => e.name === name) : entries.find((e) => e.default);
  if (!entry) {
    throw new Error(`no model ${name ? `named "${name}"` : 'marked default'} in ${dir} (have: ${entries.map((e) => e.name).join(', ')})`);
  }
  return entry;
}

function validate(e: CatalogueEntry, file: string): CatalogueEntry {
  const missing = ['name', 'version', 'source', 'labels', 'input', 'licence'].filter((k) => !(k in e));
  for (const f of [e.source, e.labels]) {
    if (f && !/^[0-9a-f]{64}$/.test(f.sha256)) missing.push('sha256');
  }
  if (missing.length > 0) throw new Error(`models/${file}: missing or invalid ${missing.join(', ')}`);
  return e;
}
