import { sha256Hex } from './sha256';
import { ImageClassifier } from '../classifier/image-classifier';
import { MANIFEST_FILE, ManifestFile, ModelManifest, parseManifest } from './manifest';
import type { ModelFiles } from './model-files';
import { BackendName, useBackend } from './tf-backend';

export interface ModelStoreEvents {
  /** Called after each successful load with how long it took. */
  onLoaded?(info: { location: string; ms: number }): void;
  onLoadFailed?(info: { location: string; error: Error }): void;
}

/** Reads a file the manifest lists, refusing it unless its sha256 is the manifest's. */
export type ReadVerified = (file: ManifestFile) => Promise<Uint8Array>;

/** Builds a role's model (classifier, detector, expert, reader) from its verified files. */
export type ModelLoader<T> = (manifest: ModelManifest, read: ReadVerified) => Promise<T>;

/**
 * Loads one model once per process and keeps it for every warm invocation. Concurrent first
 * requests share one load; a failed load is not remembered, so the next request tries again
 * (S3 back up, object fixed).
 */
export class ModelStore<T = ImageClassifier> {
  private loaded?: T;
  private loading?: Promise<T>;

  constructor(
    private readonly files: ModelFiles,
    private readonly options: { backend?: BackendName; load?: ModelLoader<T> } & ModelStoreEvents = {},
  ) {}

  get location(): string {
    return this.files.location;
  }

  get(): Promise<T> {
    if (this.loaded) return Promise.resolve(this.loaded);
    this.loading ??= this.load().then(
      (model) => {
        this.loaded = model;
        this.loading = undefined;
        return model;
      },
      (error: Error) => {
        this.loading = undefined;
        this.options.onLoadFailed?.({ location: this.files.location, error });
        throw error;
      },
    );
    return this.loading;
  }

  private async load(): Promise<T> {
    const started = performance.now();
    await useBackend(this.options.backend ?? 'wasm');
    const manifest = parseManifest(Buffer.from(await this.readFile(MANIFEST_FILE)).toString('utf8'));
    const load = this.options.load ?? (ImageClassifier.load as unknown as ModelLoader<T>);
    const model = await load(manifest, (f) => this.readVerified(f));
    this.options.onLoaded?.({ location: this.files.location, ms: performance.now() - started });
    return model;
  }

  private async readFile(path: string): Promise<Uint8Array> {
    try {
      return await this.files.read(path);
    } catch (e) {
      throw new Error(`could not read ${this.files.location}${path}: ${(e as Error).name}: ${(e as Error).message}`, { cause: e });
    }
  }

  private async readVerified(file: ManifestFile): Promise<Uint8Array> {
    const bytes = await this.readFile(file.path);
    const actual = sha256Hex(bytes);
    if (actual !== file.sha256) {
      throw new Error(`${this.files.location}${file.path} is corrupt: sha256 ${actual}, manifest says ${file.sha256}`);
    }
    return bytes;
  }
}
