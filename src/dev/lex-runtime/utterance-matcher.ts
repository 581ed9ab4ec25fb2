/**
 * Intent recognition for the local runtime: each sample utterance from `bots/` is aligned with
 * what the user typed, word by word, with `{Slot}` placeholders taking a span the slot's type
 * accepts. Lex's real model generalises far better; this is enough to exercise a dialog with the
 * bot's own utterances and close variations, and it gives a confidence score in [0, 1].
 */
import type { LocaleDefinition, SlotDefinition, SlotTypeDefinition } from '../../lex/bot-definition/model';
import type { SlotValue } from '../../lex/lex-types';

export interface Token {
  /** As typed (slot values are built from this). */
  raw: string;
  /** Lower-case word, contractions expanded; LINK for links. */
  word: string;
  weight: number;
}

type Part = { kind: 'word'; word: string; weight: number } | { kind: 'slot'; name: string };

/** Accepts the text of a span for a slot, or not. */
export interface SlotRecognizer {
  /** Longest span (in tokens) worth trying. */
  maxTokens: number;
  recognize(tokens: Token[]): SlotValue | undefined;
  /**
   * TopResolution ("restrict to slot values"): an unlisted word where the slot goes still tells
   * which intent was meant, as it does for Lex's model, but fills nothing ("how many trees?").
   */
  restricted?: boolean;
}

/** What an unlisted word in a restricted slot's place costs: less than leaving both unmatched. */
const UNLISTED_SLOT_WORD = 1;

export interface UtteranceMatch {
  score: number;
  slots: Record<string, SlotValue>;
}

export interface IntentMatch extends UtteranceMatch {
  intentName: string;
  utterance: string;
}

const LINK = '\u0000link';
const LINK_CHUNK = /^<?([a-z][a-z0-9+.-]*:\/\/[^\s<>"'`]+?)>?[.,;:!?)\]}]*$/i;
// Words that carry little meaning on their own count less, so "what is the weather" is not
// mistaken for "what is this".
const LIGHT_WORDS = new Set(
  'a an the is are am be was it its this that these those what in on of at to for me my i you your do does can could would please hey there here so and or just now some any us'.split(' '),
);
const LIGHT = 0.3;

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  for (const chunk of text.split(/\s+/)) {
    if (chunk === '') continue;
    const link = LINK_CHUNK.exec(chunk);
    if (link) {
      tokens.push({ raw: link[1], word: LINK, weight: 1 });
      continue;
    }
    const raw = chunk.replace(/’/g, "'").replace(/^[^\p{L}\p{N}']+|[^\p{L}\p{N}']+$/gu, '').replace(/^'+|'+$/g, '');
    if (raw === '') continue;
    const words = expandContraction(raw.toLowerCase());
    for (const word of words) tokens.push({ raw: words.length === 1 ? raw : word, word, weight: LIGHT_WORDS.has(word) ? LIGHT : 1 });
  }
  return tokens;
}

function expandContraction(word: string): string[] {
  if (word === "can't") return ['can', 'not'];
  if (word === "won't") return ['will', 'not'];
  const suffixes: Array<[string, string]> = [
    ["n't", 'not'],
    ["'s", 'is'],
    ["'re", 'are'],
    ["'m", 'am'],
    ["'ll", 'will'],
    ["'ve", 'have'],
    ["'d", 'would'],
  ];
  for (const [suffix, expansion] of suffixes) {
    if (word.endsWith(suffix) && word.length > suffix.length) return [word.slice(0, -suffix.length), expansion];
  }
  return [word];
}

function parseUtterance(utterance: string): Part[] {
  const parts: Part[] = [];
  for (const piece of utterance.split(/(\{[^{}]+\})/)) {
    const slot = /^\{([^{}]+)\}$/.exec(piece);
    if (slot) parts.push({ kind: 'slot', name: slot[1] });
    else for (const t of tokenize(piece)) parts.push({ kind: 'word', word: t.word, weight: t.weight });
  }
  return parts;
}

/**
 * Aligns an utterance with the input at the lowest cost, where every word left unmatched on
 * either side costs its weight. Score: the weighted share of both sides that matched, squared
 * to keep loose matches well under the locale's threshold.
 */
export function matchUtterance(utterance: string, input: Token[], recognizers: Record<string, SlotRecognizer>): UtteranceMatch {
  const parts = parseUtterance(utterance);
  const m = parts.length;
  const n = input.length;
  const weightOf = (p: Part): number => (p.kind === 'word' ? p.weight : 1);
  const total = parts.reduce((s, p) => s + weightOf(p), 0) + input.reduce((s, t) => s + t.weight, 0);
  if (n === 0 || total === 0) return { score: 0, slots: {} };

  const cost: number[][] = Array.from({ length: m + 1 }, () => new Array<number>(n + 1).fill(Infinity));
  const from: Array<Array<{ i: number; j: number; slot?: { name: string; value: SlotValue } } | undefined>> = Array.from({ length: m + 1 }, () =>
    new Array(n + 1).fill(undefined),
  );
  cost[0][0] = 0;
  const relax = (i: number, j: number, c: number, prev: { i: number; j: number; slot?: { name: string; value: SlotValue } }): void => {
    if (c < cost[i][j]) {
      cost[i][j] = c;
      from[i][j] = prev;
    }
  };
  for (let i = 0; i <= m; i++) {
    for (let j = 0; j <= n; j++) {
      const c = cost[i][j];
      if (c === Infinity) continue;
      if (j < n) relax(i, j + 1, c + input[j].weight, { i, j });
      if (i === m) continue;
      const part = parts[i];
      relax(i + 1, j, c + weightOf(part), { i, j });
      if (part.kind === 'word') {
        if (j < n && input[j].word === part.word) relax(i + 1, j + 1, c, { i, j });
        continue;
      }
      const recognizer = recognizers[part.name];
      if (!recognizer) continue;
      for (let k = 1; k <= recognizer.maxTokens && j + k <= n; k++) {
        const value = recognizer.recognize(input.slice(j, j + k));
        if (value) relax(i + 1, j + k, c, { i, j, slot: { name: part.name, value } });
      }
      if (recognizer.restricted && j < n && input[j].word !== LINK) relax(i + 1, j + 1, c + UNLISTED_SLOT_WORD, { i, j });
    }
  }

  const slots: Record<string, SlotValue> = {};
  for (let i = m, j = n; i > 0 || j > 0; ) {
    const step = from[i][j];
    if (!step) break;
    if (step.slot) slots[step.slot.name] = step.slot.value;
    i = step.i;
    j = step.j;
  }
  const share = 1 - cost[m][n] / total;
  return { score: round(share * share), slots };
}

/** Every intent of the locale scored against the input, best first (FallbackIntent excluded). */
export function rankIntents(locale: LocaleDefinition, text: string): IntentMatch[] {
  const input = tokenize(text);
  const matches: IntentMatch[] = [];
  for (const intent of locale.intents) {
    const recognizers = recognizersFor(intent.slots, locale);
    let best: IntentMatch | undefined;
    for (const utterance of intent.sampleUtterances) {
      const match = matchUtterance(utterance, input, recognizers);
      if (!best || match.score > best.score) best = { ...match, intentName: intent.name, utterance };
    }
    if (best) matches.push(best);
  }
  return matches.sort((a, b) => b.score - a.score);
}

/**
 * Reads the answer to a slot prompt: the slot's own sample utterances (and the bare value) are
 * tried against the input. Undefined when the input does not answer the slot well enough.
 */
export function matchSlotAnswer(slot: SlotDefinition, locale: LocaleDefinition, text: string, threshold: number): SlotValue | undefined {
  const recognizers = recognizersFor([slot], locale);
  const input = tokenize(text);
  let best: UtteranceMatch | undefined;
  for (const utterance of [`{${slot.name}}`, ...slot.sampleUtterances]) {
    const match = matchUtterance(utterance, input, recognizers);
    if (match.slots[slot.name] && (!best || match.score > best.score)) best = match;
  }
  if (best && best.score >= threshold) return best.slots[slot.name];
  // Lex picks a value out of a longer answer too: take the first span the type accepts alone.
  const recognizer = recognizers[slot.name];
  for (let j = 0; j < input.length; j++) {
    const value = recognizer?.maxTokens === 1 ? recognizer.recognize([input[j]]) : undefined;
    if (value) return value;
  }
  return undefined;
}

export function recognizersFor(slots: SlotDefinition[], locale: LocaleDefinition): Record<string, SlotRecognizer> {
  const out: Record<string, SlotRecognizer> = {};
  for (const slot of slots) {
    const custom = locale.slotTypes.find((t) => t.name === slot.slotTypeName);
    out[slot.name] = custom ? customTypeRecognizer(custom) : builtInRecognizer(slot.slotTypeName);
  }
  return out;
}

/**
 * A custom type whose sample values are all links is treated as a link type: the span must be
 * one link. Otherwise OriginalValue takes any short span and TopResolution only listed values.
 */
function customTypeRecognizer(type: SlotTypeDefinition): SlotRecognizer {
  const listed = new Map<string, string>();
  for (const v of type.values) for (const text of [v.value, ...v.synonyms]) listed.set(normalise(text), v.value);
  const linkType = type.values.every((v) => tokenize(v.value).every((t) => t.word === LINK));
  if (linkType) {
    return {
      maxTokens: 1,
      recognize: ([t]) => (t.word === LINK ? { originalValue: t.raw, interpretedValue: t.raw, resolvedValues: [] } : undefined),
    };
  }
  return {
    maxTokens: 5,
    restricted: type.resolutionStrategy === 'TopResolution',
    recognize: (tokens) => {
      if (tokens.some((t) => t.word === LINK)) return undefined;
      const text = tokens.map((t) => t.raw).join(' ');
      const resolved = listed.get(normalise(text));
      if (type.resolutionStrategy === 'TopResolution') {
        return resolved === undefined ? undefined : { originalValue: text, interpretedValue: resolved, resolvedValues: [resolved] };
      }
      return { originalValue: text, interpretedValue: resolved ?? text, resolvedValues: resolved === undefined ? [] : [resolved] };
    },
  };
}

function builtInRecognizer(typeName: string): SlotRecognizer {
  const single = (accept: (raw: string) => boolean): SlotRecognizer => ({
    maxTokens: 1,
    recognize: ([t]) => (accept(t.raw) ? { originalValue: t.raw, interpretedValue: t.raw, resolvedValues: [t.raw] } : undefined),
  });
  if (typeName === 'AMAZON.Number') return single((raw) => /^-?\d+(\.\d+)?$/.test(raw));
  if (typeName === 'AMAZON.AlphaNumeric') return single((raw) => /^[\p{L}\p{N}]+$/u.test(raw));
  return {
    maxTokens: 3,
    recognize: (tokens) => {
      const text = tokens.map((t) => t.raw).join(' ');
      return { originalValue: text, interpretedValue: text, resolvedValues: [text] };
    },
  };
}

function normalise(text: string): string {
  return tokenize(text)
    .map((t) => t.word)
    .join(' ');
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}
