/**
 * The README's first command, for real: `npm start` brings up the whole local stack (s3rver,
 * dynalite, the Slack simulator, serverless-offline with both functions, the local Lex runtime);
 * then `npm run ask` and `npm run slack:post` get answers naming the objects in real photos,
 * and Ctrl-C stops everything.
 */
import { ChildProcess, execFile, spawn } from 'node:child_process';
import { connect } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { TEST_IMAGES_DIR, testImage } from '../helpers/paths';

const run = promisify(execFile);
const ROOT = join(__dirname, '..', '..');
const TSX = require.resolve('tsx/cli');

// Not the defaults, so a stack a developer has running does not collide with the test's.
const PORTS = { S3_PORT: 14569, HTTP_PORT: 13000, LAMBDA_PORT: 13002, LEX_PORT: 14010, SLACK_SIM_PORT: 14020, FILES_PORT: 14030, DYNAMODB_PORT: 14570 };
const ENV = {
  PATH: process.env.PATH ?? '',
  HOME: process.env.HOME ?? '',
  MODEL_MIRROR_DIR: process.env.MODEL_MIRROR_DIR ?? join(ROOT, '..', 'shared', 'models'),
  FILES_DIR: TEST_IMAGES_DIR,
  ...Object.fromEntries(Object.entries(PORTS).map(([k, v]) => [k, String(v)])),
};

let stack: ChildProcess;
let output = '';

function waitForLine(pattern: RegExp, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no line matching ${pattern} within ${timeoutMs} ms; output so far:\n${output}`)), timeoutMs);
    const check = (): void => {
      if (pattern.test(output)) {
        clearTimeout(timer);
        resolve();
      }
    };
    stack.stdout!.on('data', check);
    stack.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`npm start exited with ${code} before ${pattern}; output:\n${output}`));
    });
    check();
  });
}

function portIsOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

beforeAll(async () => {
  stack = spawn(process.execPath, [TSX, 'src/dev/start.ts'], { cwd: ROOT, env: ENV, stdio: ['ignore', 'pipe', 'pipe'] });
  stack.stdout!.on('data', (c: Buffer) => (output += c.toString()));
  stack.stderr!.on('data', (c: Buffer) => (output += c.toString()));
  await waitForLine(/^ready$/m, 180_000);
}, 200_000);

afterAll(async () => {
  if (stack.exitCode === null) {
    stack.kill('SIGKILL');
  }
});

test('prints every endpoint and the try-it lines before "ready"', () => {
  const beforeReady = output.slice(0, output.search(/^ready$/m));
  for (const port of Object.values(PORTS)) expect(beforeReady).toContain(`127.0.0.1:${port}`);
  expect(beforeReady).toContain(`npm run ask -- "what is in http://127.0.0.1:${PORTS.FILES_PORT}/parrot.jpg"`);
  expect(beforeReady).toMatch(/npm run slack:post -- \S+parrot\.jpg/);
});

test('npm run ask about a served local photo is answered by the Lex bot with the right object', async () => {
  const { stdout } = await run(process.execPath, [TSX, 'src/cli/ask.ts', `what is in http://127.0.0.1:${PORTS.FILES_PORT}/parrot.jpg`], {
    cwd: ROOT,
    env: { ...ENV, LEX_ENDPOINT: `http://127.0.0.1:${PORTS.LEX_PORT}` },
  });
  expect(stdout).toMatch(/macaw/);
  expect(stdout).toMatch(/parrot/);
}, 60_000);

test('a photo posted through the Slack simulator gets the right answer in its thread', async () => {
  const { stdout } = await run(process.execPath, [TSX, 'src/dev/slack-simulator/main.ts', 'post', testImage('hot_dog.jpg')], {
    cwd: ROOT,
    env: ENV,
  });
  expect(stdout).toMatch(/in thread\)?:.*hotdog/);
}, 60_000);

test('Ctrl-C stops everything cleanly', async () => {
  const exited = new Promise<number | null>((resolve) => stack.once('exit', (code) => resolve(code)));
  stack.kill('SIGINT');
  expect(await exited).toBe(0);
  for (const port of Object.values(PORTS)) expect(await portIsOpen(port)).toBe(false);
}, 30_000);
