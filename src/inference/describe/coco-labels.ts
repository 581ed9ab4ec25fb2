/**
 * The 80 COCO things the object detector knows, with the words people use for them. One table
 * for every channel: Slack reads questions with it, and the Lex bot's `CocoThing` slot type in
 * `bots/` is generated from it (`npm run bot:coco-slot-type`; a test keeps the two equal).
 */
import { objectName, pluralName } from './count-words';

/** COCO labels as the detector names them, in the dataset's order. */
export const COCO_LABELS: readonly string[] = Object.freeze([
  'person', 'bicycle', 'car', 'motorcycle', 'airplane', 'bus', 'train', 'truck', 'boat', 'traffic light',
  'fire hydrant', 'stop sign', 'parking meter', 'bench', 'bird', 'cat', 'dog', 'horse', 'sheep', 'cow',
  'elephant', 'bear', 'zebra', 'giraffe', 'backpack', 'umbrella', 'handbag', 'tie', 'suitcase', 'frisbee',
  'skis', 'snowboard', 'sports ball', 'kite', 'baseball bat', 'baseball glove', 'skateboard', 'surfboard', 'tennis racket', 'bottle',
  'wine glass', 'cup', 'fork', 'knife', 'spoon', 'bowl', 'banana', 'apple', 'sandwich', 'orange',
  'broccoli', 'carrot', 'hot dog', 'pizza', 'donut', 'cake', 'chair', 'couch', 'potted plant', 'bed',
  'dining table', 'toilet', 'tv', 'laptop', 'mouse', 'remote', 'keyboard', 'cell phone', 'microwave', 'oven',
  'toaster', 'sink', 'refrigerator', 'book', 'clock', 'vase', 'scissors', 'teddy bear', 'hair drier', 'toothbrush',
]);

/**
 * Other words for the same thing (singular and plural). Only words that mean the thing itself:
 * "men" is not here, because the detector counts people and cannot tell men from women.
 */
const OTHER_WORDS: Readonly<Record<string, readonly string[]>> = {
  person: ['persons', 'human', 'humans', 'human being', 'human beings', 'individual', 'individuals', 'folks'],
  bicycle: ['bike', 'bikes', 'cycle', 'cycles'],
  car: ['automobile', 'automobiles'],
  motorcycle: ['motorcycles', 'motorbike', 'motorbikes', 'motor bike', 'motor bikes'],
  airplane: ['airplanes', 'plane', 'planes', 'aeroplane', 'aeroplanes', 'aircraft', 'jet', 'jets'],
  truck: ['lorry', 'lorries'],
  boat: ['ship', 'ships'],
  'traffic light': ['traffic signal', 'traffic signals', 'stoplight', 'stoplights'],
  'fire hydrant': ['hydrant', 'hydrants'],
  cat: ['kitten', 'kittens', 'kitty', 'kitties'],
  dog: ['puppy', 'puppies', 'pup', 'pups', 'doggy', 'doggies', 'hound', 'hounds'],
  horse: ['pony', 'ponies'],
  sheep: ['lamb', 'lambs'],
  cow: ['cattle', 'calf', 'calves', 'bull', 'bulls'],
  backpack: ['backpacks', 'rucksack', 'rucksacks'],
  handbag: ['handbags', 'purse', 'purses'],
  tie: ['necktie', 'neckties'],
  suitcase: ['suitcases', 'luggage'],
  frisbee: ['frisbees', 'flying disc', 'flying discs'],
  'sports ball': ['sports balls', 'football', 'footballs', 'soccer ball', 'soccer balls', 'basketball', 'basketballs', 'tennis ball', 'tennis balls'],
  'tennis racket': ['racket', 'rackets', 'racquet', 'racquets', 'tennis rackets', 'tennis racquet', 'tennis racquets'],
  cup: ['mug', 'mugs'],
  'hot dog': ['hotdog', 'hotdogs'],
  donut: ['donuts', 'doughnut', 'doughnuts'],
  couch: ['sofa', 'sofas'],
  'potted plant': ['potted plants', 'plant', 'plants', 'houseplant', 'houseplants', 'pot plant', 'pot plants'],
  'dining table': ['dining tables', 'table', 'tables'],
  tv: ['television', 'televisions', 'tvs', 'tv set', 'tv sets'],
  laptop: ['laptops', 'notebook computer', 'notebook computers'],
  mouse: ['computer mouse', 'computer mice'],
  remote: ['remotes', 'remote control', 'remote controls'],
  'cell phone': ['cell phones', 'phone', 'phones', 'mobile phone', 'mobile phones', 'smartphone', 'smartphones', 'mobile', 'mobiles'],
  refrigerator: ['refrigerators', 'fridge', 'fridges'],
  'teddy bear': ['teddy bears', 'teddy', 'teddies'],
  'hair drier': ['hair dryer', 'hair dryers', 'hairdryer', 'hairdryers', 'blow dryer'],
};

/** Every word for a label except the label itself: other words, the display name and the plural. */
export function wordsFor(label: string): string[] {
  const words = [...(OTHER_WORDS[label] ?? []), objectName(label), pluralName(label)].map((w) => w.toLowerCase());
  return [...new Set(words)].filter((w) => w !== label);
}

const LABEL_OF: ReadonlyMap<string, string> = new Map(COCO_LABELS.flatMap((label) => [[label, label] as const, ...wordsFor(label).map((w) => [w, label] as const)]));

/** The COCO label a word names ("puppies" → "dog", "people" → "person"), or undefined. */
export function cocoLabelOf(word: string): string | undefined {
  return LABEL_OF.get(word.toLowerCase().replace(/\s+/g, ' ').trim());
}

export function isCocoLabel(label: string): boolean {
  return COCO_LABELS.includes(label);
}
