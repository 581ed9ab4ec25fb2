/**
 * `npm run ask` as a user runs it: a separate process with the real Lex runtime client, talking
 * to the local runtime (in-process fulfilment, real model, photos from a local HTTP server).
 */
import { execFile, spawn } from 'node:child_process';
import { join } from 'node:path';
import { InProcessCodeHook } from '../../src/dev/lex-runtime/code-hook-function';
import { startLexRuntime, type RunningLexRuntime } from '../../src/dev/lex-runtime/server';
import { createLexCodeHook } from '../../src/lex/fulfilment';
import { REPLY } from '../../src/lex/replies';
import { startLexTestStack, type LexTestStack } from './stack';
import { NODE_WITH_TSX } from '../helpers/paths';

const ROOT = join(__dirname, '..', '..');
const TSX = require.resolve('tsx/cli');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function ask(args: string[], env: Record<string, string>, stdin?: string): Promise<Run> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [TSX, 'src/cli/ask.ts', ...args],
      // Only what the command needs: no AWS credentials or bot ids leak in from the test's shell.
      { cwd: ROOT, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env } },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
    if (stdin !== undefined) child.stdin?.end(stdin);
  });
}

describe('npm run ask against the local runtime', () => {
  let stack: LexTestStack;
  let runtime: RunningLexRuntime;
  let env: Record<string, string>;

  beforeAll(async () => {
    stack = await startLexTestStack();
    const fulfilment = new InProcessCodeHook(createLexCodeHook({ inference: stack.inference, config: { timeBudgetMs: 25_000, reserveMs: 1_000, trustedS3Buckets: [] }, log: () => undefined }));
    runtime = await startLexRuntime({ fulfilment });
    env = { LEX_ENDPOINT: runtime.endpoint };
  });
  afterAll(async () => {
    await runtime?.stop();
    await stack?.stop();
  });

  test('a question with a link prints the sentence and the card', async () => {
    const run = await ask([`what's in ${stack.photoUrl('parrot.jpg')}?`], env);
    expect(run.code).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^bot> That's a macaw/);
    expect(lines[1]).toMatch(/^bot> \[card\] macaw — \d+% confidence$/);
    expect(lines[2]).toBe('     buttons: [Describe another] [What else could it be?]');
  });

  test('--session continues a conversation across commands; --json prints the raw response', async () => {
    const first = await ask(['--session', 'cli-session-1', 'what is in this picture'], env);
    expect(first.stdout.trim()).toBe(`bot> ${REPLY.askForImage}`);
    const second = await ask(['--json', '--session', 'cli-session-1', stack.photoUrl('hot_dog.jpg')], env);
    expect(second.code).toBe(0);
    const response = JSON.parse(second.stdout) as { sessionId: string; sessionState: { intent: { name: string; state: string } }; messages: Array<{ contentType: string }> };
    expect(response.sessionId).toBe('cli-session-1');
    expect(response.sessionState.intent).toEqual(expect.objectContaining({ name: 'DescribeImage', state: 'Fulfilled' }));
    expect(response.messages.map((m) => m.contentType)).toEqual(['PlainText', 'ImageResponseCard']);
  });

  test('without text it asks interactively until an empty line, one session throughout', async () => {
    const run = await ask([], env, `what's in this picture\n${stack.photoUrl('coffee.png')}\nwhat else could it be\n\n`);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`bot> ${REPLY.askForImage}`);
    expect(run.stdout).toMatch(/bot> \[card\] espresso/);
    expect(run.stdout).toMatch(/bot> (My best guess was|I'm quite sure it's) an espresso/);
  });

  test('a runtime that is not running gets a sentence saying how to start it, and exit code 1', async () => {
    const run = await ask(['hi'], { LEX_ENDPOINT: 'http://127.0.0.1:9' });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("Can't reach the Lex runtime at http://127.0.0.1:9. Start it with `npm run lex:local`");
  });
});

describe('npm run lex:local', () => {
  test('starts the runtime on LEX_PORT and stops cleanly on SIGTERM', async () => {
    const child = spawn(process.execPath, [...NODE_WITH_TSX, 'src/dev/lex-runtime/main.ts'], {
      cwd: ROOT,
      // Port 0: any free port; the model is not needed to start (a failed load is only a warning).
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LEX_PORT: '0', MODEL_DIR: '/nonexistent/model' },
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    const endpoint = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', () => {
        const match = /listening on (http:\/\/[\d.:]+)/.exec(output);
        if (match) resolve(match[1]);
      });
      child.once('exit', (code) => reject(new Error(`exited with ${code}: ${output}`)));
    });
    const run = await ask(['hi'], { LEX_ENDPOINT: endpoint });
    expect(run.stdout.trim()).toBe(`bot> ${REPLY.help}`);
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
