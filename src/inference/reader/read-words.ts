/** What tesseract reports per word (the part the reader uses). */
export interface RecognisedWord {
  text: string;
  /** 0..100 */
  confidence: number;
}

export interface ExcerptRules {
  /** Lowest word confidence kept: screenshots read at ≈ 90+, text in photos that is garbage at ≈ 30–60. */
  minWordConfidence: number;
  /** At least this many confident words, or the picture is not said to have text. */
  minWords: number;
  /** Longest text kept, in characters (cut at a word boundary, with "…"); the sentence quotes less. */
  maxChars: number;
}

export const DEFAULT_EXCERPT_RULES: ExcerptRules = { minWordConfidence: 80, minWords: 2, maxChars: 200 };

/**
 * Lines of recognised words → a short excerpt of the confident ones, in reading order; undefined
 * when too few are confident. A word counts only if it holds a letter or digit, so confident
 * punctuation noise does not make text out of a photo.
 */
export function confidentExcerpt(lines: readonly (readonly RecognisedWord[])[], rules: ExcerptRules = DEFAULT_EXCERPT_RULES): string | undefined {
  const kept = lines.map((words) => words.filter((w) => w.confidence >= rules.minWordConfidence && /[\p{L}\p{N}]/u.test(w.text)).map((w) => w.text.trim()));
  if (kept.flat().filter((w) => /[\p{L}\p{N}]{2,}/u.test(w)).length < rules.minWords) return undefined;
  const text = kept.filter((l) => l.length > 0).map((l) => l.join(' ')).join(' ').replace(/\s+/g, ' ').trim();
  if (text.length <= rules.maxChars) return text;
  const cut = text.slice(0, rules.maxChars);
  const space = cut.lastIndexOf(' ');
  return `${(space > rules.maxChars / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:.-]+$/, '')}…`;
}
