import { discardLocalS3, startLocalS3 } from '../../../src/dev/local-s3';
import { startSlackSimulator, type SlackSimulator } from '../../../src/dev/slack-simulator/simulator';
import { DEFAULT_MODEL, Inference, inferenceConfigFromEnv, type ImageDescription, type InferenceConfig } from '../../../src/inference';
import { DEFAULT_INTAKE_OPTIONS, type IntakeOptions } from '../../../src/inference/intake';
import type { SlackInference } from '../../../src/slack/answer-message';
import type { SlackConfig } from '../../../src/slack/config';
import { TimeBudget } from '../../../src/inference/deadline';
import { inMemoryAnswerLedger } from '../../../src/slack/answer-ledger';
import { botIdentitySource } from '../../../src/slack/bot-identity';
import { busyAnswer } from '../../../src/slack/budget-answers';
import { createDynamoDbClient, dynamoDbPersistence } from '../../../src/slack/dedupe-dispatcher';
import { InProcessDispatcher, type Dispatcher, type JobRunner } from '../../../src/slack/dispatcher';
import { createSlackReceiver, type SlackReceiverHandler } from '../../../src/slack/receiver';
import { createSlackWebClient } from '../../../src/slack/web-client';
import { createSlackWorker } from '../../../src/slack/worker';
import type { TestServer } from '../../intake/helpers';
import { publishDefaultModel, publishSceneModels } from '../../helpers/model';
import { startPhotoHost } from '../../helpers/photo-host';
import { serveOverApiGateway, type ApiGatewayHandler, type Bridge } from './api-gateway-bridge';
import { createIdempotencyTable, startLocalDynamoDb, type LocalDynamoDb } from '../../../src/dev/local-dynamodb';

export const BOT_TOKEN = 'xoxb-test-bot-token';
export const SIGNING_SECRET = 'test-signing-secret';
export const OPTED_IN_CHANNEL = 'C0OPTIN01';
const MODEL_BUCKET = 'whatsthat-models-slack-test';
const IDEMPOTENCY_TABLE = 'whatsthat-slack-events-test';

/** The real model, loaded once per test file and shared by every stack in it. */
export interface ModelFixture {
  s3Endpoint: string;
  prefix: string;
  /** Every model of the scene was published, not only the classifier. */
  scene: boolean;
  stop(): Promise<void>;
}

/** `scene`: every model of the scene (detector, experts, reader), as deployed; otherwise the classifier alone. */
export async function startModelFixture(opts: { scene?: boolean } = {}): Promise<ModelFixture> {
  const s3 = await startLocalS3();
  const scene = opts.scene === true;
  const published = scene ? await publishSceneModels(s3.endpoint, MODEL_BUCKET) : [await publishDefaultModel(s3.endpoint, MODEL_BUCKET)];
  const { prefix } = published.find((p) => p.prefix.includes(`/${DEFAULT_MODEL.name}/`)) ?? published[0];
  return {
    s3Endpoint: s3.endpoint,
    prefix,
    scene,
    async stop() {
      await discardLocalS3(s3);
    },
  };
}

export function modelInference(model: ModelFixture, intake: IntakeOptions): Inference {
  const config: InferenceConfig = model.scene
    ? inferenceConfigFromEnv({ MODEL_BUCKET, S3_ENDPOINT: model.s3Endpoint })
    : { model: { kind: 's3', bucket: MODEL_BUCKET, prefix: model.prefix, endpoint: model.s3Endpoint }, backend: 'wasm' };
  return Inference.fromConfig(config, intake);
}

/**
 * A test switch in front of the model: while held, `describeImage` waits, so a test can look at
 * the world between "the event was acknowledged" and "the answer was posted".
 */
export class InferenceGate {
  private held: { release: () => void; opened: Promise<void>; reached: Promise<void>; markReached: () => void } | undefined;

  hold(): { reached: Promise<void>; release: () => void } {
    let release!: () => void;
    let markReached!: () => void;
    const opened = new Promise<void>((resolve) => (release = resolve));
    const reached = new Promise<void>((resolve) => (markReached = resolve));
    this.held = { release, opened, reached, markReached };
    return {
      reached,
      release: () => {
        this.held = undefined;
        release();
      },
    };
  }

  /** Releases any hold; for afterEach, so a failing test cannot leave the model blocked. */
  open(): void {
    this.held?.release();
    this.held = undefined;
  }

  wrap(inference: Inference, adjust: DescriptionAdjuster = (d) => d): SlackInference {
    return {
      intake: inference.intake,
      readImageSource: (source, opts) => inference.readImageSource(source, opts),
      describeImage: async (bytes) => {
        const held = this.held;
        if (held !== undefined) {
          held.markReached();
          await held.opened;
        }
        return adjust(await inference.describeImage(bytes));
      },
    };
  }
}

export interface SlackStack {
  sim: SlackSimulator;
  photos: TestServer;
  gate: InferenceGate;
  config: SlackConfig & { signingSecret: string };
  /** Resolves when every job handed over so far has finished. */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

export interface SlackStackOptions {
  model: ModelFixture;
  /** The hand-over; the default runs jobs in this process (InProcessDispatcher), awaited by `idle()`. */
  handOver?: (runJob: JobRunner) => Dispatcher;
  /** Turns the assembled receiver into the function API Gateway calls (the default is the receiver itself). */
  expose?: (handler: SlackReceiverHandler) => ApiGatewayHandler;
  /** Each job's time budget (default 60 s, the worker function's timeout). */
  jobBudgetMs?: number;
  /** Changes every description the model makes (a test's stand-in for a model the module lacks). */
  adjustDescription?: DescriptionAdjuster;
}

export type DescriptionAdjuster = (description: ImageDescription) => ImageDescription;

/**
 * The Slack function as deployed, minus AWS: the real Bolt receiver behind a miniature API
 * Gateway, the simulator as Slack, dynalite as DynamoDB, s3rver serving the real model.
 */
export async function startSlackStack(opts: SlackStackOptions): Promise<SlackStack> {
  const photos = await startPhotoHost();
  const sim = await startSlackSimulator({ botToken: BOT_TOKEN, signingSecret: SIGNING_SECRET });
  const dynamo: LocalDynamoDb = await startLocalDynamoDb();
  await createIdempotencyTable(dynamo.endpoint, IDEMPOTENCY_TABLE);
  const gate = new InferenceGate();
  const inference = modelInference(opts.model, { ...DEFAULT_INTAKE_OPTIONS, allowHosts: [`127.0.0.1:${photos.port}`, sim.edgeHost] });
  const config = { botToken: BOT_TOKEN, signingSecret: SIGNING_SECRET, apiUrl: sim.apiUrl, imageChannels: new Set([OPTED_IN_CHANNEL]) };

  let jobs: InProcessDispatcher | undefined;
  const client = createSlackWebClient(config);
  const worker = createSlackWorker({ inference: gate.wrap(inference, opts.adjustDescription), config, client, identity: botIdentitySource(undefined, client, BOT_TOKEN) });
  const ledger = inMemoryAnswerLedger();
  const runJob: JobRunner = async (job) => {
    await worker(job, { budget: TimeBudget.of(opts.jobBudgetMs ?? 60_000), ledger });
  };
  const sayBusy: JobRunner = async (job) => {
    await client.chat.postMessage({ channel: job.envelope.event.channel, thread_ts: job.envelope.event.ts, text: busyAnswer().text });
  };
  const handler = createSlackReceiver({
    config,
    persistence: dynamoDbPersistence(IDEMPOTENCY_TABLE, createDynamoDbClient('us-east-1', dynamo.endpoint)),
    handOver: opts.handOver?.(runJob) ?? (jobs = new InProcessDispatcher(runJob, { concurrency: 2, maxWaiting: 50, onFull: sayBusy })),
  });
  const bridge: Bridge = await serveOverApiGateway(opts.expose ? opts.expose(handler) : handler);
  sim.setEventsUrl(bridge.url);

  return {
    sim,
    photos,
    gate,
    config,
    idle: () => jobs?.idle() ?? Promise.resolve(),
    async stop() {
      await Promise.all([bridge.stop(), sim.stop(), photos.close(), dynamo.stop(), inference.close()]);
    },
  };
}
