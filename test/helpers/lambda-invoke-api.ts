/**
 * Lambda's Invoke API on the wire, serving the functions a test names: `POST
 * /2015-03-31/functions/{FunctionName}/invocations` with the payload as the body.
 * `X-Amz-Invocation-Type: Event` is answered 202 at once and the function runs afterwards, as
 * Lambda's event queue (and serverless-offline) do; otherwise (RequestResponse, the default) the
 * answer is the function's result, or a function error (200 with X-Amz-Function-Error) when it throws.
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

export interface LambdaInvokeApi {
  /** What LAMBDA_ENDPOINT must be. */
  endpoint: string;
  /** Every invocation accepted, in order of arrival. */
  invocations: Invocation[];
  /** Makes the next invocations fail as Lambda does when the caller lacks lambda:InvokeFunction. */
  denyInvocations(deny: boolean): void;
  /** Resolves when every asynchronous invocation accepted so far has run. */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

const INVOKE_PATH = /^\/2015-03-31\/functions\/([^/?]+)\/invocations$/;

export async function startLambdaInvokeApi(functions: Record<string, LambdaFunction>): Promise<LambdaInvokeApi> {
  const invocations: Invocation[] = [];
  const running = new Set<Promise<unknown>>();
  let deny = false;

  const server = createServer((req, res) => {
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
        const done = new Promise<void>((resolve) => setImmediate(resolve)).then(() => run(payload, context));
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
