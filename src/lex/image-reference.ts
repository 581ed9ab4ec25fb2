import { IMAGE_ATTRIBUTE, IMAGE_SLOT } from './bot-names';
import type { CodeHookEvent, Slot } from './lex-types';

/** Where the picture came from, in the order they are looked at. */
export type ImageReferenceOrigin = 'slot' | 'transcript' | 'requestAttribute' | 'sessionAttribute';

export interface ImageReference {
  /** An http(s) link, or an `s3://bucket/key` from a client attribute. */
  source: string;
  origin: ImageReferenceOrigin;
}

/**
 * Text the person typed (slot, transcript) may only name http(s) links: an `s3://` reference would
 * be read with the function's own IAM role. Attributes are set by the client application, which
 * is trusted to hand over pictures it uploaded itself.
 */
export function isTypedByUser(ref: ImageReference): boolean {
  return ref.origin === 'slot' || ref.origin === 'transcript';
}

const LINK = /[a-z][a-z0-9+.-]*:\/\/[^\s<>"'`]+/i;
// Sentence punctuation after a link belongs to the sentence, not to the link.
const TRAILING_PUNCTUATION = /[.,;:!?)\]}]+$/;

/** The first `scheme://…` link in a piece of text, without trailing punctuation. */
export function findLink(text: string): string | undefined {
  const match = LINK.exec(text);
  if (!match) return undefined;
  return stripTrailingPunctuation(match[0]);
}

function stripTrailingPunctuation(link: string): string {
  let trimmed = link.replace(TRAILING_PUNCTUATION, '');
  // Keep a closing parenthesis that closes one inside the link (Wikipedia style).
  const tail = link.slice(trimmed.length);
  if (tail.startsWith(')') && countOf(trimmed, '(') > countOf(trimmed, ')')) trimmed += ')';
  return trimmed;
}

function countOf(text: string, char: string): number {
  return text.split(char).length - 1;
}

/** What the slot holds, or undefined when it is unfilled (null, missing, or without a value). */
export function slotText(slot: Slot | null | undefined): string | undefined {
  const value = slot?.value;
  const text = (value?.originalValue ?? value?.interpretedValue ?? '').trim();
  return text === '' ? undefined : text;
}

/**
 * Finds the picture a turn is about: a link in the slot, a link anywhere in what the person typed
 * (Lex V2 has no URL slot type, so the slot may miss it), then the `imageUrl` request attribute,
 * then the `imageUrl` session attribute.
 */
export function findImageReference(event: CodeHookEvent): ImageReference | undefined {
  const fromSlot = findLink(slotText(event.sessionState.intent.slots?.[IMAGE_SLOT]) ?? '');
  if (fromSlot) return { source: fromSlot, origin: 'slot' };
  const fromTranscript = findLink(event.inputTranscript ?? '');
  if (fromTranscript) return { source: fromTranscript, origin: 'transcript' };
  const fromRequest = event.requestAttributes?.[IMAGE_ATTRIBUTE]?.trim();
  if (fromRequest) return { source: fromRequest, origin: 'requestAttribute' };
  const fromSession = event.sessionState.sessionAttributes?.[IMAGE_ATTRIBUTE]?.trim();
  if (fromSession) return { source: fromSession, origin: 'sessionAttribute' };
  return undefined;
}

/**
 * Whether a chat client may show the link as the card's picture: https, no credentials, and a
 * host name that looks public (no IP literals, no single-label or internal names).
 */
export function isPublicHttpsUrl(source: string): boolean {
  let url: URL;
  try {
    url = new URL(source);
  } catch {
    return false;
  }
  if (url.protocol !== 'https:' || url.username !== '' || url.password !== '') return false;
  const host = url.hostname.toLowerCase();
  if (host.startsWith('[') || /^[\d.]+$/.test(host) || !host.includes('.')) return false;
  return !/\.(local|localhost|internal|lan|home|corp)$/.test(host);
}
