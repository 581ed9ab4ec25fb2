/**
 * Lambda entry point of the Slack events function (serverless.yml: `src/slack/handler.handler`,
 * route POST /slack/events). Everything is built from the environment on the first invocation and
 * kept for the warm ones.
 */
import type { AwsEvent, AwsResponse } from '@slack/bolt/dist/receivers/AwsLambdaReceiver';
import type { Context } from 'aws-lambda';
import { errorFields, getInference, log } from '../inference';
import { slackEventsConfigFromEnv } from './config';
import { dynamoDbPersistence } from './dedupe-dispatcher';
import { createSlackEventsHandler, type SlackEventsHandler } from './events-handler';
import { createLambdaClient, isSlackJobInvocation, SelfInvokeDispatcher, type SlackJobInvocation } from './self-invoke';

let built: SlackEventsHandler | undefined;

function build(): SlackEventsHandler {
  const config = slackEventsConfigFromEnv();
  const lambda = createLambdaClient(config.region, config.selfInvoke.endpoint);
  return createSlackEventsHandler({
    config,
    inference: getInference(),
    persistence: dynamoDbPersistence(config.idempotency.table, config.region, config.idempotency.endpoint),
    handOver: () => new SelfInvokeDispatcher(lambda, config.selfInvoke.functionName),
  });
}

export async function handler(event: AwsEvent | SlackJobInvocation, context: Context): Promise<AwsResponse | undefined> {
  try {
    built ??= build();
  } catch (e) {
    // A configuration error, named in the log. A job must not throw (see worker.ts); a request
    // answered 500 is retried by Slack once the configuration is fixed.
    log('error', 'the Slack function is misconfigured', errorFields(e));
    return isSlackJobInvocation(event) ? undefined : { statusCode: 500, body: '' };
  }
  return built(event, context);
}
