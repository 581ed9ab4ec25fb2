import { sha256Hex } from './sha256';
import { ImageClassifier } from '../classifier/image-classifier';
import { MANIFEST_FILE, ManifestFile, ModelManifest, parseManifest } from './manifest';
import { untilAborted, type ModelFiles } from './model-files';
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

export interface ModelStoreOptions<T> extends ModelStoreEvents {
  backend?: BackendName;
  /** How the role's model is built; the classifier's by default. */
  load?: ModelLoader<T>;
  /** The longest a load may take when the caller has no deadline of its own. */
  loadTimeoutMs?: number;
}

export const DEFAULT_MODEL_LOAD_TIMEOUT_MS = 20_000;

/** A load, or the wait for one, ran past its deadline. */
export class ModelLoadTimeoutError extends Error {
  constructor(location: string, timeoutMs: number) {
    super(`loading the model from ${location} took longer than ${Math.round(timeoutMs)} ms`);
    this.name = 'ModelLoadTimeoutError';
  }
}

/**
 * Loads one model once per process and keeps it for every warm invocation. Concurrent first
 * requests share one load. Every load has a deadline (the first caller's, or `loadTimeoutMs`):
 * when it passes, the load is aborted and forgotten, so the next request starts afresh (S3 back
 * up, object fixed). A failed load is never remembered; a load that finishes after its deadline
 * is kept (it is a good model).
 */
export class ModelStore<T = ImageClassifier> {
  private loaded?: T;
  private loading?: Promise<T>;

  constructor(
    private readonly files: ModelFiles,
    private readonly options: ModelStoreOptions<T> = {},
  ) {}

  get location(): string {
    return this.files.location;
  }

  get isLoaded(): boolean {
    return this.loaded !== undefined;
  }

  /** The model, or a rejection once `timeoutMs` (default: the store's load timeout) have passed. */
  get(opts: { timeoutMs?: number } = {}): Promise<T> {
    if (this.loaded) return Promise.resolve(this.loaded);
    const timeoutMs = Math.max(0, opts.timeoutMs ?? this.options.loadTimeoutMs ?? DEFAULT_MODEL_LOAD_TIMEOUT_MS);
    const loading = (this.loading ??= this.startLoad(timeoutMs));
    return waitAtMost(loading, timeoutMs, () => new ModelLoadTimeoutError(this.files.location, timeoutMs));
  }

  private startLoad(timeoutMs: number): Promise<T> {
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(new ModelLoadTimeoutError(this.files.location, timeoutMs)), timeoutMs);
    const started = performance.now();
    const attempt = this.load(abort.signal).finally(() => clearTimeout(timer));
    attempt.then(
      (model) => {
        this.loaded ??= model;
        this.options.onLoaded?.({ location: this.files.location, ms: performance.now() - started });
      },
      () => undefined,
    );
    const shared: Promise<T> = untilAborted(attempt, abort.signal).then(
      (model) => {
        if (this.loading === shared) this.loading = undefined;
        return model;
      },
      (error: Error) => {
        if (this.loading === shared) this.loading = undefined;
        this.options.onLoadFailed?.({ location: this.files.location, error });
        throw error;
      },
    );
    return shared;
  }

  private async load(signal: AbortSignal): Promise<T> {
    await useBackend(this.options.backend ?? 'wasm');
    const manifest = parseManifest(Buffer.from(await this.readFile(MANIFEST_FILE, signal)).toString('utf8'));
    const load = this.options.load ?? (ImageClassifier.load as unknown as ModelLoader<T>);
    const model = await load(manifest, (f) => this.readVerified(f, signal));
    signal.throwIfAborted();
    return model;
  }

  private async readFile(path: string, signal: AbortSignal): Promise<Uint8Array> {
    try {
      return await this.files.read(path, signal);
    } catch (e) {
      if (signal.aborted) throw signal.reason;
      throw new Error(`could not read ${this.files.location}${path}: ${(e as Error).name}: ${(e as Error).message}`, { cause: e });
    }
  }

  private async readVerified(file: ManifestFile, signal: AbortSignal): Promise<Uint8Array> {
    const bytes = await this.readFile(file.path, signal);
    const actual = sha256Hex(bytes);
    if (actual !== file.sha256) {
      throw new Error(`${this.files.location}${file.path} is corrupt: sha256 ${actual}, manifest says ${file.sha256}`);
    }
    return bytes;
  }
}

/** `work`, or `timeoutError()` after `ms` — without cancelling `work`, which others may share. */
function waitAtMost<T>(work: Promise<T>, ms: number, timeoutError: () => Error): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(timeoutError()), ms);
    work.then(resolve, reject).finally(() => clearTimeout(timer));
  });
}
