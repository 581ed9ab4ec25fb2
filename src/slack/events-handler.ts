/**
 * The Slack events function, assembled from its parts so tests can pass their own inference and
 * hand-over. One function, two kinds of invocation:
 *   - API Gateway → Bolt's AwsLambdaReceiver: verify the signature, acknowledge, hand over;
 *   - a job (our own asynchronous invocation, marked with SLACK_JOB_MARKER) → the worker.
 */
import type { BasePersistenceLayer } from '@aws-lambda-powertools/idempotency/persistence';
import { AwsLambdaReceiver, LogLevel } from '@slack/bolt';
import type { AwsEvent, AwsResponse } from '@slack/bolt/dist/receivers/AwsLambdaReceiver';
import type { Context } from 'aws-lambda';
import type { SlackInference } from './answer-message';
import { botIdentitySource } from './bot-identity';
import type { SlackConfig } from './config';
import { dedupeDispatcher } from './dedupe-dispatcher';
import type { Dispatcher, JobRunner } from './dispatcher';
import { errorFields, log } from '../inference';
import { isSlackJobInvocation, type SlackJobInvocation } from './self-invoke';
import { createSlackApp } from './slack-app';
import { createSlackWebClient } from './web-client';
import { createSlackWorker } from './worker';

export interface SlackEventsHandlerDeps {
  config: SlackConfig & { signingSecret: string };
  inference: SlackInference;
  /** The hand-over to the worker: a self-invocation in Lambda, the worker itself in-process. */
  handOver: (runJob: JobRunner) => Dispatcher;
  /** The event-id store; used by this handler only. */
  persistence: BasePersistenceLayer;
  logLevel?: LogLevel;
}

export type SlackEventsHandler = (event: AwsEvent | SlackJobInvocation, context: Context) => Promise<AwsResponse | undefined>;

export function createSlackEventsHandler(deps: SlackEventsHandlerDeps): SlackEventsHandler {
  const client = createSlackWebClient(deps.config);
  const identity = botIdentitySource(deps.config.botIdentity, client, deps.config.botToken);
  const runJob = createSlackWorker({ inference: deps.inference, config: deps.config, client, identity });
  const dispatcher = dedupeDispatcher(deps.handOver(runJob), deps.persistence);
  const receiver = new AwsLambdaReceiver({ signingSecret: deps.config.signingSecret, logLevel: deps.logLevel ?? LogLevel.INFO });
  createSlackApp({ config: deps.config, receiver, dispatcher, identity, logLevel: deps.logLevel });
  const receive = receiver.toHandler();

  return async (event, context) => {
    if (isSlackJobInvocation(event)) {
      await runJob(event);
      return undefined;
    }
    if (typeof context?.getRemainingTimeInMillis === 'function') dispatcher.registerLambdaContext(context);
    try {
      // Bolt acknowledges (200) and drops an event whose authorisation failed; without our
      // identity we would rather answer 500, so that Slack delivers the event again.
      await identity.get();
    } catch (e) {
      log('error', 'cannot learn the bot identity (auth.test)', errorFields(e));
      return { statusCode: 500, body: '' };
    }
    return receive(event, context);
  };
}
