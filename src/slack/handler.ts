/**
 * Lambda entry point of the Slack receiver (serverless.yml: `slackEvents`, route POST
 * /slack/events). Built from the environment and the Slack secrets on the first invocation and
 * kept for the warm ones, until a secret is rotated. Imports nothing that loads the model: see
 * receiver.ts.
 */
import type { AwsEvent, AwsResponse } from '@slack/bolt/dist/receivers/AwsLambdaReceiver';
import type { Context } from 'aws-lambda';
import { errorFields, log } from '../inference/without-model';
import { builtWithSecrets } from './built-with-secrets';
import { parseSlackEventsConfig } from './config';
import { createDynamoDbClient, dynamoDbPersistence } from './dedupe-dispatcher';
import { createLambdaClient, WorkerInvokeDispatcher } from './hand-over';
import { createSlackReceiver, type SlackReceiverHandler } from './receiver';

// The bot token only for auth.test (who the bot is), unless SLACK_BOT_USER_ID/SLACK_BOT_ID say it.
const current = builtWithSecrets(['signingSecret', 'botToken'], (env): SlackReceiverHandler => {
  const config = parseSlackEventsConfig(env);
  return createSlackReceiver({
    config,
    persistence: dynamoDbPersistence(config.idempotency.table, createDynamoDbClient(config.region, config.idempotency.endpoint)),
    handOver: new WorkerInvokeDispatcher(createLambdaClient(config.region, config.worker.endpoint), config.worker.functionName),
  });
});

export async function handler(event: AwsEvent, context: Context): Promise<AwsResponse> {
  let handle: SlackReceiverHandler;
  try {
    handle = await current();
  } catch (e) {
    // A configuration error or an unreadable secret, named in the log; Slack retries once it is fixed.
    log('error', 'the Slack receiver is misconfigured', errorFields(e));
    return { statusCode: 500, body: '' };
  }
  return handle(event, context);
}
