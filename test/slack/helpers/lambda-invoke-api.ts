import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Context } from 'aws-lambda';
import { lambdaContext } from './api-gateway-bridge';

export interface Invocation {
  functionName: string;
  invocationType: string;
  payload: unknown;
}

export interface LambdaInvokeApi {
  /** The endpoint for LAMBDA_ENDPOINT. */
  url: string;
  invocations: Invocation[];
  /** Makes the next invocations fail as Lambda does when the caller lacks lambda:InvokeFunction. */
  denyInvocations(deny: boolean): void;
  /** Resolves when every asynchronous invocation accepted so far has run. */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Lambda's Invoke API on the wire (POST /2015-03-31/functions/{name}/invocations), as
 * serverless-offline offers it locally: `X-Amz-Invocation-Type: Event` is answered 202 at once
 * and the function runs afterwards, with the payload as its event.
 */
export async function startLambdaInvokeApi(run: (event: unknown, context: Context) => Promise<unknown>): Promise<LambdaInvokeApi> {
  const invocations: Invocation[] = [];
  const running = new Set<Promise<unknown>>();
  let deny = false;
  const server = createServer((req, res) => {
    void readBody(req).then((body) => {
      const functionName = decodeURIComponent(/^\/2015-03-31\/functions\/([^/]+)\/invocations$/.exec(req.url ?? '')?.[1] ?? '');
      if (functionName === '' || req.method !== 'POST') {
        res.writeHead(404, { 'x-amzn-errortype': 'ResourceNotFoundException' }).end('{"message":"not found"}');
        return;
      }
      if (deny) {
        res
          .writeHead(403, { 'content-type': 'application/json', 'x-amzn-errortype': 'AccessDeniedException' })
          .end(JSON.stringify({ message: `not authorized to perform: lambda:InvokeFunction on ${functionName}` }));
        return;
      }
      const invocationType = String(req.headers['x-amz-invocation-type'] ?? 'RequestResponse');
      const payload: unknown = JSON.parse(body || 'null');
      invocations.push({ functionName, invocationType, payload });
      if (invocationType === 'Event') {
        res.writeHead(202, { 'x-amzn-requestid': `invoke-${invocations.length}` }).end();
        const done = new Promise<void>((resolve) => setImmediate(resolve)).then(() => run(payload, lambdaContext(invocations.length)));
        running.add(done);
        void done.finally(() => running.delete(done));
        return;
      }
      void run(payload, lambdaContext(invocations.length)).then((result) => {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(result ?? null));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
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

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
