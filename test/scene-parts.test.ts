import { groupDetections, iou, parseDetections, type RawDetection } from '../src/inference/detector/detections';
import { parseSpeciesLabel } from '../src/inference/expert/species-labels';
import { confidentExcerpt } from '../src/inference/reader/read-words';
import { expertGroups, likelyText } from '../src/inference/scene-rules';
import { imagenetTaxonomy } from '../src/inference/describe/taxonomy';
import { OptionalModel } from '../src/inference/model/optional-model';
import type { ModelStore } from '../src/inference/model/model-store';
import type { Prediction } from '../src/inference/types';

const LABELS = ['person', 'bicycle', 'car'];
const det = (x1: number, y1: number, x2: number, y2: number, score: number, classIndex: number): RawDetection => ({ x1, y1, x2, y2, score, classIndex });

describe('detections: suppression, naming threshold, grouping', () => {
  test('rows of [x1, y1, x2, y2, score, class] are read in order', () => {
    expect(parseDetections([1, 2, 3, 4, 0.5, 2, 5, 6, 7, 8, 0.25, 0], 2)).toEqual([det(1, 2, 3, 4, 0.5, 2), det(5, 6, 7, 8, 0.25, 0)]);
  });

  test('overlapping boxes of one label are one object; of different labels, both stay; below the threshold, none', () => {
    const raw = [det(0, 0, 100, 100, 0.7, 0), det(5, 5, 100, 100, 0.6, 0), det(5, 5, 100, 100, 0.6, 1), det(300, 300, 400, 400, 0.5, 0), det(200, 0, 300, 100, 0.39, 2)];
    const groups = groupDetections(raw, LABELS, 512, { minScore: 0.4, countScore: 0.4, maxOverlap: 0.5 });
    expect(groups.map((g) => [g.label, g.count])).toEqual([['person', 2], ['bicycle', 1]]);
    expect(groups[0].boxes[0]).toEqual({ x: 0, y: 0, width: 100 / 512, height: 100 / 512, score: 0.7 });
  });

  test('a named label counts its other detections from the lower counting score; an unnamed label is not counted', () => {
    const raw = [det(0, 0, 50, 50, 0.6, 0), det(100, 100, 150, 150, 0.32, 0), det(200, 200, 250, 250, 0.28, 0), det(300, 300, 350, 350, 0.35, 2)];
    const groups = groupDetections(raw, LABELS, 512, { minScore: 0.4, countScore: 0.3, maxOverlap: 0.5 });
    expect(groups.map((g) => [g.label, g.count])).toEqual([['person', 2]]);
  });

  test('boxes are clamped to the picture', () => {
    const [g] = groupDetections([det(-10, 500, 100, 600, 0.9, 2)], LABELS, 512);
    expect(g.boxes[0]).toMatchObject({ x: 0, y: 500 / 512, height: 12 / 512 });
  });

  test('intersection over union', () => {
    expect(iou(det(0, 0, 10, 10, 1, 0), det(5, 0, 15, 10, 1, 0))).toBeCloseTo(50 / 150);
    expect(iou(det(0, 0, 10, 10, 1, 0), det(20, 20, 30, 30, 1, 0))).toBe(0);
  });
});

describe('species labels "Latin name (Common Name)"', () => {
  test.each([
    ['Poecile atricapillus (Black-capped Chickadee)', { scientificName: 'Poecile atricapillus', name: 'Black-capped Chickadee' }],
    ["Haemorhous cassinii (Cassin's Finch)", { scientificName: 'Haemorhous cassinii', name: "Cassin's Finch" }],
    ['background', { scientificName: 'background', name: 'background' }],
    ['Danaus plexippus', { scientificName: 'Danaus plexippus', name: 'Danaus plexippus' }],
  ])('%s', (line, expected) => expect(parseSpeciesLabel(line)).toEqual(expected));
});

describe('the reader keeps confident words only', () => {
  const w = (text: string, confidence: number) => ({ text, confidence });
  test('drops unsure words and noise, joins lines in reading order', () => {
    expect(confidentExcerpt([[w('Sign', 95), w('in', 93), w('~~', 99)], [w('Northwind', 91), w('Cl0ud', 40)]])).toBe('Sign in Northwind');
  });
  test("icons read as single letters are not words; 'a' and 'I' are", () => {
    expect(confidentExcerpt([[w('Q', 91), w('Rupert@s10:~', 91), w('x', 94), w('=', 95)]])).toBe('Rupert@s10:~');
    expect(confidentExcerpt([[w('I', 92), w('saw', 90), w('a', 88), w('cat', 93)]])).toBe('I saw a cat');
  });
  test('no confident word is no text', () => {
    expect(confidentExcerpt([[w('TET', 60), w('i', 95), w('Q', 99), w('A', 20)]])).toBeUndefined();
    expect(confidentExcerpt([[w('iL', 92)]])).toBeUndefined();
  });
  test('a long text is cut at a word boundary with an ellipsis', () => {
    const words = Array.from({ length: 40 }, (_, i) => w(`word${i}`, 95));
    const text = confidentExcerpt([words], { minWordConfidence: 80, minWords: 1, maxChars: 50 })!;
    expect(text.length).toBeLessThanOrEqual(51);
    expect(text).toMatch(/^word0 word1 .* word\d+…$/);
  });
});

describe('when the optional models run', () => {
  const p = (label: string, probability: number): Prediction => {
    const classIndex = imagenetLabels.findIndex((line) => line === label || line.split(', ')[0] === label);
    if (classIndex < 0) throw new Error(`no ImageNet class ${label}`);
    return { label: imagenetLabels[classIndex], classIndex, probability };
  };
  let imagenetLabels: string[];
  beforeAll(async () => {
    const { readFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { MODEL_MIRROR_DIR } = await import('./helpers/paths');
    imagenetLabels = readFileSync(join(MODEL_MIRROR_DIR, 'mobilenet_v2_1.0_224_quant', 'imagenet_labels.txt'), 'utf8').split('\n');
  });

  test('a bird by its WordNet kind, or a detected bird; an insect by its kind; a dog neither', () => {
    expect(expertGroups([p('chickadee', 0.9)], [], imagenetTaxonomy)).toEqual(['bird']);
    expect(expertGroups([p('kite', 0.37), p('ruffed grouse', 0.36)], [], imagenetTaxonomy)).toEqual(['bird']);
    expect(expertGroups([p('Egyptian cat', 0.9)], [{ label: 'bird', count: 1, boxes: [] }], imagenetTaxonomy)).toEqual(['bird']);
    expect(expertGroups([p('monarch', 0.8)], [], imagenetTaxonomy)).toEqual(['insect']);
    expect(expertGroups([p('Italian greyhound', 0.7), p('Boston bull', 0.2)], [{ label: 'dog', count: 2, boxes: [] }], imagenetTaxonomy)).toEqual([]);
  });

  test('text: a text-like class, a text-carrying object, or a rendered-looking picture', () => {
    expect(likelyText([p('web site', 0.9)], [], 0.1)).toBe(true);
    expect(likelyText([p('macaw', 0.99)], [{ label: 'book', count: 1, boxes: [] }], 0.1)).toBe(true);
    expect(likelyText([p('macaw', 0.99)], [], 0.95)).toBe(true);
    expect(likelyText([p('macaw', 0.99)], [{ label: 'bird', count: 1, boxes: [] }], 0.3)).toBe(false);
  });
});

describe('an optional model that failed to load', () => {
  test('is not asked again for a while, then is tried again', async () => {
    let now = 0;
    let calls = 0;
    let broken = true;
    const store = { get: async () => (calls++, broken ? Promise.reject(new Error('gone')) : 'model') } as unknown as ModelStore<string>;
    const optional = new OptionalModel(store, 60_000, () => now);
    expect(await optional.get()).toBeUndefined();
    now = 30_000;
    expect(await optional.get()).toBeUndefined();
    expect(calls).toBe(1);
    broken = false;
    now = 61_000;
    expect(await optional.get()).toBe('model');
    expect(calls).toBe(2);
  });
});
