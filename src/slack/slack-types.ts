/**
 * Slack's wire formats as this app meets them: the Events API envelope and the events we listen
 * to, file objects (including Slack Connect stubs), and the Web API answers we read. Only the
 * fields the app or the simulator use are declared; Slack adds fields freely, so every parser
 * must ignore what it does not know. Shapes follow ../shared/docs/wire-formats.md §4–5.
 */

/** A file as it appears in `event.files[]` and in `files.info`. */
export interface SlackFile {
  id: string;
  name?: string;
  title?: string;
  mimetype?: string;
  filetype?: string;
  pretty_type?: string;
  user?: string;
  /** `hosted`, `external`, `snippet`, `post`, `tombstone`, `hidden_by_limit`, or `file_access` for stubs. */
  mode?: string;
  size?: number;
  is_external?: boolean;
  is_public?: boolean;
  created?: number;
  timestamp?: number;
  original_w?: number;
  original_h?: number;
  url_private?: string;
  url_private_download?: string;
  permalink?: string;
  /** Set on Slack Connect and other restricted files: the rest must be fetched with `files.info`. */
  file_access?: 'check_file_info' | string;
  /** From `files.info`: the public channels, private channels and direct messages it is shared in. */
  channels?: string[];
  groups?: string[];
  ims?: string[];
  /** From `files.info`: each share by conversation id (the value lists the messages). */
  shares?: { public?: Record<string, FileShare[]>; private?: Record<string, FileShare[]> };
}

export interface FileShare {
  ts: string;
  channel_name?: string;
  reply_count?: number;
}

/** The message fields shared by `message` and `app_mention` events. */
interface MessageFields {
  channel: string;
  user?: string;
  text?: string;
  ts: string;
  thread_ts?: string;
  event_ts?: string;
  bot_id?: string;
  app_id?: string;
  files?: SlackFile[];
  /** 2017-era payloads carried one file here instead of `files`. */
  file?: SlackFile;
  client_msg_id?: string;
  team?: string;
}

/** `message` events; `subtype` is absent for plain messages and `file_share` for uploads. */
export interface SlackMessageEvent extends MessageFields {
  type: 'message';
  subtype?: 'file_share' | 'bot_message' | 'message_changed' | 'message_deleted' | 'thread_broadcast' | string;
  /** `im` (direct message), `mpim` (group DM), `channel` (public), `group` (private). */
  channel_type?: 'im' | 'mpim' | 'channel' | 'group' | string;
  upload?: boolean;
  display_as_bot?: boolean;
  hidden?: boolean;
}

export interface SlackAppMentionEvent extends MessageFields {
  type: 'app_mention';
}

/** Delivered beside the `message` event for every upload; we acknowledge it and do nothing. */
export interface SlackFileSharedEvent {
  type: 'file_shared';
  file_id: string;
  file: { id: string };
  user_id: string;
  channel_id: string;
  event_ts: string;
}

export type SlackEvent = SlackMessageEvent | SlackAppMentionEvent | SlackFileSharedEvent;

/** The events the app acts on: both carry a channel, a timestamp, text and maybe files. */
export type SlackMessageLikeEvent = SlackMessageEvent | SlackAppMentionEvent;

export interface SlackAuthorization {
  enterprise_id: string | null;
  team_id: string;
  user_id: string;
  is_bot: boolean;
  is_enterprise_install: boolean;
}

/** The `event_callback` envelope; `event_id` is stable across Slack's retries. */
export interface SlackEventEnvelope<E = SlackEvent> {
  token?: string;
  team_id: string;
  api_app_id: string;
  type: 'event_callback';
  event: E;
  event_id: string;
  event_time: number;
  authorizations?: SlackAuthorization[];
  authed_users?: string[];
  is_ext_shared_channel?: boolean;
  event_context?: string;
  context_team_id?: string;
  context_enterprise_id?: string | null;
  enterprise_id?: string;
}

/** Sent once when the request URL is saved in the app settings; answered with the challenge. */
export interface SlackUrlVerification {
  token?: string;
  type: 'url_verification';
  challenge: string;
}

/** Every Web API answer: HTTP 200 with `ok`, and `error` when `ok` is false. */
export interface SlackApiResponse {
  ok: boolean;
  error?: string;
  warning?: string;
  response_metadata?: { next_cursor?: string; messages?: string[]; warnings?: string[] };
}

export interface AuthTestResponse extends SlackApiResponse {
  url?: string;
  team?: string;
  user?: string;
  team_id?: string;
  user_id?: string;
  bot_id?: string;
  is_enterprise_install?: boolean;
}

export interface FilesInfoResponse extends SlackApiResponse {
  file?: SlackFile;
}

/** A flat object inside a metadata payload: Slack allows one level of nesting. */
export type SlackMetadataObject = Record<string, string | number | boolean>;

/**
 * Message metadata: chat.postMessage `metadata`, read back by conversations.replies with
 * `include_all_metadata` (docs.slack.dev/messaging/message-metadata): payload values are
 * scalars, flat objects or arrays of flat objects.
 */
export interface SlackMessageMetadata {
  event_type: string;
  event_payload: Record<string, string | number | boolean | SlackMetadataObject | SlackMetadataObject[]>;
}

/** A message as conversations.replies returns it. */
export interface SlackThreadMessage {
  type: 'message';
  ts: string;
  thread_ts?: string;
  text?: string;
  user?: string;
  bot_id?: string;
  metadata?: SlackMessageMetadata;
}

export interface ConversationsRepliesResponse extends SlackApiResponse {
  messages?: SlackThreadMessage[];
  has_more?: boolean;
}

/** Block Kit, the two block types our answers use. */
export interface MrkdwnText {
  type: 'mrkdwn';
  text: string;
}

export interface SectionBlock {
  type: 'section';
  text: MrkdwnText;
}

export interface ContextBlock {
  type: 'context';
  elements: MrkdwnText[];
}

export type AnswerBlock = SectionBlock | ContextBlock;
