import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AwsEventV1, AwsResponse } from '@slack/bolt/dist/receivers/AwsLambdaReceiver';
import type { Context } from 'aws-lambda';
import { readRequestText } from '../../../src/dev/http-body';
import { lambdaContext } from '../../helpers/lambda-context';

/** The name the handler's Lambda context carries. */
const FUNCTION_NAME = 'whatsthat-dev-slackEvents';

export type ApiGatewayHandler = (event: AwsEventV1, context: Context) => Promise<AwsResponse | undefined>;

export interface Bridge {
  /** http://127.0.0.1:port/slack/events */
  url: string;
  stop(): Promise<void>;
}

/**
 * What API Gateway does in front of the function, in miniature: each HTTP request becomes the
 * event of wire-formats.md §4.8, the handler's answer becomes the HTTP response. The body is
 * passed on byte for byte, so signatures are checked over exactly what was sent.
 */
export async function serveOverApiGateway(handler: ApiGatewayHandler, path = '/slack/events'): Promise<Bridge> {
  let requests = 0;
  const server = createServer((req, res) => {
    void (async () => {
      const body = await readRequestText(req);
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      if (req.method !== 'POST' || url.pathname !== path) {
        res.writeHead(404, { 'content-type': 'application/json' }).end('{"message":"Not Found"}');
        return;
      }
      requests += 1;
      const event: AwsEventV1 = {
        httpMethod: 'POST',
        path,
        resource: path,
        headers: headersOf(req),
        multiValueHeaders: {},
        queryStringParameters: null,
        multiValueQueryStringParameters: null,
        pathParameters: null,
        stageVariables: null,
        requestContext: { requestId: `bridge-${requests}`, httpMethod: 'POST', path },
        isBase64Encoded: false,
        body,
      };
      try {
        const answer = await handler(event, lambdaContext(FUNCTION_NAME, requests));
        if (answer === undefined) throw new Error('the handler returned nothing to an HTTP request');
        res.writeHead(answer.statusCode, stringHeaders(answer.headers)).end(answer.body);
      } catch (e) {
        // API Gateway's answer when the function itself fails.
        res.writeHead(502, { 'content-type': 'application/json' }).end(JSON.stringify({ message: 'Internal Server Error', error: String(e) }));
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${path}`,
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function headersOf(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (let i = 0; i < req.rawHeaders.length; i += 2) headers[req.rawHeaders[i]] = req.rawHeaders[i + 1];
  return headers;
}

function stringHeaders(headers: AwsResponse['headers']): Record<string, string> {
  return Object.fromEntries(Object.entries(headers ?? {}).map(([k, v]) => [k, String(v)]));
}
