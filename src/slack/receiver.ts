/**
 * The Slack receiver: what answers POST /slack/events within Slack's 3 seconds. Bolt's
 * AwsLambdaReceiver verifies the signature, the listeners decide (planAnswer) and hand the event
 * over once (event id remembered in DynamoDB); the worker function does the work. Nothing here
 * loads the model, TF.js or sharp (test/slack/receiver-bundle.test.ts checks the bundle), so a
 * cold receiver acknowledges well within Slack's 3 seconds.
 *
 * The whole acknowledgement has a deadline (ACK_BUDGET_MS, or less if the invocation has less
 * left): a DynamoDB or Lambda call that hangs makes it answer 500 in time, and Slack delivers the
 * event again. The hand-over has the same deadline minus a reserve, inside the dedupe check, so a
 * hand-over that timed out deletes its event-id record and Slack's redelivery is not taken for a
 * duplicate. (Should the timed-out hand-over have reached Lambda after all, the worker's answer
 * ledger keeps the second job from answering again.)
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { BasePersistenceLayer } from '@aws-lambda-powertools/idempotency/persistence';
import { AwsLambdaReceiver, LogLevel } from '@slack/bolt';
import type { AwsEvent, AwsResponse } from '@slack/bolt/dist/receivers/AwsLambdaReceiver';
import type { Context } from 'aws-lambda';
import { countMetric, errorFields, latencyMetric, log, logContext, publishMetrics, TimeBudget, withDeadline } from '../inference/without-model';
import { boltLogger } from './bolt-logger';
import { botIdentitySource } from './bot-identity';
import type { SlackConfig } from './config';
import { dedupeDispatcher } from './dedupe-dispatcher';
import type { Dispatcher } from './dispatcher';
import { createSlackApp } from './slack-app';
import { createSlackWebClient } from './web-client';

/** Slack gives up after 3 s; the rest is the network between Slack and the function. */
export const ACK_BUDGET_MS = 2_000;
/** Kept back from the hand-over for deleting the event-id record and answering. */
const HAND_OVER_RESERVE_MS = 300;

export interface SlackReceiverDeps {
  config: SlackConfig & { signingSecret: string };
  /** The hand-over to the worker: the worker function's invocation in Lambda, the worker itself in-process. */
  handOver: Dispatcher;
  /** The event-id store; used by this receiver only. */
  persistence: BasePersistenceLayer;
  logLevel?: LogLevel;
  ackBudgetMs?: number;
}

export type SlackReceiverHandler = (event: AwsEvent, context: Context) => Promise<AwsResponse>;

const RETRY_LATER: AwsResponse = { statusCode: 500, body: '' };

export function createSlackReceiver(deps: SlackReceiverDeps): SlackReceiverHandler {
  const client = createSlackWebClient(deps.config);
  const identity = botIdentitySource(deps.config.botIdentity, client, deps.config.botToken);
  const requestBudget = new AsyncLocalStorage<TimeBudget>();
  const ackBudgetMs = deps.ackBudgetMs ?? ACK_BUDGET_MS;
  const handOver: Dispatcher = {
    dispatch(job) {
      const budget = (requestBudget.getStore() ?? TimeBudget.of(ackBudgetMs)).keepBack(HAND_OVER_RESERVE_MS);
      return withDeadline(deps.handOver.dispatch(job), budget.remaining(), 'handing the event over');
    },
  };
  const dispatcher = dedupeDispatcher(handOver, deps.persistence);
  const receiver = new AwsLambdaReceiver({ signingSecret: deps.config.signingSecret, logger: boltLogger(), logLevel: deps.logLevel ?? LogLevel.INFO });
  createSlackApp({ config: deps.config, receiver, dispatcher, identity, logLevel: deps.logLevel });
  const receive = receiver.toHandler();

  return async (event, context) => {
    const started = performance.now();
    const hasContext = typeof context?.getRemainingTimeInMillis === 'function';
    const budget = TimeBudget.of(hasContext ? Math.min(ackBudgetMs, context.getRemainingTimeInMillis() - 100) : ackBudgetMs);
    logContext(context, { slack_event_id: eventIdOf(event) });
    if (hasContext) dispatcher.registerLambdaContext(context);
    try {
      try {
        // Bolt acknowledges (200) and drops an event whose authorisation failed; without our
        // identity we would rather answer 500, so that Slack delivers the event again.
        await withDeadline(identity.get(), budget.remaining(), 'auth.test');
      } catch (e) {
        log('error', 'cannot learn the bot identity (auth.test)', errorFields(e));
        return RETRY_LATER;
      }
      try {
        const response = await withDeadline(
          requestBudget.run(budget, () => receive(event, context)),
          budget.remaining(),
          'acknowledging the event',
        );
        latencyMetric('AckTime', performance.now() - started);
        return response;
      } catch (e) {
        countMetric('HandOverFailures');
        log('error', 'event not acknowledged in time; answering 500 so Slack delivers it again', errorFields(e));
        return RETRY_LATER;
      }
    } finally {
      publishMetrics();
    }
  };
}

/** For the log lines only; Bolt parses and verifies the body itself. */
function eventIdOf(event: AwsEvent): string | undefined {
  if (event.isBase64Encoded || typeof event.body !== 'string' || !event.body.startsWith('{')) return undefined;
  try {
    const id = (JSON.parse(event.body) as { event_id?: unknown }).event_id;
    return typeof id === 'string' ? id : undefined;
  } catch {
    return undefined;
  }
}
