/** What tesseract reports per word (the part the reader uses). */
export interface RecognisedWord {
  text: string;
  /** 0..100 */
  confidence: number;
}

export interface ExcerptRules {
  /** Lowest word confidence kept: screenshots read at ≈ 90+, text in photos that is garbage at ≈ 30–60. */
  minWordConfidence: number;
  /** At least this many confident words of three or more letters or digits, or the picture has no text. */
  minWords: number;
  /** Longest text kept, in characters (cut at a word boundary, with "…"); the sentence quotes less. */
  maxChars: number;
}

export const DEFAULT_EXCERPT_RULES: ExcerptRules = { minWordConfidence: 80, minWords: 1, maxChars: 200 };

/**
 * Lines of recognised words → a short excerpt of the confident ones, in reading order; undefined
 * when too few are confident. A word counts only if it holds two letters or digits (or is "a" or
 * "I"): screenshots' icons read as confident single letters ("Q", "x", "=").
 */
export function confidentExcerpt(lines: readonly (readonly RecognisedWord[])[], rules: ExcerptRules = DEFAULT_EXCERPT_RULES): string | undefined {
  const isWord = (text: string): boolean => /[\p{L}\p{N}].*[\p{L}\p{N}]/u.test(text) || /^[aAI]$/.test(text);
  const kept = lines.map((words) => words.filter((w) => w.confidence >= rules.minWordConfidence && isWord(w.text.trim())).map((w) => w.text.trim()));
  // Short confident "words" also come from texture ("iL" on a taxi): a real text has a longer one.
  if (kept.flat().filter((w) => /[\p{L}\p{N}]{3,}/u.test(w)).length < rules.minWords) return undefined;
  const text = kept.filter((l) => l.length > 0).map((l) => l.join(' ')).join(' ').replace(/\s+/g, ' ').trim();
  if (text.length <= rules.maxChars) return text;
  const cut = text.slice(0, rules.maxChars);
  const space = cut.lastIndexOf(' ');
  return `${(space > rules.maxChars / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:.-]+$/, '')}…`;
}
