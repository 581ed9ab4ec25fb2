/**
 * Which events get an answer, and about what — decided from the event alone, so the HTTP path
 * (before acknowledging) and the worker (after) reach the same decision without sharing state.
 */
import type { FollowUpQuestion } from '../inference/without-model';
import type { BotIdentity } from './config';
import { followUpPlan } from './follow-up';
import { extractLinks, mentionsUser } from './message-text';
import type { SlackEvent, SlackFile, SlackMessageEvent, SlackMessageLikeEvent } from './slack-types';

export type WorkItem = { kind: 'file'; file: SlackFile } | { kind: 'link'; url: string };

export interface AnswerPlan {
  channel: string;
  /** The message the 👀 reaction goes on. */
  messageTs: string;
  /** Answers go in the message's thread, or start one under the message. */
  threadTs: string;
  /**
   * A direct message or a mention: the person is talking to us, so anything we cannot look at
   * (a PDF, nothing at all) gets a short answer too. In an opted-in channel without a mention we
   * answer pictures only, and stay quiet about everything else people share there.
   */
  addressed: boolean;
  items: WorkItem[];
  /** Items beyond MAX_ITEMS_PER_MESSAGE, left out (the answer says so). */
  leftOut: number;
  /** A question about the picture already answered in the thread (items is then empty). */
  followUp?: { question: FollowUpQuestion; botId: string };
}

export type Decision = { answer: AnswerPlan } | { ignore: string };

/** Slack allows 10 files per message; links are capped the same so one message cannot queue hundreds of downloads. */
export const MAX_ITEMS_PER_MESSAGE = 10;

// Subtypes that are a person's new message; everything else (edits, deletions, joins, bot posts…) is not for us.
const MESSAGE_SUBTYPES_WE_READ = new Set([undefined, 'file_share', 'thread_broadcast']);

export function planAnswer(event: SlackEvent, me: BotIdentity, imageChannels: ReadonlySet<string>): Decision {
  if (event.type === 'file_shared') return { ignore: 'file_shared: the message event that carries the file is answered instead' };
  const fromABot = loopGuard(event, me);
  if (fromABot !== undefined) return { ignore: fromABot };
  return event.type === 'message' ? planForMessage(event, me, imageChannels) : planForMention(event, me);
}

/** Our own messages, other bots' messages, and message events that are not new messages. */
function loopGuard(event: SlackMessageLikeEvent, me: BotIdentity): string | undefined {
  if (event.type === 'message' && !MESSAGE_SUBTYPES_WE_READ.has(event.subtype)) return `message subtype ${event.subtype}`;
  if (event.user === me.botUserId || event.bot_id === me.botId) return 'our own message';
  // Two bots answering each other's pictures would never stop.
  if (event.bot_id !== undefined) return `a message from another bot (${event.bot_id})`;
  if (event.user === undefined) return 'a message without a user';
  return undefined;
}

function planForMessage(event: SlackMessageEvent, me: BotIdentity, imageChannels: ReadonlySet<string>): Decision {
  const files = filesOf(event);
  if (event.channel_type === 'im') {
    const links = extractLinks(event.text);
    if (files.length === 0 && links.length === 0 && isThreadReply(event)) {
      const followUp = followUpPlan(event, me);
      if (followUp) return { answer: followUp };
      return { ignore: 'a reply in a direct-message thread with nothing to look at' };
    }
    return { answer: plan(event, true, files, links) };
  }
  // A mention without files is answered from its app_mention event; one with files is answered
  // here and its app_mention event is ignored, so the message gets one answer, not two.
  if (files.length === 0) return { ignore: 'a channel message without files' };
  const mentioned = mentionsUser(event.text, me.botUserId);
  if (mentioned) return { answer: plan(event, true, files, extractLinks(event.text)) };
  if (!imageChannels.has(event.channel)) return { ignore: 'files in a channel, without a mention, and the channel has not opted in' };
  const pictures = files.filter(mayBeAPicture);
  if (pictures.length === 0) return { ignore: 'no pictures among the files in an opted-in channel' };
  return { answer: plan(event, false, pictures, []) };
}

function planForMention(event: SlackMessageLikeEvent, me: BotIdentity): Decision {
  if (event.channel.startsWith('D')) return { ignore: 'a mention in a direct message: the message event answers it' };
  if (filesOf(event).length > 0) return { ignore: 'a mention with files: the message event answers it' };
  const links = extractLinks(event.text);
  const followUp = links.length === 0 ? followUpPlan(event, me) : undefined;
  if (followUp) return { answer: followUp };
  return { answer: plan(event, true, [], links) };
}

function plan(event: SlackMessageLikeEvent, addressed: boolean, files: SlackFile[], links: string[]): AnswerPlan {
  const items: WorkItem[] = [...files.map((file) => ({ kind: 'file' as const, file })), ...links.map((url) => ({ kind: 'link' as const, url }))];
  return {
    channel: event.channel,
    messageTs: event.ts,
    threadTs: event.thread_ts ?? event.ts,
    addressed,
    items: items.slice(0, MAX_ITEMS_PER_MESSAGE),
    leftOut: Math.max(0, items.length - MAX_ITEMS_PER_MESSAGE),
  };
}

function filesOf(event: SlackMessageLikeEvent): SlackFile[] {
  return event.files ?? (event.file ? [event.file] : []);
}

/** Images, and Slack Connect stubs whose type is known only after `files.info`. */
export function mayBeAPicture(file: SlackFile): boolean {
  return isStub(file) || isImageMimetype(file.mimetype);
}

export function isStub(file: SlackFile): boolean {
  return file.file_access === 'check_file_info';
}

export function isImageMimetype(mimetype: string | undefined): boolean {
  return mimetype !== undefined && mimetype.toLowerCase().startsWith('image/');
}

function isThreadReply(event: SlackMessageEvent): boolean {
  return event.thread_ts !== undefined && event.thread_ts !== event.ts;
}
