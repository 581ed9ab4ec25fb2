/**
 * WordNet 3.0 synsets that let the scene sentence compare the detector's COCO labels with the
 * classifier's ImageNet classes. A class "is" a synset when it is that synset or a hyponym
 * (Taxonomy.isA): "tabby" is a domestic cat, "Italian greyhound" a dog, "library" a building.
 */

/**
 * COCO label → the synsets of ImageNet classes that name the same kind of thing. Labels with no
 * counterpart among the classifier's classes or their hypernyms (giraffe, kite, frisbee, cake …)
 * are absent: no class can agree with them. In particular COCO "kite" (the toy) never agrees with
 * ImageNet "kite" (the bird).
 */
export const COCO_SYNSETS: ReadonlyMap<string, readonly string[]> = new Map([
  ['person', ['n00007846']],
  ['bicycle', ['n02834778']],
  ['car', ['n02958343']],
  ['motorcycle', ['n03790512', 'n03791053']], // motorcycle, motor scooter
  ['airplane', ['n02691156']],
  ['bus', ['n02924116']],
  ['train', ['n04468005', 'n03684823', 'n02959942']], // train, locomotive, railway car
  ['truck', ['n04490091']],
  ['boat', ['n04530566']], // vessel (watercraft)
  ['traffic light', ['n06874185']],
  ['stop sign', ['n06794110']], // street sign
  ['parking meter', ['n03891332']],
  ['bench', ['n02828884']],
  ['bird', ['n01503061']],
  ['cat', ['n02121808']], // domestic cat
  ['dog', ['n02084071']],
  ['horse', ['n02374451']],
  ['sheep', ['n02411705']],
  ['cow', ['n02402425']], // cattle
  ['elephant', ['n02503517']],
  ['bear', ['n02131653']],
  ['zebra', ['n02391049']],
  ['backpack', ['n02769748']],
  ['umbrella', ['n04507155']],
  ['handbag', ['n04026417']], // purse
  ['tie', ['n03815615']], // necktie
  ['skis', ['n04228054']],
  ['sports ball', ['n02778669']],
  ['tennis racket', ['n04039381']], // racket
  ['bottle', ['n02876657']],
  ['wine glass', ['n03443371']], // goblet
  ['cup', ['n03147509', 'n03797390']], // cup, mug
  ['knife', ['n03623556']],
  ['spoon', ['n04284002']],
  ['bowl', ['n02880940']],
  ['banana', ['n07753592']],
  ['apple', ['n07739125']],
  ['sandwich', ['n07695965']],
  ['orange', ['n07747607']],
  ['broccoli', ['n07714990']],
  ['hot dog', ['n07697537']],
  ['pizza', ['n07873807']],
  ['chair', ['n03001627']],
  ['couch', ['n04256520']], // sofa
  ['potted plant', ['n03991062']], // flowerpot
  ['bed', ['n02818832']],
  ['dining table', ['n03201208']],
  ['tv', ['n04404412', 'n03782006', 'n04152593']], // television, monitor, screen
  ['laptop', ['n03642806', 'n03832673']], // laptop, notebook computer
  ['mouse', ['n03793489']],
  ['remote', ['n04074963']],
  ['keyboard', ['n03085013']], // computer keyboard
  ['cell phone', ['n02992529']],
  ['microwave', ['n03761084']],
  ['oven', ['n03862676']],
  ['toaster', ['n04442312']],
  ['sink', ['n04553703']], // washbasin
  ['refrigerator', ['n04070727']],
  ['book', ['n07248320']], // book jacket
  ['clock', ['n03046257']],
  ['vase', ['n04522168']],
  ['teddy bear', ['n04399382']],
  ['hair drier', ['n03483316']],
]);

export const PERSON = 'n00007846';
export const ANIMAL = 'n00015388';

/** What people wear: a classifier class of these describes someone's clothes, not another thing in the scene. */
export const WORN = ['n03051540', 'n03122748']; // clothing, covering

/** Places and settings ("it looks like a library"): buildings, shops, rooms and yards, landforms. */
export const PLACES = [
  'n02913152', // building
  'n03297735', // establishment (shops, markets, prisons)
  'n02735688', // area (patio, …)
  'n09287968', // geological formation (seashore, valley, alp, …)
];

/** Things text is written on, and what the sentence calls them when the reader found text. */
export const TEXT_CARRIERS: ReadonlyMap<string, string> = new Map([
  ['n06359193', 'screenshot'], // web site
  ['n04152593', 'screen'],
  ['n03782006', 'screen'], // monitor
  ['n04404412', 'screen'], // television
  ['n03180011', 'screen'], // desktop computer
  ['n03642806', 'screen'], // laptop
  ['n03832673', 'screen'], // notebook computer
  ['n07565083', 'menu'],
  ['n07248320', 'book cover'], // book jacket
  ['n06596364', 'comic'],
  ['n06785654', 'crossword'],
  ['n06794110', 'sign'], // street sign
  ['n02892201', 'plaque'], // brass
  ['n04149813', 'scoreboard'],
  ['n03291819', 'envelope'],
  ['n03871628', 'packet'],
  ['n02971356', 'carton'],
  ['n02840245', 'binder'],
]);
