/**
 * Every wait has a deadline. The 3-second path: a DynamoDB or a Lambda endpoint that accepts and
 * never answers makes the real receiver answer 500 before Slack gives up (so Slack delivers the
 * event again), and the redelivery goes through. The job: pictures that do not fit in the time
 * left get one "ran out of time" reply; a Retry-After longer than the time left gets a clear
 * "try again" instead of a wait; a short one is waited out; 👀 is removed every time.
 */
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { startSlackSimulator, type SlackSimulator } from '../../src/dev/slack-simulator/simulator';
import { createIdempotencyTable, startLocalDynamoDb, type LocalDynamoDb } from '../../src/dev/local-dynamodb';
import { outOfTimeAnswer, rateLimitedAnswer } from '../../src/slack/budget-answers';
import { createDynamoDbClient, dynamoDbPersistence } from '../../src/slack/dedupe-dispatcher';
import type { DispatchResult, Dispatcher, SlackJob } from '../../src/slack/dispatcher';
import { createLambdaClient, WorkerInvokeDispatcher } from '../../src/slack/hand-over';
import { createSlackReceiver } from '../../src/slack/receiver';
import { testImage } from '../helpers/paths';
import { startLambdaInvokeApi, type LambdaInvokeApi } from '../helpers/lambda-invoke-api';
import { serveOverApiGateway, type Bridge } from './helpers/api-gateway-bridge';
import { BOT_TOKEN, SIGNING_SECRET, startModelFixture, startSlackStack, type ModelFixture, type SlackStack } from './helpers/slack-stack';

process.env.LOG_LEVEL = 'error';

/** Slack's own limit for an acknowledgement. */
const SLACK_WAITS_MS = 3_000;
const TABLE = 'whatsthat-deadline-test';

/** A TCP endpoint that accepts connections and never says a word. */
async function startSilentEndpoint(): Promise<{ endpoint: string; stop(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    stop: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

class RecordingHandOver implements Dispatcher {
  readonly jobs: SlackJob[] = [];
  dispatch(job: SlackJob): Promise<DispatchResult> {
    this.jobs.push(job);
    return Promise.resolve('dispatched');
  }
}

describe("Slack's 3-second path", () => {
  let sim: SlackSimulator;
  let dynamo: LocalDynamoDb;
  const stops: Array<() => Promise<void>> = [];
  const config = { botToken: BOT_TOKEN, signingSecret: SIGNING_SECRET, imageChannels: new Set<string>(), botIdentity: { botUserId: 'U0BOT0001', botId: 'B0BOT0001' } };

  beforeAll(async () => {
    sim = await startSlackSimulator({ botToken: BOT_TOKEN, signingSecret: SIGNING_SECRET });
    dynamo = await startLocalDynamoDb();
    await createIdempotencyTable(dynamo.endpoint, TABLE);
  });
  afterAll(async () => {
    for (const stop of stops) await stop();
    await Promise.all([sim?.stop(), dynamo?.stop()]);
  });

  async function serve(handler: Parameters<typeof serveOverApiGateway>[0]): Promise<Bridge> {
    const bridge = await serveOverApiGateway(handler);
    stops.push(bridge.stop);
    sim.setEventsUrl(bridge.url);
    return bridge;
  }

  test('DynamoDB accepting and never answering: 500 before Slack gives up, and nothing handed over', async () => {
    const silent = await startSilentEndpoint();
    stops.push(silent.stop);
    const handOver = new RecordingHandOver();
    await serve(createSlackReceiver({ config: { ...config, apiUrl: sim.apiUrl }, persistence: dynamoDbPersistence(TABLE, createDynamoDbClient('us-east-1', silent.endpoint)), handOver }));

    const started = performance.now();
    const posted = await sim.userPosts({ files: [sim.registerFile({ path: testImage('parrot.jpg') })] });
    expect(posted.deliveries.map((d) => d.status)).toEqual([500]);
    expect(performance.now() - started).toBeLessThan(SLACK_WAITS_MS);
    expect(handOver.jobs).toEqual([]);
  });

  test("Lambda's invoke API accepting and never answering: 500 before Slack gives up; Slack's redelivery is handed over", async () => {
    const worker: LambdaInvokeApi = await startLambdaInvokeApi({ 'whatsthat-test-slackWorker': async () => undefined }, { hang: true });
    stops.push(worker.stop);
    await serve(
      createSlackReceiver({
        config: { ...config, apiUrl: sim.apiUrl },
        persistence: dynamoDbPersistence(TABLE, createDynamoDbClient('us-east-1', dynamo.endpoint)),
        handOver: new WorkerInvokeDispatcher(createLambdaClient('us-east-1', worker.endpoint), 'whatsthat-test-slackWorker'),
      }),
    );

    const started = performance.now();
    const posted = await sim.userPosts({ files: [sim.registerFile({ path: testImage('parrot.jpg') })] });
    expect(posted.deliveries.map((d) => d.status)).toEqual([500]);
    expect(performance.now() - started).toBeLessThan(SLACK_WAITS_MS);

    // The timed-out hand-over left no event-id record behind, so the redelivery is not a "duplicate".
    worker.hang(false);
    const retry = await sim.postEvent(posted.envelopes[0], { retryNum: 1 });
    expect(retry.status).toBe(200);
    await worker.idle();
    expect(worker.invocations.map((i) => (i.payload as SlackJob).envelope.event_id)).toEqual([posted.envelopes[0].event_id]);
  });
});

describe("a job's time budget", () => {
  let model: ModelFixture;
  let roomy: SlackStack;
  let tight: SlackStack;

  beforeAll(async () => {
    model = await startModelFixture();
    roomy = await startSlackStack({ model, jobBudgetMs: 20_000 });
    // 5.5 s: 2.5 s for pictures once the end reserve (3 s) is kept back.
    tight = await startSlackStack({ model, jobBudgetMs: 5_500 });
  });
  afterEach(() => {
    roomy.gate.open();
    tight.gate.open();
    roomy.sim.clearFaults();
  });
  afterAll(async () => {
    await roomy?.idle();
    await tight?.idle();
    await roomy?.stop();
    await tight?.stop();
    await model?.stop();
  });

  test('pictures that no longer fit get one "ran out of time" reply, and 👀 is removed', async () => {
    const { sim } = tight;
    const pdf = sim.registerFile({ bytes: Buffer.from('%PDF-1.4\n'), name: 'notes.pdf' });
    const pictures = [sim.registerFile({ path: testImage('parrot.jpg') }), sim.registerFile({ path: testImage('coffee.png') })];
    // The first picture's description never finishes within the budget.
    const held = tight.gate.hold();
    const posted = await sim.userPosts({ files: [pdf, ...pictures] });
    expect(posted.deliveries.map((d) => d.status)).toEqual([200]);

    const answers = await sim.waitUntilAnswered(posted.channel, posted.ts, { timeoutMs: 15_000 });
    held.release();
    expect(answers.map((a) => String(a.args.text))).toEqual([expect.stringMatching(/^notes\.pdf: /), outOfTimeAnswer(2).text]);
    expect(outOfTimeAnswer(2).text).toBe('I ran out of time for 2 pictures — send them again.');
  }, 20_000);

  test("a Retry-After longer than the time left: no waiting, a clear \"try again\" in the thread, and 👀 removed", async () => {
    const { sim } = roomy;
    const file = sim.registerFile({ path: testImage('parrot.jpg') });
    sim.failCalls({ method: 'chat.postMessage', retryAfterSeconds: 40, times: 1 });
    const started = performance.now();
    const posted = await sim.userPosts({ files: [file] });

    const answers = await sim.waitUntilAnswered(posted.channel, posted.ts, { timeoutMs: 20_000 });
    expect(answers.map((a) => String(a.args.text))).toEqual([rateLimitedAnswer().text]);
    // The rate-limited answer was attempted first, and never waited for: 40 s is past the budget.
    expect(sim.calls.list('chat.postMessage', (c) => c.args.thread_ts === posted.ts).map((c) => c.response.error ?? 'ok')).toEqual(['ratelimited', 'ok']);
    expect(performance.now() - started).toBeLessThan(20_000);
  }, 30_000);

  test('a Retry-After that fits in the time left is waited out, and the answer is posted once', async () => {
    const { sim } = roomy;
    const file = sim.registerFile({ path: testImage('coffee.png') });
    sim.failCalls({ method: 'chat.postMessage', retryAfterSeconds: 1, times: 1 });
    const posted = await sim.userPosts({ files: [file] });

    const answers = await sim.waitUntilAnswered(posted.channel, posted.ts, { timeoutMs: 20_000 });
    expect(answers.map((a) => String(a.args.text))).toEqual([expect.stringMatching(/espresso/i)]);
    expect(sim.calls.list('chat.postMessage', (c) => c.args.thread_ts === posted.ts).map((c) => c.response.error ?? 'ok')).toEqual(['ratelimited', 'ok']);
  }, 30_000);
});
