/**
 * The deployed shape: the receiver (`handler` from src/slack/handler.ts), configured only by its
 * environment, behind a miniature API Gateway; the work handed over by a real asynchronous
 * invocation (@aws-sdk/client-lambda InvokeCommand, InvocationType Event) to Lambda's Invoke API
 * played on the wire, which calls the worker (`handler` from src/slack/worker-handler.ts).
 */
import { startSlackSimulator, type SlackSimulator } from '../../src/dev/slack-simulator/simulator';
import { SLACK_JOB_MARKER } from '../../src/slack/hand-over';
import { testImage } from '../helpers/paths';
import { startPhotoHost } from '../helpers/photo-host';
import type { TestServer } from '../intake/helpers';
import { serveOverApiGateway, type Bridge } from './helpers/api-gateway-bridge';
import { startLambdaInvokeApi, type LambdaInvokeApi } from '../helpers/lambda-invoke-api';
import { createIdempotencyTable, startLocalDynamoDb, type LocalDynamoDb } from '../../src/dev/local-dynamodb';
import { BOT_TOKEN, SIGNING_SECRET, startModelFixture, type ModelFixture } from './helpers/slack-stack';
import { envelope, messageEvent, signature } from '../../src/dev/slack-simulator/events';
import { SECRET_MAX_AGE_SECONDS } from '../../src/slack/slack-secrets';
import { startSsmStandIn, type SsmStandIn } from '../helpers/ssm-stand-in';

process.env.LOG_LEVEL = 'warn';

const WORKER_FUNCTION = 'whatsthat-dev-slackWorker';
const TABLE = 'whatsthat-dev-slack-events';

let model: ModelFixture;
let sim: SlackSimulator;
let photos: TestServer;
let dynamo: LocalDynamoDb;
let lambda: LambdaInvokeApi;
let bridge: Bridge;
let ssm: SsmStandIn;
const TOKEN_PARAMETER = '/whatsthat/dev/slack-bot-token';
const SECRET_PARAMETER = '/whatsthat/dev/slack-signing-secret';
const savedEnv = { ...process.env };

beforeAll(async () => {
  model = await startModelFixture();
  sim = await startSlackSimulator({ botToken: BOT_TOKEN, signingSecret: SIGNING_SECRET });
  photos = await startPhotoHost();
  dynamo = await startLocalDynamoDb();
  await createIdempotencyTable(dynamo.endpoint, TABLE);

  // The secrets as deployed: SecureString parameters, read by the real SSM client from a stand-in.
  ssm = await startSsmStandIn();
  ssm.put(TOKEN_PARAMETER, BOT_TOKEN);
  ssm.put(SECRET_PARAMETER, SIGNING_SECRET);

  // What serverless.yml (and serverless-offline) put in the function's environment.
  Object.assign(process.env, {
    SLACK_BOT_TOKEN_PARAMETER: TOKEN_PARAMETER,
    SLACK_SIGNING_SECRET_PARAMETER: SECRET_PARAMETER,
    // Where the SDK sends SSM calls; on AWS it is unset and the role's credentials sign them.
    AWS_ENDPOINT_URL_SSM: ssm.endpoint,
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    SLACK_API_URL: sim.apiUrl,
    SLACK_IMAGE_CHANNELS: '',
    IDEMPOTENCY_TABLE: TABLE,
    DYNAMODB_ENDPOINT: dynamo.endpoint,
    SLACK_WORKER_FUNCTION: WORKER_FUNCTION,
    AWS_REGION: 'us-east-1',
    MODEL_BUCKET: 'whatsthat-models-slack-test',
    MODEL_PREFIX: model.prefix,
    S3_ENDPOINT: model.s3Endpoint,
    IMAGE_FETCH_ALLOW_HOSTS: `127.0.0.1:${photos.port}`,
  });
  const { handler } = await import('../../src/slack/handler');
  const worker = await import('../../src/slack/worker-handler');
  lambda = await startLambdaInvokeApi({ [WORKER_FUNCTION]: (event, context) => worker.handler(event, context) });
  process.env.LAMBDA_ENDPOINT = lambda.endpoint;
  bridge = await serveOverApiGateway(handler);
  sim.setEventsUrl(bridge.url);
});

afterAll(async () => {
  await lambda?.idle();
  await Promise.all([bridge?.stop(), lambda?.stop(), sim?.stop(), photos?.close(), dynamo?.stop(), ssm?.stop()]);
  await model?.stop();
  process.env = savedEnv;
});

test('a DM upload is acknowledged, handed to an asynchronous invocation of the worker, and answered in the thread', async () => {
  const file = sim.registerFile({ path: testImage('parrot.jpg') });
  const posted = await sim.userPosts({ files: [file] });
  expect(posted.deliveries.map((d) => d.status)).toEqual([200]);

  const answers = await sim.waitUntilAnswered(posted.channel, posted.ts);
  expect(answers.map((a) => String(a.args.text))).toEqual([expect.stringMatching(/macaw/i)]);
  expect(lambda.invocations).toEqual([
    { functionName: WORKER_FUNCTION, invocationType: 'Event', payload: { [SLACK_JOB_MARKER]: 1, envelope: posted.envelopes[0] } },
  ]);
  // The bot identity came from auth.test, once for the receiver and once for the worker.
  expect(sim.calls.list('auth.test')).toHaveLength(2);
  // Each secret was read once from SSM, decrypted, and served from the cache since (the worker
  // shares the process's cached bot token here; deployed, it reads its own).
  expect(ssm.requests.map((r) => [r.name, r.withDecryption])).toEqual(expect.arrayContaining([
    [SECRET_PARAMETER, true],
    [TOKEN_PARAMETER, true],
  ]));
  expect(ssm.requests).toHaveLength(2);
});

test('redeliveries (X-Slack-Retry-Num 1, 2) start no second invocation and no second answer', async () => {
  const file = sim.registerFile({ path: testImage('coffee.png') });
  const before = lambda.invocations.length;
  const posted = await sim.userPosts({ files: [file] });
  const retries = [await sim.postEvent(posted.envelopes[0], { retryNum: 1 }), await sim.postEvent(posted.envelopes[0], { retryNum: 2 })];
  expect(retries.map((r) => r.status)).toEqual([200, 200]);
  await sim.waitUntilAnswered(posted.channel, posted.ts);
  await lambda.idle();
  expect(lambda.invocations.length - before).toBe(1);
  expect(sim.answersTo(posted.channel, posted.ts)).toHaveLength(1);
});

test('a hand-over that fails answers 500, so Slack retries; the retry is answered, once', async () => {
  const file = sim.registerFile({ path: testImage('hot_dog.jpg') });
  lambda.denyInvocations(true);
  let posted;
  try {
    posted = await sim.userPosts({ files: [file] });
  } finally {
    lambda.denyInvocations(false);
  }
  expect(posted.deliveries.map((d) => d.status)).toEqual([500]);
  expect(sim.answersTo(posted.channel, posted.ts)).toEqual([]);

  // The failed attempt left no event-id record behind: Slack's retry goes through.
  const retry = await sim.postEvent(posted.envelopes[0], { retryNum: 1 });
  expect(retry.status).toBe(200);
  const answers = await sim.waitUntilAnswered(posted.channel, posted.ts);
  expect(answers.map((a) => String(a.args.text))).toEqual([expect.stringMatching(/hot ?dog/i)]);
  expect((await sim.postEvent(posted.envelopes[0], { retryNum: 2 })).status).toBe(200);
  await lambda.idle();
  expect(sim.answersTo(posted.channel, posted.ts)).toHaveLength(1);
});

test('an API Gateway request cannot pose as a job: a body carrying the marker is just an unsigned request', async () => {
  const before = lambda.invocations.length;
  const res = await fetch(bridge.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ [SLACK_JOB_MARKER]: 1, envelope: { event_id: 'Ev0FORGED', event: { type: 'message', channel: 'D0DM00001', ts: '1.2', user: 'U1' } } }),
  });
  expect(res.status).toBe(401);
  await lambda.idle();
  expect(lambda.invocations.length).toBe(before);
  expect(sim.answersTo('D0DM00001', '1.2')).toEqual([]);
});

// Last: afterwards the function holds a signing secret the simulator does not sign with.
test(`a signing secret rotated in SSM is used within ${SECRET_MAX_AGE_SECONDS} s, the old one refused from then on; an SSM outage keeps the last values`, async () => {
  const rotated = 'rotated-signing-secret';
  const signedWith = async (secret: string) => {
    const payload = envelope(sim.workspace, messageEvent(sim.workspace, { text: 'hello' }));
    const timestamp = Math.floor(Date.now() / 1000);
    return (await sim.postEvent(payload, { timestamp, signature: signature(secret, timestamp, JSON.stringify(payload)) })).status;
  };
  jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'queueMicrotask', 'hrtime', 'performance'] });
  try {
    ssm.put(SECRET_PARAMETER, rotated);
    // Still cached: the old secret is in use.
    expect(await signedWith(rotated)).toBe(401);
    expect(await signedWith(SIGNING_SECRET)).toBe(200);
    jest.setSystemTime(Date.now() + (SECRET_MAX_AGE_SECONDS + 1) * 1000);
    expect(await signedWith(rotated)).toBe(200);
    expect(await signedWith(SIGNING_SECRET)).toBe(401);
    // SSM down when the cache expires again: the function keeps the values it has.
    ssm.failing(true);
    jest.setSystemTime(Date.now() + (SECRET_MAX_AGE_SECONDS + 1) * 1000);
    const failedBefore = ssm.requests.length;
    expect(await signedWith(rotated)).toBe(200);
    expect(ssm.requests.length).toBeGreaterThan(failedBefore);
    await lambda.idle();
  } finally {
    ssm.failing(false);
    jest.useRealTimers();
  }
});
