/**
 * Lambda entry for the Lex V2 bot's code hook (dialog and fulfilment). The model is loaded once
 * per container by the shared inference instance and reused by every warm invocation.
 */
import { getInference } from '../inference';
import { lexConfigFromEnv } from './config';
import { createLexCodeHook } from './fulfilment';

const inference = getInference();

// Start loading the model in Lambda's init phase; the first turn waits for the same load, and a
// failed load (already logged by the model store) is retried on the next turn.
if (process.env.AWS_LAMBDA_FUNCTION_NAME) inference.warmUp().catch(() => undefined);

export const handler = createLexCodeHook({ inference, config: lexConfigFromEnv() });
