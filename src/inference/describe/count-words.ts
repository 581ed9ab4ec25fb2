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

/** Plurals that the English rules of pluralNoun get wrong. */
const PLURAL: ReadonlyMap<string, string> = new Map([
  ['person', 'people'],
  ['knife', 'knives'],
  ['skis', 'pairs of skis'],
  ['scissors', 'pairs of scissors'],
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

/** "people", "dogs", "balls", "benches". */
export function pluralName(label: string): string {
  const name = objectName(label);
  return PLURAL.get(name) ?? pluralNoun(name);
}

/** Last words whose plural is not regular: "Canada Goose" → "Canada Geese", "Dall Sheep" → "Dall Sheep". */
const IRREGULAR_PLURALS: ReadonlyMap<string, string> = new Map([
  ['goose', 'geese'],
  ['mouse', 'mice'],
  ['louse', 'lice'],
  ['sheep', 'sheep'],
  ['deer', 'deer'],
  ['moose', 'moose'],
  ['fish', 'fish'],
]);

/** The plural of a name by its last word, keeping its capitals: "House Finch" → "House Finches", "puppy" → "puppies". */
export function pluralNoun(name: string): string {
  const [, head, last] = /^(.*?)([^\s-]*)$/.exec(name) ?? ['', '', name];
  const irregular = IRREGULAR_PLURALS.get(last.toLowerCase());
  if (irregular !== undefined) return head + (/^[A-Z]/.test(last) ? irregular[0].toUpperCase() + irregular.slice(1) : irregular);
  if (/(s|x|z|ch|sh)$/i.test(last)) return `${name}es`;
  if (/[^aeiou]y$/i.test(last)) return `${name.slice(0, -1)}ies`;
  return `${name}s`;
}

/** "a dog", "an umbrella", "three people", "12 kites", "no cats". */
export function countPhrase(label: string, count: number): string {
  const name = objectName(label);
  if (count === 1) return SINGULAR.get(name) ?? `${/^[aeiou]/i.test(name) ? 'an' : 'a'} ${name}`;
  return `${numberWord(count)} ${pluralName(label)}`;
}
