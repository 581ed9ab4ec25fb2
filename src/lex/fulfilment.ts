/**
 * The Lex V2 code hook: one function for dialog and fulfilment calls. Parse the turn, find the
 * picture, ask the inference module, answer in Lex's format. Every path ends in a sentence for
 * the user; nothing is thrown back at Lex.
 */
import { isImageError, log as jsonLog, type Inference } from '../inference';
import { countMetric, failureMetric, latencyMetric } from '../inference/without-model';
import { IMAGE_ATTRIBUTE, IMAGE_SLOT, INTENT } from './bot-names';
import type { LexFulfilmentConfig } from './config';
import { findImageReference, findLink, isTypedByUser, slotText, type ImageReference } from './image-reference';
import { FOLLOW_UP_INTENTS, followUpReply } from './follow-ups';
import { readLastResult, withLastResult } from './last-result';
import type { CodeHookEvent, CodeHookResponse, Intent } from './lex-types';
import { REPLY } from './replies';
import { closeIntent, descriptionMessages, elicitImageSlot, plainText, scalarSlot } from './responses';
import { budgetFor, realWait, withinBudget, type Wait } from './time-budget';

/** Kept back from the budget between giving up on the model and giving up on the turn. */
const MODEL_VERDICT_MS = 500;

/** The part of the inference module this channel uses. */
export type ImageDescriber = Pick<Inference, 'describeImageSource'>;

/** The bits of the Lambda context the function reads; absent when called in-process. */
export interface InvocationContext {
  getRemainingTimeInMillis?: () => number;
  awsRequestId?: string;
}

export type LexCodeHook = (event: CodeHookEvent, context?: InvocationContext) => Promise<CodeHookResponse>;

export type LogFields = Record<string, string | number | boolean | undefined>;
export type Log = (level: 'info' | 'warn' | 'error', message: string, fields: LogFields) => void;

export interface LexCodeHookDeps {
  inference: ImageDescriber;
  config: LexFulfilmentConfig;
  /** Replaces the budget's timer (tests). */
  wait?: Wait;
  log?: Log;
}

/**
 * A picture handed over in the session's `imageUrl` attribute is described once: afterwards
 * "describe another picture" should ask for a new one, not describe the same one again.
 */
function withoutHandedOverImage(attributes: Record<string, string>, ref: ImageReference): Record<string, string> {
  if (ref.origin !== 'sessionAttribute') return attributes;
  return Object.fromEntries(Object.entries(attributes).filter(([key]) => key !== IMAGE_ATTRIBUTE));
}

export function createLexCodeHook(deps: LexCodeHookDeps): LexCodeHook {
  const log = deps.log ?? jsonLog;
  const wait = deps.wait ?? realWait;

  async function describe(event: CodeHookEvent, ref: ImageReference, context: InvocationContext | undefined): Promise<CodeHookResponse> {
    const intent = event.sessionState.intent;
    const attributes = withoutHandedOverImage(event.sessionState.sessionAttributes ?? {}, ref);
    const fields = { sessionId: event.sessionId, intent: intent.name, origin: ref.origin, requestId: context?.awsRequestId };
    const budgetMs = budgetFor(deps.config.timeBudgetMs, deps.config.reserveMs, context?.getRemainingTimeInMillis?.());
    try {
      // Only the client application may name bucket objects, and only in the trusted buckets; text the user typed may not.
      const trustedS3Buckets = isTypedByUser(ref) ? undefined : deps.config.trustedS3Buckets;
      // The model gets a deadline just inside the budget, so a model that will not load is
      // reported as such, not as a picture that took too long.
      const modelDeadline = Date.now() + Math.max(0, budgetMs - MODEL_VERDICT_MS);
      const outcome = await withinBudget((signal) => deps.inference.describeImageSource(ref.source, { signal, trustedS3Buckets, modelDeadline }), budgetMs, wait);
      if (!outcome.done) {
        failureMetric('timeout');
        log('warn', 'description took longer than the time budget', { ...fields, budgetMs });
        return closeIntent(intent, 'Failed', withLastResult(attributes, undefined), [plainText(REPLY.tookTooLong)]);
      }
      const description = outcome.value;
      countMetric('Answers');
      latencyMetric('DescribeTime', description.timingsMs.total);
      log('info', 'described', { ...fields, label: description.label, probability: description.probability, ms: Math.round(description.timingsMs.total) });
      // A link Lex left out of the slot is put there, so the session shows which picture was described.
      const slots = intent.name === INTENT.describeImage && ref.origin === 'transcript' ? { ...intent.slots, [IMAGE_SLOT]: scalarSlot(ref.source) } : intent.slots;
      return closeIntent(intent, 'Fulfilled', withLastResult(attributes, description), descriptionMessages(description, ref.source), slots);
    } catch (e) {
      if (!isImageError(e)) throw e;
      failureMetric(e.code);
      log('warn', 'image not described', { ...fields, code: e.code, detail: e.message });
      return closeIntent(intent, 'Failed', withLastResult(attributes, undefined), [plainText(e.userMessage)]);
    }
  }

  async function answer(event: CodeHookEvent, context: InvocationContext | undefined): Promise<CodeHookResponse> {
    const intent = event.sessionState.intent;
    const attributes = event.sessionState.sessionAttributes ?? {};
    switch (intent.name) {
      case INTENT.describeImage: {
        const ref = findImageReference(event);
        if (ref) return describe(event, ref, context);
        // The slot holds words but no link (the model filled it with "this picture", say).
        const prompt = slotText(intent.slots?.[IMAGE_SLOT]) === undefined ? REPLY.askForImage : REPLY.notALink;
        return elicitImageSlot(intent, attributes, prompt);
      }
      case INTENT.fallback: {
        // A link on its own often lands here: still answer it. Attributes are not consulted, or
        // every misunderstood sentence would describe the client's picture again.
        const link = findLink(event.inputTranscript ?? '');
        if (link) return describe(event, { source: link, origin: 'transcript' }, context);
        return closeIntent(intent, 'Fulfilled', attributes, [plainText(REPLY.fallback)]);
      }
      case INTENT.help:
        return closeIntent(intent, 'Fulfilled', attributes, [plainText(REPLY.help)]);
      default: {
        if (FOLLOW_UP_INTENTS.has(intent.name)) {
          const last = readLastResult(attributes);
          return closeIntent(intent, 'Fulfilled', attributes, [plainText(last ? followUpReply(event, last) : REPLY.nothingDescribedYet)]);
        }
        log('warn', 'intent without an answer', { sessionId: event.sessionId, intent: intent.name });
        return closeIntent(intent, 'Failed', attributes, [plainText(REPLY.unknownIntent)]);
      }
    }
  }

  return async (event, context) => {
    try {
      return await answer(event, context);
    } catch (e) {
      log('error', 'code hook failed', { sessionId: event?.sessionId, intent: event?.sessionState?.intent?.name, error: e instanceof Error ? e.stack ?? e.message : String(e) });
      const intent: Intent = event?.sessionState?.intent ?? { name: INTENT.fallback, slots: {}, state: 'Failed', confirmationState: 'None' };
      return closeIntent(intent, 'Failed', event?.sessionState?.sessionAttributes ?? {}, [plainText(REPLY.internalError)]);
    }
  };
}
