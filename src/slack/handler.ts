/**
 * Lambda entry point of the Slack receiver (serverless.yml: `slackEvents`, route POST
 * /slack/events). Built from the environment on the first invocation and kept for the warm ones.
 * Imports nothing that loads the model: see receiver.ts.
 */
import type { AwsEvent, AwsResponse } from '@slack/bolt/dist/receivers/AwsLambdaReceiver';
import type { Context } from 'aws-lambda';
import { errorFields, log } from '../inference/without-model';
import { slackEventsConfigFromEnv } from './config';
import { createDynamoDbClient, dynamoDbPersistence } from './dedupe-dispatcher';
import { createLambdaClient, WorkerInvokeDispatcher } from './hand-over';
import { createSlackReceiver, type SlackReceiverHandler } from './receiver';

let built: SlackReceiverHandler | undefined;

function build(): SlackReceiverHandler {
  const config = slackEventsConfigFromEnv();
  return createSlackReceiver({
    config,
    persistence: dynamoDbPersistence(config.idempotency.table, createDynamoDbClient(config.region, config.idempotency.endpoint)),
    handOver: new WorkerInvokeDispatcher(createLambdaClient(config.region, config.worker.endpoint), config.worker.functionName),
  });
}

export async function handler(event: AwsEvent, context: Context): Promise<AwsResponse> {
  try {
    built ??= build();
  } catch (e) {
    // A configuration error, named in the log; Slack retries once the configuration is fixed.
    log('error', 'the Slack receiver is misconfigured', errorFields(e));
    return { statusCode: 500, body: '' };
  }
  return built(event, context);
}
