import '../dev/command-line';
import { execFile } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs, promisify } from 'node:util';
import { cpus } from 'node:os';
import { build } from 'esbuild';
import sharp from 'sharp';
import * as tf from '@tensorflow/tfjs-core';
import { Inference, DEFAULT_MODEL } from '../inference';
import { inferenceConfigFromEnv } from '../inference/config';
import type { StageTimings } from '../inference/types';
import { createS3Client } from '../inference/s3-client';
import { discardLocalS3, startLocalS3 } from '../dev/local-s3';
import { readCatalogue } from '../model-pipeline/catalogue';
import { modelMirrorDir } from '../model-pipeline/obtain-source';
import { ensurePreparedModel } from '../model-pipeline/prepare-model';
import { publishModel } from '../model-pipeline/publish-model';
import { silentProgress } from '../model-pipeline/progress';
import type { BackendName } from '../inference/model/tf-backend';
import { slackColdStarts } from './bench-slack';
import { nearestRank, oneDecimal } from '../dev/stats';

const USAGE = `usage: npm run -s bench -- [--json] [--runs N] [--image <photo>] [--skip-zips]

Measures DESIGN.md's performance figures on this machine. The scene: per stage (decode,
classifier, detector, experts, reader) and whole-scene p50/p95 on photos without text and on
screenshots, cold start of a new process loading every model from a local S3, its peak resident
memory, and each function's deployment zip (serverless package; --skip-zips to leave it out).
The classifier alone: warm inference on one 224x224 image, end to end from 12-megapixel JPEG bytes,
for the wasm backend, the cpu backend and a naive pipeline (full-resolution decode, resize in TF.js).
Also the Slack functions' cold starts, separately: the receiver (first acknowledgement, no model)
and the worker (model from local S3, first job answered).
--json prints one JSON object (run it as \`npm run -s bench\` so that npm's banner stays off stdout).`;

/** Photos for the scene without reading (people and kites, dogs, a bird for the expert, a cat) … */
const SCENE_PHOTOS = ['kite_and_cold.jpg', 'pets.jpg', 'bird.bmp', 'cat_720p.jpg', 'astronaut.png'];
/** … and pictures that are read (screenshots). */
const TEXT_PICTURES = ['dev/synthetic_login_page.png', 'dev/document_viewer_screenshot.png', 'dev/terminal_rich_table.png'];
const STAGES = ['decode', 'classifier', 'detector', 'expert', 'reader'] as const;

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
  const { values } = parseArgs({ options: { json: { type: 'boolean' }, runs: { type: 'string' }, image: { type: 'string' }, 'skip-zips': { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } });
  if (values.help) return void console.log(USAGE);
  const runs = Number(values.runs ?? 30);
  const imagesDir = process.env.TEST_IMAGES_DIR ?? join(ROOT, '..', 'shared', 'images');
  const photo = values.image ?? join(imagesDir, 'cat_720p.jpg');
  const log = (line: string) => process.stderr.write(`${line}\n`);

  const mirrorDir = modelMirrorDir();
  const s3 = await startLocalS3();
  try {
    for (const entry of readCatalogue()) {
      const dir = await ensurePreparedModel(entry, { mirrorDir, progress: silentProgress });
      await publishModel(createS3Client(s3.endpoint), dir, { bucket: BUCKET, createBucket: true, progress: silentProgress });
    }
    const prefix = `models/${DEFAULT_MODEL.name}/${DEFAULT_MODEL.version}/`;
    const config = (backend: BackendName) => ({ backend, model: { kind: 's3' as const, bucket: BUCKET, prefix, endpoint: s3.endpoint } });
    const bigJpeg = await sharp(photo).resize(4000, 3000, { fit: 'fill' }).jpeg({ quality: 90 }).toBuffer();
    const bigJpegPath = join(ROOT, 'build', 'bench', 'photo-12mp.jpg');
    mkdirSync(dirname(bigJpegPath), { recursive: true });
    writeFileSync(bigJpegPath, bigJpeg);
    const child = await bundleColdStartChild();

    log(`scene: ${runs} runs per picture …`);
    const sceneInference = Inference.fromConfig(inferenceConfigFromEnv({ MODEL_BUCKET: BUCKET, S3_ENDPOINT: s3.endpoint }));
    await sceneInference.warmUp();
    const sceneRuns = Math.max(3, Math.round(runs / 3));
    const withoutReading = await sceneFigures(sceneInference, SCENE_PHOTOS.map((f) => join(imagesDir, f)), sceneRuns);
    const withReading = await sceneFigures(sceneInference, TEXT_PICTURES.map((f) => join(imagesDir, f)), sceneRuns);
    await sceneInference.close();
    log('scene cold start …');
    const sceneCold = await coldStart(child, [bigJpegPath, join(imagesDir, TEXT_PICTURES[0])], { MODEL_BUCKET: BUCKET, S3_ENDPOINT: s3.endpoint, TFJS_BACKEND: 'wasm' });
    const zips = values['skip-zips'] ? undefined : await zipSizes(log);

    // TF.js allows one backend per process: wasm here, cpu in a child process.
    log(`classifier alone, wasm: ${runs} runs …`);
    const wasm = Inference.fromConfig(config('wasm'));
    const wasmFigures: Figures = {
      ...(await warmFigures(wasm, bigJpeg, runs)),
      ...(await coldStart(child, [bigJpegPath], { MODEL_BUCKET: BUCKET, S3_ENDPOINT: s3.endpoint, TFJS_BACKEND: 'wasm', SCENE_OPTIONAL_MODELS: 'none' })),
    };
    log('Slack receiver and worker cold starts …');
    const slack = await slackColdStarts({
      buildDir: join(ROOT, 'build', 'bench'),
      photoPath: photo,
      modelBucket: BUCKET,
      s3Endpoint: s3.endpoint,
      wasmDir: dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm')),
    });
    log('naive pipeline …');
    const naive = { ...(await naiveFigures(wasm, bigJpeg, Math.max(5, Math.round(runs / 3)))) };
    log('cpu backend (slow) …');
    // The children fetch the model from the S3 server running in this process: never block it.
    const { stdout } = await execFileAsync(process.execPath, [require.resolve('tsx/cli'), __filename, '--cpu-child', bigJpegPath], {
      env: { ...process.env, MODEL_BUCKET: BUCKET, S3_ENDPOINT: s3.endpoint, SCENE_OPTIONAL_MODELS: 'none', BENCH_RUNS: String(Math.max(3, Math.round(runs / 10))), AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    });
    const cpuFigures = JSON.parse(stdout) as Omit<Figures, 'coldStartMs' | 'peakRssMb'>;
    const cpu: Figures = { ...cpuFigures, ...(await coldStart(child, [bigJpegPath], { MODEL_BUCKET: BUCKET, S3_ENDPOINT: s3.endpoint, TFJS_BACKEND: 'cpu', SCENE_OPTIONAL_MODELS: 'none' })) };

    const report = {
      machine: { cpus: cpus().length, node: process.version },
      scene: {
        withoutReading,
        withReading,
        coldStartMs: sceneCold.coldStartMs,
        peakRssMb: sceneCold.peakRssMb,
        ...(zips ? { zipBytes: zips } : {}),
        targets: { withoutReadingP50Ms: 300, withReadingP50Ms: 1200, coldStartMs: 3000, peakRssMb: 700, zipBytes: 40_000_000 },
      },
      model: DEFAULT_MODEL,
      photo: { source: photo, width: 4000, height: 3000, bytes: bigJpeg.length },
      ...wasmFigures,
      targets: { inferenceP50Ms: 30, endToEndP50Ms: 80, coldStartMs: 1500, peakRssMb: 300, slackReceiverColdStartMs: 1000 },
      slack,
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
  return stats(times);
}

function stats(times: number[]): Stats {
  const sorted = [...times].sort((a, b) => a - b);
  return { p50: oneDecimal(nearestRank(sorted, 0.5)), p95: oneDecimal(nearestRank(sorted, 0.95)), runs: sorted.length };
}

/**
 * Whole scenes (decode to sentence) on each picture, `runs` times each after one warm-up run:
 * whole-scene p50/p95, and each stage's p50/p95 over the runs where that stage ran.
 */
async function sceneFigures(inference: Inference, paths: string[], runs: number): Promise<{ sceneMs: Stats; stagesMs: Partial<Record<(typeof STAGES)[number], Stats>>; pictures: string[] }> {
  const timings: StageTimings[] = [];
  for (const path of paths) {
    const bytes = new Uint8Array(readFileSync(path));
    await inference.describeImage(bytes);
    for (let i = 0; i < runs; i++) timings.push((await inference.describeImage(bytes)).timingsMs);
  }
  const stagesMs = Object.fromEntries(
    STAGES.flatMap((stage) => {
      const values = timings.map((t) => t[stage]).filter((v): v is number => v !== undefined);
      return values.length > 0 ? [[stage, stats(values)]] : [];
    }),
  );
  return { sceneMs: stats(timings.map((t) => t.total)), stagesMs, pictures: paths.map((p) => p.split('/').pop()!) };
}

/** Each function's deployment zip, from `serverless package` into a folder of build/. */
async function zipSizes(log: (line: string) => void): Promise<Record<string, number>> {
  log('serverless package (zip sizes) …');
  const out = join(ROOT, 'build', 'bench', 'package');
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !['MODEL_BUCKET', 'S3_ENDPOINT'].includes(k)));
  await execFileAsync(process.execPath, [join(ROOT, 'node_modules', 'serverless', 'bin', 'serverless.js'), 'package', '--package', out, '--stage', 'bench'], { cwd: ROOT, env, maxBuffer: 16 * 1024 * 1024 });
  return Object.fromEntries(readdirSync(out).filter((f) => f.endsWith('.zip')).map((f) => [f, statSync(join(out, f)).size]));
}

async function coldStart(childScript: string, photoPaths: string[], env: Record<string, string>): Promise<Pick<Figures, 'coldStartMs' | 'peakRssMb'>> {
  const wasmDir = dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm'));
  const { stdout } = await execFileAsync(process.execPath, [childScript, ...photoPaths], {
    env: { ...process.env, ...env, TFJS_WASM_DIR: wasmDir, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  });
  const parsed = JSON.parse(stdout.trim().split('\n').pop()!) as { coldStartMs: number; peakRssMb: number };
  return { coldStartMs: oneDecimal(parsed.coldStartMs), peakRssMb: oneDecimal(parsed.peakRssMb) };
}

async function bundleColdStartChild(): Promise<string> {
  const outfile = join(ROOT, 'build', 'bench', 'cold-start.js');
  await build({
    entryPoints: [join(__dirname, 'bench-cold-start.ts')],
    bundle: true,
    platform: 'node',
    target: 'node20',
    outfile,
    // tesseract.js starts its worker thread from its own files, as in the Lambda zip.
    external: ['sharp', 'tesseract.js'],
    logLevel: 'error',
  });
  return outfile;
}

/** `--cpu-child <photo>`: the cpu backend's warm figures, in a process of its own. */
async function cpuChild(photoPath: string): Promise<void> {
  const inference = Inference.fromConfig({
    // The classifier alone: the scene's models on the cpu backend would take minutes.
    backend: 'cpu',
    model: { kind: 's3', bucket: process.env.MODEL_BUCKET!, prefix: `models/${DEFAULT_MODEL.name}/${DEFAULT_MODEL.version}/`, endpoint: process.env.S3_ENDPOINT },
  });
  const figures = await warmFigures(inference, new Uint8Array(readFileSync(photoPath)), Number(process.env.BENCH_RUNS ?? 3));
  console.log(JSON.stringify(figures));
}

function ratio(a: number, b: number): number {
  return oneDecimal(a / b);
}

const run = process.argv[2] === '--cpu-child' ? cpuChild(process.argv[3]) : main();
run.catch((e: unknown) => {
  console.error(`bench failed: ${e instanceof Error ? e.stack : String(e)}`);
  process.exit(1);
});
