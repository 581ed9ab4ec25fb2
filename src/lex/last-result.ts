import { decodeSceneSummary, encodeSceneSummary, summariseScene, type ImageDescription, type SceneSummary } from '../inference';

/**
 * The last picture's summary, kept in session attributes so follow-up questions ("what else could
 * it be?", "how many people?") are answered on a later turn without looking again. Session
 * attributes hold strings only, so it travels as JSON — counts and words, never boxes.
 */
export const LAST_RESULT_ATTRIBUTE = 'lastResult';

/**
 * The detected objects' boxes of the last picture, in an attribute of their own for a client that
 * draws them (the chat page): a Lex message cannot carry them. Follow-ups never read it.
 */
export const LAST_OUTLINES_ATTRIBUTE = 'lastOutlines';

export interface OutlinedObject {
  label: string;
  boxes: { x: number; y: number; width: number; height: number }[];
}

/** Session attributes travel with every turn: a crowd of boxes is cut to the most confident. */
const MAX_OUTLINED_BOXES = 20;

/** The attributes with the last picture's summary and outlines replaced (or removed, without a description). */
export function withLastResult(attributes: Record<string, string>, description: ImageDescription | undefined): Record<string, string> {
  const rest = Object.fromEntries(Object.entries(attributes).filter(([key]) => key !== LAST_RESULT_ATTRIBUTE && key !== LAST_OUTLINES_ATTRIBUTE));
  if (description === undefined) return rest;
  const outlines = outlinedObjects(description);
  return {
    ...rest,
    [LAST_RESULT_ATTRIBUTE]: encodeSceneSummary(summariseScene(description)),
    ...(outlines.length > 0 ? { [LAST_OUTLINES_ATTRIBUTE]: JSON.stringify(outlines) } : {}),
  };
}

/** The stored summary, or undefined when there is none or a client overwrote it with something else. */
export function readLastResult(attributes: Record<string, string> | undefined): SceneSummary | undefined {
  return decodeSceneSummary(attributes?.[LAST_RESULT_ATTRIBUTE]);
}

/** The stored outlines, or [] when there are none or they are not what we wrote. */
export function readOutlines(attributes: Record<string, string> | undefined): OutlinedObject[] {
  const raw = attributes?.[LAST_OUTLINES_ATTRIBUTE];
  if (!raw) return [];
  try {
    const parsed = JSON.parse(raw) as unknown;
    if (!Array.isArray(parsed) || !parsed.every(isOutlinedObject)) return [];
    return parsed.map((o) => ({ label: o.label, boxes: o.boxes.slice(0, MAX_OUTLINED_BOXES).map(({ x, y, width, height }) => ({ x, y, width, height })) }));
  } catch {
    return [];
  }
}

function outlinedObjects(description: ImageDescription): OutlinedObject[] {
  let room = MAX_OUTLINED_BOXES;
  return description.objects.flatMap((o) => {
    const boxes = o.boxes.slice(0, room).map((b) => ({ x: round3(b.x), y: round3(b.y), width: round3(b.width), height: round3(b.height) }));
    room -= boxes.length;
    return boxes.length > 0 ? [{ label: o.label, boxes }] : [];
  });
}

function isOutlinedObject(value: unknown): value is OutlinedObject {
  const o = value as Partial<OutlinedObject> | null;
  const finite = (v: unknown): boolean => typeof v === 'number' && Number.isFinite(v);
  return typeof o?.label === 'string' && Array.isArray(o.boxes) && o.boxes.every((b) => finite(b?.x) && finite(b?.y) && finite(b?.width) && finite(b?.height));
}

/** A thousandth of the picture is under a pixel of a shown thumbnail. */
function round3(fraction: number): number {
  return Math.round(fraction * 1e3) / 1e3;
}
