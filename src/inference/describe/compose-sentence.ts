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
/** How many of the top predictions may be named or grouped under a shared kind. */
export const MAX_MENTIONED = 3;
/** Combined probability at which classes of one kind are answered at that kind. */
export const SHARED_KIND_AT_LEAST = 0.8;

/** The model's "nothing I know" output (index 0 of the ImageNet model, elsewhere in others). */
const BACKGROUND = 'background';

export interface Answer {
  /** What a person reads: "That's a tiger cat — a kind of cat. I'm fairly sure (64%)." */
  sentence: string;
  /** Common name of the top prediction. */
  label: string;
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

function confidenceWords(probability: number): string {
  if (probability >= ALMOST_CERTAIN) return "I'm almost certain";
  if (probability >= FAIRLY_SURE) return "I'm fairly sure";
  return "I'm not very sure";
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
  members: Prediction[];
  probability: number;
}

/**
 * The most specific kind of the top prediction that other mentionable predictions share, when
 * together they are likely enough to answer at that kind instead of at one class.
 */
function findSharedKind(predictions: readonly Prediction[], taxonomy: Taxonomy): SharedKind | undefined {
  const [top] = predictions;
  if (top === undefined || isBackground(top)) return undefined;
  const candidates = mentionable(predictions).filter((prediction) => prediction !== top);
  const isOfKind = (prediction: Prediction, kind: KindWord): boolean =>
    taxonomy.kindsOf(prediction.classIndex).some((other) => other.wnid === kind.wnid);
  for (const kind of taxonomy.kindsOf(top.classIndex)) {
    const members = [top, ...candidates.filter((prediction) => isOfKind(prediction, kind))];
    const probability = members.reduce((sum, member) => sum + member.probability, 0);
    if (members.length > 1 && probability >= SHARED_KIND_AT_LEAST) return { kind, members, probability };
  }
  return undefined;
}

function cannotTell(predictions: readonly Prediction[]): string {
  const guesses = mentionable(predictions).map((guess) => `${nounPhrase(commonName(guess.label))} (${percent(guess.probability)})`);
  if (guesses.length === 0) return "I can't tell what this is.";
  return `I can't tell what this is. My best ${guesses.length === 1 ? 'guess' : 'guesses'}: ${joinAlternatives(guesses)}.`;
}

/** Likely enough to name: not background, not improbable, and not neck and neck with another class. */
function isLikely(top: Prediction, runnerUp: Prediction | undefined): boolean {
  return !isBackground(top) && top.probability >= LIKELY && top.probability - (runnerUp?.probability ?? 0) >= CLEAR_LEAD;
}

/**
 * The answer to "what is in this picture?" from the model's predictions, most likely first.
 * Without a taxonomy (models other than the ImageNet one) the sentence names no kind.
 */
export function composeSentence(predictions: readonly Prediction[], taxonomy?: Taxonomy): Answer {
  const [top, runnerUp] = predictions;
  if (top === undefined) return { sentence: cannotTell([]), label: '' };
  const label = commonName(top.label);

  const shared = taxonomy && findSharedKind(predictions, taxonomy);
  if (shared) {
    const maybe = joinAlternatives(shared.members.map((member) => nounPhrase(commonName(member.label))));
    return {
      sentence: `It's ${nounPhrase(shared.kind.word)} — maybe ${maybe}. ${confidenceWords(shared.probability)} (${percent(shared.probability)}).`,
      label,
      kind: shared.kind.word,
    };
  }

  if (!isLikely(top, runnerUp)) return { sentence: cannotTell(predictions), label };

  const kind = taxonomy?.kindsOf(top.classIndex)[0]?.word;
  const namesKind = kind !== undefined && kind.toLowerCase() !== label.toLowerCase();
  const sentence = `That's ${nounPhrase(label)}${namesKind ? ` — a kind of ${kind}` : ''}. ${confidenceWords(top.probability)} (${percent(top.probability)}).`;
  return namesKind ? { sentence, label, kind } : { sentence, label };
}
