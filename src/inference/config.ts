import { join } from 'node:path';
import type { BackendName } from './model/tf-backend';
import { awsTimeoutsFromEnv, type AwsTimeouts } from './aws-timeouts';
import { DEFAULT_MODEL_LOAD_TIMEOUT_MS } from './model/model-store';
import { ConfigError, httpUrlSetting, positiveIntegerSetting } from './settings';

export { ConfigError };

/** The model every deployment uses unless MODEL_NAME / MODEL_VERSION say otherwise. */
export const DEFAULT_MODEL = { name: 'mobilenet_v2_1.0_224_quant', version: '1.0.0' } as const;

export type ModelLocation =
  | { kind: 's3'; bucket: string; prefix: string; endpoint?: string }
  | { kind: 'directory'; dir: string };

export interface InferenceConfig {
  model: ModelLocation;
  backend: BackendName;
  /** The longest a model load may take when the caller has no deadline of its own (default 20 s). */
  modelLoadTimeoutMs?: number;
  /** Connect and request timeouts of the S3 client (defaults: see aws-timeouts.ts). */
  aws?: AwsTimeouts;
}

/**
 * Where the model comes from: S3 when MODEL_BUCKET is set (deployed, local stack), otherwise
 * the local build folder written by `npm run model:prepare` (CLI on a laptop).
 */
export function inferenceConfigFromEnv(env: NodeJS.ProcessEnv = process.env): InferenceConfig {
  const name = env.MODEL_NAME || DEFAULT_MODEL.name;
  const version = env.MODEL_VERSION || DEFAULT_MODEL.version;
  const backend = (env.TFJS_BACKEND || 'wasm') as BackendName;
  if (backend !== 'wasm' && backend !== 'cpu') throw new ConfigError(`TFJS_BACKEND must be "wasm" or "cpu", not "${backend}"`);
  const endpoint = httpUrlSetting(env, 'S3_ENDPOINT', 'http://127.0.0.1:4569');
  const common = {
    backend,
    modelLoadTimeoutMs: positiveIntegerSetting(env, 'MODEL_LOAD_TIMEOUT_MS', DEFAULT_MODEL_LOAD_TIMEOUT_MS, 'milliseconds'),
    aws: awsTimeoutsFromEnv(env),
  };
  if (env.MODEL_BUCKET) {
    const prefix = env.MODEL_PREFIX ?? `models/${name}/${version}/`;
    return { ...common, model: { kind: 's3', bucket: env.MODEL_BUCKET, prefix: prefix.endsWith('/') ? prefix : `${prefix}/`, endpoint } };
  }
  const dir = env.MODEL_DIR || join(__dirname, '..', '..', 'build', 'models', name, version);
  return { ...common, model: { kind: 'directory', dir } };
}
