import * as tf from '@tensorflow/tfjs-core';
import { GraphModel, loadGraphModel } from '@tensorflow/tfjs-converter';
import type { ModelManifest } from './manifest';
import type { ReadVerified } from './model-store';

/** A TF.js graph model from its manifest's model.json and weights, read (and checked) by the store. */
export async function loadGraphModelFiles(manifest: ModelManifest, read: ReadVerified): Promise<GraphModel> {
  const { modelJson, weights } = manifest.files;
  if (!modelJson || !weights) throw new Error(`${manifest.name}: the manifest lists no model.json or weights`);
  const [jsonBytes, ...weightBytes] = await Promise.all([modelJson, ...weights].map(read));
  const json = JSON.parse(Buffer.from(jsonBytes).toString('utf8'));
  const weightData = Buffer.concat(weightBytes);
  return loadGraphModel(
    tf.io.fromMemory({
      modelTopology: json.modelTopology,
      weightSpecs: json.weightsManifest.flatMap((g: { weights: tf.io.WeightsManifestEntry[] }) => g.weights),
      weightData: weightData.buffer.slice(weightData.byteOffset, weightData.byteOffset + weightData.byteLength),
    }),
  );
}

/** The manifest's label file as lines. */
export async function readLabelLines(manifest: ModelManifest, read: ReadVerified): Promise<string[]> {
  if (!manifest.files.labels) throw new Error(`${manifest.name}: the manifest lists no labels`);
  return Buffer.from(await read(manifest.files.labels)).toString('utf8').split(/\r?\n/);
}
