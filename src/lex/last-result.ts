import type { ImageDescription } from '../inference';

/**
 * The last answer, kept in session attributes so "what else could it be?" can be answered on a
 * later turn. Session attributes hold strings only, so the guesses travel as JSON.
 */
export interface LastResult {
  label: string;
  probability: number;
  runnersUp: Guess[];
}

export interface Guess {
  label: string;
  probability: number;
}

export const LAST_RESULT_ATTRIBUTE = 'lastResult';

const RUNNERS_UP = 3;

export function lastResultOf(description: ImageDescription): LastResult {
  const runnersUp = description.predictions
    .slice(1)
    .map((p) => ({ label: commonName(p.label), probability: round(p.probability) }))
    .filter((g) => g.label !== 'background' && g.label !== description.label)
    .slice(0, RUNNERS_UP);
  return { label: description.label, probability: round(description.probability), runnersUp };
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
    return { label: parsed.label, probability: parsed.probability, runnersUp: runnersUp.map((g) => ({ label: g.label, probability: g.probability })) };
  } catch {
    return undefined;
  }
}

function isGuess(value: unknown): value is Guess {
  const g = value as Partial<Guess> | null;
  return typeof g?.label === 'string' && typeof g.probability === 'number' && Number.isFinite(g.probability);
}

/** ImageNet label lines list synonyms ("hotdog, hot dog, red hot"): people want the first. */
export function commonName(labelLine: string): string {
  return labelLine.split(', ')[0];
}

function round(probability: number): number {
  return Math.round(probability * 1e4) / 1e4;
}
