import type { Taxonomy } from './describe/taxonomy';
import type { DetectedObjects, Prediction } from './types';

/**
 * When to run the optional models. Pure decisions from what the classifier and the detector
 * already said, and a cheap measure of the picture; thresholds measured on ../shared/images and
 * its dev set (README, "Scene").
 */

/** A classifier class counts when it is in the top 3 with at least this probability. */
const CLASS_COUNTS_AT = 0.15;

/** The species group to ask, if any: the classifier's kind (WordNet) or the detector's "bird". */
export function expertGroups(predictions: readonly Prediction[], objects: readonly DetectedObjects[], taxonomy: Taxonomy): Array<'bird' | 'insect'> {
  const kinds = new Set(
    predictions
      .slice(0, 3)
      .filter((p, i) => i === 0 || p.probability >= CLASS_COUNTS_AT)
      .flatMap((p) => taxonomy.kindsOf(p.classIndex).map((k) => k.word)),
  );
  const groups: Array<'bird' | 'insect'> = [];
  if (kinds.has('bird') || objects.some((o) => o.label === 'bird')) groups.push('bird');
  if (kinds.has('insect') || kinds.has('butterfly')) groups.push('insect');
  return groups;
}

/** A species is said only when the expert's top-1 is a species (not background) and at least this likely. */
export const SPECIES_AT_LEAST = 0.3;

/** ImageNet classes that are, or mostly show, text: screens, pages, signs. First synonyms. */
const TEXT_CLASSES = new Set(['web site', 'menu', 'envelope', 'book jacket', 'comic book', 'crossword puzzle', 'screen', 'monitor', 'street sign', 'scoreboard', 'packet', 'binder', 'notebook', 'desktop computer', 'hand-held computer', 'laptop', 'television', 'cellular telephone', 'iPod']);

/** COCO objects that often carry text. */
const TEXT_OBJECTS = new Set(['book', 'laptop', 'tv', 'cell phone', 'stop sign']);

/**
 * Share of the picture in its 8 most frequent exact colours above which it is rendered (a
 * screenshot, a document): measured 0.86–0.97 on screenshots, at most 0.54 on photos.
 */
export const PALETTE_SHARE_FOR_TEXT = 0.75;

/** Is the picture likely to be text worth reading (a screenshot, a document, a sign)? */
export function likelyText(predictions: readonly Prediction[], objects: readonly DetectedObjects[], paletteShare: number): boolean {
  const textClass = predictions.slice(0, 5).some((p) => p.probability >= CLASS_COUNTS_AT && TEXT_CLASSES.has(p.label.split(', ')[0]));
  const textObject = objects.some((o) => TEXT_OBJECTS.has(o.label));
  return textClass || textObject || paletteShare >= PALETTE_SHARE_FOR_TEXT;
}
