/**
 * The labelled development set (`dev/expected.tsv` beside the photos) and how an answer is scored
 * against it: one point per check a row asks for — the sentence mentions one of the expected
 * words, the detector's counts, the text read, the species named.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Scene } from '../../src/inference';

export interface DevImage {
  file: string;
  category: string;
  /** The sentence should contain at least one of these (whole words, any case). */
  mustMention: string[];
  /** COCO label → how many are clearly visible. */
  counts: Map<string, number>;
  text?: string;
  species?: string;
}

export type Check = 'mention' | 'counts' | 'text' | 'species';
export const CHECKS: readonly Check[] = ['mention', 'counts', 'text', 'species'];

/** Which checks a row asks for, and whether the answer passed each. */
export type Score = Partial<Record<Check, boolean>>;

export function readDevSet(dir: string): DevImage[] {
  const [header, ...rows] = readFileSync(join(dir, 'expected.tsv'), 'utf8').trimEnd().split('\n');
  const columns = header.split('\t');
  const column = (cells: string[], name: string): string => cells[columns.indexOf(name)]?.trim() ?? '';
  return rows.map((row) => {
    const cells = row.split('\t');
    const counts = column(cells, 'counts');
    return {
      file: column(cells, 'file'),
      category: column(cells, 'category'),
      mustMention: column(cells, 'must_mention').split('|').filter(Boolean),
      counts: new Map(
        counts
          .split(';')
          .filter(Boolean)
          .map((pair) => {
            const [label, n] = pair.split('=');
            return [label.trim(), Number(n)] as [string, number];
          }),
      ),
      ...(column(cells, 'text') ? { text: column(cells, 'text') } : {}),
      ...(column(cells, 'species') ? { species: column(cells, 'species') } : {}),
    };
  });
}

const escapeRegExp = (word: string): string => word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Whether the sentence contains one of the words or phrases as whole words, in any case. */
export function mentionsAny(sentence: string, words: readonly string[]): boolean {
  return words.some((word) => new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(word)}(?![\\p{L}\\p{N}])`, 'iu').test(sentence));
}

/** Whether every expected count is the count of that label among the scene's objects. */
export function countsMatch(objects: Scene['objects'], expected: ReadonlyMap<string, number>): boolean {
  return [...expected].every(([label, count]) => objects.find((group) => group.label === label)?.count === count);
}

/** Lower case, accents and punctuation dropped: "Musée du LOUVRE" → ["musee", "du", "louvre"]. */
export function normalisedWords(text: string): string[] {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = current;
  }
  return previous[b.length];
}

/** Share of the expected words a reading must contain (OCR drops or garbles the odd word). */
export const TEXT_WORDS_FOUND = 0.75;

/**
 * Whether the text read contains the expected phrase, fuzzily: at least TEXT_WORDS_FOUND of its
 * words appear, each allowed one wrong letter in four (OCR confuses l/1, O/0).
 */
export function textFound(read: string | undefined, expected: string): boolean {
  if (read === undefined) return false;
  const readWords = normalisedWords(read);
  const wanted = normalisedWords(expected);
  const found = wanted.filter((word) => readWords.some((candidate) => editDistance(candidate, word) <= Math.floor(word.length / 4)));
  return found.length >= TEXT_WORDS_FOUND * wanted.length;
}

/** Whether the expert named the expected species ("Old World swallowtail (caterpillar)" names the species before the note). */
export function speciesMatch(species: Scene['species'], expected: string): boolean {
  const name = expected.replace(/\(.*?\)/g, '').trim().toLowerCase();
  return species !== undefined && species.name.trim().toLowerCase() === name;
}

export function scoreAnswer(image: DevImage, sentence: string, scene: Scene): Score {
  return {
    mention: mentionsAny(sentence, image.mustMention),
    ...(image.counts.size > 0 ? { counts: countsMatch(scene.objects, image.counts) } : {}),
    ...(image.text !== undefined ? { text: textFound(scene.text, image.text) } : {}),
    ...(image.species !== undefined ? { species: speciesMatch(scene.species, image.species) } : {}),
  };
}

export interface Tally {
  passed: Record<Check, number>;
  asked: Record<Check, number>;
  images: number;
}

export function tally(scores: readonly Score[]): Tally {
  const passed = { mention: 0, counts: 0, text: 0, species: 0 };
  const asked = { mention: 0, counts: 0, text: 0, species: 0 };
  for (const score of scores) {
    for (const check of CHECKS) {
      if (score[check] === undefined) continue;
      asked[check]++;
      if (score[check]) passed[check]++;
    }
  }
  return { passed, asked, images: scores.length };
}

const points = (t: Tally): [number, number] => [
  CHECKS.reduce((sum, check) => sum + t.passed[check], 0),
  CHECKS.reduce((sum, check) => sum + t.asked[check], 0),
];

/** A Markdown table: one row per category, then all. */
export function scoreTable(rows: ReadonlyArray<{ category: string; tally: Tally }>): string {
  const cell = (t: Tally, check: Check): string => (t.asked[check] === 0 ? '–' : `${t.passed[check]}/${t.asked[check]}`);
  const lines = [`| category | images | ${CHECKS.join(' | ')} | points |`, `|---|---|${CHECKS.map(() => '---|').join('')}---|`];
  for (const { category, tally: t } of rows) {
    const [got, of] = points(t);
    lines.push(`| ${category} | ${t.images} | ${CHECKS.map((check) => cell(t, check)).join(' | ')} | ${got}/${of} (${Math.round((100 * got) / of)}%) |`);
  }
  return lines.join('\n');
}
