/**
 * Checks what the fulfilment function returned the way Lex does before acting on it. Lex fails
 * the turn with DependencyFailedException ("Invalid Lambda Response") instead of guessing — for
 * example when an unfilled slot comes back as "" instead of null.
 */
import type { LocaleDefinition } from '../../lex/bot-definition/model';
import type { ActiveContext, DialogAction, DialogActionType, Intent, IntentState, Message, Slots } from '../../lex/lex-types';
import { dependencyFailed } from './runtime-errors';

export interface CheckedResponse {
  dialogAction: DialogAction;
  intent: Intent;
  messages?: Message[];
  sessionAttributes?: Record<string, string>;
  activeContexts?: ActiveContext[];
}

const DIALOG_ACTIONS: readonly DialogActionType[] = ['Close', 'ConfirmIntent', 'Delegate', 'ElicitIntent', 'ElicitSlot'];
const INTENT_STATES: readonly IntentState[] = ['Failed', 'Fulfilled', 'FulfillmentInProgress', 'InProgress', 'ReadyForFulfillment', 'Waiting'];

export function checkCodeHookResponse(raw: unknown, locale: LocaleDefinition, current: Intent): CheckedResponse {
  const invalid = (problem: string): never => {
    throw dependencyFailed(`Invalid Lambda Response: Received invalid response from Lambda: ${problem}`);
  };
  const response = objectOr(raw, invalid, 'the response must be a JSON object');
  const state = objectOr(response.sessionState, invalid, 'sessionState is required');
  const action = objectOr(state.dialogAction, invalid, 'sessionState.dialogAction is required');
  const type = action.type as DialogActionType;
  if (!DIALOG_ACTIONS.includes(type)) invalid(`sessionState.dialogAction.type must be one of ${DIALOG_ACTIONS.join(', ')}`);

  let intent: Intent = current;
  if (state.intent !== undefined && state.intent !== null) {
    const i = objectOr(state.intent, invalid, 'sessionState.intent must be an object');
    const name = typeof i.name === 'string' ? i.name : current.name;
    const def = locale.intents.find((d) => d.name === name);
    if (!def) invalid(`intent ${name} is not defined in the bot`);
    const intentState = (i.state ?? current.state) as IntentState;
    if (!INTENT_STATES.includes(intentState)) invalid(`sessionState.intent.state must be one of ${INTENT_STATES.join(', ')}`);
    const slots = checkSlots(i.slots ?? (name === current.name ? current.slots : {}), invalid);
    intent = { name, slots, state: intentState, confirmationState: (i.confirmationState as Intent['confirmationState']) ?? 'None' };
  } else if (type === 'Close' || type === 'ElicitSlot' || type === 'Delegate') {
    invalid(`sessionState.intent is required with dialogAction ${type}`);
  }

  const dialogAction: DialogAction = { type };
  if (type === 'ElicitSlot') {
    if (typeof action.slotToElicit !== 'string') invalid('sessionState.dialogAction.slotToElicit is required with ElicitSlot');
    const slotToElicit = action.slotToElicit as string;
    const def = locale.intents.find((d) => d.name === intent.name);
    if (!def?.slots.some((s) => s.name === slotToElicit)) invalid(`slot ${slotToElicit} is not a slot of intent ${intent.name}`);
    dialogAction.slotToElicit = slotToElicit;
  }

  const messages = response.messages === undefined || response.messages === null ? undefined : checkMessages(response.messages, invalid);
  if ((type === 'ElicitIntent' || type === 'ConfirmIntent') && !messages?.length) invalid(`messages are required with dialogAction ${type}`);
  const sessionAttributes = state.sessionAttributes === undefined ? undefined : checkStringMap(state.sessionAttributes, 'sessionState.sessionAttributes', invalid);
  const activeContexts = Array.isArray(state.activeContexts) ? (state.activeContexts as ActiveContext[]) : undefined;
  return { dialogAction, intent, messages, sessionAttributes, activeContexts };
}

function checkSlots(value: unknown, invalid: (problem: string) => never): Slots {
  const slots = objectOr(value, invalid, 'sessionState.intent.slots must be an object');
  const out: Slots = {};
  for (const [name, slot] of Object.entries(slots)) {
    if (slot === null) {
      out[name] = null;
      continue;
    }
    const s = objectOr(slot, invalid, `slot ${name} must be null or a slot object, not ${JSON.stringify(slot)}`);
    const v = objectOr(s.value, invalid, `slot ${name} needs a value object (an unfilled slot is null)`);
    if (typeof v.originalValue !== 'string' && typeof v.interpretedValue !== 'string') invalid(`slot ${name}.value needs originalValue or interpretedValue`);
    out[name] = s as unknown as Slots[string];
  }
  return out;
}

function checkMessages(value: unknown, invalid: (problem: string) => never): Message[] {
  if (!Array.isArray(value)) return invalid('messages must be an array');
  return value.map((m, n) => {
    const message = objectOr(m, invalid, `messages[${n}] must be an object`);
    if (message.contentType === 'ImageResponseCard') {
      const card = objectOr(message.imageResponseCard, invalid, `messages[${n}].imageResponseCard is required`);
      if (typeof card.title !== 'string' || card.title.length === 0 || card.title.length > 250) invalid(`messages[${n}].imageResponseCard.title must be 1–250 characters`);
      if (card.subtitle !== undefined && (typeof card.subtitle !== 'string' || card.subtitle.length > 250)) invalid(`messages[${n}].imageResponseCard.subtitle must be at most 250 characters`);
      if (card.imageUrl !== undefined && (typeof card.imageUrl !== 'string' || card.imageUrl.length > 250)) invalid(`messages[${n}].imageResponseCard.imageUrl must be at most 250 characters`);
      const buttons = card.buttons ?? [];
      if (!Array.isArray(buttons) || buttons.length > 5) invalid(`messages[${n}].imageResponseCard.buttons: at most 5`);
      for (const b of buttons as Array<Record<string, unknown>>) {
        for (const key of ['text', 'value']) {
          const text = b?.[key];
          if (typeof text !== 'string' || text.length === 0 || text.length > 50) invalid(`messages[${n}] button ${key} must be 1–50 characters`);
        }
      }
      return message as unknown as Message;
    }
    if (!['PlainText', 'SSML', 'CustomPayload'].includes(message.contentType as string)) invalid(`messages[${n}].contentType is not a Lex content type`);
    if (typeof message.content !== 'string' || message.content.length === 0) invalid(`messages[${n}].content must be a non-empty string`);
    return message as unknown as Message;
  });
}

function checkStringMap(value: unknown, field: string, invalid: (problem: string) => never): Record<string, string> {
  const map = objectOr(value, invalid, `${field} must be an object`);
  for (const [key, v] of Object.entries(map)) if (typeof v !== 'string') invalid(`${field}.${key} must be a string (Lex keeps strings only)`);
  return map as Record<string, string>;
}

function objectOr(value: unknown, invalid: (problem: string) => never, problem: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) invalid(problem);
  return value as Record<string, unknown>;
}
