/**
 * A newcomer's first commands, run for real as child processes: every CLI answers --help, the
 * model is not prepared twice, an s3:// picture without AWS settings says what is missing,
 * libvips' warnings stay out of messages, and the AWS SDK's Node-version notice stays quiet.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { preparedDefaultModel } from './helpers/model';
import { testImage } from './helpers/paths';

const execFileAsync = promisify(execFile);
const ROOT = join(__dirname, '..');
const TSX = require.resolve('tsx/cli');
// No AWS settings at all, and a home without ~/.aws.
const BARE_ENV = { PATH: process.env.PATH ?? '', HOME: mkdtempSync(join(tmpdir(), 'whatsthat-home-')) };

async function cli(script: string, args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return execFileAsync(process.execPath, [TSX, script, ...args], { cwd: ROOT, env: { ...BARE_ENV, ...env }, maxBuffer: 8 * 1024 * 1024 }).then(
    (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
  );
}

const COMMANDS: Array<[string, string, string[]]> = [
  ['npm start', 'src/dev/start.ts', ['--help']],
  ['ask', 'src/cli/ask.ts', ['--help']],
  ['describe', 'src/cli/describe.ts', ['--help']],
  ['bench', 'src/cli/bench.ts', ['--help']],
  ['soak', 'src/cli/soak.ts', ['-h']],
  ['model:prepare', 'src/cli/model-prepare.ts', ['--help']],
  ['model:publish', 'src/cli/model-publish.ts', ['--help']],
  ['lex:local', 'src/dev/lex-runtime/main.ts', ['--help']],
  ['slack:sim', 'src/dev/slack-simulator/main.ts', ['serve', '--help']],
  ['slack:post', 'src/dev/slack-simulator/main.ts', ['post', '--help']],
  ['cfn:check', 'src/dev/cloudformation/check-template-file.ts', ['--help']],
  ['taxonomy:build', 'src/model-pipeline/build-imagenet-taxonomy.ts', ['--help']],
];

test.each(COMMANDS)('%s --help prints its usage and exits 0 without doing anything', async (_, script, args) => {
  const { code, stdout } = await cli(script, args);
  expect(code).toBe(0);
  expect(stdout).toMatch(/^usage:\s/m);
}, 60_000);

test('model:prepare with the model already prepared says so and succeeds, without the network or a mirror', async () => {
  const dir = await preparedDefaultModel();
  const manifestBefore = readFileSync(join(dir, 'manifest.json'), 'utf8');
  const { code, stdout } = await cli('src/cli/model-prepare.ts', ['--json', '--model', 'mobilenet_v2_1.0_224_quant']);
  expect(code).toBe(0);
  expect(JSON.parse(stdout)).toMatchObject({ name: 'mobilenet_v2_1.0_224_quant', source: 'already prepared', dir });
  expect(readFileSync(join(dir, 'manifest.json'), 'utf8')).toBe(manifestBefore);
}, 60_000);

test('an s3:// picture without AWS settings says what is missing; no SDK Node-version notice', async () => {
  await preparedDefaultModel();
  const { code, stdout, stderr } = await cli('src/cli/describe.ts', ['--json', 's3://some-bucket/photo.jpg']);
  expect(code).toBe(1);
  const line = JSON.parse(stdout.trim());
  expect(line.error.message).toMatch(/AWS_REGION or AWS credentials are not set/);
  expect(line.error.message).not.toMatch(/down/);
  expect(stderr).not.toMatch(/NodeVersionSupportWarning/);
}, 60_000);

test("a damaged JPEG's answer and log carry one line from libvips, not its warnings", async () => {
  await preparedDefaultModel();
  const damaged = join(mkdtempSync(join(tmpdir(), 'whatsthat-damaged-')), 'damaged.jpg');
  writeFileSync(damaged, readFileSync(testImage('parrot.jpg')).subarray(0, 30_000));
  const { code, stdout, stderr } = await cli('src/cli/describe.ts', [damaged]);
  expect(code).toBe(1);
  expect(stdout).toMatch(/damaged or incomplete/);
  expect(`${stdout}${stderr}`.match(/VipsJpeg/g)?.length ?? 0).toBeLessThanOrEqual(1);
}, 60_000);
