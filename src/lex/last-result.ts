import { decodeSceneSummary, encodeSceneSummary, type SceneSummary } from '../inference';

/**
 * The last picture's summary, kept in session attributes so follow-up questions ("what else could
 * it be?", "how many people?") are answered on a later turn without looking again. Session
 * attributes hold strings only, so it travels as JSON — counts and words, never boxes.
 */
export const LAST_RESULT_ATTRIBUTE = 'lastResult';

export function withLastResult(attributes: Record<string, string>, summary: SceneSummary | undefined): Record<string, string> {
  const rest = Object.fromEntries(Object.entries(attributes).filter(([key]) => key !== LAST_RESULT_ATTRIBUTE));
  return summary === undefined ? rest : { ...rest, [LAST_RESULT_ATTRIBUTE]: encodeSceneSummary(summary) };
}

/** The stored summary, or undefined when there is none or a client overwrote it with something else. */
export function readLastResult(attributes: Record<string, string> | undefined): SceneSummary | undefined {
  return decodeSceneSummary(attributes?.[LAST_RESULT_ATTRIBUTE]);
}
