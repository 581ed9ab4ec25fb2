/**
 * The names the fulfilment function shares with the bot definition in `bots/`. A test checks that
 * the bot still has them, so renaming one in either place fails loudly.
 */
export const INTENT = Object.freeze({
  describeImage: 'DescribeImage',
  alternativeGuesses: 'AlternativeGuesses',
  countObjects: 'CountObjects',
  isThereA: 'IsThereA',
  readText: 'ReadText',
  whichSpecies: 'WhichSpecies',
  help: 'Help',
  fallback: 'FallbackIntent',
});

export const IMAGE_SLOT = 'ImageUrl';

/** CountObjects' and IsThereA's slot (type CocoThing), and WhichSpecies' slot. */
export const THING_SLOT = 'Thing';
export const GROUP_SLOT = 'Group';

/** Request or session attribute a client sets when it uploaded the picture itself. */
export const IMAGE_ATTRIBUTE = 'imageUrl';
