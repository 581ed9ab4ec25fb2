/**
 * `npm start` for the web tests: the whole local stack on fixed ports of the web tests' own range
 * (never the developer's defaults, nor the stack test's), stopped with Ctrl-C as a person would.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { TEST_IMAGES_DIR, NODE_WITH_TSX } from '../helpers/paths';

const ROOT = join(__dirname, '..', '..');

export interface StackPorts {
  S3_PORT: number;
  HTTP_PORT: number;
  LAMBDA_PORT: number;
  WORKER_LAMBDA_PORT: number;
  LEX_PORT: number;
  SLACK_SIM_PORT: number;
  FILES_PORT: number;
  DYNAMODB_PORT: number;
}

export interface RunningStack {
  /** Everything it printed so far. */
  output(): string;
  stop(): Promise<void>;
}

export async function startNpmStart(ports: StackPorts, env: Record<string, string> = {}): Promise<RunningStack> {
  let output = '';
  const child: ChildProcess = spawn(process.execPath, [...NODE_WITH_TSX, 'src/dev/start.ts'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      MODEL_MIRROR_DIR: process.env.MODEL_MIRROR_DIR ?? join(ROOT, '..', 'shared', 'models'),
      FILES_DIR: TEST_IMAGES_DIR,
      LOG_LEVEL: 'warn',
      ...Object.fromEntries(Object.entries(ports).map(([k, v]) => [k, String(v)])),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGINT');
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    await exited;
    clearTimeout(timer);
  };
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`npm start printed no "ready" within 180 s:\n${output}`)), 180_000);
    const check = (): void => {
      if (/^ready$/m.test(output)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`npm start exited with ${code} before "ready":\n${output}`));
    });
  }).catch(async (e: unknown) => {
    await stop();
    throw e;
  });
  return { output: () => output, stop };
}
