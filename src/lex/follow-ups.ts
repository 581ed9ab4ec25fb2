/**
 * Follow-up intents — CountObjects, IsThereA, ReadText, WhichSpecies, AlternativeGuesses — are
 * answered from the last picture's summary in the session attributes, in the inference module's
 * words. A thing Lex could not resolve to a COCO label is named from what the person typed, so
 * the answer can say it is not something the detector counts.
 */
import {
  alternativesAnswer,
  askedThing,
  countAnswer,
  isThereAnswer,
  parseFollowUpQuestion,
  readTextAnswer,
  speciesAnswer,
  type AskedThing,
  type SceneSummary,
} from '../inference';
import { GROUP_SLOT, INTENT, THING_SLOT } from './bot-names';
import { slotText } from './image-reference';
import type { CodeHookEvent } from './lex-types';

export const FOLLOW_UP_INTENTS: ReadonlySet<string> = new Set([INTENT.alternativeGuesses, INTENT.countObjects, INTENT.isThereA, INTENT.readText, INTENT.whichSpecies]);

export function followUpReply(event: CodeHookEvent, summary: SceneSummary): string {
  const intent = event.sessionState.intent;
  switch (intent.name) {
    case INTENT.countObjects:
      return countAnswer(summary, thingAskedIn(event));
    case INTENT.isThereA:
      return isThereAnswer(summary, thingAskedIn(event));
    case INTENT.readText:
      return readTextAnswer(summary);
    case INTENT.whichSpecies:
      return speciesAnswer(summary, groupAskedIn(event));
    default:
      return alternativesAnswer(summary);
  }
}

/** The slot's resolved COCO label, else the words from the transcript, else the slot's words. */
function thingAskedIn(event: CodeHookEvent): AskedThing {
  const slot = event.sessionState.intent.slots?.[THING_SLOT];
  const resolved = slot?.value?.resolvedValues?.[0] ?? slot?.value?.interpretedValue;
  const typed = slotText(slot);
  if (resolved !== undefined && typed !== undefined) {
    const thing = askedThing(resolved);
    if (thing.label !== undefined) return { label: thing.label, words: askedThing(typed).words };
  }
  const question = parseFollowUpQuestion(event.inputTranscript ?? '');
  if (question && (question.kind === 'count' || question.kind === 'isThere')) return question.thing;
  return askedThing(typed ?? 'that');
}

/** The slot's kind ("butterflies" → insect), else the kind named in the transcript ("what kind of tree"). */
function groupAskedIn(event: CodeHookEvent): string | undefined {
  const slot = event.sessionState.intent.slots?.[GROUP_SLOT];
  const resolved = slot?.value?.resolvedValues?.[0] ?? slotText(slot);
  if (resolved !== undefined) return resolved;
  const question = parseFollowUpQuestion(event.inputTranscript ?? '');
  return question?.kind === 'species' ? question.group : undefined;
}
