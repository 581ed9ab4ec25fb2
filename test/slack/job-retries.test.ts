/**
 * Nothing lost, nothing doubled. The deployed shape: the receiver behind a miniature API Gateway
 * hands over to the worker through Lambda's Invoke API played on the wire, with Lambda's
 * asynchronous retry behaviour (maximumRetryAttempts 2, as serverless.yml sets it) and its
 * on-failure destination standing in for the SQS dead-letter queue. The worker remembers per
 * item what it posted in the real idempotency table (dynalite).
 */
import { startSlackSimulator, type SlackSimulator } from '../../src/dev/slack-simulator/simulator';
import { createIdempotencyTable, startLocalDynamoDb, type LocalDynamoDb } from '../../src/dev/local-dynamodb';
import { SLACK_JOB_MARKER, WARM_UP_MARKER } from '../../src/slack/hand-over';
import { lambdaContext } from '../helpers/lambda-context';
import { testImage } from '../helpers/paths';
import { startPhotoHost } from '../helpers/photo-host';
import type { TestServer } from '../intake/helpers';
import { serveOverApiGateway, type Bridge } from './helpers/api-gateway-bridge';
import { startLambdaInvokeApi, type LambdaInvokeApi } from '../helpers/lambda-invoke-api';
import { BOT_TOKEN, SIGNING_SECRET, startModelFixture, type ModelFixture } from './helpers/slack-stack';

process.env.LOG_LEVEL = 'error';

const WORKER_FUNCTION = 'whatsthat-dev-slackWorker';
const TABLE = 'whatsthat-dev-slack-retries';

let model: ModelFixture;
let sim: SlackSimulator;
let photos: TestServer;
let dynamo: LocalDynamoDb;
let lambda: LambdaInvokeApi;
let bridge: Bridge;
let workerRuns = 0;
let workerHandler: (event: unknown, context: import('aws-lambda').Context) => Promise<void>;
const savedEnv = { ...process.env };

beforeAll(async () => {
  model = await startModelFixture();
  sim = await startSlackSimulator({ botToken: BOT_TOKEN, signingSecret: SIGNING_SECRET });
  photos = await startPhotoHost();
  dynamo = await startLocalDynamoDb();
  await createIdempotencyTable(dynamo.endpoint, TABLE);
  Object.assign(process.env, {
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: sim.apiUrl,
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
  workerHandler = worker.handler;
  lambda = await startLambdaInvokeApi(
    {
      [WORKER_FUNCTION]: (event, context) => {
        workerRuns += 1;
        return worker.handler(event, context);
      },
    },
    { maximumRetryAttempts: 2 },
  );
  process.env.LAMBDA_ENDPOINT = lambda.endpoint;
  bridge = await serveOverApiGateway(handler);
  sim.setEventsUrl(bridge.url);
});

afterEach(() => sim.clearFaults());

afterAll(async () => {
  await lambda?.idle();
  await Promise.all([bridge?.stop(), lambda?.stop(), sim?.stop(), photos?.close(), dynamo?.stop()]);
  await model?.stop();
  process.env = savedEnv;
});

function reactionCalls(ts: string): string[] {
  return sim.calls.list(undefined, (c) => c.method.startsWith('reactions.') && c.args.timestamp === ts).map((c) => c.method);
}

test('a job whose second answer could not be posted runs again and posts only that one: each picture answered once', async () => {
  const files = [sim.registerFile({ path: testImage('parrot.jpg') }), sim.registerFile({ path: testImage('hot_dog.jpg') })];
  // Slack fails the hot dog's answer once.
  sim.failCalls({ method: 'chat.postMessage', error: 'internal_error', times: 1, where: (args) => String(args.text).startsWith('hot_dog.jpg') });
  const runsBefore = workerRuns;
  const posted = await sim.userPosts({ files });
  expect(posted.deliveries.map((d) => d.status)).toEqual([200]);
  await lambda.idle();

  expect(workerRuns - runsBefore).toBe(2);
  expect(sim.answersTo(posted.channel, posted.ts).map((a) => String(a.args.text))).toEqual([
    expect.stringMatching(/^parrot\.jpg: .*macaw/i),
    expect.stringMatching(/^hot_dog\.jpg: .*hot ?dog/i),
  ]);
  // 👀 on and off in each run.
  expect(reactionCalls(posted.ts)).toEqual(['reactions.add', 'reactions.remove', 'reactions.add', 'reactions.remove']);
  expect(lambda.deadLetters).toEqual([]);
}, 60_000);

test('a job that keeps failing is tried three times, then lands in the dead-letter queue with its event; nothing is posted twice', async () => {
  const file = sim.registerFile({ path: testImage('coffee.png') });
  sim.failCalls({ method: 'chat.postMessage', error: 'fatal_error', where: (args) => /espresso/i.test(String(args.text)) });
  const runsBefore = workerRuns;
  const posted = await sim.userPosts({ files: [file] });
  expect(posted.deliveries.map((d) => d.status)).toEqual([200]);
  await lambda.idle();

  expect(workerRuns - runsBefore).toBe(3);
  expect(sim.answersTo(posted.channel, posted.ts)).toEqual([]);
  expect(lambda.deadLetters).toEqual([
    {
      requestContext: expect.objectContaining({ condition: 'RetriesExhausted', approximateInvokeCount: 3 }),
      requestPayload: { [SLACK_JOB_MARKER]: 1, envelope: posted.envelopes[0] },
      responsePayload: { errorType: 'Error', errorMessage: expect.stringContaining(posted.envelopes[0].event_id) },
    },
  ]);
  expect(reactionCalls(posted.ts)).toEqual(['reactions.add', 'reactions.remove', 'reactions.add', 'reactions.remove', 'reactions.add', 'reactions.remove']);
}, 60_000);

test('a warm-up invocation loads the model and says nothing in Slack', async () => {
  const callsBefore = sim.calls.list().length;
  await expect(workerHandler({ [WARM_UP_MARKER]: 1 }, lambdaContext(WORKER_FUNCTION, 99))).resolves.toBeUndefined();
  expect(sim.calls.list().length).toBe(callsBefore);
});
