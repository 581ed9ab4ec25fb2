/**
 * The web function's JSON wire format, shared by the routes and the chat page (which is bundled
 * for the browser, so this file imports nothing).
 */

/** Every error: `{"error":{"code","message"}}`, the message a sentence for a person. */
export interface ApiErrorBody {
  error: { code: string; message: string };
}

/** POST /uploads answers a presigned S3 POST form for one picture. */
export interface UploadGrant {
  /** Where the browser POSTs the form (multipart/form-data: `fields`, then `file` last). */
  url: string;
  fields: Record<string, string>;
  /** What the page passes to /chat as `imageUrl`. */
  reference: string;
  maxBytes: number;
  expiresInSeconds: number;
}

/** POST /chat's request. */
export interface ChatRequest {
  sessionId: string;
  text: string;
  /** The `reference` of an upload. */
  imageUrl?: string;
}

/** One thing the bot said. */
export type ChatMessage =
  | { type: 'text'; text: string }
  | { type: 'card'; title: string; subtitle?: string; imageUrl?: string; buttons: { text: string; value: string }[] };

export interface Guess {
  label: string;
  probability: number;
  /** "93%", worded as the bot's sentences word it. */
  percent: string;
}

/** An outlined object: normalised 0..1 of the picture. */
export interface OutlinedObject {
  label: string;
  boxes: { x: number; y: number; width: number; height: number }[];
}

/**
 * The best guess, the runners-up and the objects found, when the turn described a picture. The
 * best guess has no probability when the answer leads with counted objects or read text.
 */
export interface Guesses extends Omit<Guess, 'probability' | 'percent'>, Partial<Pick<Guess, 'probability' | 'percent'>> {
  runnersUp: Guess[];
  objects?: OutlinedObject[];
}

export interface ChatReply {
  messages: ChatMessage[];
  guesses?: Guesses;
}
