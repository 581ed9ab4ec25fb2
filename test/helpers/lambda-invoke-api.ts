/**
 * Lambda's Invoke API on the wire, serving the functions a test names: `POST
 * /2015-03-31/functions/{FunctionName}/invocations` with the payload as the body.
 * `X-Amz-Invocation-Type: Event` is answered 202 at once and the function runs afterwards, as
 * Lambda's event queue (and serverless-offline) do; otherwise (RequestResponse, the default) the
 * answer is the function's result, or a function error (200 with X-Amz-Function-Error) when it throws.
 *
 * An asynchronous invocation that throws is run again up to `maximumRetryAttempts` times (as the
 * function's EventInvokeConfig says; 0 by default), then its on-failure record — Lambda's
 * documented destination format — goes to `deadLetters`, standing in for the SQS queue.
 */
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Context } from 'aws-lambda';
import { readRequestText } from '../../src/dev/http-body';
import { lambdaContext } from './lambda-context';

/** What a function does with an invocation: its result, or it throws (a function error). */
export type LambdaFunction = (event: unknown, context: Context) => Promise<unknown>;

export interface Invocation {
  functionName: string;
  /** X-Amz-Invocation-Type as sent; absent means RequestResponse. */
  invocationType: string | undefined;
  payload: unknown;
}

/** What Lambda sends to an on-failure destination (the parts tests read). */
export interface OnFailureRecord {
  requestContext: { functionArn: string; condition: 'RetriesExhausted'; approximateInvokeCount: number };
  requestPayload: unknown;
  responsePayload: { errorType: string; errorMessage: string };
}

export interface LambdaInvokeApiOptions {
  maximumRetryAttempts?: number;
  /** Makes every request hang without an answer, as an unreachable endpoint does. */
  hang?: boolean;
}

export interface LambdaInvokeApi {
  /** What LAMBDA_ENDPOINT must be. */
  endpoint: string;
  /** Every invocation accepted, in order of arrival. */
  invocations: Invocation[];
  /** Jobs that failed after every retry: what the on-failure destination (the DLQ) received. */
  deadLetters: OnFailureRecord[];
  /** Makes the next requests hang without an answer (an endpoint that accepts and never replies). */
  hang(value: boolean): void;
  /** Makes the next invocations fail as Lambda does when the caller lacks lambda:InvokeFunction. */
  denyInvocations(deny: boolean): void;
  /** Resolves when every asynchronous invocation accepted so far has run. */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

const INVOKE_PATH = /^\/2015-03-31\/functions\/([^/?]+)\/invocations$/;

export async function startLambdaInvokeApi(functions: Record<string, LambdaFunction>, options: LambdaInvokeApiOptions = {}): Promise<LambdaInvokeApi> {
  const invocations: Invocation[] = [];
  const deadLetters: OnFailureRecord[] = [];
  const running = new Set<Promise<unknown>>();
  let deny = false;
  let hang = options.hang ?? false;

  /** Lambda's event queue: run, and on a function error run again, then give up to the destination. */
  async function runAsynchronously(functionName: string, run: LambdaFunction, payload: unknown): Promise<void> {
    const attempts = 1 + (options.maximumRetryAttempts ?? 0);
    let last: Error | undefined;
    for (let attempt = 1; attempt <= attempts; attempt += 1) {
      const context = lambdaContext(functionName, invocations.length + attempt);
      try {
        await run(payload, context);
        return;
      } catch (e) {
        last = e instanceof Error ? e : new Error(String(e));
      }
    }
    deadLetters.push({
      requestContext: { functionArn: `arn:aws:lambda:us-east-1:000000000000:function:${functionName}:$LATEST`, condition: 'RetriesExhausted', approximateInvokeCount: attempts },
      requestPayload: payload,
      responsePayload: { errorType: last?.name ?? 'Error', errorMessage: last?.message ?? '' },
    });
  }

  const server = createServer((req, res) => {
    if (hang) return;
    void readRequestText(req).then(async (body) => {
      const name = INVOKE_PATH.exec(req.url ?? '')?.[1];
      if (req.method !== 'POST' || name === undefined) return sendError(res, 404, 'UnknownOperationException', `Unknown operation ${req.method} ${req.url}`);
      const functionName = decodeURIComponent(name);
      const run = Object.hasOwn(functions, functionName) ? functions[functionName] : undefined;
      if (run === undefined) return sendError(res, 404, 'ResourceNotFoundException', `Function not found: ${functionName}`);
      if (deny) return sendError(res, 403, 'AccessDeniedException', `not authorized to perform: lambda:InvokeFunction on ${functionName}`);
      let payload: unknown;
      try {
        payload = JSON.parse(body || 'null');
      } catch {
        return sendError(res, 400, 'InvalidRequestContentException', 'Could not parse request body into json');
      }
      const invocationType = req.headers['x-amz-invocation-type'] as string | undefined;
      invocations.push({ functionName, invocationType, payload });
      const context = lambdaContext(functionName, invocations.length);

      if (invocationType === 'Event') {
        res.writeHead(202, { 'x-amzn-requestid': context.awsRequestId }).end();
        const done = new Promise<void>((resolve) => setImmediate(resolve)).then(() => runAsynchronously(functionName, run, payload));
        running.add(done);
        void done.finally(() => running.delete(done));
        return;
      }
      const headers = { 'content-type': 'application/json', 'x-amzn-requestid': context.awsRequestId, 'x-amz-executed-version': '$LATEST' };
      try {
        const result = await run(payload, context);
        res.writeHead(200, headers).end(JSON.stringify(result ?? null));
      } catch (e) {
        const error = e instanceof Error ? e : new Error(String(e));
        res.writeHead(200, { ...headers, 'x-amz-function-error': 'Unhandled' }).end(JSON.stringify({ errorType: error.name, errorMessage: error.message }));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    endpoint: `http://127.0.0.1:${port}`,
    invocations,
    deadLetters,
    hang(value) {
      hang = value;
    },
    denyInvocations(value) {
      deny = value;
    },
    async idle() {
      while (running.size > 0) await Promise.all([...running]);
    },
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The Lambda service's own refusals: the error type in x-amzn-errortype, the message in the body. */
function sendError(res: ServerResponse, status: number, errorType: string, message: string): void {
  res.writeHead(status, { 'content-type': 'application/json', 'x-amzn-errortype': errorType }).end(JSON.stringify({ Type: 'User', message }));
}
