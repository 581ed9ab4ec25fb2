/**
 * The manifest written by `model:prepare` beside a prepared model, and read by the model store.
 * Every file the store loads is listed here with its sha256, so a corrupted or substituted object
 * in the bucket is refused instead of producing wrong answers.
 */
export interface ModelManifest {
  name: string;
  version: string;
  /** What the model does: classifier, detector, expert or reader. */
  role: 'classifier' | 'detector' | 'expert' | 'reader';
  /** sha256 of the public source file the model was converted from, or the npm tarball's integrity. */
  sourceSha256?: string;
  sourceIntegrity?: string;
  sourceUrl: string;
  licence: string;
  convertedBy?: string;
  createdAt: string;
  input?: { name: string; width: number; height: number; channels: number };
  output?: { name: string; classes: number };
  /** Name of the taxonomy that explains labels ("imagenet-wordnet-3.0"), if any. */
  taxonomy?: string;
  backgroundIndex?: number;
  /** How labels.txt reads: "imagenet" (synonyms, ", ") or "latin-common" ("Latin (Common)"). */
  labelStyle?: 'imagenet' | 'latin-common' | 'plain';
  /** Species experts: which group they know. */
  group?: 'bird' | 'insect';
  files: {
    modelJson?: ManifestFile;
    weights?: ManifestFile[];
    labels?: ManifestFile;
    /** Other files the role needs as they are (the reader's language data). */
    data?: ManifestFile[];
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
  if (!m?.name || !m.version || !m.files) throw new Error('model manifest is missing name, version or files');
  const m2 = { ...m, role: m.role ?? 'classifier' };
  const files = manifestFiles(m2);
  if (files.length === 0 || files.some((f) => !/^[0-9a-f]{64}$/.test(f?.sha256 ?? '') || !f.path || f.path.includes('..'))) {
    throw new Error('model manifest has a file without a sha256 or with an unsafe path');
  }
  if (m2.role !== 'reader' && (!m2.files.modelJson || !m2.files.weights?.length)) throw new Error(`a ${m2.role} manifest needs model.json and weights`);
  return m2;
}

/** Every file a manifest lists (the manifest itself excluded), in upload order. */
export function manifestFiles(m: ModelManifest): ManifestFile[] {
  const f = m.files;
  return [...(f.modelJson ? [f.modelJson] : []), ...(f.weights ?? []), ...(f.labels ? [f.labels] : []), ...(f.data ?? [])];
}
