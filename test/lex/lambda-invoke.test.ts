/**
 * The runtime reaching the fulfilment function through the Lambda invoke API, as it does under
 * serverless-offline. The Lambda service is mocked on the wire (Invoke: POST
 * /2015-03-31/functions/{name}/invocations, the payload as body, X-Amz-Function-Error on a
 * function error); behind it runs the real code hook.
 */
import { LexRuntimeV2Client, RecognizeTextCommand } from '@aws-sdk/client-lex-runtime-v2';
import { LambdaInvokeCodeHook } from '../../src/dev/lex-runtime/code-hook-function';
import { startLexRuntime } from '../../src/dev/lex-runtime/server';
import { createLexCodeHook, type ImageDescriber } from '../../src/lex/fulfilment';
import type { CodeHookEvent } from '../../src/lex/lex-types';
import { REPLY } from '../../src/lex/replies';
import { startLambdaInvokeApi, type LambdaInvokeApi } from '../helpers/lambda-invoke-api';

const FUNCTION_NAME = 'whatsthat-dev-lexFulfilment';

describe('LambdaInvokeCodeHook against the Lambda invoke API', () => {
  let lambda: LambdaInvokeApi;
  // No picture is described here: the model's path is covered by the in-process tests.
  const unused: ImageDescriber = { describeImageSource: () => Promise.reject(new Error('not used')) };
  const hook = createLexCodeHook({ inference: unused, config: { timeBudgetMs: 25_000, reserveMs: 1_000, trustedS3Buckets: [] }, log: () => undefined });

  beforeAll(async () => {
    lambda = await startLambdaInvokeApi({
      [FUNCTION_NAME]: async (event) => {
        if ((event as CodeHookEvent).inputTranscript === 'crash') throw new Error('the function crashed');
        return hook(event as CodeHookEvent);
      },
    });
  });
  afterAll(async () => {
    await lambda?.stop();
  });

  async function withRuntime(functionName: string, body: (lex: LexRuntimeV2Client) => Promise<void>): Promise<void> {
    const fulfilment = new LambdaInvokeCodeHook({ endpoint: lambda.endpoint, functionName });
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
      const before = lambda.invocations.length;
      const response = await send(lex, 'what can you do');
      expect(response.messages).toEqual([{ contentType: 'PlainText', content: REPLY.help }]);
      expect(lambda.invocations.slice(before)).toEqual([{ functionName: FUNCTION_NAME, invocationType: 'RequestResponse', payload: expect.objectContaining({ inputTranscript: 'what can you do' }) }]);
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
