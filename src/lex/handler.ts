/**
 * Lambda entry for the Lex V2 bot's code hook (dialog and fulfilment). The model is loaded once
 * per container by the shared inference instance and reused by every warm invocation.
 */
import { getInference } from '../inference';
import { lexConfigFromEnv } from './config';
import { createLexCodeHook } from './fulfilment';

export const handler = createLexCodeHook({ inference: getInference(), config: lexConfigFromEnv() });
