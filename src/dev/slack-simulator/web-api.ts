/**
 * The Web API methods the app calls, answering as Slack does (wire-formats.md §5): HTTP 200 with
 * `ok`, and `error` naming what is wrong.
 */
import type { ConversationStore, StoredMessage } from './conversations';
import type { Workspace } from './events';
import { nextTs } from './events';
import type { FileStore } from './files';
import type { UploadStore } from './uploads';

export interface WebApiState {
  workspace: Workspace;
  /** The token's scopes; a method whose scope is missing answers `missing_scope`. */
  scopes: Set<string>;
  files: FileStore;
  /** `channel/ts/name` of every reaction the bot has on a message. */
  reactions: Set<string>;
  uploads: UploadStore;
  conversations: ConversationStore;
}

export type Auth = 'bot' | 'none' | 'invalid';

type Args = Record<string, unknown>;
type Answer = Record<string, unknown>;

const SCOPE_OF: Record<string, string | undefined> = {
  'auth.test': undefined,
  'chat.postMessage': 'chat:write',
  'chat.postEphemeral': 'chat:write',
  'reactions.add': 'reactions:write',
  'reactions.remove': 'reactions:write',
  'files.info': 'files:read',
  'files.getUploadURLExternal': 'files:write',
  'files.completeUploadExternal': 'files:write',
  // Scope by conversation type; see historyScopeOf.
  'conversations.replies': undefined,
};

/** All the scopes manifest.yml asks for. */
export const DEFAULT_SCOPES = ['app_mentions:read', 'channels:history', 'chat:write', 'files:read', 'files:write', 'groups:history', 'im:history', 'mpim:history', 'reactions:write'];

const MAX_TEXT = 40_000;

export function callMethod(method: string, args: Args, auth: Auth, state: WebApiState): Answer {
  if (!(method in SCOPE_OF)) return { ok: false, error: 'unknown_method' };
  if (auth === 'none') return { ok: false, error: 'not_authed' };
  if (auth === 'invalid') return { ok: false, error: 'invalid_auth' };
  const scope = method === 'conversations.replies' ? historyScopeOf(text(args.channel)) : SCOPE_OF[method];
  if (scope !== undefined && !state.scopes.has(scope)) {
    return { ok: false, error: 'missing_scope', needed: scope, provided: [...state.scopes].join(',') };
  }
  switch (method) {
    case 'auth.test':
      return authTest(state.workspace);
    case 'chat.postMessage':
      return postMessage(args, state.workspace, state.conversations);
    case 'chat.postEphemeral':
      return postEphemeral(args);
    case 'reactions.add':
    case 'reactions.remove':
      return react(method, args, state.reactions);
    case 'files.getUploadURLExternal':
      return state.uploads.begin(args);
    case 'files.completeUploadExternal':
      return state.uploads.complete(args);
    case 'conversations.replies':
      return replies(args, state.conversations);
    default:
      return filesInfo(args, state.files);
  }
}

/** Reading a conversation needs the history scope of its kind. */
function historyScopeOf(channel: string): string {
  if (channel.startsWith('D')) return 'im:history';
  if (channel.startsWith('G')) return 'groups:history';
  return 'channels:history';
}

function replies(args: Args, conversations: ConversationStore): Answer {
  const channel = text(args.channel);
  const ts = text(args.ts);
  if (channel === '') return { ok: false, error: 'channel_not_found' };
  if (ts === '') return { ok: false, error: 'invalid_arguments' };
  const limit = args.limit === undefined ? undefined : Number(args.limit);
  const messages = conversations.replies(channel, ts, { includeAllMetadata: args.include_all_metadata === true || args.include_all_metadata === 'true', limit });
  if (messages === undefined) return { ok: false, error: 'thread_not_found' };
  return { ok: true, messages, has_more: false, response_metadata: { next_cursor: '' } };
}

function authTest(ws: Workspace): Answer {
  return {
    ok: true,
    url: `https://${ws.teamDomain}.slack.com/`,
    team: 'Example',
    user: 'whatsthat',
    team_id: ws.teamId,
    user_id: ws.botUserId,
    bot_id: ws.botId,
    is_enterprise_install: false,
  };
}

function postMessage(args: Args, ws: Workspace, conversations: ConversationStore): Answer {
  const channel = text(args.channel);
  if (channel === '') return { ok: false, error: 'channel_not_found' };
  const message = text(args.text);
  const blocks = args.blocks;
  if (blocks !== undefined && !Array.isArray(blocks)) return { ok: false, error: 'invalid_blocks' };
  if (message === '' && (blocks === undefined || blocks.length === 0)) return { ok: false, error: 'no_text' };
  if (message.length > MAX_TEXT) return { ok: false, error: 'msg_too_long' };
  const metadata = args.metadata as StoredMessage['metadata'] | string | undefined;
  if (metadata !== undefined && (typeof metadata !== 'object' || typeof metadata.event_type !== 'string' || typeof metadata.event_payload !== 'object')) {
    return { ok: false, error: 'invalid_metadata_format' };
  }
  const ts = nextTs();
  const threadTs = text(args.thread_ts);
  const posted: StoredMessage = {
    type: 'message',
    subtype: 'bot_message',
    text: message,
    ts,
    bot_id: ws.botId,
    user: ws.botUserId,
    ...(threadTs !== '' ? { thread_ts: threadTs } : {}),
    ...(blocks !== undefined ? { blocks } : {}),
    ...(metadata !== undefined ? { metadata } : {}),
  };
  conversations.add(channel, posted);
  return { ok: true, channel, ts, message: posted };
}

function postEphemeral(args: Args): Answer {
  if (text(args.channel) === '') return { ok: false, error: 'channel_not_found' };
  if (text(args.user) === '') return { ok: false, error: 'user_not_in_channel' };
  if (text(args.text) === '' && args.blocks === undefined) return { ok: false, error: 'no_text' };
  return { ok: true, message_ts: nextTs() };
}

function react(method: 'reactions.add' | 'reactions.remove', args: Args, reactions: Set<string>): Answer {
  const channel = text(args.channel);
  const ts = text(args.timestamp);
  const name = text(args.name);
  if (channel === '' || ts === '') return { ok: false, error: 'no_item_specified' };
  if (name === '') return { ok: false, error: 'invalid_name' };
  const key = `${channel}/${ts}/${name}`;
  if (method === 'reactions.add') {
    if (reactions.has(key)) return { ok: false, error: 'already_reacted' };
    reactions.add(key);
  } else {
    if (!reactions.delete(key)) return { ok: false, error: 'no_reaction' };
  }
  return { ok: true };
}

function filesInfo(args: Args, files: FileStore): Answer {
  const file = files.info(text(args.file));
  if (file === undefined) return { ok: false, error: 'file_not_found' };
  return { ok: true, file, comments: [], response_metadata: { next_cursor: '' } };
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : value === undefined || value === null ? '' : String(value);
}
