/**
 * Every wait of a model load has a deadline. Real parts: an S3 that accepts connections and
 * never answers (a TCP server that stays silent), an S3 that is down (a closed port), and s3rver
 * coming back on the same port — with the real S3 client, model store, inference module and Lex
 * fulfilment.
 */
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { discardLocalS3, startLocalS3, type LocalS3 } from '../src/dev/local-s3';
import { Inference, intakeOptionsFromEnv } from '../src/inference';
import { ImageError } from '../src/inference/errors';
import { S3ModelFiles } from '../src/inference/model/model-files';
import { ModelLoadTimeoutError, ModelStore } from '../src/inference/model/model-store';
import { createS3Client } from '../src/inference/s3-client';
import { createLexCodeHook } from '../src/lex/fulfilment';
import { REPLY } from '../src/lex/replies';
import { lexEvent } from './lex/events';
import { publishDefaultModel } from './helpers/model';
import { startPhotoHost } from './helpers/photo-host';
import { closedPort, startSilentServer, type SilentServer } from './helpers/silent-server';
import type { TestServer } from './intake/helpers';

const BUCKET = 'whatsthat-models-deadline-test';
const FAST = { connectTimeoutMs: 300, requestTimeoutMs: 300 };
const MODEL_DIDNT_LOAD = new ImageError('model_unavailable', '').userMessage;

let s3: LocalS3;
let prefix: string;
let photos: TestServer;

beforeAll(async () => {
  s3 = await startLocalS3();
  prefix = (await publishDefaultModel(s3.endpoint, BUCKET)).prefix;
  await s3.stop();
  photos = await startPhotoHost();
});
afterAll(async () => {
  await photos.close();
  await discardLocalS3(s3);
});

/** Puts s3rver (with the published model) back on `port`. */
async function s3rverBackOn(port: number): Promise<void> {
  s3 = await startLocalS3({ port, directory: s3.directory });
}

test('the S3 client gives up on a server that accepts and never answers (request timeout)', async () => {
  const silent = await startSilentServer();
  try {
    const client = createS3Client(`http://127.0.0.1:${silent.port}`, FAST);
    const error = await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: `${prefix}manifest.json` })).catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).name).toMatch(/TimeoutError/);
    expect(silent.accepted).toBeGreaterThan(0);
    client.destroy();
  } finally {
    await silent.close();
  }
});

describe('model store against a hanging S3', () => {
  let silent: SilentServer;
  afterEach(async () => {
    await silent?.close();
    await s3.stop().catch(() => undefined);
  });

  test('the load stops at its deadline, the shared load is released, and the next request loads once s3rver is back', async () => {
    silent = await startSilentServer();
    // Slow per-request timeouts: the overall load deadline is what must stop the wait.
    const client = createS3Client(`http://127.0.0.1:${silent.port}`, { connectTimeoutMs: 60_000, requestTimeoutMs: 60_000 });
    const failures: Error[] = [];
    const store = new ModelStore(new S3ModelFiles(client, BUCKET, prefix), { loadTimeoutMs: 800, onLoadFailed: ({ error }) => failures.push(error) });

    const [first, second] = await Promise.allSettled([store.get(), store.get()]);
    expect(first.status).toBe('rejected');
    expect((first as PromiseRejectedResult).reason).toBeInstanceOf(ModelLoadTimeoutError);
    expect((second as PromiseRejectedResult).reason).toBeInstanceOf(ModelLoadTimeoutError);
    expect(failures).toHaveLength(1);
    expect(store.isLoaded).toBe(false);

    const port = silent.port;
    await silent.close();
    await s3rverBackOn(port);
    const classifier = await store.get({ timeoutMs: 20_000 });
    expect(classifier.labels).toHaveLength(1001);
    expect(store.isLoaded).toBe(true);
    client.destroy();
  }, 40_000);

  test("a caller's own deadline ends its wait even while the shared load goes on", async () => {
    silent = await startSilentServer();
    const client = createS3Client(`http://127.0.0.1:${silent.port}`, { connectTimeoutMs: 60_000, requestTimeoutMs: 60_000 });
    const store = new ModelStore(new S3ModelFiles(client, BUCKET, prefix), { loadTimeoutMs: 60_000 });
    const background = store.get();
    background.catch(() => undefined);
    await expect(store.get({ timeoutMs: 300 })).rejects.toThrow(/took longer than 300 ms/);
    await silent.close();
    await expect(background).rejects.toThrow(/manifest\.json/);
    client.destroy();
  }, 40_000);
});

describe('the Lex user is told the model did not load — never to send a smaller picture', () => {
  let silent: SilentServer | undefined;
  afterEach(async () => {
    await silent?.close();
    silent = undefined;
    await s3.stop().catch(() => undefined);
  });

  function hookAgainst(port: number, aws: typeof FAST): ReturnType<typeof createLexCodeHook> {
    const inference = Inference.fromConfig(
      { model: { kind: 's3', bucket: BUCKET, prefix, endpoint: `http://127.0.0.1:${port}` }, backend: 'wasm', aws, modelLoadTimeoutMs: 60_000 },
      { ...intakeOptionsFromEnv(), allowHosts: [`127.0.0.1:${photos.port}`] },
    );
    return createLexCodeHook({ inference, config: { timeBudgetMs: 25_000, reserveMs: 500, trustedS3Buckets: [] }, log: () => undefined });
  }

  /** A turn in an invocation with `remainingMs` left (3.5 s: the test need not wait Lex's 25). */
  const ask = (hook: ReturnType<typeof createLexCodeHook>, remainingMs: number) =>
    hook(lexEvent({ transcript: `what is in ${photos.origin}/photos/parrot.jpg` }), { getRemainingTimeInMillis: () => remainingMs });

  test.each([
    // Patient SDK timeouts: only the deadline derived from the invocation's remaining time can stop the wait.
    ['hanging', async () => (silent = await startSilentServer()).port, { connectTimeoutMs: 60_000, requestTimeoutMs: 60_000 }],
    ['down', () => closedPort(), FAST],
  ])('S3 %s at a cold start: "my image model didn\'t load", then an answer once s3rver is back', async (_, s3Port, aws) => {
    const port = await s3Port();
    const hook = hookAgainst(port, aws);
    const failed = await ask(hook, 3_500);
    expect(failed.sessionState.intent?.state).toBe('Failed');
    expect(failed.messages).toEqual([{ contentType: 'PlainText', content: MODEL_DIDNT_LOAD }]);
    expect(MODEL_DIDNT_LOAD).toMatch(/my image model didn't load/);
    expect(JSON.stringify(failed.messages)).not.toMatch(/smaller/);
    expect(REPLY.tookTooLong).not.toBe(MODEL_DIDNT_LOAD);

    await silent?.close();
    silent = undefined;
    await s3rverBackOn(port);
    const answered = await ask(hook, 29_000);
    expect(answered.sessionState.intent?.state).toBe('Fulfilled');
    expect(JSON.stringify(answered.messages)).toMatch(/macaw/);
  }, 40_000);
});
