/**
 * Realistic Events API payloads (wire-formats.md §4.4–4.6), built from a few facts, and Slack's
 * request signature. Pure functions: the simulator and tests share them.
 */
import { createHmac } from 'node:crypto';
import type {
  SlackAppMentionEvent,
  SlackEventEnvelope,
  SlackFile,
  SlackFileSharedEvent,
  SlackMessageEvent,
} from '../../slack/slack-types';

/** The ids of the simulated workspace. */
export interface Workspace {
  teamId: string;
  teamDomain: string;
  appId: string;
  botUserId: string;
  botId: string;
  /** The person who posts. */
  userId: string;
  /** The person's direct-message channel with the bot. */
  dmChannel: string;
  /** A public channel the bot is in. */
  channel: string;
}

export const DEFAULT_WORKSPACE: Readonly<Workspace> = Object.freeze({
  teamId: 'T0TEAM001',
  teamDomain: 'example-team',
  appId: 'A0APP0001',
  botUserId: 'U0BOT0001',
  botId: 'B0BOT0001',
  userId: 'U0HUMAN01',
  dmChannel: 'D0DM00001',
  channel: 'C0CHAN001',
});

let tsCounter = 0;
let eventCounter = 0;

/** A fresh message timestamp (`seconds.micro`), unique within the process. */
export function nextTs(): string {
  tsCounter += 1;
  return `${Math.floor(Date.now() / 1000)}.${String(tsCounter).padStart(6, '0')}`;
}

export function nextEventId(): string {
  eventCounter += 1;
  return `Ev0SIM${Date.now().toString(36).toUpperCase()}${String(eventCounter).padStart(4, '0')}`;
}

export interface MessageFacts {
  channel?: string;
  /** Defaults from the channel id: D… → im, G… → group, else channel. */
  channelType?: SlackMessageEvent['channel_type'];
  user?: string;
  text?: string;
  files?: SlackFile[];
  ts?: string;
  threadTs?: string;
  botId?: string;
  subtype?: string;
}

/** A person's message; with files it is a `file_share` as Slack sends for uploads. */
export function messageEvent(ws: Workspace, facts: MessageFacts = {}): SlackMessageEvent {
  const channel = facts.channel ?? ws.dmChannel;
  const ts = facts.ts ?? nextTs();
  const files = facts.files ?? [];
  return {
    type: 'message',
    ...(files.length > 0 ? { subtype: 'file_share', upload: true, display_as_bot: false, files } : {}),
    ...(facts.subtype !== undefined ? { subtype: facts.subtype } : {}),
    text: facts.text ?? '',
    user: facts.user ?? ws.userId,
    ...(facts.botId !== undefined ? { bot_id: facts.botId } : {}),
    ts,
    event_ts: ts,
    ...(facts.threadTs !== undefined ? { thread_ts: facts.threadTs } : {}),
    channel,
    channel_type: facts.channelType ?? channelTypeOf(channel),
  };
}

/** The `app_mention` Slack sends beside the message event when a message mentions the bot. */
export function appMentionEvent(ws: Workspace, facts: MessageFacts = {}): SlackAppMentionEvent {
  const ts = facts.ts ?? nextTs();
  return {
    type: 'app_mention',
    user: facts.user ?? ws.userId,
    ...(facts.botId !== undefined ? { bot_id: facts.botId } : {}),
    text: facts.text ?? `<@${ws.botUserId}>`,
    ts,
    event_ts: ts,
    ...(facts.threadTs !== undefined ? { thread_ts: facts.threadTs } : {}),
    channel: facts.channel ?? ws.channel,
    ...(facts.files !== undefined && facts.files.length > 0 ? { files: facts.files } : {}),
  };
}

export function fileSharedEvent(ws: Workspace, file: SlackFile, channel = ws.dmChannel): SlackFileSharedEvent {
  return { type: 'file_shared', file_id: file.id, file: { id: file.id }, user_id: ws.userId, channel_id: channel, event_ts: nextTs() };
}

export function envelope<E>(ws: Workspace, event: E, eventId = nextEventId()): SlackEventEnvelope<E> {
  return {
    token: 'legacy-verification-token',
    team_id: ws.teamId,
    api_app_id: ws.appId,
    type: 'event_callback',
    event,
    event_id: eventId,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ enterprise_id: null, team_id: ws.teamId, user_id: ws.botUserId, is_bot: true, is_enterprise_install: false }],
    is_ext_shared_channel: false,
  };
}

/** What a Slack Connect message carries instead of the file: fetch the rest with `files.info`. */
export function fileStub(file: SlackFile): SlackFile {
  return { id: file.id, mode: 'file_access', file_access: 'check_file_info', created: 0, timestamp: 0, user: '' };
}

/** `X-Slack-Signature` for a body: `v0=` + hex HMAC-SHA256 of `v0:{timestamp}:{body}`. */
export function signature(signingSecret: string, timestamp: number, body: string): string {
  return `v0=${createHmac('sha256', signingSecret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

function channelTypeOf(channel: string): SlackMessageEvent['channel_type'] {
  if (channel.startsWith('D')) return 'im';
  if (channel.startsWith('G')) return 'group';
  return 'channel';
}
