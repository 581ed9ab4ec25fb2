/**
 * Pure builders for what the fulfilment function answers Lex. Every response carries the
 * session attributes on: Lex replaces the session's attributes with whatever the function returns.
 */
import { clipped, countsPhrase, percent, statesConfidence, summariseScene, type ImageDescription } from '../inference';
import { IMAGE_SLOT } from './bot-names';
import { isPublicHttpsUrl } from './image-reference';
import { CARD_LIMITS, type CodeHookResponse, type ImageResponseCard, type Intent, type Message, type Slots } from './lex-types';

/** Suggested next turns under a description; the value is sent back as the user's utterance. */
export const CARD_BUTTONS = Object.freeze([
  { text: 'Describe another', value: 'describe another picture' },
  { text: 'What else could it be?', value: 'what else could it be' },
]);

export function plainText(content: string): Message {
  return { contentType: 'PlainText', content };
}

/** Ask for the picture: keep the intent going and elicit the image slot. */
export function elicitImageSlot(intent: Intent, sessionAttributes: Record<string, string>, prompt: string): CodeHookResponse {
  return {
    sessionState: {
      sessionAttributes,
      dialogAction: { type: 'ElicitSlot', slotToElicit: IMAGE_SLOT },
      intent: { name: intent.name, slots: { ...unfilledAsNull(intent.slots), [IMAGE_SLOT]: null }, state: 'InProgress', confirmationState: intent.confirmationState ?? 'None' },
    },
    messages: [plainText(prompt)],
  };
}

/** End the intent with an answer. */
export function closeIntent(
  intent: Intent,
  state: 'Fulfilled' | 'Failed',
  sessionAttributes: Record<string, string>,
  messages: Message[],
  slots: Slots = intent.slots,
): CodeHookResponse {
  return {
    sessionState: {
      sessionAttributes,
      dialogAction: { type: 'Close' },
      intent: { name: intent.name, slots: unfilledAsNull(slots), state, confirmationState: intent.confirmationState ?? 'None' },
    },
    messages,
  };
}

/** The sentence, then a card with the name, the confidence and (when safe to show) the picture. */
export function descriptionMessages(description: ImageDescription, source: string): Message[] {
  return [plainText(description.sentence), { contentType: 'ImageResponseCard', imageResponseCard: descriptionCard(description, source) }];
}

export function descriptionCard(description: ImageDescription, source: string): ImageResponseCard {
  const card: ImageResponseCard = {
    title: clipped(description.label || 'Something I could not name', CARD_LIMITS.title),
    subtitle: clipped(cardSubtitle(description), CARD_LIMITS.subtitle),
    buttons: CARD_BUTTONS.slice(0, CARD_LIMITS.buttons).map((b) => ({ text: clipped(b.text, CARD_LIMITS.buttonText), value: clipped(b.value, CARD_LIMITS.buttonValue) })),
  };
  // A link longer than the card allows cannot be shortened without breaking it: leave it out.
  if (isPublicHttpsUrl(source) && source.length <= CARD_LIMITS.imageUrl) card.imageUrl = source;
  return card;
}

/** "97% confidence", and what the detector counted: "62% confidence · ten people and six kites" (a detection's score is never stated). */
function cardSubtitle(description: ImageDescription): string {
  const parts = [statesConfidence(description) ? `${percent(description.probability)} confidence` : '', countsPhrase(summariseScene(description))];
  return parts.filter((part) => part !== '').join(' · ');
}

/** A slot value as Lex writes one of the ImageReference type (OriginalValue: nothing resolved). */
export function scalarSlot(value: string): NonNullable<Slots[string]> {
  return { shape: 'Scalar', value: { originalValue: value, interpretedValue: value, resolvedValues: [] } };
}

/** Lex reads `""` (or a value-less object) as a filled slot; unfilled must be `null`. */
function unfilledAsNull(slots: Slots | undefined): Slots {
  const out: Slots = {};
  for (const [name, slot] of Object.entries(slots ?? {})) {
    out[name] = slot && typeof slot === 'object' && slot.value ? slot : null;
  }
  return out;
}
