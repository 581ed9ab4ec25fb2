/**
 * Slack redelivers an event (same `event_id`, `X-Slack-Retry-Num` 1…3) when it did not see a 2xx
 * in 3 seconds — possibly while the first delivery is still being handled, possibly by another
 * Lambda instance. The check sits at dispatch time, in front of the hand-over: a redelivery then
 * never starts a second job, and the record in the shared table is written while Slack's first
 * request is still open. (Checking in the worker instead would let two jobs start and race, and
 * would need a second invocation for every retry just to discard it.)
 *
 * If the hand-over fails, powertools deletes the record and the request answers 500, so Slack's
 * retry gets another chance: nothing is lost and nothing is doubled.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { IdempotencyAlreadyInProgressError, IdempotencyConfig, makeIdempotent } from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import type { BasePersistenceLayer } from '@aws-lambda-powertools/idempotency/persistence';
import type { Context } from 'aws-lambda';
import { countMetric } from '../inference/metrics';
import type { DispatchResult, Dispatcher, SlackJob } from './dispatcher';
import { sdkTimeouts } from './sdk-timeouts';

/** Slack's last retry comes about 5 minutes after the first delivery; keep ids well beyond that. */
const REMEMBER_EVENT_IDS_SECONDS = 60 * 60;

export interface DedupeDispatcher extends Dispatcher {
  /** Lets an interrupted hand-over expire with the invocation instead of blocking retries for an hour. */
  registerLambdaContext(context: Context): void;
}

/** `persistence` must be used by this dispatcher only (one persistence layer per idempotent function). */
export function dedupeDispatcher(inner: Dispatcher, persistence: BasePersistenceLayer): DedupeDispatcher {
  const config = new IdempotencyConfig({
    eventKeyJmesPath: 'envelope.event_id',
    // Without it a missing key would silently skip the check.
    throwOnNoIdempotencyKey: true,
    expiresAfterSeconds: REMEMBER_EVENT_IDS_SECONDS,
    responseHook: () => 'duplicate',
  });
  const dispatchOnce = makeIdempotent(
    async (job: SlackJob): Promise<DispatchResult> => inner.dispatch(job),
    // A fixed prefix: keys do not change when the function is renamed or run under serverless-offline.
    { persistenceStore: persistence, config, keyPrefix: 'slack-event' },
  );
  return {
    async dispatch(job) {
      let result: DispatchResult;
      try {
        result = (await dispatchOnce(job)) as DispatchResult;
      } catch (e) {
        if (!(e instanceof IdempotencyAlreadyInProgressError)) throw e;
        result = 'duplicate';
      }
      if (result === 'duplicate') countMetric('DedupeHits');
      return result;
    },
    registerLambdaContext(context) {
      config.registerLambdaContext(context);
    },
  };
}

/** The idempotency table: IDEMPOTENCY_TABLE, string partition key `id`, TTL on `expiration`. */
export function dynamoDbPersistence(tableName: string, client: DynamoDBClient): DynamoDBPersistenceLayer {
  return new DynamoDBPersistenceLayer({ tableName, awsSdkV3Client: client });
}

/** One client per process, shared by the persistence layers of one table. */
export function createDynamoDbClient(region: string, endpoint: string | undefined): DynamoDBClient {
  return new DynamoDBClient({
    region,
    // Locally (dynalite) any credentials do; deployed, the function's role signs the requests.
    ...(endpoint !== undefined ? { endpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } : {}),
    ...sdkTimeouts,
  });
}
