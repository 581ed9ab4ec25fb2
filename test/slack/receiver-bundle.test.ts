/**
 * The receiver acknowledges without the model: neither its bundle (as serverless.yml builds it)
 * nor its module graph at run time holds TF.js, sharp, the model store or the image intake.
 * The worker's does — so the check would notice if the two were mixed up.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { build, type Metafile } from 'esbuild';

const ROOT = join(__dirname, '..', '..');
const MODEL_CODE = [/node_modules\/@tensorflow\//, /node_modules\/sharp\//, /src\/inference\/(model|intake)\//, /src\/inference\/(index|inference)\.ts$/];

const outdir = mkdtempSync(join(tmpdir(), 'whatsthat-bundles-'));
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

/** The esbuild settings of serverless.yml's custom.esbuild. */
async function bundle(entry: string): Promise<{ inputs: string[]; bytes: number }> {
  const name = entry.replace(/\W+/g, '-');
  const result = await build({
    entryPoints: [join(ROOT, entry)],
    outfile: join(outdir, `${name}.js`),
    bundle: true,
    minify: true,
    keepNames: true,
    platform: 'node',
    target: 'node22',
    external: ['sharp'],
    metafile: true,
    logLevel: 'silent',
  });
  const metafile: Metafile = result.metafile;
  return { inputs: Object.keys(metafile.inputs), bytes: statSync(join(outdir, `${name}.js`)).size };
}

function modelCodeIn(paths: string[]): string[] {
  return paths.filter((p) => MODEL_CODE.some((pattern) => pattern.test(p.replaceAll('\\', '/'))));
}

test("the receiver's bundle holds no model code; the worker's does", async () => {
  const receiver = await bundle('src/slack/handler.ts');
  const worker = await bundle('src/slack/worker-handler.ts');
  expect(modelCodeIn(receiver.inputs)).toEqual([]);
  expect(modelCodeIn(worker.inputs)).toEqual(expect.arrayContaining([expect.stringMatching(/@tensorflow\/tfjs-core/), expect.stringMatching(/src\/inference\/model\//)]));
  // No sharp to install beside it either (the zip's bulk); the zip sizes are in the README.
  expect(receiver.inputs.some((p) => p.includes('node_modules/sharp'))).toBe(false);
  console.log(`bundle sizes: receiver ${(receiver.bytes / 1024).toFixed(0)} KiB, worker ${(worker.bytes / 1024).toFixed(0)} KiB`);
}, 60_000);

test('loading the receiver (a cold start) loads none of the model code; loading the worker does', async () => {
  const loaded = async (entry: string): Promise<string[]> => {
    const script = `require(${JSON.stringify(join(ROOT, entry))}); process.stdout.write(JSON.stringify(Object.keys(require.cache)))`;
    const { stdout } = await promisify(execFile)(process.execPath, ['--require', 'tsx/cjs', '-e', script], { cwd: ROOT, env: { ...process.env, AWS_LAMBDA_FUNCTION_NAME: '' } });
    return JSON.parse(stdout) as string[];
  };
  const receiverModules = await loaded('src/slack/handler.ts');
  expect(receiverModules).toEqual(expect.arrayContaining([expect.stringMatching(/@slack\/bolt/), expect.stringMatching(/client-dynamodb/)]));
  expect(modelCodeIn(receiverModules)).toEqual([]);
  expect(modelCodeIn(await loaded('src/slack/worker-handler.ts')).length).toBeGreaterThan(0);
}, 60_000);
