import { join } from 'node:path';
import type { BackendName } from './model/tf-backend';
import { awsTimeoutsFromEnv, type AwsTimeouts } from './aws-timeouts';
import { DEFAULT_MODEL_LOAD_TIMEOUT_MS } from './model/model-store';
import { ConfigError, httpUrlSetting, positiveIntegerSetting } from './settings';

export { ConfigError };

/** The model every deployment uses unless MODEL_NAME / MODEL_VERSION say otherwise. */
export const DEFAULT_MODEL = { name: 'mobilenet_v2_1.0_224_quant', version: '1.0.0' } as const;

/** The models of a scene (one catalogue entry each, in models/). Only the classifier is required. */
export const SCENE_MODELS = {
  classifier: DEFAULT_MODEL,
  detector: { name: 'centernet_coco', version: '3.3.6' },
  birdExpert: { name: 'inat_bird', version: '1.0.0' },
  insectExpert: { name: 'inat_insect', version: '1.0.0' },
  reader: { name: 'tesseract_eng', version: '4.0.0-best-int' },
} as const;

export type OptionalModel = Exclude<keyof typeof SCENE_MODELS, 'classifier'>;
export const OPTIONAL_MODELS: readonly OptionalModel[] = ['detector', 'birdExpert', 'insectExpert', 'reader'];

export type ModelLocation =
  | { kind: 's3'; bucket: string; prefix: string; endpoint?: string }
  | { kind: 'directory'; dir: string };

export interface InferenceConfig {
  /** The classifier. */
  model: ModelLocation;
  /**
   * The optional models: a missing or broken one leaves its part of the scene empty; one not
   * listed is not used (a classifier-only configuration).
   */
  optional?: Partial<Record<OptionalModel, ModelLocation>>;
  backend: BackendName;
  /** The longest a model load may take when the caller has no deadline of its own (default 20 s). */
  modelLoadTimeoutMs?: number;
  /** Connect and request timeouts of the S3 client (defaults: see aws-timeouts.ts). */
  aws?: AwsTimeouts;
}

const BUILD_MODELS_DIR = join(__dirname, '..', '..', 'build', 'models');

/**
 * Where the models come from: S3 when MODEL_BUCKET is set (deployed, local stack), each under
 * models/<name>/<version>/; otherwise the local build folder written by `npm run model:prepare`
 * (CLI on a laptop). MODEL_NAME / MODEL_VERSION / MODEL_PREFIX / MODEL_DIR choose the classifier.
 */
export function inferenceConfigFromEnv(env: NodeJS.ProcessEnv = process.env): InferenceConfig {
  const name = env.MODEL_NAME || DEFAULT_MODEL.name;
  const version = env.MODEL_VERSION || DEFAULT_MODEL.version;
  const backend = (env.TFJS_BACKEND || 'wasm') as BackendName;
  if (backend !== 'wasm' && backend !== 'cpu') throw new ConfigError(`TFJS_BACKEND must be "wasm" or "cpu", not "${backend}"`);
  const endpoint = httpUrlSetting(env, 'S3_ENDPOINT', 'http://127.0.0.1:4569');
  const bucket = env.MODEL_BUCKET;
  const at = (m: { name: string; version: string }, prefix?: string): ModelLocation => {
    if (!bucket) return { kind: 'directory', dir: join(BUILD_MODELS_DIR, m.name, m.version) };
    const p = prefix ?? `models/${m.name}/${m.version}/`;
    return { kind: 's3', bucket, prefix: p.endsWith('/') ? p : `${p}/`, endpoint };
  };
  const model = bucket ? at({ name, version }, env.MODEL_PREFIX) : { kind: 'directory' as const, dir: env.MODEL_DIR || join(BUILD_MODELS_DIR, name, version) };
  const optional = Object.fromEntries(optionalModelsSetting(env).map((role) => [role, at(SCENE_MODELS[role])])) as Record<OptionalModel, ModelLocation>;
  return {
    backend,
    model,
    optional,
    modelLoadTimeoutMs: positiveIntegerSetting(env, 'MODEL_LOAD_TIMEOUT_MS', DEFAULT_MODEL_LOAD_TIMEOUT_MS, 'milliseconds'),
    aws: awsTimeoutsFromEnv(env),
  };
}

/**
 * SCENE_OPTIONAL_MODELS: which optional models to use, comma-separated (default: all of
 * detector, birdExpert, insectExpert, reader); "none" for the classifier alone.
 */
function optionalModelsSetting(env: NodeJS.ProcessEnv): OptionalModel[] {
  const value = env.SCENE_OPTIONAL_MODELS?.trim();
  if (!value) return [...OPTIONAL_MODELS];
  if (value === 'none') return [];
  const names = value.split(',').map((n) => n.trim());
  const unknown = names.filter((n) => !(OPTIONAL_MODELS as readonly string[]).includes(n));
  if (unknown.length > 0) throw new ConfigError(`SCENE_OPTIONAL_MODELS: unknown model ${unknown.join(', ')} (use ${OPTIONAL_MODELS.join(', ')} or none)`);
  return names as OptionalModel[];
}
