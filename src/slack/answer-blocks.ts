/**
 * What the bot posts: the sentence as `text` (notifications, screen readers) plus Block Kit.
 * Slack reads both as mrkdwn, so everything is escaped: a file name cannot become a mention.
 */
import { countsPhrase, excerpt, otherGuesses, percent, statesConfidence, summariseScene, type ImageDescription } from '../inference';
import { escapeSlackText } from './message-text';
import type { AnswerBlock, MrkdwnText } from './slack-types';

export interface SlackAnswer {
  text: string;
  blocks?: AnswerBlock[];
}

const RUNNERS_UP = 3;
/** Runners-up below 1% are noise (often the model's "background" class); they are left out. */
const RUNNER_UP_MIN_PROBABILITY = 0.01;

/**
 * The sentence, then a context line with the runners-up and their confidences. `title` names the
 * picture when one message carried several, so each answer says which picture it is about.
 */
export function describedAnswer(description: ImageDescription, title?: string): SlackAnswer {
  const sentence = withTitle(description.sentence, title);
  const others = otherGuesses(description, RUNNERS_UP, RUNNER_UP_MIN_PROBABILITY).map((g) => `${escapeSlackText(g.label)} ${percent(g.probability)}`);
  const context = [
    // A detection's score is not a confidence to show a person; the classifier's and an expert's are.
    statesConfidence(description) ? `${escapeSlackText(description.label)} ${percent(description.probability)}` : escapeSlackText(description.label),
    ...(others.length > 0 ? [`runners-up: ${others.join(', ')}`] : []),
  ].join(' · ');
  return {
    text: escapeSlackText(sentence),
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: escapeSlackText(sentence) } },
      { type: 'context', elements: [{ type: 'mrkdwn', text: context }, ...sceneElements(description)] },
    ],
  };
}

/** Quoted text in the answer is kept short; the follow-up "what does it say?" has the rest. */
const TEXT_EXCERPT_CHARS = 120;

/** What the other models found, each as its own context element: counts, species, text. */
function sceneElements(description: ImageDescription): MrkdwnText[] {
  const counts = countsPhrase(summariseScene(description));
  const { species, text } = description;
  return [
    ...(counts !== '' ? [`counted: ${counts}`] : []),
    ...(species ? [`species: ${species.name} (_${species.scientificName}_) ${percent(species.probability)}`] : []),
    ...(text ? [`text: “${excerpt(text, TEXT_EXCERPT_CHARS)}”`] : []),
  ].map((line) => ({ type: 'mrkdwn', text: escapeSlackText(line) }));
}

/** A failure: the intake's sentence for the person, never a stack trace. */
export function failureAnswer(userMessage: string, title?: string): SlackAnswer {
  return { text: escapeSlackText(withTitle(userMessage, title)) };
}

export function nothingToLookAtAnswer(): SlackAnswer {
  return { text: 'Send me a picture (or mention me with a link to one) and I will tell you what is in it.' };
}

export function leftOutAnswer(count: number, limit: number): SlackAnswer {
  return { text: `I looked at the first ${limit} pictures and links only; send the other ${count} in another message.` };
}

export function unexpectedFailureAnswer(title?: string): SlackAnswer {
  return failureAnswer('Something went wrong on my side while looking at that picture. Please try again in a minute.', title);
}

function withTitle(sentence: string, title: string | undefined): string {
  return title === undefined ? sentence : `${title}: ${sentence}`;
}
