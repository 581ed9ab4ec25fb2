import type { ImageDescription } from '../inference';

/**
 * The last answer, kept in session attributes so "what else could it be?" can be answered on a
 * later turn. Session attributes hold strings only, so the guesses travel as JSON.
 */
export interface LastResult {
  label: string;
  probability: number;
  runnersUp: Guess[];
  /**
   * The detected objects' boxes (normalised 0..1), for a client that draws them: a Lex message
   * cannot carry them, the session attributes of the turn's answer can.
   */
  objects?: OutlinedObject[];
}

export interface OutlinedObject {
  label: string;
  boxes: { x: number; y: number; width: number; height: number }[];
}

export interface Guess {
  label: string;
  probability: number;
}

export const LAST_RESULT_ATTRIBUTE = 'lastResult';

const RUNNERS_UP = 3;
/** Session attributes travel with every turn: a crowd of boxes is cut to the most confident. */
const MAX_OUTLINED_BOXES = 20;

export function lastResultOf(description: ImageDescription): LastResult {
  const runnersUp = description.predictions
    .slice(1)
    .map((p) => ({ label: commonName(p.label), probability: round(p.probability) }))
    .filter((g) => g.label !== 'background' && g.label !== description.label)
    .slice(0, RUNNERS_UP);
  const objects = outlinedObjects(description);
  return { label: description.label, probability: round(description.probability), runnersUp, ...(objects.length > 0 ? { objects } : {}) };
}

function outlinedObjects(description: ImageDescription): OutlinedObject[] {
  let room = MAX_OUTLINED_BOXES;
  return description.objects.flatMap((o) => {
    const boxes = o.boxes.slice(0, room).map((b) => ({ x: round3(b.x), y: round3(b.y), width: round3(b.width), height: round3(b.height) }));
    room -= boxes.length;
    return boxes.length > 0 ? [{ label: o.label, boxes }] : [];
  });
}

export function withLastResult(attributes: Record<string, string>, result: LastResult | undefined): Record<string, string> {
  const rest = Object.fromEntries(Object.entries(attributes).filter(([key]) => key !== LAST_RESULT_ATTRIBUTE));
  return result === undefined ? rest : { ...rest, [LAST_RESULT_ATTRIBUTE]: JSON.stringify(result) };
}

/** The stored result, or undefined when there is none or a client overwrote it with something else. */
export function readLastResult(attributes: Record<string, string> | undefined): LastResult | undefined {
  const raw = attributes?.[LAST_RESULT_ATTRIBUTE];
  if (!raw) return undefined;
  try {
    const parsed = JSON.parse(raw) as unknown;
    const runnersUp = (parsed as Partial<LastResult> | null)?.runnersUp;
    if (!isGuess(parsed) || !Array.isArray(runnersUp) || !runnersUp.every(isGuess)) return undefined;
    const objects = (parsed as { objects?: unknown }).objects;
    return {
      label: parsed.label,
      probability: parsed.probability,
      runnersUp: runnersUp.map((g) => ({ label: g.label, probability: g.probability })),
      ...(Array.isArray(objects) && objects.length > 0 && objects.every(isOutlinedObject) ? { objects: objects.map((o) => ({ label: o.label, boxes: o.boxes.map(({ x, y, width, height }) => ({ x, y, width, height })) })) } : {}),
    };
  } catch {
    return undefined;
  }
}

function isGuess(value: unknown): value is Guess {
  const g = value as Partial<Guess> | null;
  return typeof g?.label === 'string' && typeof g.probability === 'number' && Number.isFinite(g.probability);
}

function isOutlinedObject(value: unknown): value is OutlinedObject {
  const o = value as Partial<OutlinedObject> | null;
  const finite = (v: unknown): boolean => typeof v === 'number' && Number.isFinite(v);
  return typeof o?.label === 'string' && Array.isArray(o.boxes) && o.boxes.every((b) => finite(b?.x) && finite(b?.y) && finite(b?.width) && finite(b?.height));
}

/** ImageNet label lines list synonyms ("hotdog, hot dog, red hot"): people want the first. */
export function commonName(labelLine: string): string {
  return labelLine.split(', ')[0];
}

function round(probability: number): number {
  return Math.round(probability * 1e4) / 1e4;
}

/** A thousandth of the picture is under a pixel of a shown thumbnail. */
function round3(fraction: number): number {
  return Math.round(fraction * 1e3) / 1e3;
}
