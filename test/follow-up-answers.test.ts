import {
  alternativesAnswer,
  answerFollowUp,
  askedThing,
  cocoLabelOf,
  COCO_LABELS,
  countAnswer,
  countsPhrase,
  decodeSceneSummary,
  encodeSceneSummary,
  isThereAnswer,
  parseFollowUpQuestion,
  parseSceneSummary,
  readTextAnswer,
  speciesAnswer,
  summariseScene,
  SUMMARY_LIMITS,
  wordsFor,
  type ImageDescription,
} from '../src/inference';

/** A description as the module answers one, with the parts each test needs. */
function description(parts: Partial<ImageDescription>): ImageDescription {
  return {
    sentence: 'Ten people and six kites.',
    label: 'kite',
    probability: 0.62,
    predictions: [
      { label: 'kite', classIndex: 22, probability: 0.62 },
      { label: 'parachute, chute', classIndex: 702, probability: 0.2 },
      { label: 'background', classIndex: 0, probability: 0.05 },
      { label: 'balloon', classIndex: 418, probability: 0.03 },
      { label: 'umbrella', classIndex: 880, probability: 0.02 },
    ],
    objects: [],
    model: { name: 'm', version: '1' },
    // The detector ran (found what `objects` says); tests of a module without one say so.
    timingsMs: { decode: 1, inference: 1, detector: 1, total: 2 },
    ...parts,
  };
}

const box = { x: 0.1, y: 0.1, width: 0.2, height: 0.3, score: 0.6 };
const kites = summariseScene(
  description({
    objects: [
      { label: 'person', count: 10, boxes: Array(10).fill(box) },
      { label: 'kite', count: 6, boxes: Array(6).fill(box) },
    ],
  }),
);
const dogs = summariseScene(description({ label: 'Italian greyhound', probability: 0.6, predictions: [{ label: 'Italian greyhound', classIndex: 172, probability: 0.6 }, { label: 'whippet', classIndex: 173, probability: 0.2 }], objects: [{ label: 'dog', count: 2, boxes: [box, box] }] }));
const finch = summariseScene(
  description({
    label: 'house finch',
    probability: 0.7,
    predictions: [{ label: 'house finch, linnet, Carpodacus mexicanus', classIndex: 13, probability: 0.7 }],
    objects: [{ label: 'bird', count: 1, boxes: [box] }],
    species: { name: 'House Finch', scientificName: 'Haemorhous mexicanus', probability: 0.88, group: 'bird' },
  }),
);
const screenshot = summariseScene(description({ label: 'web site', probability: 0.8, predictions: [{ label: 'web site, website', classIndex: 917, probability: 0.8 }], text: 'Install Windows' }));

describe('scene summary', () => {
  test('keeps counts, common names of the runners-up (no background, no boxes), species and text', () => {
    expect(kites).toEqual({
      label: 'kite',
      probability: 0.62,
      runnersUp: [
        { label: 'parachute', probability: 0.2 },
        { label: 'balloon', probability: 0.03 },
        { label: 'umbrella', probability: 0.02 },
      ],
      detector: true,
      counts: [
        { label: 'person', count: 10 },
        { label: 'kite', count: 6 },
      ],
    });
    expect(finch.species).toEqual({ name: 'House Finch', scientificName: 'Haemorhous mexicanus', probability: 0.88, group: 'bird' });
    expect(JSON.stringify(kites)).not.toContain('width');
  });

  test('a long text is cut at a word to the limit', () => {
    const long = summariseScene(description({ text: 'word '.repeat(200) }));
    expect(long.text?.length).toBeLessThanOrEqual(SUMMARY_LIMITS.text);
    expect(long.text).toMatch(/word…$/);
  });

  test('round-trips through its string form, and refuses what is not a summary', () => {
    expect(decodeSceneSummary(encodeSceneSummary(finch))).toEqual(finch);
    expect(decodeSceneSummary(encodeSceneSummary(screenshot))).toEqual(screenshot);
    expect(decodeSceneSummary(undefined)).toBeUndefined();
    expect(decodeSceneSummary('{not json')).toBeUndefined();
    expect(decodeSceneSummary('"a string"')).toBeUndefined();
    expect(parseSceneSummary({ ...kites, probability: 7 })).toBeUndefined();
    expect(parseSceneSummary({ ...kites, counts: [{ label: 'unicorn', count: 2 }] })).toBeUndefined();
    expect(parseSceneSummary({ ...kites, counts: [{ label: 'dog', count: 1e9 }] })).toBeUndefined();
    expect(parseSceneSummary({ ...kites, text: 'x'.repeat(SUMMARY_LIMITS.text + 1) })).toBeUndefined();
    expect(parseSceneSummary({ ...kites, runnersUp: Array(20).fill({ label: 'x', probability: 0.1 }) })).toBeUndefined();
    expect(parseSceneSummary({ ...kites, extra: 'dropped' })).toEqual(kites);
  });

  test('the largest summary stays far below what a Lex session attribute or Slack metadata holds', () => {
    const crowded = summariseScene(
      description({
        objects: COCO_LABELS.map((label) => ({ label, count: 999, boxes: [box] })),
        species: { name: 'N'.repeat(100), scientificName: 'S'.repeat(100), probability: 0.5, group: 'insect' },
        text: 'w '.repeat(1000),
      }),
    );
    expect(decodeSceneSummary(encodeSceneSummary(crowded))).toEqual(crowded);
    expect(encodeSceneSummary(crowded).length).toBeLessThan(4_000);
  });
});

describe('COCO words', () => {
  test('synonyms and plurals resolve to the COCO label', () => {
    expect(['people', 'persons', 'humans', 'person'].map(cocoLabelOf)).toEqual(['person', 'person', 'person', 'person']);
    expect(['puppies', 'dogs', 'Doggy'].map(cocoLabelOf)).toEqual(['dog', 'dog', 'dog']);
    expect(['balls', 'tables', 'phones', 'mice', 'tv'].map(cocoLabelOf)).toEqual(['sports ball', 'dining table', 'cell phone', 'mouse', 'tv']);
    expect(cocoLabelOf('trees')).toBeUndefined();
  });

  test('no word names two things', () => {
    const seen = new Map<string, string>();
    for (const label of COCO_LABELS) {
      for (const word of [label, ...wordsFor(label)]) {
        expect([word, seen.get(word) ?? label]).toEqual([word, label]);
        seen.set(word, label);
      }
    }
    expect(COCO_LABELS).toHaveLength(80);
  });
});

describe('follow-up answers', () => {
  test('counts what the detector saw, and says so when it saw none', () => {
    expect(countsPhrase(kites)).toBe('ten people and six kites');
    expect(countAnswer(kites, askedThing('people'))).toBe('I count ten people.');
    expect(countAnswer(kites, askedThing('kites'))).toBe('I count six kites.');
    expect(countAnswer(finch, askedThing('birds'))).toBe('I see just one bird.');
    expect(countAnswer(kites, askedThing('dogs'))).toBe("I don't see any dogs — I see ten people and six kites.");
    expect(countAnswer(screenshot, askedThing('dogs'))).toBe("I don't see any dogs.");
  });

  test('without the detector, says it did not look rather than that there are none', () => {
    const undetected = summariseScene(description({ timingsMs: { decode: 1, inference: 1, total: 2 } }));
    expect(undetected.detector).toBe(false);
    expect(countAnswer(undetected, askedThing('people'))).toBe("My object detector didn't look at this picture, so I can't count people in it. My best guess for the picture is a kite (62%).");
    expect(isThereAnswer(undetected, askedThing('dog'))).toBe("My object detector didn't look at this picture, so I can't say whether there's a dog. My best guess for the picture is a kite (62%).");
    // The classifier's own guesses still answer.
    expect(isThereAnswer(undetected, askedThing('kite'))).toBe('Yes, I think so — it looks like a kite to me (62%).');
    expect(decodeSceneSummary(encodeSceneSummary(undetected))?.detector).toBe(false);
  });

  test('says it cannot count what the detector does not know', () => {
    expect(countAnswer(kites, askedThing('trees'))).toBe(
      "I can't count trees: I only count the 80 kinds of things my object detector knows (people, animals, vehicles and everyday objects). Here I see ten people and six kites.",
    );
  });

  test('is there a …: yes with the count, no with what it sees instead', () => {
    expect(isThereAnswer(dogs, askedThing('a dog'))).toBe('Yes — I see two dogs.');
    expect(isThereAnswer(dogs, askedThing('cat'))).toBe("I don't see a cat — I see two dogs.");
    expect(isThereAnswer(screenshot, askedThing('cat'))).toBe("I don't see a cat. My best guess for the picture is a web site (80%).");
    // Not a detector kind: the classifier's guesses.
    expect(isThereAnswer(dogs, askedThing('greyhound'))).toBe('Yes, I think so — it looks like an Italian greyhound to me (60%).');
    expect(isThereAnswer(dogs, askedThing('whippet'))).toBe('Maybe — a whippet was one of my guesses (20%), but my best guess was an Italian greyhound (60%).');
    expect(isThereAnswer(finch, askedThing('house finches'))).toBe('Yes, I think so — it looks like a house finch to me (70%).');
    expect(isThereAnswer({ ...finch, label: 'goldfinch' }, askedThing('house finch'))).toBe(
      'Maybe — a House Finch was one of my guesses (88%), but my best guess was a goldfinch (70%).',
    );
    expect(isThereAnswer(kites, askedThing('trees'))).toMatch(/^I can't say for sure: I look for the 80 kinds of things .*, and trees aren't among them\. My best guess for the picture is a kite \(62%\)\.$/);
  });

  test('reads the text, or says it read none', () => {
    expect(readTextAnswer(screenshot)).toBe('It says “Install Windows”.');
    expect(readTextAnswer(kites)).toBe("I didn't read any text in it.");
  });

  test('names the species the expert found, and is honest without one', () => {
    expect(speciesAnswer(finch, 'bird')).toBe('It looks like a House Finch (Haemorhous mexicanus) — my bird expert is 88% sure.');
    expect(speciesAnswer(finch)).toBe('It looks like a House Finch (Haemorhous mexicanus) — my bird expert is 88% sure.');
    expect(speciesAnswer(finch, 'insect')).toBe("I didn't recognise a kind of insect — but my bird expert says a House Finch (Haemorhous mexicanus, 88%).");
    // The detector saw no bird (the kites are toys): the expert had nothing to look at.
    expect(speciesAnswer(kites, 'bird')).toBe("I don't see a bird — I see ten people and six kites.");
    expect(speciesAnswer({ ...kites, counts: [...kites.counts, { label: 'bird', count: 1 }] }, 'bird')).toBe("My bird expert couldn't tell which kind it is. My best guess for the picture is a kite (62%).");
    expect(speciesAnswer(dogs, 'dog')).toBe("I don't have an expert for that, so the kind of dog is my general model's guess: an Italian greyhound (60%) or a whippet (20%).");
  });

  test('alternatives after a species or counted things: the expert and the general model each with their own numbers', () => {
    const owl = { ...finch, label: 'Burrowing Owl', probability: 0.96, leadsWith: 'species' as const, species: { name: 'Burrowing Owl', scientificName: 'Athene cunicularia', probability: 0.96, group: 'bird' as const }, runnersUp: [{ label: 'kite', probability: 0.37 }, { label: 'ruffed grouse', probability: 0.36 }] };
    expect(alternativesAnswer(owl)).toBe('My bird expert says a Burrowing Owl (96%). My general model\'s guesses were a kite (37%) or a ruffed grouse (36%).');
    const crowd = { ...kites, label: 'person', probability: 0.58, leadsWith: 'objects' as const, runnersUp: [{ label: 'seashore', probability: 0.36 }, { label: 'volleyball', probability: 0.28 }] };
    expect(alternativesAnswer(crowd)).toBe("Besides what I counted, my general model's guesses were a seashore (36%) or a volleyball (28%).");
    expect(alternativesAnswer({ ...crowd, runnersUp: [] })).toBe('Besides what I counted, I had no other guesses.');
  });

  test('alternatives: close runners-up, far-behind ones, none', () => {
    expect(alternativesAnswer(kites)).toBe('My best guess was a kite (62%). It could also be a parachute (20%), a balloon (3%) or an umbrella (2%).');
    expect(alternativesAnswer({ ...kites, probability: 0.97, runnersUp: [{ label: 'cup', probability: 0.01 }, { label: 'bowl', probability: 0.001 }] })).toBe(
      "I'm quite sure it's a kite (97%) — my next guesses were far behind: a cup (1%) or a bowl (<1%).",
    );
    expect(alternativesAnswer(finch)).toBe('My best guess was a house finch (70%), and I had no other guesses.');
  });
});

describe('reading a follow-up question', () => {
  test.each([
    ['how many people are there?', { kind: 'count', thing: { label: 'person', words: 'people' } }],
    ['<@U0BOT0001> how many kites?', { kind: 'count', thing: { label: 'kite', words: 'kites' } }],
    ['How many puppies do you see in the picture', { kind: 'count', thing: { label: 'dog', words: 'puppies' } }],
    ['how many trees', { kind: 'count', thing: { words: 'trees' } }],
    ['is there a dog?', { kind: 'isThere', thing: { label: 'dog', words: 'dog' } }],
    ['Is there a cat in it?', { kind: 'isThere', thing: { label: 'cat', words: 'cat' } }],
    ['are there any tennis rackets in this photo', { kind: 'isThere', thing: { label: 'tennis racket', words: 'tennis rackets' } }],
    ['do you see a unicorn', { kind: 'isThere', thing: { words: 'unicorn' } }],
    ['what does it say?', { kind: 'readText' }],
    ['What does the sign say', { kind: 'readText' }],
    ['what kind of bird is it?', { kind: 'species', group: 'bird' }],
    ['which breed of dog is that', { kind: 'species', group: 'dog' }],
    ['what species is it', { kind: 'species' }],
    ['what else could it be?', { kind: 'alternatives' }],
    ['are you sure', { kind: 'alternatives' }],
  ])('%s', (text, expected) => {
    expect(parseFollowUpQuestion(text)).toEqual(expected);
  });

  test.each(['thanks!', 'nice picture', 'how are you today my friend, it is a lovely day', '', 'how many of the people in this picture are wearing red hats and blue shoes'])(
    'not a follow-up: %p',
    (text) => {
      expect(parseFollowUpQuestion(text)).toBeUndefined();
    },
  );

  test('answers a parsed question from the summary', () => {
    expect(answerFollowUp(kites, parseFollowUpQuestion('how many kites?')!)).toBe('I count six kites.');
    expect(answerFollowUp(screenshot, parseFollowUpQuestion('what does it say')!)).toBe('It says “Install Windows”.');
  });

  test('a very long message is not read', () => {
    expect(parseFollowUpQuestion(`how many ${'dogs '.repeat(200)}`)).toBeUndefined();
  });
});
