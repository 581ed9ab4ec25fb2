import '../dev/command-line';
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs, promisify } from 'node:util';
import { cpus } from 'node:os';
import { build } from 'esbuild';
import sharp from 'sharp';
import * as tf from '@tensorflow/tfjs-core';
import { Inference, DEFAULT_MODEL } from '../inference';
import { createS3Client } from '../inference/s3-client';
import { discardLocalS3, startLocalS3 } from '../dev/local-s3';
import { findModel } from '../model-pipeline/catalogue';
import { ensurePreparedModel } from '../model-pipeline/prepare-model';
import { publishModel } from '../model-pipeline/publish-model';
import { silentProgress } from '../model-pipeline/progress';
import type { BackendName } from '../inference/model/tf-backend';

const USAGE = `usage: npm run bench -- [--json] [--runs N] [--image <photo>]

Measures DESIGN.md's performance figures on this machine with the default model: warm inference
on one 224x224 image, end to end from 12-megapixel JPEG bytes to a sentence, cold start of a new
process loading the model from a local S3, and peak resident memory — for the wasm backend, for the
cpu backend, and for a naive pipeline (full-resolution decode, resize in TF.js), all in one run.
--json prints one JSON object (run it as \`npm run -s bench\` so that npm's banner stays off stdout).`;

const BUCKET = 'whatsthat-bench';
const execFileAsync = promisify(execFile);
const ROOT = resolve(__dirname, '..', '..');

interface Figures {
  inferenceMs: Stats;
  endToEndMs: Stats;
  coldStartMs: number;
  peakRssMb: number;
}

interface Stats {
  p50: number;
  p95: number;
  runs: number;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { json: { type: 'boolean' }, runs: { type: 'string' }, image: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  if (values.help) return void console.log(USAGE);
  const runs = Number(values.runs ?? 30);
  const photo = values.image ?? join(process.env.TEST_IMAGES_DIR ?? join(ROOT, '..', 'shared', 'images'), 'cat_720p.jpg');
  const log = (line: string) => process.stderr.write(`${line}\n`);

  const modelDir = await ensurePreparedModel(findModel(undefined), { mirrorDir: process.env.MODEL_MIRROR_DIR || undefined, progress: silentProgress });
  const s3 = await startLocalS3();
  try {
    await publishModel(createS3Client(s3.endpoint), modelDir, { bucket: BUCKET, createBucket: true, progress: silentProgress });
    const prefix = `models/${DEFAULT_MODEL.name}/${DEFAULT_MODEL.version}/`;
    const config = (backend: BackendName) => ({ backend, model: { kind: 's3' as const, bucket: BUCKET, prefix, endpoint: s3.endpoint } });
    const bigJpeg = await sharp(photo).resize(4000, 3000, { fit: 'fill' }).jpeg({ quality: 90 }).toBuffer();
    const bigJpegPath = join(ROOT, 'build', 'bench', 'photo-12mp.jpg');
    mkdirSync(dirname(bigJpegPath), { recursive: true });
    writeFileSync(bigJpegPath, bigJpeg);
    const child = await bundleColdStartChild();

    // TF.js allows one backend per process: wasm here, cpu in a child process.
    log(`wasm: ${runs} runs …`);
    const wasm = Inference.fromConfig(config('wasm'));
    const wasmFigures: Figures = {
      ...(await warmFigures(wasm, bigJpeg, runs)),
      ...(await coldStart(child, bigJpegPath, { MODEL_BUCKET: BUCKET, S3_ENDPOINT: s3.endpoint, TFJS_BACKEND: 'wasm' })),
    };
    log('naive pipeline …');
    const naive = { ...(await naiveFigures(wasm, bigJpeg, Math.max(5, Math.round(runs / 3)))) };
    log('cpu backend (slow) …');
    // The children fetch the model from the S3 server running in this process: never block it.
    const { stdout } = await execFileAsync(process.execPath, [require.resolve('tsx/cli'), __filename, '--cpu-child', bigJpegPath], {
      env: { ...process.env, MODEL_BUCKET: BUCKET, S3_ENDPOINT: s3.endpoint, BENCH_RUNS: String(Math.max(3, Math.round(runs / 10))), AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    });
    const cpuFigures = JSON.parse(stdout) as Omit<Figures, 'coldStartMs' | 'peakRssMb'>;
    const cpu: Figures = { ...cpuFigures, ...(await coldStart(child, bigJpegPath, { MODEL_BUCKET: BUCKET, S3_ENDPOINT: s3.endpoint, TFJS_BACKEND: 'cpu' })) };

    const report = {
      machine: { cpus: cpus().length, node: process.version },
      model: DEFAULT_MODEL,
      photo: { source: photo, width: 4000, height: 3000, bytes: bigJpeg.length },
      ...wasmFigures,
      targets: { inferenceP50Ms: 30, endToEndP50Ms: 80, coldStartMs: 1500, peakRssMb: 300 },
      cpu,
      naive,
      ratios: {
        inferenceCpuOverWasm: ratio(cpu.inferenceMs.p50, wasmFigures.inferenceMs.p50),
        endToEndCpuOverWasm: ratio(cpu.endToEndMs.p50, wasmFigures.endToEndMs.p50),
        endToEndNaiveOverOurs: ratio(naive.endToEndMs.p50, wasmFigures.endToEndMs.p50),
      },
    };
    if (values.json) console.log(JSON.stringify(report));
    else console.log(JSON.stringify(report, null, 2));
  } finally {
    await discardLocalS3(s3);
  }
}

async function warmFigures(inference: Inference, jpeg: Uint8Array, runs: number): Promise<Pick<Figures, 'inferenceMs' | 'endToEndMs'>> {
  const classifier = await inference.store.get();
  const pixels = new Uint8Array(224 * 224 * 3);
  const inferenceMs = await sample(runs, () => classifier.classify(pixels));
  const endToEndMs = await sample(runs, () => inference.describeImage(jpeg));
  return { inferenceMs, endToEndMs };
}

/**
 * The pipeline a first attempt writes: decode the whole 12-megapixel image to raw RGB, put it in
 * a tensor and resize there. Same model and backend, so the difference is the image handling.
 */
async function naiveFigures(inference: Inference, jpeg: Uint8Array, runs: number): Promise<Pick<Figures, 'endToEndMs'>> {
  const classifier = await inference.store.get();
  const endToEndMs = await sample(runs, async () => {
    const { data, info } = await sharp(jpeg).removeAlpha().raw().toBuffer({ resolveWithObject: true });
    const pixels = tf.tidy(() => {
      const image = tf.tensor3d(data, [info.height, info.width, 3], 'int32');
      const scale = 224 / Math.min(info.width, info.height);
      const [h, w] = [Math.round(info.height * scale), Math.round(info.width * scale)];
      const resized = tf.image.resizeBilinear(image, [h, w]);
      const [top, left] = [Math.floor((h - 224) / 2), Math.floor((w - 224) / 2)];
      return tf.cast(tf.round(tf.slice(resized, [top, left, 0], [224, 224, 3])), 'int32');
    });
    const values = Uint8Array.from(await pixels.data());
    pixels.dispose();
    await classifier.classify(values);
  });
  return { endToEndMs };
}

async function sample(runs: number, fn: () => Promise<unknown>): Promise<Stats> {
  await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await fn();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => round(times[Math.min(times.length - 1, Math.ceil(q * times.length) - 1)]);
  return { p50: at(0.5), p95: at(0.95), runs };
}

async function coldStart(childScript: string, photoPath: string, env: Record<string, string>): Promise<Pick<Figures, 'coldStartMs' | 'peakRssMb'>> {
  const wasmDir = dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm'));
  const { stdout } = await execFileAsync(process.execPath, [childScript, photoPath], {
    env: { ...process.env, ...env, TFJS_WASM_DIR: wasmDir, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  });
  const parsed = JSON.parse(stdout.trim().split('\n').pop()!) as { coldStartMs: number; peakRssMb: number };
  return { coldStartMs: round(parsed.coldStartMs), peakRssMb: round(parsed.peakRssMb) };
}

async function bundleColdStartChild(): Promise<string> {
  const outfile = join(ROOT, 'build', 'bench', 'cold-start.js');
  await build({
    entryPoints: [join(__dirname, 'bench-cold-start.ts')],
    bundle: true,
    platform: 'node',
    target: 'node20',
    outfile,
    external: ['sharp'],
    logLevel: 'error',
  });
  return outfile;
}

/** `--cpu-child <photo>`: the cpu backend's warm figures, in a process of its own. */
async function cpuChild(photoPath: string): Promise<void> {
  const inference = Inference.fromConfig({
    backend: 'cpu',
    model: { kind: 's3', bucket: process.env.MODEL_BUCKET!, prefix: `models/${DEFAULT_MODEL.name}/${DEFAULT_MODEL.version}/`, endpoint: process.env.S3_ENDPOINT },
  });
  const figures = await warmFigures(inference, new Uint8Array(readFileSync(photoPath)), Number(process.env.BENCH_RUNS ?? 3));
  console.log(JSON.stringify(figures));
}

function ratio(a: number, b: number): number {
  return round(a / b);
}

function round(x: number): number {
  return Math.round(x * 10) / 10;
}

const run = process.argv[2] === '--cpu-child' ? cpuChild(process.argv[3]) : main();
run.catch((e: unknown) => {
  console.error(`bench failed: ${e instanceof Error ? e.stack : String(e)}`);
  process.exit(1);
});
