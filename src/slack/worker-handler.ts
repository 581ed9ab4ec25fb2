/**
 * Lambda entry point of the Slack worker (serverless.yml: `slackWorker`), invoked asynchronously
 * by the receiver with one accepted event. It loads the model (at init, so the first job finds it
 * loading or loaded), answers within the invocation's remaining time, and remembers per item
 * what it posted. A job that could not post every reply throws: Lambda runs it again
 * (maximumRetryAttempts) and the ledger keeps it from answering anything twice; a job that still
 * fails goes to the dead-letter queue (the on-failure destination) where the alarm sees it.
 */
import type { Context } from 'aws-lambda';
import { getInference } from '../inference';
import { log, logContext, publishMetrics, TimeBudget } from '../inference/without-model';
import { dynamoDbAnswerLedger, type LambdaAnswerLedger } from './answer-ledger';
import { botIdentitySource } from './bot-identity';
import { builtWithSecrets } from './built-with-secrets';
import { parseSlackWorkerConfig } from './config';
import { createDynamoDbClient } from './dedupe-dispatcher';
import { isSlackJobInvocation, isWarmUpInvocation } from './hand-over';
import { createSlackWebClient } from './web-client';
import { Slots } from './slots';
import { createSlackWorker, type SlackWorker } from './worker';

/** Kept back from the invocation's time for writing the metrics and returning. */
const RETURN_RESERVE_MS = 1_000;
/**
 * Jobs answered at once by one process. In Lambda a process has one invocation at a time, so this
 * never waits; where several share a process (serverless-offline's useInProcess, the local
 * stack) it plays the reserved concurrency Lambda would apply, so a burst of jobs queues instead
 * of decoding forty pictures at once, each holding its buffers until the last one is answered.
 */
const JOBS_AT_ONCE = 2;

interface Built {
  worker: SlackWorker;
  ledger: LambdaAnswerLedger;
}

const jobSlots = new Slots(JOBS_AT_ONCE);

const current = builtWithSecrets(['botToken'], (env): Built => {
  const config = parseSlackWorkerConfig(env);
  const client = createSlackWebClient(config);
  const inference = getInference();
  return {
    worker: createSlackWorker({ inference, config, client, identity: botIdentitySource(config.botIdentity, client, config.botToken) }),
    ledger: dynamoDbAnswerLedger(config.idempotency.table, createDynamoDbClient(config.region, config.idempotency.endpoint)),
  };
});

// Start loading the model in Lambda's init phase; a failed load is retried by the first job.
if (process.env.AWS_LAMBDA_FUNCTION_NAME) getInference().warmUp().catch(() => undefined);

export async function handler(event: unknown, context: Context): Promise<void> {
  if (isWarmUpInvocation(event)) {
    await getInference().warmUp();
    return;
  }
  if (!isSlackJobInvocation(event)) {
    // Running it again would not make it a job.
    log('error', 'the Slack worker was invoked with something that is not a job', { keys: Object.keys(event ?? {}).slice(0, 10) });
    return;
  }
  const eventId = event.envelope.event_id;
  logContext(context, { slack_event_id: eventId });
  // A configuration error or an unreadable secret throws here: the job is retried and lands in the
  // dead-letter queue, from where it can be sent again once the configuration is fixed.
  const { worker, ledger } = await current();
  ledger.registerLambdaContext(context);
  const budget = TimeBudget.of(context.getRemainingTimeInMillis() - RETURN_RESERVE_MS);
  const outcome = await jobSlots.run(() => worker(event, { budget, ledger }));
  publishMetrics();
  if (outcome === 'complete') return;
  if (process.env.IS_OFFLINE === 'true') {
    // serverless-offline does not retry asynchronous invocations, and a rejection would crash it.
    log('error', 'job incomplete; serverless-offline does not run it again', { event_id: eventId });
    return;
  }
  throw new Error(`Slack event ${eventId} was answered in part; Lambda runs the job again`);
}

