import { RecognizeTextCommand, type LexRuntimeV2Client, type Message, type RecognizeTextCommandOutput } from '@aws-sdk/client-lex-runtime-v2';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { errorFields, log, percent, statesConfidence } from '../inference';
import { IMAGE_ATTRIBUTE } from '../lex/bot-names';
import { readLastResult, readOutlines } from '../lex/last-result';
import { UPLOADS_PREFIX, type WebConfig } from './config';
import { errorResponse, jsonResponse } from './http-response';
import { jsonObjectBody } from './request-body';
import type { ChatMessage, ChatReply, Guess } from './web-api-types';

/** Lex V2's own limits: session ids of 2–100 of these characters, 1024 characters of text. */
const SESSION_ID = /^[0-9a-zA-Z._:-]{2,100}$/;
const MAX_TEXT = 1024;
/** API Gateway gives up after 30 s; Lex itself waits up to 30 s for the code hook. */
const LEX_TURN_TIMEOUT_MS = 27_000;

const UNAVAILABLE = "I can't reach the part of me that talks right now. Please try again in a moment.";

/**
 * POST /chat `{"sessionId","text","imageUrl"?}` → one RecognizeText turn with the stack's bot.
 * The function is the trusted client of the Lex fulfilment: it passes `imageUrl` on only when it
 * names a picture in its own uploads bucket, so the page cannot make the bot read other objects.
 */
export async function chatRoute(event: APIGatewayProxyEvent, lex: LexRuntimeV2Client, config: Pick<WebConfig, 'lex' | 'uploadsBucket'>): Promise<APIGatewayProxyResult> {
  const request = jsonObjectBody(event, 8192);
  const sessionId = request?.sessionId;
  const text = typeof request?.text === 'string' ? request.text.trim() : '';
  const imageUrl = request?.imageUrl;
  if (typeof sessionId !== 'string' || !SESSION_ID.test(sessionId)) return errorResponse('bad_request', 'Send {"sessionId": "<2 to 100 letters, digits, . _ : ->", "text": "…"}.');
  if (text === '' || text.length > MAX_TEXT) return errorResponse('bad_request', `Say something (at most ${MAX_TEXT} characters).`);
  if (imageUrl !== undefined && !(typeof imageUrl === 'string' && isUploadReference(imageUrl, config.uploadsBucket))) {
    return errorResponse('bad_request', 'imageUrl must be the reference POST /uploads answered.');
  }
  let response: RecognizeTextCommandOutput;
  try {
    response = await lex.send(
      new RecognizeTextCommand({
        botId: config.lex.botId,
        botAliasId: config.lex.botAliasId,
        localeId: config.lex.localeId,
        sessionId,
        text,
        ...(imageUrl ? { requestAttributes: { [IMAGE_ATTRIBUTE]: imageUrl } } : {}),
      }),
      { abortSignal: AbortSignal.timeout(LEX_TURN_TIMEOUT_MS) },
    );
  } catch (e) {
    log('error', 'lex turn failed', { sessionId, ...errorFields(e) });
    return errorResponse('chat_unavailable', UNAVAILABLE);
  }
  return jsonResponse(200, chatReply(response));
}

export function isUploadReference(reference: string, bucket: string): boolean {
  const prefix = `s3://${bucket}/${UPLOADS_PREFIX}`;
  return reference.startsWith(prefix) && /^[0-9a-f-]{36}\.[a-z]{3,4}$/.test(reference.slice(prefix.length));
}

/** The page's view of a turn: Lex's messages, and the guesses when the turn described a picture. */
export function chatReply(response: Pick<RecognizeTextCommandOutput, 'messages' | 'sessionState'>): ChatReply {
  const messages = (response.messages ?? []).flatMap(chatMessage);
  // Every description ends with a card; other turns keep last turn's result in the session.
  const described = messages.some((m) => m.type === 'card');
  const attributes = response.sessionState?.sessionAttributes;
  const last = described ? readLastResult(attributes) : undefined;
  if (!last) return { messages };
  const objects = readOutlines(attributes);
  const guess = (g: { label: string; probability: number }): Guess => ({ label: g.label, probability: g.probability, percent: percent(g.probability) });
  // A lead taken from the detector's count or the reader's text has a score, not a confidence: no bar for it.
  const lead = statesConfidence(last) ? guess(last) : { label: last.label };
  return { messages, guesses: { ...lead, runnersUp: last.runnersUp.map(guess), ...(objects.length > 0 ? { objects } : {}) } };
}

function chatMessage(m: Message): ChatMessage[] {
  if (m.contentType === 'ImageResponseCard' && m.imageResponseCard) {
    const card = m.imageResponseCard;
    return [
      {
        type: 'card',
        title: card.title ?? '',
        ...(card.subtitle ? { subtitle: card.subtitle } : {}),
        ...(card.imageUrl ? { imageUrl: card.imageUrl } : {}),
        buttons: (card.buttons ?? []).map((b) => ({ text: b.text ?? '', value: b.value ?? '' })),
      },
    ];
  }
  return m.content ? [{ type: 'text', text: m.content }] : [];
}
