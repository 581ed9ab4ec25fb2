/**
 * The runtime operations (RecognizeText, GetSession, PutSession, DeleteSession) for the one bot
 * in `bots/`, whatever bot and alias id the client names. Requests are checked as Lex checks
 * them; bad ones fail with ValidationException.
 */
import type { BotDefinition, LocaleDefinition } from '../../lex/bot-definition/model';
import { findLocale } from '../../lex/bot-definition/model';
import type { Message } from '../../lex/lex-types';
import type { CodeHookFunction } from './code-hook-function';
import { notFound, validation } from './runtime-errors';
import type { DeleteSessionResponse, GetSessionResponse, PutSessionRequest, RecognizeTextRequest, RecognizeTextResponse, RuntimeSessionState } from './runtime-api-types';
import { SessionStore, type Session } from './sessions';
import { runTurn } from './turn';

export interface SessionPath {
  botId: string;
  botAliasId: string;
  localeId: string;
  sessionId: string;
}

export interface LexRuntimeOptions {
  bot: BotDefinition;
  fulfilment: CodeHookFunction;
  /** How long Lex waits for the function. */
  codeHookTimeoutMs?: number;
  /** Clock for idle timeouts (tests move it forward). */
  now?: () => number;
}

/** Lex waits 30 s for a code hook. */
export const LEX_CODE_HOOK_TIMEOUT_MS = 30_000;
const SESSION_ID = /^[0-9a-zA-Z._:-]{2,100}$/;
const MAX_TEXT = 1024;

export class LexRuntime {
  private readonly sessions: SessionStore;
  /** One turn at a time per session, as a conversation is sequential. */
  private readonly turns = new Map<string, Promise<unknown>>();

  constructor(private readonly options: LexRuntimeOptions) {
    this.sessions = new SessionStore(options.bot.idleSessionTTLInSeconds * 1000, options.now);
  }

  async recognizeText(path: SessionPath, body: unknown): Promise<RecognizeTextResponse> {
    const locale = this.locale(path);
    const request = parseRecognizeText(body);
    const key = sessionKey(path);
    return this.serialised(key, async () => {
      const session = this.sessions.get(key) ?? newSession(path.sessionId);
      applyClientState(session, request.sessionState);
      const response = await runTurn(
        {
          bot: this.options.bot,
          locale,
          botId: path.botId,
          botAliasId: path.botAliasId,
          fulfilment: this.options.fulfilment,
          codeHookTimeoutMs: this.options.codeHookTimeoutMs ?? LEX_CODE_HOOK_TIMEOUT_MS,
        },
        session,
        { text: request.text, requestAttributes: request.requestAttributes },
      );
      this.sessions.put(key, session);
      return response;
    });
  }

  getSession(path: SessionPath): GetSessionResponse {
    this.locale(path);
    const session = this.sessions.get(sessionKey(path));
    if (!session) throw notFound(`Session ${path.sessionId} not found for bot ${path.botId} alias ${path.botAliasId} locale ${path.localeId}`);
    return { sessionId: session.sessionId, messages: session.messages, interpretations: session.interpretations, sessionState: session.state };
  }

  putSession(path: SessionPath, body: unknown): { sessionId: string; messages: Message[]; sessionState: RuntimeSessionState; requestAttributes?: Record<string, string> } {
    const locale = this.locale(path);
    const request = parsePutSession(body, locale);
    const key = sessionKey(path);
    const session = this.sessions.get(key) ?? newSession(path.sessionId);
    const { dialogAction, intent, activeContexts, sessionAttributes } = request.sessionState;
    session.state = { dialogAction, intent, activeContexts, sessionAttributes: sessionAttributes ?? {}, originatingRequestId: session.state.originatingRequestId };
    session.messages = request.messages ?? [];
    session.elicitationAttempts = 0;
    this.sessions.put(key, session);
    return { sessionId: session.sessionId, messages: session.messages, sessionState: session.state, requestAttributes: request.requestAttributes };
  }

  deleteSession(path: SessionPath): DeleteSessionResponse {
    this.locale(path);
    if (!this.sessions.delete(sessionKey(path))) throw notFound(`Session ${path.sessionId} not found for bot ${path.botId} alias ${path.botAliasId} locale ${path.localeId}`);
    return { botId: path.botId, botAliasId: path.botAliasId, localeId: path.localeId, sessionId: path.sessionId };
  }

  private locale(path: SessionPath): LocaleDefinition {
    if (!SESSION_ID.test(path.sessionId)) throw validation(`sessionId must be 2–100 characters of letters, digits and . _ : -, got "${path.sessionId.slice(0, 120)}"`);
    const locale = findLocale(this.options.bot, path.localeId);
    if (!locale) throw notFound(`Locale ${path.localeId} not found for bot ${path.botId}; the bot has ${this.options.bot.locales.map((l) => l.localeId).join(', ')}`);
    return locale;
  }

  private async serialised<T>(key: string, turn: () => Promise<T>): Promise<T> {
    const previous = this.turns.get(key) ?? Promise.resolve();
    const next = previous.then(turn, turn);
    const settled = next.catch(() => undefined);
    this.turns.set(key, settled);
    try {
      return await next;
    } finally {
      if (this.turns.get(key) === settled) this.turns.delete(key);
    }
  }
}

function sessionKey(p: SessionPath): string {
  return [p.botId, p.botAliasId, p.localeId, p.sessionId].join('/');
}

function newSession(sessionId: string): Session {
  return { sessionId, state: { sessionAttributes: {}, originatingRequestId: '' }, messages: [], interpretations: [], elicitationAttempts: 0, lastActiveMs: 0 };
}

/** A client may set attributes, and even the dialog state, along with its text. */
function applyClientState(session: Session, state: RuntimeSessionState | undefined): void {
  if (!state) return;
  if (state.sessionAttributes) session.state.sessionAttributes = { ...session.state.sessionAttributes, ...state.sessionAttributes };
  if (state.dialogAction) session.state.dialogAction = state.dialogAction;
  if (state.intent) session.state.intent = state.intent;
  if (state.activeContexts) session.state.activeContexts = state.activeContexts;
}

function parseRecognizeText(body: unknown): RecognizeTextRequest {
  const b = requestObject(body);
  if (typeof b.text !== 'string' || b.text.trim().length === 0) throw validation('1 validation error detected: Value at \'text\' failed to satisfy constraint: Member must have length greater than or equal to 1');
  if (b.text.length > MAX_TEXT) throw validation(`1 validation error detected: Value at 'text' failed to satisfy constraint: Member must have length less than or equal to ${MAX_TEXT}`);
  return {
    text: b.text,
    sessionState: b.sessionState === undefined ? undefined : sessionState(b.sessionState),
    requestAttributes: b.requestAttributes === undefined ? undefined : stringMap(b.requestAttributes, 'requestAttributes'),
  };
}

function parsePutSession(body: unknown, locale: LocaleDefinition): PutSessionRequest {
  const b = requestObject(body);
  if (b.sessionState === undefined) throw validation("1 validation error detected: Value null at 'sessionState' failed to satisfy constraint: Member must not be null");
  const state = sessionState(b.sessionState);
  if (state.intent && !locale.intents.some((i) => i.name === state.intent?.name)) throw validation(`Intent ${state.intent.name} is not defined in locale ${locale.localeId}`);
  if (b.messages !== undefined && !Array.isArray(b.messages)) throw validation('messages must be a list');
  return {
    sessionState: state,
    messages: b.messages as Message[] | undefined,
    requestAttributes: b.requestAttributes === undefined ? undefined : stringMap(b.requestAttributes, 'requestAttributes'),
  };
}

function sessionState(value: unknown): RuntimeSessionState {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw validation('sessionState must be an object');
  const s = value as RuntimeSessionState;
  if (s.sessionAttributes !== undefined) stringMap(s.sessionAttributes, 'sessionState.sessionAttributes');
  if (s.intent !== undefined && (typeof s.intent !== 'object' || s.intent === null || typeof s.intent.name !== 'string')) throw validation('sessionState.intent needs a name');
  return s;
}

function stringMap(value: unknown, field: string): Record<string, string> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw validation(`${field} must be a map of strings`);
  for (const [k, v] of Object.entries(value)) if (typeof v !== 'string') throw validation(`${field}.${k} must be a string`);
  return value as Record<string, string>;
}

function requestObject(body: unknown): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw validation('The request body must be a JSON object');
  return body as Record<string, unknown>;
}
