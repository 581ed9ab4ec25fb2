import * as tf from '@tensorflow/tfjs-core';
import { GraphModel, loadGraphModel } from '@tensorflow/tfjs-converter';
import type { ModelIdentity, Prediction } from '../types';
import type { ModelManifest } from './manifest';

/** A loaded model: pixels in, ranked predictions out. */
export class ImageClassifier {
  private constructor(
    private readonly model: GraphModel,
    readonly manifest: ModelManifest,
    /** First synonym … full line, index = class index. */
    readonly labels: string[],
  ) {}

  static async fromMemory(manifest: ModelManifest, modelJson: Uint8Array, weights: Uint8Array[], labelsText: Uint8Array): Promise<ImageClassifier> {
    const json = JSON.parse(Buffer.from(modelJson).toString('utf8'));
    const weightData = Buffer.concat(weights);
    const model = await loadGraphModel(
      tf.io.fromMemory({
        modelTopology: json.modelTopology,
        weightSpecs: json.weightsManifest.flatMap((g: { weights: tf.io.WeightsManifestEntry[] }) => g.weights),
        weightData: weightData.buffer.slice(weightData.byteOffset, weightData.byteOffset + weightData.byteLength),
      }),
    );
    const labels = Buffer.from(labelsText).toString('utf8').split(/\r?\n/).slice(0, manifest.output.classes);
    if (labels.length !== manifest.output.classes) {
      throw new Error(`label file has ${labels.length} lines, the model has ${manifest.output.classes} classes`);
    }
    const classifier = new ImageClassifier(model, manifest, labels);
    // The first run compiles kernels and allocates; do it now, not on a user's request.
    await classifier.classify(new Uint8Array(manifest.input.width * manifest.input.height * manifest.input.channels));
    return classifier;
  }

  get identity(): ModelIdentity {
    return { name: this.manifest.name, version: this.manifest.version };
  }

  get inputSize(): number {
    return this.manifest.input.width;
  }

  /** `pixels` are RGB uint8, row-major, exactly width × height × channels of the model input. */
  async classify(pixels: Uint8Array, topK = 5): Promise<Prediction[]> {
    const { width, height, channels } = this.manifest.input;
    if (pixels.length !== width * height * channels) {
      throw new Error(`expected ${width}x${height}x${channels} pixels, got ${pixels.length} values`);
    }
    const input = tf.tensor4d(Int32Array.from(pixels), [1, height, width, channels], 'int32');
    const output = this.model.execute(input) as tf.Tensor;
    try {
      return rank(await output.data(), this.labels, topK);
    } finally {
      input.dispose();
      output.dispose();
    }
  }
}

function rank(probabilities: ArrayLike<number>, labels: string[], topK: number): Prediction[] {
  const order = Array.from({ length: probabilities.length }, (_, i) => i).sort((a, b) => probabilities[b] - probabilities[a]);
  return order.slice(0, topK).map((classIndex) => ({ label: labels[classIndex], classIndex, probability: probabilities[classIndex] }));
}
