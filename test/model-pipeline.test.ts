import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createS3Client } from '../src/inference/s3-client';
import { sha256Hex } from '../src/inference/model/sha256';
import { manifestFiles, parseManifest } from '../src/inference/model/manifest';
import { findModel, readCatalogue, type TfliteEntry } from '../src/model-pipeline/catalogue';
import { modelMirrorDir } from '../src/model-pipeline/obtain-source';
import { prepareModel } from '../src/model-pipeline/prepare-model';
import { publishModel } from '../src/model-pipeline/publish-model';
import { silentProgress } from '../src/model-pipeline/progress';
import { readTflite } from '../src/model-pipeline/tflite/read-tflite';
import { DEFAULT_MODEL } from '../src/inference/config';
import { discardLocalS3, startLocalS3, type LocalS3 } from '../src/dev/local-s3';
import { MODEL_MIRROR_DIR } from './helpers/paths';

const entry = findModel(undefined) as TfliteEntry;
let work: string;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'whatsthat-pipeline-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('model catalogue', () => {
  test('has exactly one default model, and it is the one the functions load unless told otherwise', () => {
    const defaults = readCatalogue().filter((e) => e.default);
    expect(defaults.map((e) => ({ name: e.name, version: e.version }))).toEqual([DEFAULT_MODEL]);
    expect(entry.source.url).toMatch(/^https:\/\/github\.com\/google-coral\/test_data\/raw\/[0-9a-f]{40}\//);
    expect(entry.licence.spdx).toBe('Apache-2.0');
  });
});

describe('model:prepare', () => {
  test('reads the TFLite file: one uint8 input 1x224x224x3, output 1x1001, only the operators MobileNet V2 uses', () => {
    const graph = readTflite(readFileSync(join(MODEL_MIRROR_DIR, entry.source.mirrorPath)));
    expect(graph.tensors[graph.inputs[0]]).toMatchObject({ shape: [1, 224, 224, 3], type: 'uint8', quantization: { scale: [0.0078125], zeroPoint: [128] } });
    expect(graph.tensors[graph.outputs[0]].shape).toEqual([1, 1001]);
    expect(new Set(graph.operators.map((o) => o.opcode))).toEqual(new Set(['CONV_2D', 'DEPTHWISE_CONV_2D', 'ADD', 'AVERAGE_POOL_2D', 'RESHAPE', 'SOFTMAX']));
  });

  test('refuses a file that is not a TFLite model', () => {
    expect(() => readTflite(new TextEncoder().encode('<!DOCTYPE html><html>not a model</html>'))).toThrow(/TFL3/);
  });

  test('writes model.json, weights and labels with a manifest of their sha256, weights kept uint8 (about 3.5 MB)', async () => {
    const { dir, manifest } = await prepareModel(entry, { mirrorDir: MODEL_MIRROR_DIR, buildDir: join(work, 'build'), progress: silentProgress });
    expect(parseManifest(readFileSync(join(dir, 'manifest.json'), 'utf8'))).toEqual(manifest);
    expect(manifest).toMatchObject({ name: entry.name, version: entry.version, sourceSha256: entry.source.sha256, input: { width: 224, height: 224, channels: 3 }, output: { classes: 1001 } });
    for (const f of manifestFiles(manifest)) {
      const bytes = readFileSync(join(dir, f.path));
      expect({ path: f.path, sha256: sha256Hex(bytes), bytes: bytes.length }).toEqual(f);
    }
    expect(manifest.files.weights![0].bytes).toBeLessThan(4_000_000);
    const modelJson = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8'));
    const filters = modelJson.weightsManifest[0].weights.filter((w: { name: string }) => w.name.endsWith('/filter'));
    expect(filters.length).toBe(53);
    for (const w of filters) expect(w.quantization).toMatchObject({ dtype: 'uint8', scale: expect.any(Number), min: expect.any(Number) });
  });

  test('refuses a source whose sha256 is not the catalogue\'s, naming both hashes', async () => {
    const mirror = join(work, 'bad-mirror');
    cpSync(MODEL_MIRROR_DIR, mirror, { recursive: true });
    const modelFile = join(mirror, entry.source.mirrorPath);
    const bytes = readFileSync(modelFile);
    bytes[bytes.length - 1] ^= 0xff;
    writeFileSync(modelFile, bytes);
    await expect(prepareModel(entry, { mirrorDir: mirror, buildDir: join(work, 'bad-build'), progress: silentProgress })).rejects.toThrow(
      new RegExp(`sha256 mismatch for .*expected ${entry.source.sha256}, got ${sha256Hex(bytes)}`),
    );
  });

  test('says what to do when the mirror lacks the file', async () => {
    await expect(prepareModel(entry, { mirrorDir: join(work, 'empty'), buildDir: join(work, 'x'), progress: silentProgress })).rejects.toThrow(/MODEL_MIRROR_DIR is .*empty but .* does not exist/);
  });

  test('the mirror is MODEL_MIRROR_DIR, else the shared/models folder beside the checkout (this machine has one)', () => {
    expect(modelMirrorDir({ MODEL_MIRROR_DIR: '/mirrors/models' })).toBe('/mirrors/models');
    expect(modelMirrorDir({})).toBe(resolve(__dirname, '..', '..', 'shared', 'models'));
  });
});

describe('model:publish', () => {
  let s3: LocalS3;
  beforeAll(async () => {
    s3 = await startLocalS3();
  });
  afterAll(async () => {
    await discardLocalS3(s3);
  });

  test('uploads every file under models/<name>/<version>/, manifest last, byte for byte', async () => {
    const dir = join(work, 'build', entry.name, entry.version);
    const client = createS3Client(s3.endpoint);
    const done: number[] = [];
    const result = await publishModel(client, dir, {
      bucket: 'publish-test',
      createBucket: true,
      progress: { start: () => ({ update: (n) => done.push(n), stop: () => undefined }) },
    });
    const prefix = `models/${entry.name}/${entry.version}/`;
    expect(result.prefix).toBe(prefix);
    expect(result.files.map((f) => f.key)).toEqual(['model.json', 'weights.bin', 'labels.txt', 'manifest.json'].map((f) => prefix + f));
    expect(done).toEqual([...done].sort((a, b) => a - b));
    expect(done[done.length - 1]).toBe(result.files.reduce((n, f) => n + f.bytes, 0));
    const listed = await client.send(new ListObjectsV2Command({ Bucket: 'publish-test', Prefix: prefix }));
    expect(listed.KeyCount).toBe(4);
    const weights = await (await client.send(new GetObjectCommand({ Bucket: 'publish-test', Key: `${prefix}weights.bin` }))).Body!.transformToByteArray();
    expect(sha256Hex(weights)).toBe(sha256Hex(readFileSync(join(dir, 'weights.bin'))));
  });

  test('refuses a build folder whose files no longer match their manifest', async () => {
    const dir = join(work, 'tampered');
    cpSync(join(work, 'build', entry.name, entry.version), dir, { recursive: true });
    writeFileSync(join(dir, 'labels.txt'), 'background\nnot the labels\n');
    await expect(publishModel(createS3Client(s3.endpoint), dir, { bucket: 'publish-test-2', createBucket: true, progress: silentProgress })).rejects.toThrow(
      /labels\.txt does not match its manifest hash/,
    );
  });
});
