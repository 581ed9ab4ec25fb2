import {
  MAX_KINDS,
  OBJECT_SCORE_AT_LEAST,
  QUOTE_MAX_CHARS,
  TINY_AREA,
  TINY_BOX_SCORE_AT_LEAST,
  composeSceneSentence,
} from '../../src/inference/describe/compose-scene-sentence';
import { composeSentence } from '../../src/inference/describe/compose-sentence';
import { COCO_SYNSETS, PLACES, TEXT_CARRIERS, WORN } from '../../src/inference/describe/scene-synsets';
import { IMAGENET_TAXONOMY_FILE, imagenetTaxonomy } from '../../src/inference/describe/taxonomy';
import type { Box, DetectedObjects, Prediction, Scene, Species } from '../../src/inference/types';

const { classes, synsets } = IMAGENET_TAXONOMY_FILE;

function classIndex(name: string): number {
  const index = classes.findIndex((entry) => entry?.[1] === name);
  if (index < 0) throw new Error(`no class named ${name}`);
  return index;
}

const predictions = (...pairs: [string, number][]): Prediction[] =>
  pairs.map(([name, probability]) => ({ label: name, classIndex: classIndex(name), probability }));

/** `n` boxes side by side, each `size` wide and high, all scored `score`. */
function boxes(n: number, size: number, score: number): Box[] {
  return Array.from({ length: n }, (_, i) => ({ x: (i * size) % 1, y: 0, width: size, height: size, score }));
}

const group = (label: string, found: Box[]): DetectedObjects => ({ label, count: found.length, boxes: found });

function scene(parts: { predictions?: Prediction[]; objects?: DetectedObjects[]; species?: Species; text?: string }): Scene {
  return { predictions: parts.predictions ?? [], objects: parts.objects ?? [], ...(parts.species ? { species: parts.species } : {}), ...(parts.text ? { text: parts.text } : {}) };
}

const say = (parts: Parameters<typeof scene>[0]): string => composeSceneSentence(scene(parts), imagenetTaxonomy).sentence;

/** Predictions that support no answer of their own. */
const unsure = predictions(['tripod', 0.12], ['volleyball', 0.11], ['tench', 0.1]);
const finch: Species = { name: 'House Finch', scientificName: 'Haemorhous mexicanus', probability: 0.88, group: 'bird' };

describe('composeSceneSentence: people and things counted', () => {
  test('counts people in words, with the place the classifier sees', () => {
    const answer = composeSceneSentence(
      scene({ objects: [group('person', boxes(3, 0.3, 0.7))], predictions: predictions(['library', 0.25], ['bookshop', 0.2], ['tripod', 0.1]) }),
      imagenetTaxonomy,
    );
    expect(answer).toEqual({ sentence: 'Three people — it looks like a library.', label: 'person', probability: 0.7, leadsWith: 'objects' });
  });

  test('a place counts only when the place-like classes together are likely', () => {
    expect(say({ objects: [group('person', boxes(3, 0.3, 0.7))], predictions: predictions(['library', 0.2], ['tripod', 0.15]) })).toBe('Three people.');
    expect(say({ objects: [group('person', boxes(2, 0.3, 0.7))], predictions: predictions(['seashore', 0.2], ['sandbar', 0.15]) })).toBe(
      'Two people — it looks like a seashore.',
    );
  });

  test('lists up to three kinds of things, larger first, people first of all', () => {
    expect(say({ objects: [group('dog', boxes(2, 0.3, 0.7)), group('cat', boxes(2, 0.4, 0.7))], predictions: unsure })).toBe('Two cats and two dogs.');
    expect(say({ objects: [group('dog', boxes(1, 0.6, 0.7)), group('person', boxes(1, 0.3, 0.7))], predictions: unsure })).toBe('A person and a dog.');
    const many = ['chair', 'bottle', 'cup', 'bowl', 'vase'].map((label, i) => group(label, boxes(1, 0.5 - i * 0.05, 0.7)));
    expect(MAX_KINDS).toBe(3);
    expect(say({ objects: many, predictions: unsure })).toBe('A chair, a bottle and a cup.');
  });

  test('leaves out things small beside the main ones', () => {
    expect(say({ objects: [group('person', boxes(1, 0.6, 0.8)), group('cup', boxes(1, 0.1, 0.8))], predictions: unsure })).toBe('A person.');
    expect(say({ objects: [group('person', boxes(1, 0.6, 0.8)), group('cup', boxes(1, 0.25, 0.8))], predictions: unsure })).toBe('A person and a cup.');
  });

  test('names a kind only when one of its boxes can carry the name, then counts it as the scene does', () => {
    const tiny = Math.sqrt(TINY_AREA) / 2;
    const people = (extra: Box[]): DetectedObjects => group('person', [...boxes(3, 0.2, 0.7), ...extra]);
    // Not named: a tiny weak box, or one below the naming score.
    expect(say({ objects: [group('person', boxes(1, tiny, TINY_BOX_SCORE_AT_LEAST - 0.03))], predictions: unsure })).not.toMatch(/person|people/i);
    expect(say({ objects: [group('person', boxes(1, 0.2, OBJECT_SCORE_AT_LEAST - 0.05))], predictions: unsure })).not.toMatch(/person|people/i);
    expect(say({ objects: [group('person', boxes(1, tiny, TINY_BOX_SCORE_AT_LEAST))], predictions: unsure })).toMatch(/^A person\./);
    // Named: every box the scene counted is in the number, so a later "how many?" agrees.
    expect(say({ objects: [people(boxes(1, tiny, TINY_BOX_SCORE_AT_LEAST - 0.03))], predictions: unsure })).toBe('Four people.');
    expect(say({ objects: [people(boxes(1, 0.2, OBJECT_SCORE_AT_LEAST - 0.05))], predictions: unsure })).toBe('Four people.');
    expect(say({ objects: [group('person', boxes(12, 0.05, 0.7))], predictions: unsure })).toBe('12 people.');
  });

  test('hedges when every detection is weak and the classifier backs none', () => {
    expect(say({ objects: [group('dog', boxes(1, 0.5, 0.42))], predictions: unsure })).toBe("A dog. I'm not very sure.");
    expect(say({ objects: [group('dog', boxes(2, 0.3, 0.42))], predictions: predictions(['golden retriever', 0.8]) })).toBe('Two dogs.');
  });

  test('with no detections, answers as the classifier alone does', () => {
    const alone = predictions(['tiger cat', 0.637], ['Egyptian cat', 0.195], ['tabby', 0.16]);
    expect(composeSceneSentence(scene({ predictions: alone }), imagenetTaxonomy)).toEqual(composeSentence(alone, imagenetTaxonomy));
    expect(composeSceneSentence(scene({ predictions: unsure }))).toEqual(composeSentence(unsure));
  });
});

describe('composeSceneSentence: detector and classifier together', () => {
  test('a lone object the classifier agrees with is named by the classifier, with its confidence', () => {
    const answer = composeSceneSentence(scene({ objects: [group('dog', boxes(1, 0.6, 0.6))], predictions: predictions(['golden retriever', 0.8]) }), imagenetTaxonomy);
    expect(answer).toEqual({ sentence: "That's a golden retriever — a kind of dog. I'm fairly sure (80%).", label: 'golden retriever', kind: 'dog', probability: 0.8, leadClassIndex: expect.any(Number) });
  });

  test('an animal the classifier sees as another animal takes its name when the detection is weak or the classifier almost certain', () => {
    const tigerCat = predictions(['tiger cat', 0.64], ['tabby', 0.2]);
    expect(say({ objects: [group('dog', boxes(1, 0.6, 0.49))], predictions: tigerCat })).toBe("That's a tiger cat — a kind of cat. I'm fairly sure (64%).");
    expect(say({ objects: [group('dog', boxes(1, 0.6, 0.55))], predictions: tigerCat })).toBe('A dog.');
    expect(say({ objects: [group('dog', boxes(1, 0.6, 0.92))], predictions: predictions(['tiger cat', 0.6], ['Egyptian cat', 0.24], ['tabby', 0.16]) })).toBe(
      "It's a cat — maybe a tiger cat, an Egyptian cat or a tabby cat. I'm almost certain (99%).",
    );
    const horseAsDogs = predictions(['Mexican hairless', 0.27], ['Great Dane', 0.18], ['Saluki', 0.14], ['whippet', 0.1], ['tripod', 0.05]);
    expect(say({ objects: [group('horse', boxes(1, 0.8, 0.53))], predictions: horseAsDogs })).toBe('A horse.');
    const person = group('person', boxes(1, 0.5, 0.8));
    expect(say({ objects: [person, group('dog', boxes(1, 0.4, 0.45))], predictions: predictions(['tabby', 0.7]) })).toBe('A person and a tabby cat.');
    expect(say({ objects: [person, group('dog', boxes(1, 0.4, 0.6))], predictions: predictions(['tabby', 0.7]) })).toBe('A person and a dog.');
  });

  test('beside people, the classifier names a lone object it agrees with, not a group of them', () => {
    const retriever = predictions(['golden retriever', 0.8]);
    expect(say({ objects: [group('person', boxes(1, 0.5, 0.8)), group('dog', boxes(1, 0.4, 0.7))], predictions: retriever })).toBe('A person and a golden retriever.');
    expect(say({ objects: [group('person', boxes(1, 0.5, 0.8)), group('dog', boxes(2, 0.3, 0.7))], predictions: retriever })).toBe('A person and two dogs.');
  });

  test('what the classifier sees too comes right after people, and is kept however small', () => {
    const savanna = [group('giraffe', boxes(1, 0.6, 0.7)), group('zebra', boxes(1, 0.5, 0.7))];
    expect(say({ objects: savanna, predictions: unsure })).toBe('A giraffe and a zebra.');
    expect(say({ objects: savanna, predictions: predictions(['zebra', 0.8]) })).toBe('A zebra and a giraffe.');
    const match = [group('person', boxes(3, 0.4, 0.7)), group('sports ball', boxes(1, 0.08, 0.7))];
    expect(say({ objects: match, predictions: unsure })).toBe('Three people.');
    expect(say({ objects: match, predictions: predictions(['rugby ball', 0.64], ['soccer ball', 0.36]) })).toBe('Three people and a ball.');
    const office = [group('person', boxes(2, 0.35, 0.5)), group('chair', boxes(2, 0.25, 0.6)), group('tv', boxes(1, 0.26, 0.55)), group('laptop', boxes(1, 0.23, 0.77))];
    expect(say({ objects: office, predictions: unsure })).toBe('Two people, two chairs and a TV.');
    expect(say({ objects: office, predictions: predictions(['laptop', 0.53], ['monitor', 0.19]) })).toBe('Two people, a laptop and two chairs.');
  });

  test('people are never renamed by what the classifier calls them or what they wear', () => {
    expect(say({ objects: [group('person', boxes(1, 0.6, 0.8))], predictions: predictions(['groom', 0.7]) })).toBe('A person.');
    expect(say({ objects: [group('person', boxes(3, 0.3, 0.8))], predictions: predictions(['military uniform', 0.7]) })).toBe('Three people.');
  });

  test('beside people only, adds a thing the detector has no label for when the classifier is fairly sure of it', () => {
    expect(say({ objects: [group('person', boxes(1, 0.5, 0.8))], predictions: predictions(['racket', 0.7]) })).toBe('A person and a racket.');
    expect(say({ objects: [group('person', boxes(1, 0.5, 0.8))], predictions: predictions(['racket', 0.45], ['tench', 0.1]) })).toBe('A person.');
    // Beside other things it is mostly one of them under another name (a "sofa bed" for a bed).
    expect(say({ objects: [group('person', boxes(2, 0.3, 0.5)), group('bed', boxes(1, 0.55, 0.47))], predictions: predictions(['studio couch', 0.78]) })).toBe(
      'Two people and a bed.',
    );
  });

  test('without people or counts, a class the classifier is fairly sure of and nothing detected is leads', () => {
    const tableware = [group('cup', boxes(1, 0.5, 0.51)), group('dining table', boxes(1, 0.6, 0.41))];
    expect(say({ objects: tableware, predictions: predictions(['espresso', 0.97]) })).toBe("That's an espresso — a kind of coffee. I'm almost certain (97%).");
    expect(say({ objects: tableware, predictions: predictions(['espresso', 0.5], ['tench', 0.1]) })).toBe('A table and a cup.');
    expect(say({ objects: [group('dog', boxes(1, 0.5, 0.7))], predictions: predictions(['tennis ball', 0.7]) })).toBe("That's a tennis ball — a kind of ball. I'm fairly sure (70%).");
    expect(say({ objects: [group('dog', boxes(2, 0.5, 0.7))], predictions: predictions(['tennis ball', 0.7]) })).toBe('Two dogs.');
  });

  test("COCO's kite (the toy) does not agree with ImageNet's kite (the bird)", () => {
    expect(COCO_SYNSETS.has('kite')).toBe(false);
    expect(say({ objects: [group('person', boxes(7, 0.1, 0.6)), group('kite', boxes(6, 0.06, 0.6))], predictions: predictions(['kite', 0.5], ['tench', 0.1]) })).toBe(
      'Seven people and six kites.',
    );
  });

  test("a lone weak detection gives way to the classifier's answer, a lone sure one does not", () => {
    const cars = predictions(['convertible', 0.44], ['pickup', 0.16]);
    expect(say({ objects: [group('truck', boxes(1, 0.43, 0.44))], predictions: cars })).toBe("It's a vehicle — maybe a convertible or a pickup truck. I'm fairly sure (60%).");
    expect(say({ objects: [group('truck', boxes(1, 0.43, 0.71))], predictions: cars })).toBe('A truck.');
  });
});

describe('composeSceneSentence: species', () => {
  test('leads with a confident species, its kind confirmed by the classifier and the name', () => {
    const answer = composeSceneSentence(scene({ species: finch, predictions: predictions(['house finch', 0.6], ['goldfinch', 0.2]) }), imagenetTaxonomy);
    expect(answer).toEqual({ sentence: "A House Finch (Haemorhous mexicanus) — a kind of finch. I'm fairly sure (88%).", label: 'House Finch', kind: 'finch', probability: 0.88, leadsWith: 'species' });
  });

  test("falls back to the expert's group when the classifier's kind is not the species'", () => {
    const chickadee: Species = { name: 'Black-capped Chickadee', scientificName: 'Poecile atricapillus', probability: 0.65, group: 'bird' };
    expect(say({ species: chickadee, predictions: predictions(['goldfinch', 0.6], ['chickadee', 0.3]) })).toBe(
      "A Black-capped Chickadee (Poecile atricapillus) — a kind of bird. I'm fairly sure (65%).",
    );
    const swallowtail: Species = { name: 'Old World Swallowtail', scientificName: 'Papilio machaon', probability: 0.5, group: 'insect' };
    expect(say({ species: swallowtail, predictions: predictions(['flatworm', 0.8]) })).toBe(
      "An Old World Swallowtail (Papilio machaon) — a kind of insect. I'm not very sure (50%).",
    );
  });

  test('counts the birds the detector found, and leads with the species even beside people', () => {
    const spoonbill: Species = { name: 'Eurasian Spoonbill', scientificName: 'Platalea leucorodia', probability: 0.93, group: 'bird' };
    expect(say({ species: spoonbill, objects: [group('bird', boxes(2, 0.3, 0.6))], predictions: predictions(['spoonbill', 0.8]) })).toBe(
      "Two Eurasian Spoonbills (Platalea leucorodia) — a kind of bird. I'm almost certain (93%).",
    );
    expect(say({ species: finch, objects: [group('person', boxes(1, 0.5, 0.8)), group('bird', boxes(1, 0.1, 0.5))], predictions: unsure })).toMatch(/^A House Finch /);
  });
});

describe('composeSceneSentence: text', () => {
  test('says what is written on a screen, sign or page the classifier sees', () => {
    const answer = composeSceneSentence(scene({ text: 'Install Windows', predictions: predictions(['web site', 0.9]) }), imagenetTaxonomy);
    expect(answer).toEqual({ sentence: 'A screenshot that says “Install Windows”.', label: 'screenshot', probability: 0.9, leadsWith: 'text' });
    expect(say({ text: 'NO  LITTER', predictions: predictions(['barbershop', 0.3], ['street sign', 0.14]) })).toBe('A sign that says “NO LITTER”.');
  });

  test('quotes a short excerpt, cut at a word', () => {
    const sentence = say({ text: 'Sign in to Northwind Cloud with your work account to continue', predictions: predictions(['web site', 0.9]) });
    expect(sentence).toBe('A screenshot that says “Sign in to Northwind Cloud with your…”.');
    expect(sentence.match(/“(.*)…”/)![1].length).toBeLessThanOrEqual(QUOTE_MAX_CHARS);
    const url = 'https://example.org/a/very/long/path/that/keeps/going/on';
    expect(say({ text: url, predictions: predictions(['web site', 0.9]) })).toBe(`A screenshot that says “${url.slice(0, QUOTE_MAX_CHARS)}…”.`);
  });

  test('text alone leads only when nothing else can be said', () => {
    expect(say({ text: 'Quick Start', predictions: unsure })).toBe('Text that says “Quick Start”.');
    expect(say({ text: 'DLCcovert.com', predictions: predictions(['African elephant', 0.8]) })).toBe("That's an African elephant — a kind of elephant. I'm fairly sure (80%).");
    expect(say({ text: 'U.S. NAVY', objects: [group('person', boxes(2, 0.3, 0.8))], predictions: unsure })).toBe('Two people — the text says “U.S. NAVY”.');
  });
});

describe('the synsets the scene sentence relies on', () => {
  const known = new Set(synsets.map(([wnid]) => wnid));

  test('every synset named is in the taxonomy, so no entry is dead', () => {
    const named = [...[...COCO_SYNSETS.values()].flat(), ...PLACES, ...WORN, ...TEXT_CARRIERS.keys()];
    expect(named.filter((wnid) => !known.has(wnid))).toEqual([]);
  });

  test.each([
    ['tabby', 'cat'],
    ['Italian greyhound', 'dog'],
    ['cab', 'car'],
    ['mountain bike', 'bicycle'],
    ['canoe', 'boat'],
    ['ox', 'cow'],
    ['goblet', 'wine glass'],
    ['coffee mug', 'cup'],
    ['studio couch', 'couch'],
    ['notebook', 'laptop'],
    ['scuba diver', 'person'],
  ])('ImageNet %s is a COCO %s', (name, label) => {
    expect(COCO_SYNSETS.get(label)!.some((wnid) => imagenetTaxonomy.isA(classIndex(name), wnid))).toBe(true);
  });

  test.each([
    ['tabby', 'dog'],
    ['lion', 'cat'],
    ['kite', 'airplane'],
  ])('ImageNet %s is not a COCO %s', (name, label) => {
    expect(COCO_SYNSETS.get(label)!.some((wnid) => imagenetTaxonomy.isA(classIndex(name), wnid))).toBe(false);
  });
});
