/**
 * One RecognizeText turn, the way Lex V2 runs it: pick the intent (or fill the slot being asked
 * for), call the dialog code hook, elicit missing required slots with the bot's prompts, call the
 * fulfilment code hook, and keep the resulting state for the next turn.
 */
import { randomUUID } from 'node:crypto';
import type { BotDefinition, IntentDefinition, LocaleDefinition } from '../../lex/bot-definition/model';
import { FALLBACK_INTENT_SIGNATURE } from '../../lex/bot-definition/model';
import type { CodeHookEvent, DialogAction, Intent, InvocationSource, Message, ProposedNextState, Slot, SlotValue, Slots } from '../../lex/lex-types';
import type { CodeHookFunction } from './code-hook-function';
import { checkCodeHookResponse, type CheckedResponse } from './code-hook-response';
import { dependencyFailed, LexRuntimeError } from './runtime-errors';
import type { RecognizeTextResponse, RuntimeInterpretation } from './runtime-api-types';
import type { Session } from './sessions';
import { matchSlotAnswer, rankIntents } from './utterance-matcher';

export interface TurnContext {
  bot: BotDefinition;
  locale: LocaleDefinition;
  botId: string;
  botAliasId: string;
  fulfilment: CodeHookFunction;
  codeHookTimeoutMs: number;
}

export interface TurnRequest {
  text: string;
  requestAttributes?: Record<string, string>;
}

/** Lex offers the top few intents as interpretations. */
const MAX_INTERPRETATIONS = 5;
const TEST_ALIAS_ID = 'TSTALIASID';

interface Scored {
  intent: Intent;
  score?: number;
}

interface Outcome {
  dialogAction: DialogAction;
  intent: Intent;
  messages: Message[];
}

export async function runTurn(ctx: TurnContext, session: Session, request: TurnRequest): Promise<RecognizeTextResponse> {
  const { locale } = ctx;
  const originatingRequestId = randomUUID();
  const ranked = rankIntents(locale, request.text);
  const fallback = fallbackIntentOf(locale);
  const threshold = locale.nluConfidenceThreshold;

  const current = chooseIntent();
  const others: Scored[] = ranked
    .filter((m) => m.intentName !== current.intent.name && m.intentName !== fallback.name && m.score > 0)
    .map((m) => ({ intent: newIntent(intentDef(ctx, m.intentName), m.slots), score: m.score }));
  const interpretations: Scored[] = [current, ...others].slice(0, MAX_INTERPRETATIONS - 1);
  if (!interpretations.some((i) => i.intent.name === fallback.name)) interpretations.push({ intent: newIntent(fallback, {}) });

  let sessionAttributes = { ...(session.state.sessionAttributes ?? {}) };
  let activeContexts = session.state.activeContexts ?? [];

  const outcome = await converse(current.intent);
  session.state = { dialogAction: outcome.dialogAction, intent: outcome.intent, sessionAttributes, activeContexts, originatingRequestId };
  session.messages = outcome.messages;
  session.interpretations = interpretations.map((i) => runtimeInterpretation(i.intent.name === outcome.intent.name ? { ...i, intent: outcome.intent } : i));
  if (outcome.dialogAction.type !== 'ElicitSlot') session.elicitationAttempts = 0;

  return {
    sessionId: session.sessionId,
    ...(outcome.messages.length > 0 ? { messages: outcome.messages } : {}),
    sessionState: session.state,
    interpretations: session.interpretations,
    ...(request.requestAttributes ? { requestAttributes: request.requestAttributes } : {}),
  };

  /** Continue the slot being asked for, switch to a clearly better intent, or start afresh. */
  function chooseIntent(): Scored {
    const active = session.state.intent;
    const action = session.state.dialogAction;
    const top = ranked[0];
    if (active && active.state === 'InProgress' && action?.type === 'ElicitSlot' && action.slotToElicit) {
      const slotDef = intentDef(ctx, active.name).slots.find((s) => s.name === action.slotToElicit);
      const value = slotDef ? matchSlotAnswer(slotDef, locale, request.text, threshold) : undefined;
      if (value) {
        session.elicitationAttempts = 0;
        return { intent: { ...active, slots: { ...active.slots, [action.slotToElicit]: scalar(value) } }, score: 1 };
      }
      if (top && top.intentName !== active.name && top.score >= threshold) {
        session.elicitationAttempts = 0;
        return { intent: newIntent(intentDef(ctx, top.intentName), top.slots), score: top.score };
      }
      session.elicitationAttempts += 1;
      return { intent: active, score: ranked.find((m) => m.intentName === active.name)?.score };
    }
    session.elicitationAttempts = 0;
    if (top && top.score >= threshold) return { intent: newIntent(intentDef(ctx, top.intentName), top.slots), score: top.score };
    return { intent: newIntent(fallback, {}) };
  }

  async function converse(start: Intent): Promise<Outcome> {
    let intent = start;
    let def = intentDef(ctx, intent.name);
    if (def.dialogCodeHook) {
      const missing = missingSlot(def, intent.slots);
      const proposed: ProposedNextState | undefined = missing
        ? { dialogAction: { type: 'ElicitSlot', slotToElicit: missing }, intent, prompt: { attempt: attemptName(session.elicitationAttempts) } }
        : undefined;
      const reply = await callHook('DialogCodeHook', intent, proposed);
      if (reply.dialogAction.type !== 'Delegate') return ended(reply);
      intent = reply.intent;
      def = intentDef(ctx, intent.name);
    }
    const missing = missingSlot(def, intent.slots);
    if (missing) {
      const slotDef = def.slots.find((s) => s.name === missing);
      const retries = slotDef?.prompt?.maxRetries ?? 0;
      // Lex gives up on a slot after its retries and hands the turn to the fallback intent.
      if (!def.dialogCodeHook && session.elicitationAttempts > retries && def.name !== fallback.name) return converse(newIntent(fallback, {}));
      return { dialogAction: { type: 'ElicitSlot', slotToElicit: missing }, intent: { ...intent, state: 'InProgress' }, messages: promptFor(def, missing) };
    }
    if (!def.fulfillmentCodeHook) return closed({ ...intent, state: 'Fulfilled' }, def);
    const reply = await callHook('FulfillmentCodeHook', { ...intent, state: 'ReadyForFulfillment' });
    if (reply.dialogAction.type !== 'Delegate') return ended(reply);
    return closed({ ...reply.intent, state: 'Fulfilled' }, intentDef(ctx, reply.intent.name));
  }

  async function callHook(source: InvocationSource, intent: Intent, proposedNextState?: ProposedNextState): Promise<CheckedResponse> {
    const event: CodeHookEvent = {
      messageVersion: '1.0',
      invocationSource: source,
      inputMode: 'Text',
      responseContentType: 'text/plain; charset=utf-8',
      sessionId: session.sessionId,
      inputTranscript: request.text,
      bot: {
        id: ctx.botId,
        name: ctx.bot.name,
        localeId: locale.localeId,
        version: 'DRAFT',
        aliasId: ctx.botAliasId,
        aliasName: ctx.botAliasId === TEST_ALIAS_ID ? 'TestBotAlias' : 'local',
      },
      interpretations: interpretations.map((i) => ({
        intent: i.intent.name === intent.name ? intent : i.intent,
        ...(i.score === undefined ? {} : { nluConfidence: i.score }),
        interpretationSource: 'Lex',
      })),
      ...(proposedNextState ? { proposedNextState } : {}),
      ...(request.requestAttributes ? { requestAttributes: request.requestAttributes } : {}),
      sessionState: { sessionAttributes, activeContexts, intent, originatingRequestId },
    };
    const raw = await withTimeout(ctx.fulfilment.invoke(event, ctx.codeHookTimeoutMs), ctx.codeHookTimeoutMs).catch((e: unknown) => {
      if (e instanceof LexRuntimeError) throw e;
      throw dependencyFailed(`Invalid Lambda Response: Received error response from Lambda: ${e instanceof Error ? e.message : String(e)}`);
    });
    const reply = checkCodeHookResponse(raw, locale, intent);
    if (reply.sessionAttributes) sessionAttributes = reply.sessionAttributes;
    if (reply.activeContexts) activeContexts = reply.activeContexts;
    return reply;
  }

  /** The function closed the intent or asked for something itself. */
  function ended(reply: CheckedResponse): Outcome {
    const def = intentDef(ctx, reply.intent.name);
    if (reply.dialogAction.type === 'ElicitSlot' && reply.dialogAction.slotToElicit) {
      const messages = reply.messages ?? promptFor(def, reply.dialogAction.slotToElicit);
      return { dialogAction: reply.dialogAction, intent: { ...reply.intent, state: 'InProgress' }, messages };
    }
    if (reply.dialogAction.type === 'Close') {
      const intent = { ...reply.intent, state: reply.intent.state === 'InProgress' ? 'Fulfilled' : reply.intent.state };
      return { dialogAction: reply.dialogAction, intent, messages: reply.messages ?? (intent.state === 'Fulfilled' ? closingMessages(def) : []) };
    }
    return { dialogAction: reply.dialogAction, intent: reply.intent, messages: reply.messages ?? [] };
  }

  function closed(intent: Intent, def: IntentDefinition): Outcome {
    return { dialogAction: { type: 'Close' }, intent, messages: closingMessages(def) };
  }
}

function intentDef(ctx: TurnContext, name: string): IntentDefinition {
  const def = ctx.locale.intents.find((i) => i.name === name);
  if (!def) throw dependencyFailed(`Invalid Lambda Response: intent ${name} is not defined in locale ${ctx.locale.localeId}`);
  return def;
}

function fallbackIntentOf(locale: LocaleDefinition): IntentDefinition {
  return locale.intents.find((i) => i.parentIntentSignature === FALLBACK_INTENT_SIGNATURE) as IntentDefinition;
}

/** A new intent with every slot present: captured ones filled, the rest null. */
function newIntent(def: IntentDefinition, captured: Record<string, SlotValue>): Intent {
  const slots: Slots = {};
  for (const s of def.slots) slots[s.name] = captured[s.name] ? scalar(captured[s.name]) : null;
  return { name: def.name, slots, state: 'InProgress', confirmationState: 'None' };
}

function scalar(value: SlotValue): Slot {
  return { shape: 'Scalar', value };
}

function missingSlot(def: IntentDefinition, slots: Slots): string | undefined {
  return def.slots.find((s) => s.required && !slots[s.name]?.value)?.name;
}

function promptFor(def: IntentDefinition, slotName: string): Message[] {
  const groups = def.slots.find((s) => s.name === slotName)?.prompt?.messageGroups ?? [];
  return groups.map((g) => ({ contentType: 'PlainText', content: g.message }));
}

function closingMessages(def: IntentDefinition): Message[] {
  return (def.closingResponse ?? []).map((g) => ({ contentType: 'PlainText', content: g.message }));
}

function attemptName(failedAttempts: number): NonNullable<ProposedNextState['prompt']>['attempt'] {
  const names = ['Initial', 'Retry1', 'Retry2', 'Retry3', 'Retry4', 'Retry5'] as const;
  return names[Math.min(failedAttempts, names.length - 1)];
}

function runtimeInterpretation(i: Scored): RuntimeInterpretation {
  return { intent: i.intent, ...(i.score === undefined ? {} : { nluConfidence: { score: i.score } }), interpretationSource: 'Lex' };
}

/** Lex stops waiting for the function after its timeout (30 s) and fails the request. */
async function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(dependencyFailed(`Invalid Lambda Response: the function did not answer within ${Math.round(ms / 1000)} s`)), ms);
  });
  try {
    return await Promise.race([work, timedOut]);
  } finally {
    clearTimeout(timer);
  }
}
