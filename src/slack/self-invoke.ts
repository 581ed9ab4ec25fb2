/**
 * In Lambda the work runs in a second, asynchronous invocation of the same function: the first
 * one answers Slack at once, and Lambda queues the event for the second (InvocationType Event
 * returns 202 as soon as the event is queued). serverless-offline implements the same API locally.
 */
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import type { DispatchResult, Dispatcher, SlackJob } from './dispatcher';

/** The property that tells the handler an invocation is a job, not an API Gateway request. */
export const SLACK_JOB_MARKER = 'whatsthatSlackJob';

export interface SlackJobInvocation extends SlackJob {
  [SLACK_JOB_MARKER]: 1;
}

export function isSlackJobInvocation(event: unknown): event is SlackJobInvocation {
  if (typeof event !== 'object' || event === null) return false;
  const e = event as Record<string, unknown>;
  // API Gateway events carry headers; a job never does, so a request body can never pose as one.
  return e[SLACK_JOB_MARKER] === 1 && !('headers' in e) && typeof e.envelope === 'object' && e.envelope !== null;
}

export class SelfInvokeDispatcher implements Dispatcher {
  constructor(
    private readonly lambda: Pick<LambdaClient, 'send'>,
    private readonly functionName: string,
  ) {}

  async dispatch(job: SlackJob): Promise<DispatchResult> {
    const invocation: SlackJobInvocation = { [SLACK_JOB_MARKER]: 1, envelope: job.envelope };
    const out = await this.lambda.send(
      new InvokeCommand({ FunctionName: this.functionName, InvocationType: 'Event', Payload: Buffer.from(JSON.stringify(invocation)) }),
    );
    if (out.StatusCode !== 202) throw new Error(`asynchronous invocation of ${this.functionName} answered ${out.StatusCode}, not 202`);
    return 'dispatched';
  }
}

/** Locally (LAMBDA_ENDPOINT set) the invoke API is serverless-offline's, which takes any credentials. */
export function createLambdaClient(region: string, endpoint: string | undefined): LambdaClient {
  return new LambdaClient({
    region,
    ...(endpoint !== undefined ? { endpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } : {}),
    maxAttempts: 2,
  });
}
