/**
 * Lambda entry point of the Slack events function (serverless.yml: `src/slack/handler.handler`,
 * route POST /slack/events). Everything is built from the environment and the Slack secrets on the
 * first invocation and kept for the warm ones — until a secret changes (rotated in SSM), when it
 * is built again around the new value.
 */
import type { AwsEvent, AwsResponse } from '@slack/bolt/dist/receivers/AwsLambdaReceiver';
import type { Context } from 'aws-lambda';
import { errorFields, getInference, log } from '../inference';
import { parseSlackEventsConfig } from './config';
import { dynamoDbPersistence } from './dedupe-dispatcher';
import { createSlackEventsHandler, type SlackEventsHandler } from './events-handler';
import { createLambdaClient, isSlackJobInvocation, SelfInvokeDispatcher, type SlackJobInvocation } from './self-invoke';
import { slackSecret, type SecretReader } from './slack-secrets';

interface Secrets {
  signingSecret: string;
  botToken: string;
}

let readers: { signingSecret: SecretReader; botToken: SecretReader } | undefined;
let built: { secrets: Secrets; handler: SlackEventsHandler } | undefined;

async function current(): Promise<SlackEventsHandler> {
  readers ??= { signingSecret: slackSecret('signingSecret'), botToken: slackSecret('botToken') };
  let secrets: Secrets;
  try {
    secrets = { signingSecret: await readers.signingSecret(), botToken: await readers.botToken() };
  } catch (e) {
    if (built === undefined) throw e;
    // SSM unreachable when the cached values expired: the last values beat dropping the work.
    log('warn', 'could not refresh the Slack secrets; using the ones read before', errorFields(e));
    return built.handler;
  }
  if (built === undefined || built.secrets.signingSecret !== secrets.signingSecret || built.secrets.botToken !== secrets.botToken) {
    built = { secrets, handler: build(secrets) };
  }
  return built.handler;
}

function build(secrets: Secrets): SlackEventsHandler {
  // The secrets join the other settings where the parser expects them, so one check covers both.
  const config = parseSlackEventsConfig({ ...process.env, SLACK_SIGNING_SECRET: secrets.signingSecret, SLACK_BOT_TOKEN: secrets.botToken });
  const lambda = createLambdaClient(config.region, config.selfInvoke.endpoint);
  return createSlackEventsHandler({
    config,
    inference: getInference(),
    persistence: dynamoDbPersistence(config.idempotency.table, config.region, config.idempotency.endpoint),
    handOver: () => new SelfInvokeDispatcher(lambda, config.selfInvoke.functionName),
  });
}

export async function handler(event: AwsEvent | SlackJobInvocation, context: Context): Promise<AwsResponse | undefined> {
  let handle: SlackEventsHandler;
  try {
    handle = await current();
  } catch (e) {
    // A configuration error or an unreadable secret, named in the log. A job must not throw (see
    // worker.ts); a request answered 500 is retried by Slack once the problem is fixed.
    log('error', 'the Slack function is misconfigured', errorFields(e));
    return isSlackJobInvocation(event) ? undefined : { statusCode: 500, body: '' };
  }
  return handle(event, context);
}
