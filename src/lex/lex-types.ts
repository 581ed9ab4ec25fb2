/**
 * The Lex V2 ↔ Lambda code-hook wire format (messageVersion "1.0"), from the documented field
 * lists (../shared/docs/wire-formats.md §1–2; docs.aws.amazon.com/lexv2/latest/dg/lambda-input-format
 * and lambda-response-format). Lex may add fields without changing the version: readers ignore
 * what they do not know.
 */

export type InvocationSource = 'DialogCodeHook' | 'FulfillmentCodeHook';

export type IntentState = 'Failed' | 'Fulfilled' | 'FulfillmentInProgress' | 'InProgress' | 'ReadyForFulfillment' | 'Waiting';

export type ConfirmationState = 'Confirmed' | 'Denied' | 'None';

export type DialogActionType = 'Close' | 'ConfirmIntent' | 'Delegate' | 'ElicitIntent' | 'ElicitSlot';

export interface SlotValue {
  originalValue: string;
  interpretedValue?: string;
  resolvedValues: string[];
}

export interface ScalarSlot {
  shape: 'Scalar';
  value: SlotValue;
}

export interface ListSlot {
  shape: 'List';
  value: SlotValue;
  values: ScalarSlot[];
}

export type Slot = ScalarSlot | ListSlot;

/** An unfilled slot is `null` — never `""`, which Lex would take as a filled slot. */
export type Slots = Record<string, Slot | null>;

export interface Intent {
  name: string;
  slots: Slots;
  state: IntentState;
  confirmationState: ConfirmationState;
}

export interface DialogAction {
  type: DialogActionType;
  slotToElicit?: string;
  slotElicitationStyle?: 'Default' | 'SpellByLetter' | 'SpellByWord';
}

export interface ActiveContext {
  name: string;
  contextAttributes: Record<string, string>;
  timeToLive: { timeToLiveInSeconds: number; turnsToLive: number };
}

export interface SessionState {
  activeContexts?: ActiveContext[];
  /** Strings only: Lex rejects other value types. */
  sessionAttributes?: Record<string, string>;
  dialogAction?: DialogAction;
  intent: Intent;
  originatingRequestId: string;
}

export interface Interpretation {
  intent: Intent;
  /** A bare number here; the runtime API wraps it as `{ score }`. Absent for FallbackIntent. */
  nluConfidence?: number;
  interpretationSource?: 'Lex' | 'Bedrock';
}

export interface BotIdentity {
  id: string;
  name: string;
  localeId: string;
  version: string;
  aliasId: string;
  aliasName: string;
}

export interface ProposedNextState {
  dialogAction: DialogAction;
  intent: Intent;
  prompt?: { attempt: 'Initial' | 'Retry1' | 'Retry2' | 'Retry3' | 'Retry4' | 'Retry5' };
}

/** What Lex sends the function. */
export interface CodeHookEvent {
  messageVersion: string;
  invocationSource: InvocationSource;
  inputMode: 'Text' | 'Speech' | 'DTMF';
  responseContentType: string;
  sessionId: string;
  inputTranscript: string;
  invocationLabel?: string;
  bot: BotIdentity;
  interpretations: Interpretation[];
  proposedNextState?: ProposedNextState;
  /** Copied from the RecognizeText request; keys starting `x-amz-lex:` are Lex's own. */
  requestAttributes?: Record<string, string>;
  sessionState: SessionState;
}

export interface PlainTextMessage {
  contentType: 'PlainText' | 'SSML' | 'CustomPayload';
  content: string;
}

export interface Button {
  /** 1–50 characters. */
  text: string;
  /** 1–50 characters; sent back as the user's next utterance when the button is chosen. */
  value: string;
}

export interface ImageResponseCard {
  /** 1–250 characters. */
  title: string;
  /** 1–250 characters. */
  subtitle?: string;
  /** 1–250 characters. */
  imageUrl?: string;
  /** At most 5. */
  buttons?: Button[];
}

export interface ImageResponseCardMessage {
  contentType: 'ImageResponseCard';
  imageResponseCard: ImageResponseCard;
}

export type Message = PlainTextMessage | ImageResponseCardMessage;

/** What the function answers. */
export interface CodeHookResponse {
  sessionState: {
    activeContexts?: ActiveContext[];
    sessionAttributes?: Record<string, string>;
    dialogAction: DialogAction;
    intent?: Partial<Intent> & { name: string };
  };
  messages?: Message[];
  requestAttributes?: Record<string, string>;
}

/** The card limits Lex enforces (API_runtime_ImageResponseCard). */
export const CARD_LIMITS = Object.freeze({ title: 250, subtitle: 250, imageUrl: 250, buttons: 5, buttonText: 50, buttonValue: 50 });
