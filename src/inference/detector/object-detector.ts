import * as tf from '@tensorflow/tfjs-core';
import type { GraphModel } from '@tensorflow/tfjs-converter';
import type { DetectedObjects } from '../types';
import { loadGraphModelFiles, readLabelLines } from '../model/graph-model';
import type { ModelManifest } from '../model/manifest';
import type { ReadVerified } from '../model/model-store';
import { DEFAULT_DETECTION_RULES, DetectionRules, groupDetections, parseDetections, RawDetection } from './detections';

const OUTPUT = 'tower_0/detections';

/** CenterNet on COCO-80: square RGB pixels (0..255) in, objects grouped by label out. */
export class ObjectDetector {
  private constructor(
    private readonly model: GraphModel,
    readonly labels: string[],
    /** Side of the square input (512). */
    readonly inputSize: number,
  ) {}

  static async load(manifest: ModelManifest, read: ReadVerified): Promise<ObjectDetector> {
    if (!manifest.input || !manifest.output) throw new Error(`${manifest.name}: the manifest has no input or output`);
    const [model, lines] = await Promise.all([loadGraphModelFiles(manifest, read), readLabelLines(manifest, read)]);
    const labels = lines.slice(0, manifest.output.classes);
    if (labels.length !== manifest.output.classes) throw new Error(`label file has ${labels.length} lines, the model has ${manifest.output.classes} classes`);
    const detector = new ObjectDetector(model, labels, manifest.input.width);
    // Compile kernels at cold start, not on a user's request.
    await detector.detectRaw(new Uint8Array(detector.inputSize * detector.inputSize * 3));
    return detector;
  }

  async detect(pixels: Uint8Array, rules: DetectionRules = DEFAULT_DETECTION_RULES): Promise<DetectedObjects[]> {
    return groupDetections(await this.detectRaw(pixels), this.labels, this.inputSize, rules);
  }

  /** `pixels`: inputSize × inputSize × 3 RGB bytes, the whole picture squeezed to a square. */
  async detectRaw(pixels: Uint8Array): Promise<RawDetection[]> {
    const size = this.inputSize;
    if (pixels.length !== size * size * 3) throw new Error(`expected ${size}x${size}x3 pixels, got ${pixels.length} values`);
    const input = tf.tensor4d(Float32Array.from(pixels), [1, size, size, 3], 'float32');
    const output = this.model.execute(input, OUTPUT) as tf.Tensor;
    try {
      return parseDetections(await output.data(), output.shape[1] ?? 0);
    } finally {
      input.dispose();
      output.dispose();
    }
  }
}
