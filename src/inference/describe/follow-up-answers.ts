/**
 * Answers to the questions people ask after a description — "how many people?", "is there a
 * dog?", "what does it say?", "what kind of bird is it?", "what else could it be?" — from the
 * picture's summary, in the same words in every channel. Honest about what the models know: the
 * detector counts its 80 COCO kinds of thing and nothing else; the experts know birds and insects.
 */
import { COCO_LABELS, isCocoLabel } from './coco-labels';
import { percent } from './compose-sentence';
import { countPhrase, numberWord, objectName, pluralName } from './count-words';
import { joinAlternatives, nounPhrase } from './noun-phrase';
import type { Guess, SceneSummary } from './scene-summary';

/** What a question is about: a COCO label when the words name one, and the words as asked. */
export interface AskedThing {
  label?: string;
  words: string;
}

/** A runner-up this likely is a real alternative rather than noise. */
const CLOSE_RUNNER_UP = 0.05;
/** A guess below this is not worth offering as an answer to "is there a …?". */
const GUESS_WORTH_NAMING = 0.1;

const DETECTOR_KNOWS = `the ${COCO_LABELS.length} kinds of things my object detector knows (people, animals, vehicles and everyday objects)`;

/** "ten people and six kites", "a dog" — what the detector saw. */
export function countsPhrase(summary: SceneSummary): string {
  return joinAll(summary.counts.map((c) => countPhrase(c.label, c.count)));
}

/** "How many X?" */
export function countAnswer(summary: SceneSummary, thing: AskedThing): string {
  if (thing.label === undefined || !isCocoLabel(thing.label)) {
    return `I can't count ${thing.words}: I only count ${DETECTOR_KNOWS}.${alsoSeen(summary, ' Here I see ')}`;
  }
  if (!summary.detector) return `My object detector didn't look at this picture, so I can't count ${pluralName(thing.label)} in it.${bestGuess(summary)}`;
  const count = summary.counts.find((c) => c.label === thing.label)?.count ?? 0;
  if (count === 1) return `I see just one ${objectName(thing.label)}.`;
  if (count > 1) return `I count ${numberWord(count)} ${pluralName(thing.label)}.`;
  return `I don't see any ${pluralName(thing.label)}${alsoSeen(summary, ' — I see ')}`;
}

/** "Is there a Y?" */
export function isThereAnswer(summary: SceneSummary, thing: AskedThing): string {
  if (thing.label !== undefined && isCocoLabel(thing.label) && summary.detector) {
    const count = summary.counts.find((c) => c.label === thing.label)?.count ?? 0;
    if (count > 0) return `Yes — I see ${countPhrase(thing.label, count)}.`;
    const others = summary.counts.length > 0 ? ` — I see ${countsPhrase(summary)}.` : `.${bestGuess(summary)}`;
    return `I don't see ${countPhrase(thing.label, 1)}${others}`;
  }
  // Not a detector kind: the classifier's guesses and the species are all there is to go on.
  const guess = [{ label: summary.label, probability: summary.probability }, ...summary.runnersUp, ...(summary.species ? [{ label: summary.species.name, probability: summary.species.probability }] : [])].find(
    (g) => g.probability >= GUESS_WORTH_NAMING && names(g.label, thing.words),
  );
  if (guess !== undefined && guess.label === summary.label) return `Yes, I think so — it looks like ${nounPhrase(guess.label)} to me (${percent(guess.probability)}).`;
  if (guess !== undefined) return `Maybe — ${nounPhrase(guess.label)} was one of my guesses (${percent(guess.probability)}), but my best guess was ${nounPhrase(summary.label)} (${percent(summary.probability)}).`;
  if (thing.label !== undefined) return `My object detector didn't look at this picture, so I can't say whether there's ${countPhrase(thing.label, 1)}.${bestGuess(summary)}`;
  return `I can't say for sure: I look for ${DETECTOR_KNOWS}, and ${thing.words} ${thing.words.endsWith('s') ? "aren't" : "isn't"} among them.${bestGuess(summary)}`;
}

/** "What does it say?" */
export function readTextAnswer(summary: SceneSummary): string {
  return summary.text ? `It says “${summary.text}”.` : "I didn't read any text in it.";
}

/** The kinds the experts know, and the words people use for them. */
const EXPERT_GROUP: Readonly<Record<string, 'bird' | 'insect'>> = {
  bird: 'bird',
  birds: 'bird',
  insect: 'insect',
  insects: 'insect',
  bug: 'insect',
  bugs: 'insect',
  butterfly: 'insect',
  butterflies: 'insect',
  moth: 'insect',
  beetle: 'insect',
  bee: 'insect',
  dragonfly: 'insect',
};

/** "What kind of bird/insect/dog is it?" — `group` as asked ("bird", "dog"), or none for "what species is it?". */
export function speciesAnswer(summary: SceneSummary, group?: string): string {
  const asked = group?.toLowerCase().trim();
  const expertGroup = asked === undefined || asked === '' ? undefined : EXPERT_GROUP[asked];
  const { species } = summary;
  if (species && (asked === undefined || asked === '' || expertGroup === species.group)) {
    return `It looks like ${nounPhrase(species.name)} (${species.scientificName}) — my ${species.group} expert is ${percent(species.probability)} sure.`;
  }
  if (species) return `I didn't recognise a kind of ${asked} — but my ${species.group} expert says ${nounPhrase(species.name)} (${species.scientificName}, ${percent(species.probability)}).`;
  // The detector knows birds: without one in the picture, the expert had nothing to look at.
  if (expertGroup === 'bird' && summary.detector && !summary.counts.some((c) => c.label === 'bird')) return `I don't see a bird${alsoSeen(summary, ' — I see ')}`;
  if (expertGroup !== undefined) return `My ${expertGroup} expert couldn't tell which kind it is.${bestGuess(summary)}`;
  const what = asked === undefined || asked === '' ? 'the species' : `the kind of ${asked}`;
  return `I don't have an expert for that, so ${what} is my general model's guess: ${guessList(summary)}.`;
}

/** "What else could it be?" */
export function alternativesAnswer(summary: SceneSummary): string {
  if (summary.leadsWith === 'species' && summary.species) {
    const expert = `My ${summary.species.group} expert says ${labelWithPercent(summary)}.`;
    return summary.runnersUp.length === 0 ? expert : `${expert} My general model's guesses were ${joinAlternatives(summary.runnersUp.map(labelWithPercent))}.`;
  }
  if (summary.leadsWith === 'objects' || summary.leadsWith === 'text') {
    const besides = summary.leadsWith === 'objects' ? 'what I counted' : 'the text';
    return summary.runnersUp.length === 0 ? `Besides ${besides}, I had no other guesses.` : `Besides ${besides}, my general model's guesses were ${joinAlternatives(summary.runnersUp.map(labelWithPercent))}.`;
  }
  const best = labelWithPercent(summary);
  if (summary.runnersUp.length === 0) return `My best guess was ${best}, and I had no other guesses.`;
  const others = joinAlternatives(summary.runnersUp.map(labelWithPercent));
  if (summary.runnersUp[0].probability < CLOSE_RUNNER_UP) return `I'm quite sure it's ${best} — my next guesses were far behind: ${others}.`;
  return `My best guess was ${best}. It could also be ${others}.`;
}

function alsoSeen(summary: SceneSummary, lead: string): string {
  return summary.counts.length > 0 ? `${lead}${countsPhrase(summary)}.` : '.';
}

function bestGuess(summary: SceneSummary): string {
  return summary.label === '' ? '' : ` My best guess for the picture is ${nounPhrase(summary.label)} (${percent(summary.probability)}).`;
}

function guessList(summary: SceneSummary): string {
  const close = summary.runnersUp.filter((g) => g.probability >= CLOSE_RUNNER_UP);
  return joinAlternatives([{ label: summary.label, probability: summary.probability }, ...close].map((g) => `${nounPhrase(g.label)} (${percent(g.probability)})`));
}

function labelWithPercent(g: Guess): string {
  return `${nounPhrase(g.label)} (${percent(g.probability)})`;
}

/** Whether a guess's name contains the asked words as whole words, singular or plural. */
function names(label: string, words: string): boolean {
  const asked = words.toLowerCase();
  const stems = [asked, asked.replace(/s$/, ''), asked.replace(/es$/, '')].filter((stem) => stem !== '');
  return stems.some((stem) => new RegExp(`\\b${escapeRegExp(stem)}(?:es|s)?\\b`, 'i').test(label));
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function joinAll(phrases: readonly string[]): string {
  if (phrases.length <= 1) return phrases.join('');
  return `${phrases.slice(0, -1).join(', ')} and ${phrases[phrases.length - 1]}`;
}
