/**
 * Code-hook events as Lex sends them, built from the documented field list
 * (../shared/docs/wire-formats.md §1; lambda-input-format): every field Lex sends for a text
 * turn, so the handler is tested against the shape it will really get.
 */
import type { CodeHookEvent, InvocationSource, Slots } from '../../src/lex/lex-types';

export interface EventOptions {
  source?: InvocationSource;
  intent?: string;
  transcript?: string;
  slots?: Slots;
  requestAttributes?: Record<string, string>;
  sessionAttributes?: Record<string, string>;
}

export function slotWith(value: string): NonNullable<Slots[string]> {
  return { shape: 'Scalar', value: { originalValue: value, interpretedValue: value, resolvedValues: [] } };
}

export function lexEvent(o: EventOptions = {}): CodeHookEvent {
  const source = o.source ?? 'FulfillmentCodeHook';
  const name = o.intent ?? 'DescribeImage';
  const slots = o.slots ?? (name === 'DescribeImage' ? { ImageUrl: null } : {});
  const intent = { name, confirmationState: 'None' as const, state: source === 'DialogCodeHook' ? ('InProgress' as const) : ('ReadyForFulfillment' as const), slots };
  return {
    messageVersion: '1.0',
    invocationSource: source,
    inputMode: 'Text',
    responseContentType: 'text/plain; charset=utf-8',
    sessionId: 'U0123ABCD',
    inputTranscript: o.transcript ?? 'what is in this picture',
    bot: { id: 'BOTID12345', name: 'WhatsThat', localeId: 'en_US', version: '1', aliasId: 'ALIASID123', aliasName: 'live' },
    interpretations: [
      { interpretationSource: 'Lex', nluConfidence: 0.94, intent },
      { interpretationSource: 'Lex', intent: { name: 'FallbackIntent', confirmationState: 'None', state: 'ReadyForFulfillment', slots: {} } },
    ],
    ...(source === 'DialogCodeHook' && slots.ImageUrl === null
      ? { proposedNextState: { dialogAction: { type: 'ElicitSlot' as const, slotToElicit: 'ImageUrl' }, intent, prompt: { attempt: 'Initial' as const } } }
      : {}),
    ...(o.requestAttributes ? { requestAttributes: o.requestAttributes } : {}),
    sessionState: {
      sessionAttributes: o.sessionAttributes ?? {},
      activeContexts: [],
      originatingRequestId: '7f3c2a8e-0000-4000-8000-000000000001',
      intent,
    },
  };
}
