/**
 * The messages of each conversation, so `conversations.replies` can answer as Slack does
 * (wire-formats.md §5): the thread's parent first, then its replies in order; message metadata
 * only when asked for with `include_all_metadata`.
 */
import type { SlackMessageMetadata } from '../../slack/slack-types';

export interface StoredMessage {
  type: 'message';
  ts: string;
  thread_ts?: string;
  text: string;
  user?: string;
  bot_id?: string;
  subtype?: string;
  blocks?: unknown[];
  metadata?: SlackMessageMetadata;
}

/** Slack's default and largest page of replies. */
const MAX_LIMIT = 1000;

export class ConversationStore {
  private readonly byChannel = new Map<string, StoredMessage[]>();

  add(channel: string, message: StoredMessage): void {
    const messages = this.byChannel.get(channel) ?? [];
    messages.push(message);
    this.byChannel.set(channel, messages);
  }

  /** The thread of `ts`: the parent, then the replies, oldest first; undefined when there is no such message. */
  replies(channel: string, ts: string, opts: { includeAllMetadata: boolean; limit?: number }): StoredMessage[] | undefined {
    const messages = this.byChannel.get(channel) ?? [];
    const parent = messages.find((m) => m.ts === ts);
    if (parent === undefined) return undefined;
    const threadTs = parent.thread_ts ?? parent.ts;
    const thread = messages.filter((m) => m.ts === threadTs || m.thread_ts === threadTs).sort((a, b) => compareTs(a.ts, b.ts));
    const limit = Math.min(MAX_LIMIT, Math.max(1, opts.limit ?? MAX_LIMIT));
    return thread.slice(0, limit).map((m) => (opts.includeAllMetadata ? m : withoutMetadata(m)));
  }
}

function withoutMetadata(message: StoredMessage): StoredMessage {
  return Object.fromEntries(Object.entries(message).filter(([key]) => key !== 'metadata')) as unknown as StoredMessage;
}

function compareTs(a: string, b: string): number {
  const [as, au] = a.split('.').map(Number);
  const [bs, bu] = b.split('.').map(Number);
  return as - bs || au - bu;
}
