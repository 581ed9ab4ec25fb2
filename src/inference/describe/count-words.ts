/**
 * The words for "how many of what" shared by the sentence and every channel's follow-up answers:
 * "three people", "a dog", "two sports balls" → "two balls". COCO labels are the detector's.
 */

const NUMBER_WORDS = ['no', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'];

/** Counts in words up to ten, digits above: "three", "12". */
export function numberWord(count: number): string {
  return NUMBER_WORDS[count] ?? String(count);
}

/** COCO labels as a person says them (singular). */
const DISPLAY: ReadonlyMap<string, string> = new Map([
  ['sports ball', 'ball'],
  ['dining table', 'table'],
  ['cell phone', 'phone'],
  ['tv', 'TV'],
  ['hair drier', 'hair dryer'],
  ['motorcycle', 'motorbike'],
  ['potted plant', 'potted plant'],
  ['fire hydrant', 'fire hydrant'],
]);

/** Plurals that adding "s" gets wrong. */
const PLURAL: ReadonlyMap<string, string> = new Map([
  ['person', 'people'],
  ['sheep', 'sheep'],
  ['mouse', 'mice'],
  ['knife', 'knives'],
  ['skis', 'pairs of skis'],
  ['scissors', 'pairs of scissors'],
  ['bus', 'buses'],
  ['couch', 'couches'],
  ['sandwich', 'sandwiches'],
  ['wine glass', 'wine glasses'],
  ['toothbrush', 'toothbrushes'],
  ['skateboard', 'skateboards'],
  ['hair dryer', 'hair dryers'],
  ['broccoli', 'broccoli'],
]);

/** Singular nouns that take no article or a fixed one. */
const SINGULAR: ReadonlyMap<string, string> = new Map([
  ['skis', 'a pair of skis'],
  ['scissors', 'a pair of scissors'],
  ['broccoli', 'some broccoli'],
]);

/** The detector's label as a person names one of it: "sports ball" → "ball". */
export function objectName(label: string): string {
  return DISPLAY.get(label) ?? label;
}

/** "people", "dogs", "balls". */
export function pluralName(label: string): string {
  const name = objectName(label);
  return PLURAL.get(name) ?? `${name}s`;
}

/** "a dog", "an umbrella", "three people", "12 kites", "no cats". */
export function countPhrase(label: string, count: number): string {
  const name = objectName(label);
  if (count === 1) return SINGULAR.get(name) ?? `${/^[aeiou]/i.test(name) ? 'an' : 'a'} ${name}`;
  return `${numberWord(count)} ${pluralName(label)}`;
}
