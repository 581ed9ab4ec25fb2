import { sha256Hex } from './sha256';
import { ImageClassifier } from './image-classifier';
import { MANIFEST_FILE, ManifestFile, parseManifest } from './manifest';
import type { ModelFiles } from './model-files';
import { BackendName, useBackend } from './tf-backend';

export interface ModelStoreEvents {
  /** Called after each successful load with how long it took. */
  onLoaded?(info: { location: string; ms: number }): void;
  onLoadFailed?(info: { location: string; error: Error }): void;
}

/**
 * Loads the model once per process and keeps it for every warm invocation. Concurrent first
 * requests share one load; a failed load is not remembered, so the next request tries again
 * (S3 back up, object fixed).
 */
export class ModelStore {
  private loaded?: ImageClassifier;
  private loading?: Promise<ImageClassifier>;

  constructor(
    private readonly files: ModelFiles,
    private readonly options: { backend?: BackendName } & ModelStoreEvents = {},
  ) {}

  get location(): string {
    return this.files.location;
  }

  get(): Promise<ImageClassifier> {
    if (this.loaded) return Promise.resolve(this.loaded);
    this.loading ??= this.load().then(
      (classifier) => {
        this.loaded = classifier;
        this.loading = undefined;
        return classifier;
      },
      (error: Error) => {
        this.loading = undefined;
        this.options.onLoadFailed?.({ location: this.files.location, error });
        throw error;
      },
    );
    return this.loading;
  }

  private async load(): Promise<ImageClassifier> {
    const started = performance.now();
    await useBackend(this.options.backend ?? 'wasm');
    const manifest = parseManifest(Buffer.from(await this.readFile(MANIFEST_FILE)).toString('utf8'));
    const { modelJson, weights, labels } = manifest.files;
    const [json, labelBytes, ...weightBytes] = await Promise.all([modelJson, labels, ...weights].map((f) => this.readVerified(f)));
    const classifier = await ImageClassifier.fromMemory(manifest, json, weightBytes, labelBytes);
    this.options.onLoaded?.({ location: this.files.location, ms: performance.now() - started });
    return classifier;
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
