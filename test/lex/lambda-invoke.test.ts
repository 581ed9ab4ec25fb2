/**
 * The runtime reaching the fulfilment function through the Lambda invoke API, as it does under
 * serverless-offline. The Lambda service is mocked on the wire (Invoke: POST
 * /2015-03-31/functions/{name}/invocations, the payload as body, X-Amz-Function-Error on a
 * function error); behind it runs the real code hook.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { LexRuntimeV2Client, RecognizeTextCommand } from '@aws-sdk/client-lex-runtime-v2';
import { LambdaInvokeCodeHook } from '../../src/dev/lex-runtime/code-hook-function';
import { startLexRuntime } from '../../src/dev/lex-runtime/server';
import { createLexCodeHook, type ImageDescriber } from '../../src/lex/fulfilment';
import type { CodeHookEvent } from '../../src/lex/lex-types';
import { REPLY } from '../../src/lex/replies';

const FUNCTION_NAME = 'whatsthat-dev-lexFulfilment';

describe('LambdaInvokeCodeHook against the Lambda invoke API', () => {
  let lambda: http.Server;
  let lambdaEndpoint: string;
  const invocations: Array<{ path: string; invocationType?: string }> = [];
  // No picture is described here: the model's path is covered by the in-process tests.
  const unused: ImageDescriber = { describeImageSource: () => Promise.reject(new Error('not used')) };
  const hook = createLexCodeHook({ inference: unused, config: { timeBudgetMs: 25_000, reserveMs: 1_000 }, log: () => undefined });

  beforeAll(async () => {
    lambda = http.createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      invocations.push({ path: req.url ?? '', invocationType: req.headers['x-amz-invocation-type'] as string | undefined });
      const match = /^\/2015-03-31\/functions\/([^/]+)\/invocations$/.exec(req.url ?? '');
      if (req.method !== 'POST' || !match || decodeURIComponent(match[1]) !== FUNCTION_NAME) {
        res.writeHead(404, { 'content-type': 'application/json', 'x-amzn-errortype': 'ResourceNotFoundException' });
        res.end(JSON.stringify({ Type: 'User', message: `Function not found: ${match?.[1]}` }));
        return;
      }
      const event = JSON.parse(Buffer.concat(chunks).toString('utf8')) as CodeHookEvent;
      if (event.inputTranscript === 'crash') {
        res.writeHead(200, { 'content-type': 'application/json', 'x-amz-function-error': 'Unhandled', 'x-amz-executed-version': '$LATEST' });
        res.end(JSON.stringify({ errorType: 'Error', errorMessage: 'the function crashed' }));
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json', 'x-amz-executed-version': '$LATEST' });
      res.end(JSON.stringify(await hook(event)));
    });
    await new Promise<void>((resolve) => lambda.listen(0, '127.0.0.1', resolve));
    lambdaEndpoint = `http://127.0.0.1:${(lambda.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => lambda.close(() => resolve()));
  });

  async function withRuntime(functionName: string, body: (lex: LexRuntimeV2Client) => Promise<void>): Promise<void> {
    const fulfilment = new LambdaInvokeCodeHook({ endpoint: lambdaEndpoint, functionName });
    const runtime = await startLexRuntime({ fulfilment });
    const lex = new LexRuntimeV2Client({ endpoint: runtime.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts: 1 });
    try {
      await body(lex);
    } finally {
      lex.destroy();
      fulfilment.close();
      await runtime.stop();
    }
  }

  const send = (lex: LexRuntimeV2Client, text: string) =>
    lex.send(new RecognizeTextCommand({ botId: 'B', botAliasId: 'A', localeId: 'en_US', sessionId: 'via-lambda', text }));

  test('a turn goes through Invoke (RequestResponse) to the function and its answer comes back', async () => {
    await withRuntime(FUNCTION_NAME, async (lex) => {
      invocations.length = 0;
      const response = await send(lex, 'what can you do');
      expect(response.messages).toEqual([{ contentType: 'PlainText', content: REPLY.help }]);
      expect(invocations).toEqual([{ path: `/2015-03-31/functions/${FUNCTION_NAME}/invocations`, invocationType: 'RequestResponse' }]);
    });
  });

  test('a function error or a missing function fails the turn with DependencyFailedException', async () => {
    await withRuntime(FUNCTION_NAME, async (lex) => {
      await expect(send(lex, 'crash')).rejects.toMatchObject({ name: 'DependencyFailedException', message: expect.stringContaining('the function crashed') });
      // The runtime keeps serving.
      expect((await send(lex, 'help')).messages?.[0]?.content).toBe(REPLY.help);
    });
    await withRuntime('no-such-function', async (lex) => {
      await expect(send(lex, 'help')).rejects.toMatchObject({ name: 'DependencyFailedException', message: expect.stringContaining('no-such-function') });
    });
  });
});
