import taxonomyJson from './imagenet-taxonomy.json';
import { DISPLAY_NAMES } from './display-names';
import { KIND_WORDS, type KindWord } from './kind-words';

/** imagenet-taxonomy.json, written by src/model-pipeline/build-imagenet-taxonomy.ts. */
export interface TaxonomyFile {
  about: string;
  /** `classes[classIndex]`: [wnid, common name], null where the model has no class (background). */
  classes: ([string, string] | null)[];
  /** [wnid, first lemma, parent wnids] for every class synset and all its hypernyms. */
  synsets: [string, string, string[]][];
}

/** What the sentence needs to know about a model's classes beyond their labels. */
export interface Taxonomy {
  /** The kinds a class belongs to, most specific first; empty when none applies or the class is unknown. */
  kindsOf(classIndex: number): readonly KindWord[];
  /**
   * What a person calls the class when its label's first synonym misleads; undefined otherwise.
   * Absent from a taxonomy that knows kinds only.
   */
  nameOf?(classIndex: number): string | undefined;
  /**
   * Whether the class is the synset `wnid` or one of its hyponyms ("tabby" is a domestic cat, an
   * animal). Absent from a taxonomy that knows kinds only: then nothing is known to be anything.
   */
  isA?(classIndex: number, wnid: string): boolean;
}

/** Every hypernym of a synset (not the synset itself) with its distance in hypernym links. */
function hypernymDistances(wnid: string, parents: ReadonlyMap<string, readonly string[]>): Map<string, number> {
  const distances = new Map<string, number>();
  let frontier = parents.get(wnid) ?? [];
  for (let distance = 1; frontier.length > 0; distance++) {
    const next: string[] = [];
    for (const ancestor of frontier) {
      if (distances.has(ancestor)) continue;
      distances.set(ancestor, distance);
      next.push(...(parents.get(ancestor) ?? []));
    }
    frontier = next;
  }
  return distances;
}

/**
 * Builds the taxonomy of a model from its class → synset table. Of the kind words found on any
 * hypernym path of a class, the most specific is the one covering the fewest of the model's
 * classes: along one path that is simply the nearest, and across paths it prefers the narrower
 * category (missile is both a rocket and a weapon; "rocket" says more). Ties go to the nearer
 * hypernym, then to the order of the kind list.
 */
export function taxonomyFrom(
  file: TaxonomyFile,
  kindWords: readonly KindWord[] = KIND_WORDS,
  displayNames: ReadonlyMap<string, string> = DISPLAY_NAMES,
): Required<Taxonomy> {
  const parents = new Map(file.synsets.map(([wnid, , parentWnids]) => [wnid, parentWnids]));
  const hypernymsByClass = file.classes.map((entry) => (entry ? hypernymDistances(entry[0], parents) : new Map<string, number>()));
  const coverage = new Map<string, number>();
  for (const hypernyms of hypernymsByClass) {
    for (const wnid of hypernyms.keys()) coverage.set(wnid, (coverage.get(wnid) ?? 0) + 1);
  }
  const kindsByClass = hypernymsByClass.map((hypernyms) =>
    kindWords
      .map((kind, order) => ({ kind, order, distance: hypernyms.get(kind.wnid) }))
      .filter((found): found is { kind: KindWord; order: number; distance: number } => found.distance !== undefined)
      .sort((a, b) => (coverage.get(a.kind.wnid) ?? 0) - (coverage.get(b.kind.wnid) ?? 0) || a.distance - b.distance || a.order - b.order)
      .map(({ kind }) => kind),
  );
  const wnidOf = (classIndex: number): string | undefined => file.classes[classIndex]?.[0];
  return {
    kindsOf: (classIndex) => kindsByClass[classIndex] ?? [],
    nameOf: (classIndex) => {
      const wnid = wnidOf(classIndex);
      return wnid === undefined ? undefined : displayNames.get(wnid);
    },
    isA: (classIndex, wnid) => wnidOf(classIndex) === wnid || (hypernymsByClass[classIndex]?.has(wnid) ?? false),
  };
}

/** The taxonomy of the default model (MobileNet V2 on ImageNet-1k, 1001 outputs with background). */
export const IMAGENET_TAXONOMY_FILE = taxonomyJson as unknown as TaxonomyFile;
export const imagenetTaxonomy: Required<Taxonomy> = taxonomyFrom(IMAGENET_TAXONOMY_FILE);

const TAXONOMIES: ReadonlyMap<string, Taxonomy> = new Map([['imagenet-wordnet-3.0', imagenetTaxonomy]]);

/**
 * The taxonomy a model manifest names (its `taxonomy` field). Models without one, or with a
 * name this build does not know, get plain sentences without kinds.
 */
export function taxonomyByName(name: string | undefined): Taxonomy | undefined {
  return name === undefined ? undefined : TAXONOMIES.get(name);
}
