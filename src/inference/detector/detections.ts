import type { Box, DetectedObjects } from '../types';

/** One row of CenterNet's output, in input pixels. */
export interface RawDetection {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  score: number;
  classIndex: number;
}

export interface DetectionRules {
  /** Lowest score a label's best detection needs for the label to be named (CenterNet's scores are low: 0.3–0.76 for clear objects). */
  minScore: number;
  /** Once a label is named, its other detections count from this score (a crowd's far members score lower). */
  countScore: number;
  /** Two boxes of one label overlapping more than this (intersection over union) are one object. */
  maxOverlap: number;
}

export const DEFAULT_DETECTION_RULES: DetectionRules = { minScore: 0.4, countScore: 0.3, maxOverlap: 0.5 };

/** `[n, 6]` rows of x1, y1, x2, y2, score, class → raw detections. */
export function parseDetections(values: ArrayLike<number>, rows: number): RawDetection[] {
  return Array.from({ length: rows }, (_, i) => {
    const r = i * 6;
    return { x1: values[r], y1: values[r + 1], x2: values[r + 2], y2: values[r + 3], score: values[r + 4], classIndex: Math.round(values[r + 5]) };
  });
}

/**
 * Non-maximum suppression per label, then the thresholds: a label is named when its best
 * detection reaches `minScore`, and then counts its detections from `countScore`. Boxes
 * normalised to 0..1 of the input, grouped by label, most numerous first (ties: best score first).
 */
export function groupDetections(raw: readonly RawDetection[], labels: readonly string[], inputSize: number, rules: DetectionRules = DEFAULT_DETECTION_RULES): DetectedObjects[] {
  const floor = Math.min(rules.minScore, rules.countScore);
  const kept: RawDetection[] = [];
  for (const d of [...raw].filter((d) => d.score >= floor && labels[d.classIndex] !== undefined).sort((a, b) => b.score - a.score)) {
    const named = d.score >= rules.minScore || kept.some((k) => k.classIndex === d.classIndex);
    if (named && !kept.some((k) => k.classIndex === d.classIndex && iou(k, d) > rules.maxOverlap)) kept.push(d);
  }
  const groups = new Map<string, Box[]>();
  for (const d of kept) {
    const label = labels[d.classIndex];
    const boxes = groups.get(label) ?? [];
    boxes.push(normalise(d, inputSize));
    groups.set(label, boxes);
  }
  return [...groups]
    .map(([label, boxes]) => ({ label, count: boxes.length, boxes }))
    .sort((a, b) => b.count - a.count || b.boxes[0].score - a.boxes[0].score);
}

function normalise(d: RawDetection, size: number): Box {
  const clamp = (v: number): number => Math.min(1, Math.max(0, v / size));
  const [x1, y1, x2, y2] = [clamp(d.x1), clamp(d.y1), clamp(d.x2), clamp(d.y2)];
  return { x: x1, y: y1, width: Math.max(0, x2 - x1), height: Math.max(0, y2 - y1), score: d.score };
}

export function iou(a: RawDetection, b: RawDetection): number {
  const w = Math.min(a.x2, b.x2) - Math.max(a.x1, b.x1);
  const h = Math.min(a.y2, b.y2) - Math.max(a.y1, b.y1);
  if (w <= 0 || h <= 0) return 0;
  const inter = w * h;
  const area = (d: RawDetection): number => Math.max(0, d.x2 - d.x1) * Math.max(0, d.y2 - d.y1);
  return inter / (area(a) + area(b) - inter);
}
