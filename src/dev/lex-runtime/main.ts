/**
 * `npm run lex:local`: the local Lex V2 runtime on http://127.0.0.1:$LEX_PORT (default 4010).
 *
 * The fulfilment function runs in this process (model from MODEL_BUCKET + S3_ENDPOINT, or the
 * build folder from `npm run model:prepare`), or — with LAMBDA_ENDPOINT and LEX_FUNCTION_NAME —
 * under serverless-offline, reached through the Lambda invoke API as Lex reaches it.
 */
import { answerHelp } from '../command-line';
import { httpUrlSetting, portSetting } from '../../inference/settings';
import { lexConfigFromEnv } from '../../lex/config';
import { createLexCodeHook } from '../../lex/fulfilment';
import { getInference } from '../../inference';
import { InProcessCodeHook, LambdaInvokeCodeHook, type CodeHookFunction } from './code-hook-function';
import { startLexRuntime } from './server';

interface RuntimeSettings {
  port: number;
  host: string;
  lambda?: { endpoint: string; functionName: string; region?: string };
}

function settingsFromEnv(env: NodeJS.ProcessEnv): RuntimeSettings {
  const port = portSetting(env, 'LEX_PORT', 4010, { allowZero: true });
  const host = env.LEX_HOST?.trim() || '127.0.0.1';
  const endpoint = httpUrlSetting(env, 'LAMBDA_ENDPOINT', 'http://127.0.0.1:3002');
  if (!endpoint) return { port, host };
  const functionName = env.LEX_FUNCTION_NAME?.trim();
  if (!functionName) throw new Error('LEX_FUNCTION_NAME is required with LAMBDA_ENDPOINT (serverless-offline names it <service>-<stage>-<function>, e.g. whatsthat-dev-lexFulfilment)');
  return { port, host, lambda: { endpoint, functionName, region: env.AWS_REGION } };
}

async function main(): Promise<void> {
  const settings = settingsFromEnv(process.env);
  let fulfilment: CodeHookFunction;
  if (settings.lambda) {
    fulfilment = new LambdaInvokeCodeHook(settings.lambda);
  } else {
    const inference = getInference();
    fulfilment = new InProcessCodeHook(createLexCodeHook({ inference, config: lexConfigFromEnv() }));
    // Load the model now, so the first question is not also the cold start. A failed load is
    // retried on the next question, which meanwhile gets the "model didn't load" sentence.
    await inference.warmUp().catch((e: unknown) => console.warn(`model not loaded yet: ${e instanceof Error ? e.message : String(e)}`));
  }
  const runtime = await startLexRuntime({ port: settings.port, host: settings.host, fulfilment });
  const locales = runtime.bot.locales.map((l) => l.localeId).join(', ');
  console.log(`Lex V2 runtime for bot ${runtime.bot.name} (${locales}) listening on ${runtime.endpoint}; fulfilment: ${fulfilment.description}`);
  console.log(`Talk to it: LEX_ENDPOINT=${runtime.endpoint} npm run ask -- "what's in https://…/picture.jpg"`);
  const stop = (): void => {
    runtime.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

const USAGE = `usage: npm run lex:local

The local Lex V2 runtime on http://127.0.0.1:LEX_PORT (4010). The fulfilment function runs in this
process (model from MODEL_BUCKET + S3_ENDPOINT, or the build folder of npm run model:prepare), or,
with LAMBDA_ENDPOINT and LEX_FUNCTION_NAME, under serverless-offline through the Lambda invoke API.
Talk to it with: npm run ask -- "what's in https://…/picture.jpg"`;

answerHelp(USAGE);
main().catch((e: unknown) => {
  console.error(`lex runtime failed to start: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
