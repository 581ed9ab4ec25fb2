/**
 * Lambda entry for the Lex V2 bot's code hook (dialog and fulfilment). The model is loaded once
 * per container by the shared inference instance and reused by every warm invocation.
 */
import type { Context } from 'aws-lambda';
import { getInference } from '../inference';
import { logContext, publishMetrics } from '../inference/without-model';
import { lexConfigFromEnv } from './config';
import { createLexCodeHook } from './fulfilment';
import type { CodeHookEvent, CodeHookResponse } from './lex-types';

const inference = getInference();

// Start loading the model in Lambda's init phase; the first turn waits for the same load, and a
// failed load (already logged by the model store) is retried on the next turn.
if (process.env.AWS_LAMBDA_FUNCTION_NAME) inference.warmUp().catch(() => undefined);

const codeHook = createLexCodeHook({ inference, config: lexConfigFromEnv() });

/** Every log line of the turn carries the request id, cold start and the Lex session id. */
export async function handler(event: CodeHookEvent, context?: Context): Promise<CodeHookResponse> {
  logContext(context, { lex_session_id: event?.sessionId });
  try {
    return await codeHook(event, context);
  } finally {
    publishMetrics();
  }
}
