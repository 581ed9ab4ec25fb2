import type { DetectedObjects, ImageDescription, ModelIdentity, Species, StageTimings } from './types';

/**
 * The JSON shape of one description, shared by `describe --json` and the HTTP API: other tools
 * read it, so fields are only ever added. Probabilities to 4 places, times to 0.1 ms.
 */
export interface DescriptionJson {
  sentence: string;
  label: string;
  probability: number;
  predictions: { label: string; probability: number }[];
  objects: DetectedObjects[];
  species?: Species;
  text?: string;
  model: ModelIdentity;
  timingsMs: Partial<StageTimings>;
}

export function descriptionJson(d: ImageDescription): DescriptionJson {
  return {
    sentence: d.sentence,
    label: d.label,
    probability: round(d.probability),
    predictions: d.predictions.map((p) => ({ label: p.label.split(', ')[0], probability: round(p.probability) })),
    objects: d.objects.map((o) => ({ ...o, boxes: o.boxes.map((b) => ({ x: round(b.x), y: round(b.y), width: round(b.width), height: round(b.height), score: round(b.score) })) })),
    ...(d.species ? { species: { ...d.species, probability: round(d.species.probability) } } : {}),
    ...(d.text !== undefined ? { text: d.text } : {}),
    model: d.model,
    timingsMs: roundTimings(d.timingsMs),
  };
}

function round(x: number): number {
  return Math.round(x * 1e4) / 1e4;
}

function roundTimings(timings: StageTimings): Partial<StageTimings> {
  return Object.fromEntries(Object.entries(timings).flatMap(([k, v]) => (v === undefined ? [] : [[k, Math.round((v as number) * 10) / 10]])));
}
