import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { loadGraphModel } from '@tensorflow/tfjs-converter';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readCatalogue, type NpmPackageEntry } from '../src/model-pipeline/catalogue';
import { type FetchTarball, packFromRegistry } from '../src/model-pipeline/obtain-npm-package';
import { prepareModel } from '../src/model-pipeline/prepare-model';
import { silentProgress } from '../src/model-pipeline/progress';
import { readTflite } from '../src/model-pipeline/tflite/read-tflite';
import { convertTfliteGraph } from '../src/model-pipeline/tflite/convert-to-graph-model';
import { SCENE_MODELS } from '../src/inference/config';
import { MODEL_MIRROR_DIR } from './helpers/paths';

const catalogue = readCatalogue();
let work: string;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'whatsthat-scene-pipeline-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('the catalogue has one model per role of the scene', () => {
  test('classifier, detector, bird and insect experts, reader — each with a licence and hashes, and the names the functions load', () => {
    const byRole = (role: string): string[] => catalogue.filter((e) => e.role === role).map((e) => `${e.name}@${e.version}`);
    expect(byRole('classifier')).toEqual([`${SCENE_MODELS.classifier.name}@${SCENE_MODELS.classifier.version}`]);
    expect(byRole('detector')).toEqual([`${SCENE_MODELS.detector.name}@${SCENE_MODELS.detector.version}`]);
    expect(byRole('expert').sort()).toEqual([SCENE_MODELS.birdExpert, SCENE_MODELS.insectExpert].map((m) => `${m.name}@${m.version}`).sort());
    expect(byRole('reader')).toEqual([`${SCENE_MODELS.reader.name}@${SCENE_MODELS.reader.version}`]);
    for (const e of catalogue) expect(e.licence.spdx).toMatch(/^(Apache-2\.0|MIT)$/);
    const detector = catalogue.find((e) => e.role === 'detector') as NpmPackageEntry;
    expect(detector.package).toMatchObject({ name: '@vladmandic/human', version: '3.3.6' });
    expect(detector.licence.note).toMatch(/states no licence/);
    expect(detector.labels?.names).toHaveLength(80);
    expect(detector.labels?.names[0]).toBe('person');
  });
});

describe('npm package models: the tarball must match the registry integrity, each file its sha256', () => {
  const detector = catalogue.find((e) => e.role === 'detector') as NpmPackageEntry;

  test('a tampered tarball is refused before anything is extracted', async () => {
    const tampered: FetchTarball = async (pkg, progress) => {
      const bytes = await packFromRegistry(pkg, progress);
      bytes[bytes.length - 100] ^= 0x01;
      return bytes;
    };
    await expect(prepareModel(detector, { buildDir: join(work, 'a'), progress: silentProgress, fetchTarball: tampered })).rejects.toThrow(/integrity mismatch for https:\/\/registry\.npmjs\.org\/@vladmandic\/human/);
  });

  test('a file whose sha256 is not the catalogue one is refused', async () => {
    const wrong: NpmPackageEntry = { ...detector, files: detector.files.map((f, i) => (i === 1 ? { ...f, sha256: '0'.repeat(64) } : f)) };
    await expect(prepareModel(wrong, { buildDir: join(work, 'b'), progress: silentProgress })).rejects.toThrow(/sha256 mismatch for package\/models\/centernet\.bin/);
  });

  test('the real tarball gives the model and the COCO labels, with a manifest of hashes', async () => {
    const { manifest } = await prepareModel(detector, { buildDir: join(work, 'c'), progress: silentProgress });
    expect(manifest).toMatchObject({ role: 'detector', sourceIntegrity: detector.package.integrity, input: { name: 'tower_0/images', width: 512 }, output: { classes: 80 } });
    expect(manifest.files.weights?.map((f) => f.sha256)).toEqual([detector.files[1].sha256]);
  });
});

describe('FULLY_CONNECTED conversion', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  test("the bird expert's head, converted, gives the logits of a matmul computed by hand on the dequantised TFLite weights", async () => {
    const expert = catalogue.find((e) => e.name === SCENE_MODELS.birdExpert.name)!;
    if (expert.format !== 'tflite') throw new Error('the bird expert is a TFLite model');
    const g = readTflite(readFileSync(join(MODEL_MIRROR_DIR, expert.source.mirrorPath)));
    const fc = g.operators.find((o) => o.opcode === 'FULLY_CONNECTED')!;
    const [inT, wT, bT] = fc.inputs.map((i) => g.tensors[i]);
    // Only the head: the FC's input tensor becomes the graph input.
    const head = convertTfliteGraph({ tensors: g.tensors, inputs: [fc.inputs[0]], outputs: [fc.outputs[0]], operators: [fc] });
    const weightData = head.weightData.slice().buffer;
    const json = head.modelJson;
    const model = await loadGraphModel(tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs: json.weightsManifest[0].weights as tf.io.WeightsManifestEntry[], weightData }));

    // A deterministic uint8 activation pattern, as the pooling layer would produce.
    const [outC, inC] = wT.shape;
    const q = Uint8Array.from({ length: inC }, (_, i) => (i * 37 + 11) % 256);
    const x = Array.from(q, (v) => (v - inT.quantization!.zeroPoint[0]) * inT.quantization!.scale[0]);
    const bias = new Int32Array(bT.data!.slice().buffer);
    const expected = Array.from({ length: outC }, (_, o) => {
      let sum = bias[o] * bT.quantization!.scale[0];
      for (let i = 0; i < inC; i++) sum += x[i] * (wT.data![o * inC + i] - wT.quantization!.zeroPoint[0]) * wT.quantization!.scale[0];
      return sum;
    });

    const out = model.execute(tf.tensor4d(Int32Array.from(q), inT.shape as [number, number, number, number], 'int32')) as tf.Tensor;
    expect(out.shape).toEqual([1, outC]);
    const actual = Array.from(await out.data());
    const maxError = Math.max(...actual.map((v, i) => Math.abs(v - expected[i])));
    expect(maxError).toBeLessThan(1e-3);
    expect(actual.indexOf(Math.max(...actual))).toBe(expected.indexOf(Math.max(...expected)));
  });
});
