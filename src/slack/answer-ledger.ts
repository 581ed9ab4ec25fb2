/**
 * What a job has posted, per item, so a job that Lambda runs again (after a crash, a timeout or a
 * failed post) answers only what is still unanswered — never an item twice. Deployed, the record
 * lives in the idempotency table (Powertools idempotency, key `slack-answer#<hash of event id and
 * item>`, TTL on `expiration`): "in progress" while an item is being answered, expiring with the
 * invocation that claimed it, "completed" once its reply is in the thread. A claimed item whose
 * invocation died is free again when that invocation's time is up.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { IdempotencyAlreadyInProgressError, IdempotencyConfig, makeIdempotent } from '@aws-lambda-powertools/idempotency';
import type { BasePersistenceLayer } from '@aws-lambda-powertools/idempotency/persistence';
import type { Context } from 'aws-lambda';
import { dynamoDbPersistence } from './dedupe-dispatcher';

/**
 * `posted`: done now; `posted-before`: an earlier run did it; `in-progress`: another run is doing
 * it right now (and Lambda retries that run if it dies).
 */
export type LedgerOutcome = 'posted' | 'posted-before' | 'in-progress';

export interface AnswerLedger {
  /** Runs `post` unless `key` is done or being done; a `post` that throws leaves `key` undone. */
  once(key: string, post: () => Promise<void>): Promise<LedgerOutcome>;
}

export interface LambdaAnswerLedger extends AnswerLedger {
  /** Claims expire with the invocation, so a retry can take over what a dead run left. */
  registerLambdaContext(context: Context): void;
}

/**
 * Lambda's retries of an asynchronous invocation come within maximumEventAge (serverless.yml:
 * one hour); records outlive it.
 */
const REMEMBER_ANSWERS_SECONDS = 2 * 60 * 60;

/** `persistence` must be used by this ledger only (one persistence layer per idempotent function). */
export function persistentAnswerLedger(persistence: BasePersistenceLayer): LambdaAnswerLedger {
  const config = new IdempotencyConfig({
    eventKeyJmesPath: 'key',
    throwOnNoIdempotencyKey: true,
    expiresAfterSeconds: REMEMBER_ANSWERS_SECONDS,
    responseHook: () => 'posted-before',
  });
  const postOnce = makeIdempotent(
    async (_item: { key: string }, post: () => Promise<void>): Promise<LedgerOutcome> => {
      await post();
      return 'posted';
    },
    { persistenceStore: persistence, config, keyPrefix: 'slack-answer' },
  );
  return {
    async once(key, post) {
      try {
        return (await postOnce({ key }, post)) as LedgerOutcome;
      } catch (e) {
        if (e instanceof IdempotencyAlreadyInProgressError) return 'in-progress';
        throw e;
      }
    },
    registerLambdaContext(context) {
      config.registerLambdaContext(context);
    },
  };
}

export function dynamoDbAnswerLedger(tableName: string, client: DynamoDBClient): LambdaAnswerLedger {
  return persistentAnswerLedger(dynamoDbPersistence(tableName, client));
}

/** One process that remembers for itself: Socket Mode and the in-process stack of the tests. */
export function inMemoryAnswerLedger(): AnswerLedger {
  const done = new Set<string>();
  const running = new Set<string>();
  return {
    async once(key, post) {
      if (done.has(key)) return 'posted-before';
      if (running.has(key)) return 'in-progress';
      running.add(key);
      try {
        await post();
        done.add(key);
        return 'posted';
      } finally {
        running.delete(key);
      }
    },
  };
}
