/**
 * The manifest written by `model:prepare` beside a converted model, and read by the model store.
 * Every file the store loads is listed here with its sha256, so a corrupted or substituted object
 * in the bucket is refused instead of producing wrong answers.
 */
export interface ModelManifest {
  name: string;
  version: string;
  /** sha256 of the public source file the model was converted from. */
  sourceSha256: string;
  sourceUrl: string;
  licence: string;
  convertedBy: string;
  createdAt: string;
  input: { name: string; width: number; height: number; channels: number };
  output: { name: string; classes: number };
  /** Name of the taxonomy that explains labels ("imagenet-wordnet-3.0"), if any. */
  taxonomy?: string;
  backgroundIndex?: number;
  files: {
    modelJson: ManifestFile;
    weights: ManifestFile[];
    labels: ManifestFile;
  };
}

export interface ManifestFile {
  path: string;
  sha256: string;
  bytes: number;
}

export const MANIFEST_FILE = 'manifest.json';

export function parseManifest(text: string): ModelManifest {
  const m = JSON.parse(text) as ModelManifest;
  const files = m?.files;
  if (!m?.name || !m.version || !files?.modelJson?.sha256 || !files.labels?.sha256 || !Array.isArray(files.weights)) {
    throw new Error('model manifest is missing name, version or file hashes');
  }
  return m;
}
