/**
 * What a channel keeps of a described picture so later questions about it can be answered without
 * looking again: counts, the top guesses, the species and a short text — never boxes or pixels.
 * Small enough for Lex session attributes and Slack message metadata, and read back defensively:
 * both come back through a client that could have changed them.
 */
import type { ImageDescription, Species } from '../types';
import { commonName } from './compose-sentence';
import { isCocoLabel } from './coco-labels';

export interface Guess {
  /** Common name: "macaw", "tiger cat". */
  label: string;
  probability: number;
}

export interface ObjectCount {
  /** COCO label. */
  label: string;
  count: number;
}

export interface SceneSummary {
  /** What the sentence led with. */
  label: string;
  probability: number;
  /** The classifier's next guesses, most likely first, the led-with label and background left out. */
  runnersUp: Guess[];
  /** Where the lead came from when not the classifier (see ImageDescription.leadsWith). */
  leadsWith?: 'species' | 'objects' | 'text';
  /** Whether the object detector looked at the picture: without it, no count means nothing. */
  detector: boolean;
  /** Detected things, most numerous first; empty when the detector saw nothing (or did not run). */
  counts: ObjectCount[];
  species?: Species;
  /** The start of what the reader read. */
  text?: string;
}

const LEAD_SOURCES: readonly string[] = ['species', 'objects', 'text'];

/** Whether the answer's probability is one to show a person: the classifier's or an expert's, never a detector score. */
export function statesConfidence(lead: { leadsWith?: 'species' | 'objects' | 'text' }): boolean {
  return lead.leadsWith === undefined || lead.leadsWith === 'species';
}

/** Limits on what is kept and on what is accepted back. */
export const SUMMARY_LIMITS = Object.freeze({ runnersUp: 3, counts: 80, label: 100, text: 200, count: 1000 });

/**
 * The classifier's guesses besides what the answer leads with, most likely first, background left
 * out: the runners-up every channel shows.
 */
export function otherGuesses(description: Pick<ImageDescription, 'predictions' | 'label' | 'leadClassIndex'>, max: number, atLeast = 0): Guess[] {
  return description.predictions
    .filter((p) => p.classIndex !== description.leadClassIndex && p.probability >= atLeast)
    .map((p) => ({ label: commonName(p.label), probability: p.probability }))
    .filter((g) => g.label !== 'background' && g.label !== description.label)
    .slice(0, max);
}

export function summariseScene(description: ImageDescription): SceneSummary {
  const runnersUp = otherGuesses(description, SUMMARY_LIMITS.runnersUp).map((g) => ({ ...g, probability: round(g.probability) }));
  const counts = description.objects
    .filter((o) => o.count > 0)
    .map((o) => ({ label: o.label, count: o.count }))
    .slice(0, SUMMARY_LIMITS.counts);
  return {
    label: description.label,
    probability: round(description.probability),
    runnersUp,
    ...(description.leadsWith ? { leadsWith: description.leadsWith } : {}),
    detector: description.timingsMs.detector !== undefined,
    counts,
    ...(description.species ? { species: { ...description.species, probability: round(description.species.probability) } } : {}),
    ...(description.text ? { text: excerpt(description.text, SUMMARY_LIMITS.text) } : {}),
  };
}

/** As a string (Lex session attributes hold strings only). */
export function encodeSceneSummary(summary: SceneSummary): string {
  return JSON.stringify(summary);
}

/** From a string, or undefined when there is none or it is not a summary. */
export function decodeSceneSummary(raw: string | undefined): SceneSummary | undefined {
  if (!raw) return undefined;
  try {
    return parseSceneSummary(JSON.parse(raw));
  } catch {
    return undefined;
  }
}

/**
 * A summary from untrusted JSON (Slack metadata, a session attribute), with every limit checked;
 * undefined when it does not hold one. Unknown fields are dropped.
 */
export function parseSceneSummary(value: unknown): SceneSummary | undefined {
  const v = value as Partial<Record<keyof SceneSummary, unknown>> | null;
  if (typeof v !== 'object' || v === null) return undefined;
  if (!isLabel(v.label) || !isProbability(v.probability)) return undefined;
  const runnersUp = v.runnersUp ?? [];
  const counts = v.counts ?? [];
  if (!Array.isArray(runnersUp) || runnersUp.length > SUMMARY_LIMITS.runnersUp || !runnersUp.every(isGuess)) return undefined;
  if (!Array.isArray(counts) || counts.length > SUMMARY_LIMITS.counts || !counts.every(isCount)) return undefined;
  if (v.detector !== undefined && typeof v.detector !== 'boolean') return undefined;
  if (v.leadsWith !== undefined && !LEAD_SOURCES.includes(v.leadsWith as string)) return undefined;
  if (v.species !== undefined && !isSpecies(v.species)) return undefined;
  if (v.text !== undefined && (typeof v.text !== 'string' || v.text.length > SUMMARY_LIMITS.text)) return undefined;
  return {
    label: v.label,
    probability: v.probability,
    runnersUp: runnersUp.map((g) => ({ label: g.label, probability: g.probability })),
    ...(v.leadsWith ? { leadsWith: v.leadsWith as SceneSummary['leadsWith'] } : {}),
    // Summaries stored before the flag existed came from a module without a detector.
    detector: v.detector === true,
    counts: counts.map((c) => ({ label: c.label, count: c.count })),
    ...(v.species ? { species: { name: v.species.name, scientificName: v.species.scientificName, probability: v.species.probability, group: v.species.group } } : {}),
    ...(typeof v.text === 'string' && v.text !== '' ? { text: v.text } : {}),
  };
}

/** At most `max` characters, cut at a word and marked with "…". */
/** `text` cut to at most `max` characters (code points: an emoji is never split), "…" marking a cut. */
export function clipped(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

export function excerpt(text: string, max: number): string {
  const clean = text.replace(/\s+/g, ' ').trim();
  if (clean.length <= max) return clean;
  const cut = clean.slice(0, max - 1);
  const atWord = cut.lastIndexOf(' ');
  return `${(atWord > max / 2 ? cut.slice(0, atWord) : cut).trimEnd()}…`;
}

function isLabel(value: unknown): value is string {
  return typeof value === 'string' && value.length <= SUMMARY_LIMITS.label;
}

function isProbability(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= 1;
}

function isGuess(value: unknown): value is Guess {
  const g = value as Partial<Guess> | null;
  return typeof g === 'object' && g !== null && isLabel(g.label) && isProbability(g.probability);
}

function isCount(value: unknown): value is ObjectCount {
  const c = value as Partial<ObjectCount> | null;
  return typeof c === 'object' && c !== null && typeof c.label === 'string' && isCocoLabel(c.label) && Number.isInteger(c.count) && (c.count as number) > 0 && (c.count as number) <= SUMMARY_LIMITS.count;
}

function isSpecies(value: unknown): value is Species {
  const s = value as Partial<Species> | null;
  return typeof s === 'object' && s !== null && isLabel(s.name) && isLabel(s.scientificName) && isProbability(s.probability) && (s.group === 'bird' || s.group === 'insect');
}

function round(probability: number): number {
  return Math.round(probability * 1e4) / 1e4;
}
