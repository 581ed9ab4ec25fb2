/**
 * "an espresso", "a unicycle", "chocolate sauce", "a pair of binoculars": a class name or kind
 * word as it reads after "That's" or "It's".
 */

/** Names read as mass nouns: no article ("That's guacamole"). */
const MASS_NOUNS: ReadonlySet<string> = new Set([
  // ImageNet class names
  'broccoli',
  'carbonara',
  'chain mail',
  'chocolate sauce',
  'consomme',
  'corn',
  'dough',
  'eggnog',
  'face powder',
  'guacamole',
  'hair spray',
  'hay',
  'ice cream',
  'lotion',
  'mashed potato',
  'perfume',
  'rapeseed',
  'red wine',
  'sunscreen',
  'thatch',
  'toilet paper',
  'toilet tissue',
  'velvet',
  'wool',
  // kind words
  'armour',
  'bread',
  'clothing',
  'coffee',
  'electronic equipment',
  'footwear',
  'furniture',
  'make-up',
  'sports equipment',
  'wine',
]);

/** Names of things that come in pairs, or whose singular reads oddly ("jean"). */
const PAIRED_NOUNS: ReadonlyMap<string, string> = new Map([
  ['binoculars', 'a pair of binoculars'],
  ['jean', 'a pair of jeans'],
  ['pajama', 'a pair of pajamas'],
  ['parallel bars', 'a pair of parallel bars'],
  ['sunglasses', 'a pair of sunglasses'],
  ['swimming trunks', 'a pair of swimming trunks'],
]);

/** Vowel letters that sound like a consonant: "a unicycle", "a European", "a one-armed bandit". */
const CONSONANT_SOUND = /^(uni|use|usu|ura|uri|ure|uti|eu|ewe|one\b|once\b)/i;
/** Consonant letters that sound like a vowel: "an hourglass". */
const VOWEL_SOUND = /^(hour|honest|honou?r|heir)/i;
/** A capital read as a letter, as in an initialism or "U-boat". */
const SPELLED_LETTER = /^([A-Z])[A-Z]*(?![a-z])/;
/** Letters whose names start with a vowel sound: "an MRI", "an RV", "a CD player", "a U-boat". */
const VOWEL_SOUND_LETTERS = 'AEFHILMNORSX';

export function indefiniteArticle(word: string): 'a' | 'an' {
  const initialism = SPELLED_LETTER.exec(word);
  if (initialism) return VOWEL_SOUND_LETTERS.includes(initialism[1]) ? 'an' : 'a';
  if (VOWEL_SOUND.test(word)) return 'an';
  if (CONSONANT_SOUND.test(word)) return 'a';
  return /^[aeiou]/i.test(word) ? 'an' : 'a';
}

/** The name with the article it needs; the name's own capitals are kept ("an Egyptian cat"). */
export function nounPhrase(name: string): string {
  const key = name.toLowerCase();
  const paired = PAIRED_NOUNS.get(key);
  if (paired !== undefined) return paired;
  if (MASS_NOUNS.has(key)) return name;
  return `${indefiniteArticle(name)} ${name}`;
}

/** "a", "a or b", "a, b or c". */
export function joinAlternatives(phrases: readonly string[]): string {
  return joinList(phrases, 'or');
}

/** "a", "a and b", "a, b and c". */
export function joinAll(phrases: readonly string[]): string {
  return joinList(phrases, 'and');
}

function joinList(phrases: readonly string[], conjunction: string): string {
  if (phrases.length <= 1) return phrases.join('');
  return `${phrases.slice(0, -1).join(', ')} ${conjunction} ${phrases[phrases.length - 1]}`;
}

/** The phrase as the start of a sentence: "a dog" → "A dog"; "iPod" stays as it is. */
export function sentenceStart(phrase: string): string {
  return /^[a-z]/.test(phrase) && !/^[a-z]+[A-Z]/.test(phrase) ? phrase[0].toUpperCase() + phrase.slice(1) : phrase;
}
