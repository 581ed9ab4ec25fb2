/**
 * The README's first command, for real: `npm start` brings up the whole local stack (s3rver,
 * dynalite, the Slack simulator, serverless-offline with both functions, the local Lex runtime);
 * then `npm run ask` and `npm run slack:post` get answers naming the objects in real photos,
 * and Ctrl-C stops everything. Then the stack's honesty: a taken port stops it before anything
 * starts, a closed terminal (SIGHUP) or SIGTERM leaves no process and no port behind, and the
 * functions' process dying stops the stack with a non-zero exit.
 */
import { ChildProcess, execFile, spawn } from 'node:child_process';
import { connect } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createServer } from 'node:net';
import { TEST_IMAGES_DIR, testImage, NODE_WITH_TSX } from '../helpers/paths';
import { descendantsOf, stillRunning } from './process-tree';

const run = promisify(execFile);
const ROOT = join(__dirname, '..', '..');
const TSX = require.resolve('tsx/cli');

// Not the defaults, so a stack a developer has running does not collide with the test's.
const PORTS = { S3_PORT: 14569, HTTP_PORT: 13000, LAMBDA_PORT: 13002, WORKER_LAMBDA_PORT: 13003, LEX_PORT: 14010, SLACK_SIM_PORT: 14020, FILES_PORT: 14030, DYNAMODB_PORT: 14570 };
// Not a port of the stack: where the soak's hostile picture host listens (the stack allows it).
const SOAK_HOST_PORT = 14040;
const ENV = {
  PATH: process.env.PATH ?? '',
  HOME: process.env.HOME ?? '',
  MODEL_MIRROR_DIR: process.env.MODEL_MIRROR_DIR ?? join(ROOT, '..', 'shared', 'models'),
  FILES_DIR: TEST_IMAGES_DIR,
  ...Object.fromEntries(Object.entries(PORTS).map(([k, v]) => [k, String(v)])),
  SOAK_HOST_PORT: String(SOAK_HOST_PORT),
  // A setting given to `npm start` must reach the functions: the "too big" answer names it.
  IMAGE_MAX_BYTES: String(9 * 1024 * 1024),
};

let stack: ChildProcess;
let output = '';

function startStack(opts: { detached?: boolean; env?: Record<string, string> } = {}): ChildProcess {
  output = '';
  stack = spawn(process.execPath, [...NODE_WITH_TSX, 'src/dev/start.ts'], { cwd: ROOT, env: { ...ENV, ...opts.env }, stdio: ['ignore', 'pipe', 'pipe'], detached: opts.detached });
  stack.stdout!.on('data', (c: Buffer) => (output += c.toString()));
  stack.stderr!.on('data', (c: Buffer) => (output += c.toString()));
  return stack;
}

function exitOf(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

async function eventually<T>(probe: () => Promise<T> | T, done: (value: T) => boolean, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await probe();
  while (!done(value) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 200));
    value = await probe();
  }
  return value;
}

async function openPorts(): Promise<number[]> {
  const open = await Promise.all(Object.values(PORTS).map(async (port) => ((await portIsOpen(port)) ? [port] : [])));
  return open.flat();
}

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

/** A test that failed half-way must not leave its stack running into the next one. */
function killStack(): void {
  if (stack && stack.exitCode === null && stack.signalCode === null) {
    for (const p of descendantsOf(stack.pid!)) process.kill(p.pid, 'SIGKILL');
    stack.kill('SIGKILL');
  }
}

describe('the running stack', () => {
  beforeAll(async () => {
    startStack();
    await waitForLine(/^ready$/m, 180_000);
  }, 200_000);
  afterAll(killStack);

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

  test('npm run slack:post with two pictures posts them in one message and prints an answer for each', async () => {
    const { stdout } = await run(process.execPath, [TSX, 'src/dev/slack-simulator/main.ts', 'post', testImage('hot_dog.jpg'), testImage('parrot.jpg')], {
      cwd: ROOT,
      env: ENV,
    });
    expect(stdout.match(/^posted in /gm)).toHaveLength(1);
    expect(stdout).toMatch(/in thread\)?:.*hotdog/);
    expect(stdout).toMatch(/in thread\)?:.*macaw/);
  }, 90_000);

  test('npm run soak: a short battery of load and faults, figures as one JSON object', async () => {
    const { stdout, stderr } = await run(process.execPath, [TSX, 'src/cli/soak.ts', '--json', '--slack', '5', '--lex', '3', '--requests', '12', '--long-retry-after', '3'], {
      cwd: ROOT,
      env: ENV,
      maxBuffer: 16 * 1024 * 1024,
    });
    expect(stderr).toMatch(/soak \[/);
    let figures;
    try {
      figures = JSON.parse(stdout);
    } catch {
      throw new Error(`soak --json must print one JSON object on stdout, it printed:\n${stdout.slice(0, 3000)}`);
    }
    // Five posts with a 429 on every 5th: one answer waits out Retry-After, none is lost or doubled.
    expect(figures.slackBurst).toMatchObject({ n: 5, rejected: 0, answeredExactlyOnce: 5, lost: 0, duplicated: 0 });
    expect(figures.slackBurst.rateLimited).toBeGreaterThanOrEqual(1);
    expect(figures.slackBurst.ackMs.count).toBe(5);
    expect(figures.redelivery).toMatchObject({ status: 200, answersBefore: 1, answersAfter: 1 });
    expect(figures.lexConcurrent).toMatchObject({ m: 3, answered: 3, failed: 0 });
    expect(figures.slackRateLimitLong.rateLimited).toBeGreaterThanOrEqual(1);
    expect(figures.slackRateLimitLong).toMatchObject({ lost: 0, duplicated: 0, eyesRemoved: true, functionsAlive: true });
    for (const failure of [figures.s3ColdStart.hanging, figures.s3ColdStart.down]) {
      expect(failure.failedReply).toMatch(/my image model didn't load/);
      expect(failure.failedMs).toBeLessThan(failure.remainingMs);
      expect(failure.recovered).toBe(true);
    }
    expect(figures.hostileLinks.slowHost.reply).toMatch(/took too long to download/);
    expect(figures.hostileLinks.body300MB.reply).toMatch(/too big for me\. Send one under 9 MB/);
    expect(figures.hostileLinks.body300MB.bytesSent).toBeLessThan(300 * 1024 * 1024);
    expect(figures.hostileLinks.decompressionBomb.reply).toMatch(/too many pixels/);
    expect(figures.memory).toMatchObject({ requests: 12, answered: 12 });
    expect(figures.memory.rssMb.peak).toBeGreaterThan(0);
  }, 300_000);

  test('after concurrent requests each function has loaded its model once (handlers run in-process, not one per request)', () => {
    const loads = output.split('\n').filter((line) => line.includes('"message":"model loaded"'));
    expect(loads.length).toBeGreaterThanOrEqual(1);
    // Each model (by its S3 location) at most once per function that holds models: lexFulfilment,
    // slackWorker and web — never once per request.
    const perModel = new Map<string, number>();
    for (const line of loads) {
      const location = String((JSON.parse(line.slice(line.indexOf('{'))) as { location?: string }).location);
      perModel.set(location, (perModel.get(location) ?? 0) + 1);
    }
    for (const [, count] of perModel) expect(count).toBeLessThanOrEqual(3);
  });

  test('Ctrl-C stops everything cleanly', async () => {
    const exited = new Promise<number | null>((resolve) => stack.once('exit', (code) => resolve(code)));
    stack.kill('SIGINT');
    expect(await exited).toBe(0);
    for (const port of Object.values(PORTS)) expect(await portIsOpen(port)).toBe(false);
  }, 30_000);
});

describe('an honest stack', () => {
  afterEach(killStack);

  test('a taken port stops it with one line naming the port and its variable, before anything starts', async () => {
    const squatter = createServer();
    await new Promise<void>((resolve) => squatter.listen(PORTS.LAMBDA_PORT, '127.0.0.1', resolve));
    try {
      const code = await exitOf(startStack());
      expect(code).toBe(1);
      expect(output).toMatch(new RegExp(`port ${PORTS.LAMBDA_PORT} \\(LAMBDA_PORT\\) is already in use`));
      expect(output).not.toMatch(/^ready$/m);
      expect((await openPorts()).filter((p) => p !== PORTS.LAMBDA_PORT)).toEqual([]);
    } finally {
      await new Promise((resolve) => squatter.close(resolve));
    }
  }, 60_000);

  test.each(['SIGHUP', 'SIGTERM'] as const)('%s stops the whole process tree: no process left, no port open', async (signal) => {
    // Its own process group, as in a terminal: closing the terminal sends SIGHUP to the group.
    const child = startStack({ detached: true });
    await waitForLine(/^ready$/m, 180_000);
    const tree = descendantsOf(child.pid!);
    expect(tree.some((p) => /serverless\.js offline/.test(p.cmdline))).toBe(true);
    const exited = exitOf(child);
    if (signal === 'SIGHUP') process.kill(-child.pid!, signal);
    else child.kill(signal);
    await exited;
    const left = await eventually(() => stillRunning(tree.map((p) => p.pid)), (l) => l.length === 0, 15_000);
    expect(left.map((p) => p.cmdline)).toEqual([]);
    expect(await eventually(openPorts, (open) => open.length === 0, 5_000)).toEqual([]);
  }, 240_000);

  test('when a functions\' process dies, the stack says so, stops the rest and exits non-zero', async () => {
    const child = startStack();
    await waitForLine(/^ready$/m, 180_000);
    // Two serverless-offline processes: the receiver, Lex and web functions, and the Slack worker.
    const offline = descendantsOf(child.pid!).filter((p) => /serverless\.js offline/.test(p.cmdline));
    expect(offline).toHaveLength(2);
    const exited = exitOf(child);
    process.kill(offline[offline.length - 1].pid, 'SIGKILL');
    expect(await exited).toBe(1);
    expect(output).toMatch(/serverless-offline \(the (functions|Slack worker)\) exited unexpectedly \(signal SIGKILL\) — the local stack is stopping/);
    expect(await eventually(openPorts, (open) => open.length === 0, 5_000)).toEqual([]);
  }, 240_000);
});
