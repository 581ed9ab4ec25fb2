/**
 * The Lex V2 runtime API on the wire (REST-JSON), as `@aws-sdk/client-lex-runtime-v2` sends and
 * reads it (../shared/docs/wire-formats.md §3). Differs from the code-hook format in one place:
 * `nluConfidence` is `{ score }` here.
 */
import type { ActiveContext, DialogAction, Intent, Message } from '../../lex/lex-types';

export interface RuntimeSessionState {
  dialogAction?: DialogAction;
  intent?: Intent;
  activeContexts?: ActiveContext[];
  sessionAttributes?: Record<string, string>;
  originatingRequestId?: string;
  runtimeHints?: unknown;
}

/** POST /bots/{botId}/botAliases/{botAliasId}/botLocales/{localeId}/sessions/{sessionId}/text */
export interface RecognizeTextRequest {
  text: string;
  sessionState?: RuntimeSessionState;
  requestAttributes?: Record<string, string>;
}

export interface RuntimeInterpretation {
  intent: Intent;
  nluConfidence?: { score: number };
  interpretationSource: 'Lex';
}

export interface RecognizeTextResponse {
  sessionId: string;
  messages?: Message[];
  sessionState: RuntimeSessionState;
  interpretations: RuntimeInterpretation[];
  requestAttributes?: Record<string, string>;
}

/** GET …/sessions/{sessionId} */
export interface GetSessionResponse {
  sessionId: string;
  messages: Message[];
  interpretations: RuntimeInterpretation[];
  sessionState: RuntimeSessionState;
}

/**
 * POST …/sessions/{sessionId}. The response has no JSON body: messages, session state and
 * request attributes come back gzip-compressed and base64-encoded in x-amz-lex-* headers.
 */
export interface PutSessionRequest {
  sessionState: RuntimeSessionState;
  messages?: Message[];
  requestAttributes?: Record<string, string>;
}

/** DELETE …/sessions/{sessionId} */
export interface DeleteSessionResponse {
  botId: string;
  botAliasId: string;
  localeId: string;
  sessionId: string;
}
