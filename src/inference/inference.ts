import { ImageError } from './errors';
import { composeSceneSentence } from './describe/compose-scene-sentence';
import { taxonomyByName, type Taxonomy } from './describe/taxonomy';
import { decodePicture, IntakeOptions, intakeOptionsFromEnv, readImageSource, ReadImageSourceOptions } from './intake';
import { inferenceConfigFromEnv, InferenceConfig, ModelLocation, OptionalModel as OptionalRole } from './config';
import { DirectoryModelFiles, S3ModelFiles } from './model/model-files';
import { ModelLoader, ModelStore } from './model/model-store';
import { OptionalModel } from './model/optional-model';
import { ImageClassifier } from './classifier/image-classifier';
import { ObjectDetector } from './detector/object-detector';
import { SpeciesExpert } from './expert/species-expert';
import { TextReader } from './reader/text-reader';
import { coverSquare, paletteShare, pngForReading, squeezeSquare } from './picture';
import { expertGroups, likelyText, SPECIES_AT_LEAST } from './scene-rules';
import { createS3Client } from './s3-client';
import { errorFields, log } from './log';
import { latencyMetric } from './metrics';
import type { DetectedObjects, ImageDescription, Scene, Species, StageTimings } from './types';
import type { S3Client } from '@aws-sdk/client-s3';

export type SourceOptions = Omit<ReadImageSourceOptions, 's3'> & {
  /**
   * Accept s3://bucket/key in these buckets (`'any'`: the operator's command line). Only for
   * references from a trusted client (a request attribute set by the app that uploaded the
   * picture), never for text a user typed: the function's role would read any object it can see
   * on the user's behalf.
   */
  trustedS3Buckets?: readonly string[] | 'any';
  /**
   * Epoch milliseconds by which the model must be loaded (derived from the time the invocation
   * has left); past it the answer is "my image model didn't load". Default: MODEL_LOAD_TIMEOUT_MS.
   */
  modelDeadline?: number;
};

/** The optional models of a scene; each may be absent (not configured) or fail to load. */
export interface OptionalModels {
  detector?: OptionalModel<ObjectDetector>;
  birdExpert?: OptionalModel<SpeciesExpert>;
  insectExpert?: OptionalModel<SpeciesExpert>;
  reader?: OptionalModel<TextReader>;
}

/**
 * The picture is decoded once to at most this many pixels on its longer side; every model's
 * input comes from that buffer (the reader needs the most: screen text stays legible).
 */
const WORKING_SIDE = 1024;

/** Taxonomy of a classifier without one: no kinds. */
const NO_KINDS: Taxonomy = { kindsOf: () => [] };

/**
 * The shared inference module's face: image bytes or a reference in, a description out. Both
 * channels hold one instance per process (see `getInference`), so the models loaded at cold start
 * serve every warm invocation.
 */
export class Inference {
  constructor(
    readonly store: ModelStore<ImageClassifier>,
    readonly intake: IntakeOptions,
    /** For s3://bucket/key image references. */
    private readonly s3: S3Client,
    readonly optional: OptionalModels = {},
  ) {}

  static fromConfig(config: InferenceConfig, intake: IntakeOptions = intakeOptionsFromEnv()): Inference {
    const m = config.model;
    const s3 = createS3Client(m.kind === 's3' ? m.endpoint : process.env.S3_ENDPOINT || undefined, config.aws);
    const storeAt = <T>(location: ModelLocation, role: string, load?: ModelLoader<T>): ModelStore<T> =>
      new ModelStore<T>(location.kind === 's3' ? new S3ModelFiles(s3, location.bucket, location.prefix) : new DirectoryModelFiles(location.dir), {
        backend: config.backend,
        load,
        loadTimeoutMs: config.modelLoadTimeoutMs,
        onLoaded: ({ location, ms }) => {
          if (role === 'classifier') latencyMetric('ModelLoadTime', ms);
          log('info', 'model loaded', { role, location, ms: Math.round(ms) });
        },
        onLoadFailed: ({ location, error }) => log(role === 'classifier' ? 'error' : 'warn', role === 'classifier' ? 'model load failed' : 'optional model unavailable; answering without it', { role, location, error: error.message }),
      });
    const optionalAt = <T>(role: OptionalRole, load: ModelLoader<T>): OptionalModel<T> | undefined => {
      const location = config.optional?.[role];
      return location ? new OptionalModel(storeAt(location, role, load)) : undefined;
    };
    const optional: OptionalModels = {
      detector: optionalAt('detector', ObjectDetector.load),
      birdExpert: optionalAt('birdExpert', SpeciesExpert.load),
      insectExpert: optionalAt('insectExpert', SpeciesExpert.load),
      reader: optionalAt('reader', TextReader.load),
    };
    return new Inference(storeAt<ImageClassifier>(m, 'classifier'), intake, s3, optional);
  }

  /** Loads every model now (cold start) rather than on the first request; optional ones may fail. */
  async warmUp(): Promise<void> {
    const { detector, birdExpert, insectExpert, reader } = this.optional;
    await Promise.all([this.classifier(), detector?.get(), birdExpert?.get(), insectExpert?.get(), reader?.get()]);
  }

  /**
   * Fetches the bytes behind an http(s) URL — or, when the caller says the reference is trusted,
   * an s3://bucket/key or a local path — applying the intake rules.
   */
  readImageSource(source: string, opts: SourceOptions = {}): Promise<Uint8Array> {
    const { trustedS3Buckets, ...rest } = opts;
    return readImageSource(source, { ...this.intake, ...rest, s3: trustedS3Buckets === undefined ? undefined : { client: this.s3, trustedBuckets: trustedS3Buckets } });
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
    const detectorReady = this.optional.detector?.get();
    const picture = await decodePicture(bytes, { ...this.intake, maxSide: WORKING_SIDE });
    const timings: Omit<StageTimings, 'inference' | 'total'> = { decode: performance.now() - started };
    const timed = async <T>(stage: 'classifier' | 'detector' | 'expert' | 'reader', work: () => Promise<T>): Promise<T> => {
      const t = performance.now();
      try {
        return await work();
      } finally {
        timings[stage] = (timings[stage] ?? 0) + performance.now() - t;
      }
    };

    // The classifier and the experts take the same centre crop: one resize per input size.
    const crops = new Map<number, Promise<Uint8Array>>();
    const cropOf = (size: number): Promise<Uint8Array> => {
      if (!crops.has(size)) crops.set(size, coverSquare(picture, size));
      return crops.get(size)!;
    };

    const predictions = await timed('classifier', async () => classifier.classify(await cropOf(classifier.inputSize)));
    const detector = await detectorReady;
    const objects = detector ? await timed('detector', () => this.optionalRun('detector', [] as DetectedObjects[], async () => detector.detect(await squeezeSquare(picture, detector.inputSize)))) : [];
    const taxonomy = taxonomyByName(classifier.manifest.taxonomy) ?? NO_KINDS;
    const scene: Scene = { predictions, objects };

    const species = await this.species(cropOf, expertGroups(predictions, objects, taxonomy), timed);
    if (species) scene.species = species;
    const reader = this.optional.reader && likelyText(predictions, objects, paletteShare(picture)) ? await this.optional.reader.get() : undefined;
    if (reader) {
      const text = await timed('reader', () => this.optionalRun('reader', undefined, async () => reader.read(await pngForReading(picture))));
      if (text) scene.text = text;
    }

    const answer = composeSceneSentence(scene, taxonomy);
    const inference = (['classifier', 'detector', 'expert', 'reader'] as const).reduce((n, k) => n + (timings[k] ?? 0), 0);
    return {
      ...scene,
      sentence: answer.sentence,
      label: answer.label,
      probability: answer.probability,
      ...(answer.leadClassIndex !== undefined ? { leadClassIndex: answer.leadClassIndex } : {}),
      ...(answer.leadsWith !== undefined ? { leadsWith: answer.leadsWith } : {}),
      model: classifier.identity,
      timingsMs: { ...timings, inference, total: performance.now() - started },
    };
  }

  /** Stops what keeps the process alive besides the event loop (the reader's worker thread). */
  async close(): Promise<void> {
    await this.optional.reader?.loaded?.close();
  }

  private async species(
    cropOf: (size: number) => Promise<Uint8Array>,
    groups: Array<'bird' | 'insect'>,
    timed: <T>(stage: 'expert', work: () => Promise<T>) => Promise<T>,
  ): Promise<Species | undefined> {
    let best: Species | undefined;
    for (const group of groups) {
      const expert = await (group === 'bird' ? this.optional.birdExpert : this.optional.insectExpert)?.get();
      if (!expert) continue;
      const guess = await timed('expert', () => this.optionalRun(`${group} expert`, undefined, async () => expert.identify(await cropOf(expert.inputSize))));
      if (guess && !guess.background && guess.probability >= SPECIES_AT_LEAST && guess.probability > (best?.probability ?? 0)) {
        best = { name: guess.name, scientificName: guess.scientificName, probability: guess.probability, group: guess.group };
      }
    }
    return best;
  }

  /** An optional model that fails on one picture leaves its part of the scene empty. */
  private async optionalRun<T>(role: string, fallback: T, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (e) {
      log('warn', 'optional model failed on a picture; answering without it', { role, ...errorFields(e) });
      return fallback;
    }
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
