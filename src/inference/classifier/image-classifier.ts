import * as tf from '@tensorflow/tfjs-core';
import type { GraphModel } from '@tensorflow/tfjs-converter';
import type { ModelIdentity, Prediction } from '../types';
import { loadGraphModelFiles, readLabelLines } from '../model/graph-model';
import type { ModelManifest } from '../model/manifest';
import type { ReadVerified } from '../model/model-store';

/** A loaded ImageNet classifier: 224×224 RGB pixels in, ranked predictions out. */
export class ImageClassifier {
  private constructor(
    private readonly model: GraphModel,
    readonly manifest: ModelManifest & { input: NonNullable<ModelManifest['input']> },
    /** Full label line, index = class index. */
    readonly labels: string[],
  ) {}

  static async load(manifest: ModelManifest, read: ReadVerified): Promise<ImageClassifier> {
    if (!manifest.input || !manifest.output) throw new Error(`${manifest.name}: the manifest has no input or output`);
    const [model, lines] = await Promise.all([loadGraphModelFiles(manifest, read), readLabelLines(manifest, read)]);
    const labels = lines.slice(0, manifest.output.classes);
    if (labels.length !== manifest.output.classes) {
      throw new Error(`label file has ${labels.length} lines, the model has ${manifest.output.classes} classes`);
    }
    const classifier = new ImageClassifier(model, { ...manifest, input: manifest.input }, labels);
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
    return rank(await this.probabilities(pixels), this.labels, topK);
  }

  /** Every class's probability, index = class index. */
  async probabilities(pixels: Uint8Array): Promise<Float32Array> {
    const { width, height, channels } = this.manifest.input;
    if (pixels.length !== width * height * channels) {
      throw new Error(`expected ${width}x${height}x${channels} pixels, got ${pixels.length} values`);
    }
    const input = tf.tensor4d(Int32Array.from(pixels), [1, height, width, channels], 'int32');
    const output = this.model.execute(input) as tf.Tensor;
    try {
      return (await output.data()) as Float32Array;
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
