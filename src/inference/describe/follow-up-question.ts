/**
 * Reads a follow-up question in plain English ("how many kites?", "is there a dog in it?",
 * "what does it say?", "what kind of bird is it?", "what else could it be?"). Lex has its own
 * language model for this; Slack has only the text, and Lex uses it to name a thing its slot type
 * did not know ("how many trees?"). Questions that are none of these are not follow-ups.
 */
import { cocoLabelOf } from './coco-labels';
import { alternativesAnswer, countAnswer, isThereAnswer, readTextAnswer, speciesAnswer, type AskedThing } from './follow-up-answers';
import type { SceneSummary } from './scene-summary';

export type FollowUpQuestion =
  | { kind: 'count'; thing: AskedThing }
  | { kind: 'isThere'; thing: AskedThing }
  | { kind: 'readText' }
  | { kind: 'species'; group?: string }
  | { kind: 'alternatives' };

/** Longer text is not a follow-up question; nothing beyond this is read. */
const MAX_QUESTION_CHARS = 200;
/** A thing is a few words ("tennis racket", "remote control"), not a sentence. */
const MAX_THING_WORDS = 4;

const PICTURE = '(?:picture|photo|photograph|image|pic|shot|screenshot|one)';
const TAIL = `(?:\\s+(?:are there|is there|do you see|can you see|did you see|do you count|did you find|there are|there is|there|here|in (?:it|there|this|that|the ${PICTURE}|this ${PICTURE})|altogether|in total|at all))*$`;
const COUNT = new RegExp(`^(?:and |so )?how many (.+?)${TAIL}`);
const IS_THERE = new RegExp(`^(?:and |so )?(?:is there|are there|is it|do you see|can you see|did you see|did you find|any) (?:an? |any |some |the )?(.+?)${TAIL}`);
const READ_TEXT = /^(?:and |so )?(?:what (?:does|do) (?:it|this|that|the (?:\w+ )?(?:text|sign|screen|note|screenshot|picture|image|photo)) say|what(?: is|'s) (?:written|the text)|read (?:it|the text|this|that)(?: to me| for me)?|what text(?: is there| do you see)?|is there (?:any )?text(?: in it)?|can you read (?:it|the text|this))$/;
const SPECIES = /^(?:and |so )?(?:what|which) (?:kind|sort|type|species|breed) of (\w+)(?: is (?:it|this|that|that one|there))?$/;
const SPECIES_PLAIN = /^(?:and |so )?(?:what|which) (?:species|breed)(?: is (?:it|this|that))?$/;
const ALTERNATIVES = /^(?:and |so )?(?:what else (?:could|might|can) it be|what else|are you sure|how sure are you|any other guesses|other guesses|could it be something else|what are the alternatives|what was your second guess)$/;

/** The question's meaning, or undefined when it is not a follow-up question this module answers. */
export function parseFollowUpQuestion(text: string): FollowUpQuestion | undefined {
  const q = normalise(text);
  if (q === '' || q.length > MAX_QUESTION_CHARS) return undefined;
  if (READ_TEXT.test(q)) return { kind: 'readText' };
  if (ALTERNATIVES.test(q)) return { kind: 'alternatives' };
  const species = SPECIES.exec(q);
  if (species) return { kind: 'species', group: species[1] };
  if (SPECIES_PLAIN.test(q)) return { kind: 'species' };
  const count = COUNT.exec(q);
  if (count) return thingQuestion('count', count[1]);
  const isThere = IS_THERE.exec(q);
  if (isThere) return thingQuestion('isThere', isThere[1]);
  return undefined;
}

/** The words of a thing as a COCO label where they name one ("puppies" → dog). */
export function askedThing(words: string): AskedThing {
  const clean = normalise(words).replace(/^(?:an?|any|some|the) /, '');
  return { label: cocoLabelOf(clean), words: clean };
}

/**
 * The answer to a parsed question from a picture's summary. When the conversation holds several
 * pictures, the answer says which one it is about.
 */
export function answerFollowUp(summary: SceneSummary, question: FollowUpQuestion, where: { ofSeveralPictures?: boolean } = {}): string {
  const answer = answerAbout(summary, question);
  return where.ofSeveralPictures ? `About the latest picture: ${answer}` : answer;
}

function answerAbout(summary: SceneSummary, question: FollowUpQuestion): string {
  switch (question.kind) {
    case 'count':
      return countAnswer(summary, question.thing);
    case 'isThere':
      return isThereAnswer(summary, question.thing);
    case 'readText':
      return readTextAnswer(summary);
    case 'species':
      return speciesAnswer(summary, question.group);
    case 'alternatives':
      return alternativesAnswer(summary);
  }
}

function thingQuestion(kind: 'count' | 'isThere', words: string): FollowUpQuestion | undefined {
  const thing = askedThing(words);
  if (thing.words === '' || thing.words.split(' ').length > MAX_THING_WORDS) return undefined;
  return { kind, thing };
}

/** Lower case, one space, no mentions, no sentence punctuation, curly apostrophes straightened. */
function normalise(text: string): string {
  return text
    .slice(0, MAX_QUESTION_CHARS * 2)
    .replace(/<@[A-Z0-9]+(?:\|[^>]*)?>/g, ' ')
    .replace(/[’‘]/g, "'")
    .toLowerCase()
    .replace(/[?!.,;:"“”]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}
