/**
 * A stand-in for the Lambda Invoke API that accepts asynchronous invocations and keeps them, so
 * the test can deliver each one to the function itself, as Lambda's event queue would. The wire
 * is the documented one: `POST /2015-03-31/functions/{FunctionName}/invocations` with
 * `X-Amz-Invocation-Type: Event` → 202 and an empty body.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedInvocation {
  functionName: string;
  payload: unknown;
}

export interface LambdaInvokeRecorder {
  /** What the function's LAMBDA_ENDPOINT must be. */
  endpoint: string;
  invocations: RecordedInvocation[];
  /** The next invocation not yet taken, once it has arrived. */
  next(opts?: { timeoutMs?: number }): Promise<RecordedInvocation>;
  stop(): Promise<void>;
}

const INVOKE_PATH = /^\/2015-03-31\/functions\/([^/]+)\/invocations$/;

export async function startLambdaInvokeRecorder(): Promise<LambdaInvokeRecorder> {
  const invocations: RecordedInvocation[] = [];
  let taken = 0;
  let arrived: () => void = () => undefined;

  const server = createServer((req, res) => {
    void readBody(req).then((body) => {
      const name = INVOKE_PATH.exec(new URL(req.url ?? '/', 'http://127.0.0.1').pathname)?.[1];
      const requestId = `recorded-${invocations.length + 1}`;
      if (req.method !== 'POST' || name === undefined) {
        res.writeHead(404, { 'content-type': 'application/json', 'x-amzn-errortype': 'UnknownOperationException' }).end('{"message":"Unknown operation"}');
        return;
      }
      if (req.headers['x-amz-invocation-type'] !== 'Event') {
        // Only the asynchronous hand-over is expected of the function; anything else is a finding.
        res
          .writeHead(400, { 'content-type': 'application/json', 'x-amzn-errortype': 'InvalidParameterValueException', 'x-amzn-requestid': requestId })
          .end(JSON.stringify({ Type: 'User', message: `this stand-in takes only Event invocations, not ${req.headers['x-amz-invocation-type'] ?? 'RequestResponse'}` }));
        return;
      }
      invocations.push({ functionName: decodeURIComponent(name), payload: JSON.parse(body) as unknown });
      res.writeHead(202, { 'x-amzn-requestid': requestId }).end();
      arrived();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    endpoint: `http://127.0.0.1:${port}`,
    invocations,
    async next(opts = {}) {
      const deadline = Date.now() + (opts.timeoutMs ?? 30_000);
      while (invocations.length <= taken) {
        const remaining = deadline - Date.now();
        if (remaining <= 0) throw new Error(`no asynchronous invocation arrived (${invocations.length} so far)`);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, remaining);
          arrived = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
      return invocations[taken++];
    },
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
