import type { Box, DetectedObjects, Prediction, Scene, Species } from '../types';
import {
  ALMOST_CERTAIN,
  type Answer,
  FAIRLY_SURE,
  MENTION_AT_LEAST,
  LIKELY,
  type Reading,
  composeSentence,
  confidence,
  predictionName,
  readPredictions,
} from './compose-sentence';
import { countPhrase, numberWord, objectName, pluralNoun } from './count-words';
import { joinAll, nounPhrase, sentenceStart } from './noun-phrase';
import { ANIMAL, COCO_SYNSETS, PERSON, PLACES, TEXT_CARRIERS, WORN } from './scene-synsets';
import type { Taxonomy } from './taxonomy';

/** Detections scored below this are not named: about the detector's own naming threshold. */
export const OBJECT_SCORE_AT_LEAST = 0.4;
/** A box covering less of the picture than this (about 3 % of its width and height) is tiny… */
export const TINY_AREA = 0.001;
/** …and a tiny box counts only when it scores at least this: far-away people and kites are real, specks at the threshold often not. */
export const TINY_BOX_SCORE_AT_LEAST = 0.45;
/** When no listed detection scores this much and the classifier does not back any, the sentence hedges. */
export const OBJECTS_SURE = 0.5;
/** A kind of thing covering less than this share of the area of the largest kind is left out, unless the classifier sees it too. */
export const MINOR_SHARE = 0.1;
/** At most this many kinds of things are listed. */
export const MAX_KINDS = 3;
/** Quoted text is cut at a word boundary to at most this many characters. */
export const QUOTE_MAX_CHARS = 40;

/** The COCO labels of animals: a lone one the classifier calls another animal was misnamed by the detector. */
const COCO_ANIMALS: ReadonlySet<string> = new Set(['bird', 'cat', 'dog', 'horse', 'sheep', 'cow', 'elephant', 'bear', 'zebra', 'giraffe']);

/** The expert groups as WordNet synsets and words: which classifier classes can name the species' kind. */
const SPECIES_GROUPS = { bird: { wnid: 'n01503061', word: 'bird' }, insect: { wnid: 'n02159955', word: 'insect' } } as const;

/** One kind of thing the detector found: the boxes worth naming. */
interface ObjectGroup {
  label: string;
  boxes: Box[];
  /** Sum of the boxes' areas, as a share of the picture. */
  area: number;
}

const boxArea = (box: Box): number => Math.min(1, Math.max(0, box.width)) * Math.min(1, Math.max(0, box.height));

/** A box that can carry a name: scored well enough, and a tiny one only when it scores well. */
const isNamed = (box: Box): boolean =>
  box.score >= OBJECT_SCORE_AT_LEAST && (boxArea(box) >= TINY_AREA || box.score >= TINY_BOX_SCORE_AT_LEAST);

/**
 * The kinds of things worth naming: people first (what a person names first), then what the
 * classifier sees too, then by how much of the picture they cover; minor ones left out, at most
 * MAX_KINDS. A kind is named only when one of its boxes can carry the name; then it is counted
 * as the scene counts it, so the sentence and every later "how many?" give the same number.
 */
function objectGroups(objects: readonly DetectedObjects[], corroborated: (label: string) => boolean): ObjectGroup[] {
  const groups = objects
    .filter((group) => group.boxes.some(isNamed))
    .map((group) => ({ label: group.label, boxes: [...group.boxes], area: group.boxes.reduce((sum, box) => sum + boxArea(box), 0) }));
  const largest = Math.max(0, ...groups.map((group) => group.area));
  const rank = (group: ObjectGroup): number => (group.label === 'person' ? 0 : corroborated(group.label) ? 1 : 2);
  return groups
    .filter((group) => group.area >= MINOR_SHARE * largest || corroborated(group.label))
    .sort((a, b) => rank(a) - rank(b) || b.area - a.area || b.boxes.length - a.boxes.length)
    .slice(0, MAX_KINDS);
}

/** Whether the classifier's class names the same kind of thing as the detector's COCO label. */
function agrees(prediction: Prediction, label: string, taxonomy: Taxonomy | undefined): boolean {
  return (COCO_SYNSETS.get(label) ?? []).some((wnid) => taxonomy?.isA?.(prediction.classIndex, wnid) ?? false);
}

const isAny = (prediction: Prediction, wnids: readonly string[], taxonomy: Taxonomy | undefined): boolean =>
  wnids.some((wnid) => taxonomy?.isA?.(prediction.classIndex, wnid) ?? false);

/** "Install Windows", or the first words of a longer text with an ellipsis. */
function excerpt(text: string): string {
  const words = text.replace(/\s+/g, ' ').trim().split(' ');
  let quoted = '';
  for (const word of words) {
    const next = quoted ? `${quoted} ${word}` : word;
    if (next.length > QUOTE_MAX_CHARS) return `${quoted || word.slice(0, QUOTE_MAX_CHARS)}…`;
    quoted = next;
  }
  return quoted;
}

/** What the text is written on, from the first mentionable prediction that is a known carrier. */
function textCarrier(predictions: readonly Prediction[], taxonomy: Taxonomy | undefined): { noun: string; probability: number } | undefined {
  for (const prediction of predictions) {
    if (prediction.probability < MENTION_AT_LEAST) break;
    for (const [wnid, noun] of TEXT_CARRIERS) if (taxonomy?.isA?.(prediction.classIndex, wnid)) return { noun, probability: prediction.probability };
  }
  return undefined;
}

/** "A screenshot that says “Install Windows”." */
function textAnswer(text: string, carrier: { noun: string; probability: number } | undefined): Answer {
  const quote = `“${excerpt(text)}”`;
  // Only confident words are kept, so text without a carrier is stated as read.
  if (carrier === undefined) return { sentence: `Text that says ${quote}.`, label: 'text', probability: 1, leadsWith: 'text' };
  return { sentence: `${sentenceStart(nounPhrase(carrier.noun))} that says ${quote}.`, label: carrier.noun, probability: carrier.probability, leadsWith: 'text' };
}

/**
 * "A House Finch (Haemorhous mexicanus) — a kind of finch." The kind is a classifier kind that the
 * species' own name confirms (its last word), else the expert's group: never a kind the expert's
 * answer contradicts.
 */
function speciesAnswer(species: Species, groups: readonly ObjectGroup[], predictions: readonly Prediction[], taxonomy: Taxonomy | undefined): Answer {
  const group = SPECIES_GROUPS[species.group];
  const nameWords = species.name.toLowerCase().split(/[\s-]+/);
  const kind =
    predictions
      .filter((prediction) => prediction.probability >= MENTION_AT_LEAST && taxonomy?.isA?.(prediction.classIndex, group.wnid))
      .flatMap((prediction) => taxonomy?.kindsOf(prediction.classIndex) ?? [])
      .find((candidate) => candidate.word.toLowerCase() === nameWords[nameWords.length - 1])?.word ?? group.word;
  const count = species.group === 'bird' ? (groups.find((g) => g.label === 'bird')?.boxes.length ?? 1) : 1;
  const lead = count > 1 ? `${numberWord(count)} ${pluralNoun(species.name)}` : nounPhrase(species.name);
  return {
    sentence: `${sentenceStart(lead)} (${species.scientificName}) — a kind of ${kind}. ${confidence(species.probability)}`,
    label: species.name,
    probability: species.probability,
    leadsWith: 'species',
    kind,
  };
}

/** The place the classifier sees, when its place-like classes together are likely: "a library". */
function placeOf(predictions: readonly Prediction[], taxonomy: Taxonomy | undefined): Prediction | undefined {
  const places = predictions.filter((prediction) => isAny(prediction, PLACES, taxonomy));
  const probability = places.reduce((sum, place) => sum + place.probability, 0);
  return probability >= LIKELY ? places[0] : undefined;
}

/** What the classifier says the picture shows, when it says something and that is not a place. */
interface Subject {
  /** The top prediction (of the shared kind, when the classifier answers at a kind). */
  top: Prediction;
  /** A single class, not a kind shared by several. */
  isClass: boolean;
  probability: number;
}

function subjectOf(reading: Reading, taxonomy: Taxonomy | undefined): Subject | undefined {
  if (reading.type === 'unsure' || isAny(reading.top, PLACES, taxonomy)) return undefined;
  return { top: reading.top, isClass: reading.type === 'class', probability: reading.probability };
}

/**
 * A single detected animal the classifier sees as another animal: the detector confuses them (a
 * cat called "dog"), so the classifier wins when the detection is weak or the classifier almost
 * certain; a horse it calls "a dog" at 74 % stays a horse.
 */
function isMisnamedAnimal(group: ObjectGroup, subject: Subject, taxonomy: Taxonomy | undefined): boolean {
  return (
    COCO_ANIMALS.has(group.label) &&
    isAny(subject.top, [ANIMAL], taxonomy) &&
    !agrees(subject.top, group.label, taxonomy) &&
    (group.boxes[0].score < OBJECTS_SURE || subject.probability >= ALMOST_CERTAIN)
  );
}

/** One entry of the list of things: "three people", "a golden retriever". */
interface Item {
  phrase: string;
  label: string;
}

const counted = (group: ObjectGroup, name?: string): Item =>
  name === undefined ? { phrase: countPhrase(group.label, group.boxes.length), label: objectName(group.label) } : { phrase: nounPhrase(name), label: name };

/**
 * The detected things as listed, with the classifier's part. It backs a detection it agrees with
 * and names it when there is one of it; it renames an animal it sees as another animal; beside people only, it adds a thing the detector has no label for (a
 * player's racket, a band's trumpet) when fairly sure of it — elsewhere such a thing is mostly a
 * detected one under another name. People are never renamed, nor listed with what they wear.
 */
function listedItems(groups: readonly ObjectGroup[], subject: Subject | undefined, taxonomy: Taxonomy | undefined): { items: Item[]; backed: boolean } {
  const plain = groups.map((group) => counted(group));
  if (subject === undefined || isAny(subject.top, [PERSON], taxonomy)) return { items: plain, backed: false };
  const name = subject.isClass ? predictionName(subject.top, taxonomy) : undefined;
  const agreeing = groups.findIndex((group) => agrees(subject.top, group.label, taxonomy));
  if (agreeing >= 0) return { items: groups.map((group, i) => counted(group, i === agreeing && group.boxes.length === 1 ? name : undefined)), backed: true };
  if (name === undefined) return { items: plain, backed: false };
  const misnamed = groups.findIndex((group) => group.boxes.length === 1 && isMisnamedAnimal(group, subject, taxonomy));
  if (misnamed >= 0) return { items: groups.map((group, i) => counted(group, i === misnamed ? name : undefined)), backed: true };
  const onlyPeople = groups.every((group) => group.label === 'person');
  if (onlyPeople && groups.length < MAX_KINDS && subject.probability >= FAIRLY_SURE && !isAny(subject.top, WORN, taxonomy)) {
    return { items: [...plain, { phrase: nounPhrase(name), label: name }], backed: false };
  }
  return { items: plain, backed: false };
}

/**
 * "Three people — it looks like a library." · "Two cats and two dogs." · "A person and a golden
 * retriever." The classifier's place gives the setting; without one, the text says what is
 * written. A class agrees with a detection only through WordNet: COCO's "kite" (the toy) is never
 * ImageNet's "kite" (the bird).
 */
function objectsAnswer(groups: readonly ObjectGroup[], subject: Subject | undefined, place: Prediction | undefined, text: string | undefined, taxonomy: Taxonomy | undefined): Answer {
  const { items, backed } = listedItems(groups, subject, taxonomy);
  const setting = place !== undefined ? ` — it looks like ${nounPhrase(predictionName(place, taxonomy))}` : text !== undefined ? ` — the text says “${excerpt(text)}”` : '';
  const sure = backed || groups.some((group) => group.boxes.some((box) => box.score >= OBJECTS_SURE));
  const leadNamedByClassifier = subject !== undefined && items[0].label !== objectName(groups[0].label);
  return {
    sentence: `${sentenceStart(joinAll(items.map((item) => item.phrase)))}${setting}.${sure ? '' : " I'm not very sure."}`,
    label: items[0].label,
    probability: leadNamedByClassifier ? subject.probability : Math.max(...groups[0].boxes.map((box) => box.score)),
    ...(leadNamedByClassifier ? {} : { leadsWith: 'objects' as const }),
  };
}

/**
 * Whether the classifier's own answer says more than the list of detections: no people and
 * nothing counted, and the classifier names the lone detection more precisely (or corrects it, or
 * it is weak), or is fairly sure of a class that nothing detected is (an espresso in its cup on a
 * table). The classifier's answer also carries a calibrated confidence.
 */
function classifierLeads(groups: readonly ObjectGroup[], subject: Subject, taxonomy: Taxonomy | undefined): boolean {
  if (groups.some((group) => group.label === 'person' || group.boxes.length > 1)) return false;
  if (groups.length === 1) {
    const [lone] = groups;
    if (agrees(subject.top, lone.label, taxonomy) || isMisnamedAnimal(lone, subject, taxonomy) || lone.boxes[0].score < OBJECTS_SURE) return true;
  }
  // Animals against animals are settled by isMisnamedAnimal alone.
  const animalsDisagree = isAny(subject.top, [ANIMAL], taxonomy) && groups.some((group) => COCO_ANIMALS.has(group.label));
  return subject.isClass && subject.probability >= FAIRLY_SURE && !animalsDisagree && !groups.some((group) => agrees(subject.top, group.label, taxonomy));
}

/**
 * The answer to "what is in this picture?" from everything the models saw, leading with what a
 * person would name first: a confident species; text on a screen, sign or page; the people and
 * things the detector found, counted; otherwise the classifier's answer as composeSentence gives
 * it. Detector scores are poorly calibrated, so object sentences carry no percentage.
 */
export function composeSceneSentence(scene: Scene, taxonomy?: Taxonomy): Answer {
  const reading = readPredictions(scene.predictions, taxonomy);
  const subject = subjectOf(reading, taxonomy);
  const groups = objectGroups(scene.objects, (label) => subject !== undefined && agrees(subject.top, label, taxonomy));
  if (scene.species) return speciesAnswer(scene.species, groups, scene.predictions, taxonomy);

  const carrier = textCarrier(scene.predictions, taxonomy);
  if (scene.text && (carrier !== undefined || (groups.length === 0 && reading.type === 'unsure'))) return textAnswer(scene.text, carrier);
  if (groups.length === 0) return composeSentence(scene.predictions, taxonomy);

  if (subject !== undefined && classifierLeads(groups, subject, taxonomy)) return composeSentence(scene.predictions, taxonomy);
  return objectsAnswer(groups, subject, placeOf(scene.predictions, taxonomy), scene.text, taxonomy);
}
