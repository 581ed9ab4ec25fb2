/**
 * The hand-over from the receiver to the worker: an asynchronous invocation of the worker
 * function (InvocationType Event answers 202 as soon as Lambda has queued the event). Lambda's
 * event queue then owns the job: it retries a failed or timed-out job (maximumRetryAttempts in
 * serverless.yml) and sends one that keeps failing to the dead-letter queue. serverless-offline
 * implements the same API locally.
 */
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import type { DispatchResult, Dispatcher, SlackJob } from './dispatcher';
import { sdkTimeouts } from './sdk-timeouts';

/** The property that tells the worker an invocation is a job handed over by the receiver. */
export const SLACK_JOB_MARKER = 'whatsthatSlackJob';

export interface SlackJobInvocation extends SlackJob {
  [SLACK_JOB_MARKER]: 1;
}

export function isSlackJobInvocation(event: unknown): event is SlackJobInvocation {
  if (typeof event !== 'object' || event === null) return false;
  const e = event as Record<string, unknown>;
  // API Gateway events carry headers; a job never does.
  return e[SLACK_JOB_MARKER] === 1 && !('headers' in e) && typeof e.envelope === 'object' && e.envelope !== null;
}

/**
 * `{"whatsthatWarmUp": 1}`: the worker loads its code and the model, and answers nothing. Lambda
 * does that in its init phase; serverless-offline only at the first invocation, which would stall
 * the first burst of events (`npm start` sends this before it says `ready`).
 */
export const WARM_UP_MARKER = 'whatsthatWarmUp';

export function isWarmUpInvocation(event: unknown): boolean {
  return typeof event === 'object' && event !== null && (event as Record<string, unknown>)[WARM_UP_MARKER] === 1;
}

export class WorkerInvokeDispatcher implements Dispatcher {
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
    ...sdkTimeouts,
  });
}
