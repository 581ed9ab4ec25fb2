import { ImageError } from './errors';
import { composeSentence } from './describe/compose-sentence';
import { taxonomyByName } from './describe/taxonomy';
import { decodeForModel, IntakeOptions, intakeOptionsFromEnv, readImageSource, ReadImageSourceOptions } from './intake';
import { inferenceConfigFromEnv, InferenceConfig } from './config';
import { DirectoryModelFiles, S3ModelFiles } from './model/model-files';
import { ModelStore } from './model/model-store';
import type { ImageClassifier } from './model/image-classifier';
import { createS3Client } from './s3-client';
import { log } from './log';
import type { ImageDescription } from './types';
import type { S3Client } from '@aws-sdk/client-s3';

export type SourceOptions = Omit<ReadImageSourceOptions, 's3'> & {
  /**
   * Accept s3://bucket/key. Only for references from a trusted client (a request attribute set
   * by the app that uploaded the picture), never for text a user typed: the function's role
   * would read any object it can see on the user's behalf.
   */
  allowS3?: boolean;
  /**
   * Epoch milliseconds by which the model must be loaded (derived from the time the invocation
   * has left); past it the answer is "my image model didn't load". Default: MODEL_LOAD_TIMEOUT_MS.
   */
  modelDeadline?: number;
};

/**
 * The shared inference module's face: image bytes or a reference in, a description out. Both
 * channels hold one instance per process (see `getInference`), so the model loaded at cold start
 * serves every warm invocation.
 */
export class Inference {
  constructor(
    readonly store: ModelStore,
    readonly intake: IntakeOptions,
    /** For s3://bucket/key image references. */
    private readonly s3: S3Client,
  ) {}

  static fromConfig(config: InferenceConfig, intake: IntakeOptions = intakeOptionsFromEnv()): Inference {
    const m = config.model;
    const s3 = createS3Client(m.kind === 's3' ? m.endpoint : process.env.S3_ENDPOINT || undefined, config.aws);
    const files = m.kind === 's3' ? new S3ModelFiles(s3, m.bucket, m.prefix) : new DirectoryModelFiles(m.dir);
    const store = new ModelStore(files, {
      backend: config.backend,
      loadTimeoutMs: config.modelLoadTimeoutMs,
      onLoaded: ({ location, ms }) => log('info', 'model loaded', { location, ms: Math.round(ms) }),
      onLoadFailed: ({ location, error }) => log('error', 'model load failed', { location, error: error.message }),
    });
    return new Inference(store, intake, s3);
  }

  /** Loads the model now (cold start) rather than on the first request. */
  async warmUp(): Promise<void> {
    await this.classifier();
  }

  /**
   * Fetches the bytes behind an http(s) URL — or, when the caller says the reference is trusted,
   * an s3://bucket/key or a local path — applying the intake rules.
   */
  readImageSource(source: string, opts: SourceOptions = {}): Promise<Uint8Array> {
    const { allowS3, ...rest } = opts;
    return readImageSource(source, { ...this.intake, ...rest, s3: allowS3 ? this.s3 : undefined });
  }

  async describeImageSource(source: string, opts: SourceOptions = {}): Promise<ImageDescription> {
    const started = performance.now();
    // A cold start loads the model while the picture downloads.
    this.classifier(opts.modelDeadline).catch(() => undefined);
    const bytes = await this.readImageSource(source, opts);
    const fetchMs = performance.now() - started;
    const description = await this.describeImage(bytes, { modelDeadline: opts.modelDeadline });
    return { ...description, timingsMs: { fetch: fetchMs, ...description.timingsMs, total: performance.now() - started } };
  }

  async describeImage(bytes: Uint8Array, opts: Pick<SourceOptions, 'modelDeadline'> = {}): Promise<ImageDescription> {
    const started = performance.now();
    const classifier = await this.classifier(opts.modelDeadline);
    const decoded = await decodeForModel(bytes, { ...this.intake, size: classifier.inputSize });
    const decodedAt = performance.now();
    const predictions = await classifier.classify(decoded.pixels);
    const inferredAt = performance.now();
    const answer = composeSentence(predictions, taxonomyByName(classifier.manifest.taxonomy));
    return {
      sentence: answer.sentence,
      label: answer.label,
      probability: predictions[0].probability,
      predictions,
      objects: [],
      model: classifier.identity,
      timingsMs: { decode: decodedAt - started, inference: inferredAt - decodedAt, total: performance.now() - started },
    };
  }

  private async classifier(deadline?: number): Promise<ImageClassifier> {
    try {
      return await this.store.get({ timeoutMs: deadline === undefined ? undefined : deadline - Date.now() });
    } catch (e) {
      throw new ImageError('model_unavailable', `model from ${this.store.location} not loaded: ${(e as Error).message}`, { cause: e });
    }
  }
}

let shared: Inference | undefined;

/** The process-wide instance, configured from the environment on first use. */
export function getInference(): Inference {
  shared ??= Inference.fromConfig(inferenceConfigFromEnv());
  return shared;
}
