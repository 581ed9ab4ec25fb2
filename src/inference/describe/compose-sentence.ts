import type { Prediction } from '../types';
import type { KindWord } from './kind-words';
import { joinAlternatives, nounPhrase } from './noun-phrase';
import type { Taxonomy } from './taxonomy';

/** At or above: "I'm almost certain". */
export const ALMOST_CERTAIN = 0.9;
/** At or above: "I'm fairly sure"; below, down to LIKELY: "I'm not very sure". */
export const FAIRLY_SURE = 0.6;
/** Below this the top prediction is not an answer: the bot says it can't tell. */
export const LIKELY = 0.3;
/** The top must beat the runner-up by this much, or the model is torn and the bot can't tell. */
export const CLEAR_LEAD = 0.1;
/** Predictions below this are never named, neither as alternatives nor as guesses. */
export const MENTION_AT_LEAST = 0.1;
/** How many of the top predictions may be named, as guesses or as members of a shared kind. */
export const MAX_MENTIONED = 3;

/** The model's "nothing I know" output (index 0 of the ImageNet model, elsewhere in others). */
const BACKGROUND = 'background';

/** Where an answer's lead comes from besides the classifier: a species expert, counted detections, read text. */
export type LeadSource = 'species' | 'objects' | 'text';

export interface Answer {
  /** What a person reads: "That's a tiger cat — a kind of cat. I'm fairly sure (64%)." */
  sentence: string;
  /** What the sentence leads with, as a person names it (the top prediction for the classifier alone). */
  label: string;
  /** How sure the models are of what the sentence leads with (a detection's score when a detection leads). */
  probability: number;
  /** The classifier's class the sentence leads with, when the classifier leads. */
  leadClassIndex?: number;
  /** What the lead comes from when it is not the classifier: its probability means something else. */
  leadsWith?: LeadSource;
  /** The kind the sentence names, if it names one. */
  kind?: string;
}

/** The first synonym of a label line: "tench, Tinca tinca" → "tench". */
export function commonName(label: string): string {
  return label.split(', ')[0].trim();
}

/**
 * Whole percent, never "100%": a model's probability is not certainty; and "<1%" rather than a
 * misleading "0%". Rounded from a decimal string so that 0.285 reads 29%, not the 28% its binary
 * value would give.
 */
export function percent(probability: number): string {
  const rounded = Math.min(99, Math.round(Number((probability * 100).toFixed(6))));
  return rounded === 0 && probability > 0 ? '<1%' : `${rounded}%`;
}

/** "I'm fairly sure (64%)." */
export function confidence(probability: number): string {
  return `${confidenceWords(probability)} (${percent(probability)}).`;
}

function confidenceWords(probability: number): string {
  if (probability >= ALMOST_CERTAIN) return "I'm almost certain";
  if (probability >= FAIRLY_SURE) return "I'm fairly sure";
  return "I'm not very sure";
}

/** 0 below LIKELY (not an answer), then one step per confidence wording. */
function confidenceBand(probability: number): number {
  return [LIKELY, FAIRLY_SURE, ALMOST_CERTAIN].filter((threshold) => probability >= threshold).length;
}

/** What a person calls the predicted class: the display name the taxonomy knows, else the first synonym. */
export function predictionName(prediction: Prediction, taxonomy?: Taxonomy): string {
  return taxonomy?.nameOf?.(prediction.classIndex) ?? commonName(prediction.label);
}

const isBackground = (prediction: Prediction): boolean => prediction.label === BACKGROUND;

/** The top predictions worth naming, most likely first, background left out. */
function mentionable(predictions: readonly Prediction[]): Prediction[] {
  return predictions
    .filter((prediction) => !isBackground(prediction) && prediction.probability >= MENTION_AT_LEAST)
    .slice(0, MAX_MENTIONED);
}

interface SharedKind {
  kind: KindWord;
  /** The mentionable predictions of the kind, top first: the ones the sentence names. */
  named: Prediction[];
  /** Probability of the kind: the sum over all its predictions. */
  probability: number;
}

/**
 * The most specific kind of the top prediction that other predictions share, when the kind is
 * likely by the same rules as a single class: at least LIKELY, and CLEAR_LEAD ahead of the most
 * likely prediction outside it.
 */
function findSharedKind(predictions: readonly Prediction[], taxonomy: Taxonomy): SharedKind | undefined {
  const [top] = predictions;
  if (top === undefined || isBackground(top)) return undefined;
  const isOfKind = (prediction: Prediction, kind: KindWord): boolean =>
    taxonomy.kindsOf(prediction.classIndex).some((other) => other.wnid === kind.wnid);
  for (const kind of taxonomy.kindsOf(top.classIndex)) {
    const members = predictions.filter((prediction) => !isBackground(prediction) && isOfKind(prediction, kind));
    if (members.length < 2) continue;
    const probability = members.reduce((sum, member) => sum + member.probability, 0);
    const outside = predictions.find((prediction) => !isBackground(prediction) && !members.includes(prediction));
    if (probability >= LIKELY && probability - (outside?.probability ?? 0) >= CLEAR_LEAD) return { kind, named: mentionable(members), probability };
  }
  return undefined;
}

function cannotTell(predictions: readonly Prediction[], taxonomy: Taxonomy | undefined): string {
  const guesses = mentionable(predictions).map((guess) => `${nounPhrase(predictionName(guess, taxonomy))} (${percent(guess.probability)})`);
  if (guesses.length === 0) return "I can't tell what this is.";
  return `I can't tell what this is. My best ${guesses.length === 1 ? 'guess' : 'guesses'}: ${joinAlternatives(guesses)}.`;
}

/** Likely enough to name: not background, not improbable, and not neck and neck with another class. */
function isLikely(top: Prediction, runnerUp: Prediction | undefined): boolean {
  return !isBackground(top) && top.probability >= LIKELY && top.probability - (runnerUp?.probability ?? 0) >= CLEAR_LEAD;
}

/** What the classifier's predictions support saying. */
export type Reading =
  | { type: 'class'; top: Prediction; probability: number }
  | { type: 'kind'; top: Prediction; kind: KindWord; named: Prediction[]; probability: number }
  | { type: 'unsure'; top?: Prediction };

/**
 * A class and a kind shared by the top predictions are held to the same rules (at least LIKELY,
 * CLEAR_LEAD ahead); the kind is read instead of the class when it can be said with a surer wording.
 */
export function readPredictions(predictions: readonly Prediction[], taxonomy?: Taxonomy): Reading {
  const [top, runnerUp] = predictions;
  if (top === undefined) return { type: 'unsure' };
  const classIsLikely = isLikely(top, runnerUp);
  const shared = taxonomy && findSharedKind(predictions, taxonomy);
  if (shared && (!classIsLikely || confidenceBand(shared.probability) > confidenceBand(top.probability))) return { type: 'kind', top, ...shared };
  return classIsLikely ? { type: 'class', top, probability: top.probability } : { type: 'unsure', top };
}

/**
 * The answer to "what is in this picture?" from the classifier's predictions, most likely first.
 * Without a taxonomy (models other than the ImageNet one) the sentence names no kind.
 */
export function composeSentence(predictions: readonly Prediction[], taxonomy?: Taxonomy): Answer {
  const reading = readPredictions(predictions, taxonomy);
  const label = reading.top ? predictionName(reading.top, taxonomy) : '';
  switch (reading.type) {
    case 'unsure':
      return { sentence: cannotTell(predictions, taxonomy), label, probability: reading.top?.probability ?? 0 };
    case 'kind': {
      const maybe = joinAlternatives(reading.named.map((member) => nounPhrase(predictionName(member, taxonomy))));
      return { sentence: `It's ${nounPhrase(reading.kind.word)} — maybe ${maybe}. ${confidence(reading.probability)}`, label, probability: reading.probability, leadClassIndex: reading.top.classIndex, kind: reading.kind.word };
    }
    case 'class': {
      const kind = taxonomy?.kindsOf(reading.top.classIndex)[0]?.word;
      const namesKind = kind !== undefined && kind.toLowerCase() !== label.toLowerCase();
      const sentence = `That's ${nounPhrase(label)}${namesKind ? ` — a kind of ${kind}` : ''}. ${confidence(reading.probability)}`;
      const lead = { sentence, label, probability: reading.probability, leadClassIndex: reading.top.classIndex };
      return namesKind ? { ...lead, kind } : lead;
    }
  }
}
