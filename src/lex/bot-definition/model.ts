/**
 * The bot as read from `bots/` (Lex V2 import/export layout), checked and reduced to what the
 * deployed bot and the local runtime both use. Only plain-text messages are modelled.
 */

export interface BotDefinition {
  name: string;
  description?: string;
  idleSessionTTLInSeconds: number;
  childDirected: boolean;
  locales: LocaleDefinition[];
}

export interface LocaleDefinition {
  localeId: string;
  description?: string;
  /** Below this intent score Lex answers with the fallback intent. */
  nluConfidenceThreshold: number;
  voice?: { voiceId: string; engine?: string };
  intents: IntentDefinition[];
  slotTypes: SlotTypeDefinition[];
}

export interface IntentDefinition {
  name: string;
  description?: string;
  /** `AMAZON.FallbackIntent` for the fallback intent. */
  parentIntentSignature?: string;
  /** Lex utterance syntax: words and `{SlotName}` placeholders. */
  sampleUtterances: string[];
  dialogCodeHook: boolean;
  fulfillmentCodeHook: boolean;
  /** In elicitation order (slot priorities). */
  slots: SlotDefinition[];
  /** Said when the intent is fulfilled without a code hook. */
  closingResponse?: MessageGroup[];
}

export interface SlotDefinition {
  name: string;
  description?: string;
  /** A custom slot type of the locale, or a built-in `AMAZON.*` type. */
  slotTypeName: string;
  required: boolean;
  prompt?: PromptDefinition;
  /** Utterances that answer this slot's prompt, e.g. "it's {ImageUrl}". */
  sampleUtterances: string[];
  obfuscated: boolean;
}

export interface PromptDefinition {
  messageGroups: MessageGroup[];
  maxRetries: number;
  allowInterrupt: boolean;
}

/** Lex sends one message per group, the message itself or one of its variations. */
export interface MessageGroup {
  message: string;
  variations: string[];
}

export interface SlotTypeDefinition {
  name: string;
  description?: string;
  parentSlotTypeSignature?: string;
  values: Array<{ value: string; synonyms: string[] }>;
  /** OriginalValue keeps what the user said; TopResolution maps it onto one of `values`. */
  resolutionStrategy: 'OriginalValue' | 'TopResolution';
}

export const FALLBACK_INTENT_SIGNATURE = 'AMAZON.FallbackIntent';

/** The placeholders of an utterance in order: "what's in {ImageUrl}" → ["ImageUrl"]. */
export function placeholdersOf(utterance: string): string[] {
  return Array.from(utterance.matchAll(/\{([^{}]*)\}/g), (m) => m[1]);
}

export function findLocale(bot: BotDefinition, localeId: string): LocaleDefinition | undefined {
  return bot.locales.find((l) => l.localeId === localeId);
}
