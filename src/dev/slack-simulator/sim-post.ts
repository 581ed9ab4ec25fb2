/**
 * `POST /sim/post`: a person posts a picture (or a link) and the simulator waits for the bot's
 * answers in the thread — what `npm run slack:post` prints.
 */
import type { SlackFile } from '../../slack/slack-types';
import type { RecordedCall } from './call-log';
import type { SlackSimulator } from './simulator';

/** An uploaded picture: its name and bytes. */
export interface SimPostFile {
  name: string;
  base64: string;
  mimetype?: string;
}

export interface SimPostRequest {
  file?: SimPostFile;
  /** Several pictures uploaded in one message (with `file`, that one first). */
  files?: SimPostFile[];
  /** A link to a picture, put in the message text as Slack formats links. */
  url?: string;
  /** Several links in one message (with `url`, that one first). */
  urls?: string[];
  text?: string;
  /** Defaults to the direct-message channel. */
  channel?: string;
  mention?: boolean;
  /** Post as a reply in the thread of this message (a follow-up question). */
  threadTs?: string;
  timeoutMs?: number;
}

export interface SimPostAnswer {
  ok: boolean;
  error?: string;
  channel: string;
  ts: string;
  /** HTTP status of each event delivery to the app. */
  deliveries: number[];
  answers: Array<{ text: unknown; blocks?: unknown }>;
  /** Files the bot shared in the thread while answering. */
  uploads: Array<{ filename: string; title?: string; bytes: number }>;
}

const DEFAULT_TIMEOUT_MS = 60_000;
/** The bot puts 👀 on a message it will answer as its first step, right after the acknowledgement. */
const REACTION_TIMEOUT_MS = 10_000;

export async function simPost(sim: SlackSimulator, request: SimPostRequest): Promise<SimPostAnswer> {
  const pictures = [...(request.file ? [request.file] : []), ...(request.files ?? [])];
  const files: SlackFile[] = pictures.map((f) => sim.registerFile({ name: f.name, bytes: Buffer.from(f.base64, 'base64'), mimetype: f.mimetype }));
  const urls = [...(request.url !== undefined ? [request.url] : []), ...(request.urls ?? [])];
  const words = [request.text ?? (urls.length > 0 ? 'what is this?' : ''), ...urls.map((u) => `<${u}>`)];
  const callsBefore = sim.calls.list().length;
  const uploadsBefore = sim.uploads.length;
  const posted = await sim.userPosts({ channel: request.channel, text: words.filter(Boolean).join(' '), files, mention: request.mention, threadTs: request.threadTs });
  const threadTs = request.threadTs ?? posted.ts;
  // Answers in the thread that came after this message (a thread holds earlier answers too).
  const answersNow = (): Array<{ text: unknown; blocks?: unknown }> =>
    sim.calls.list().slice(callsBefore).filter((c) => c.method === 'chat.postMessage' && c.response.ok === true && c.args.channel === posted.channel && c.args.thread_ts === threadTs).map((c) => ({ text: c.args.text, blocks: c.args.blocks }));
  const uploadsNow = (): SimPostAnswer['uploads'] =>
    sim.uploads.slice(uploadsBefore).filter((u) => u.channel === posted.channel && u.threadTs === threadTs).map((u) => ({ filename: u.filename, ...(u.title !== undefined ? { title: u.title } : {}), bytes: u.bytes.length }));
  const result = { channel: posted.channel, ts: posted.ts, deliveries: posted.deliveries.map((d) => d.status) };
  const rejected = posted.deliveries.find((d) => d.status < 200 || d.status > 299);
  if (rejected !== undefined) {
    return { ok: false, error: `the app answered the event delivery with HTTP ${rejected.status}`, ...result, answers: [], uploads: [] };
  }
  const onThisMessage = (c: RecordedCall): boolean => c.args.channel === posted.channel && c.args.timestamp === posted.ts;
  try {
    await sim.calls.waitFor('reactions.add', 1, { where: onThisMessage, timeoutMs: Math.min(REACTION_TIMEOUT_MS, request.timeoutMs ?? REACTION_TIMEOUT_MS) });
  } catch {
    return {
      ok: false,
      error:
        request.threadTs !== undefined
          ? 'the bot did not react to this reply: in a thread it answers questions about the picture ("how many …", "is there a …", "what does it say", "what kind of bird is it", "what else could it be"), with --mention in a channel'
          : 'the bot did not react to this message: it answers channel messages only when mentioned (--mention) or when the channel is in SLACK_IMAGE_CHANNELS; otherwise see the app\'s log',
      ...result,
      answers: [],
      uploads: [],
    };
  }
  try {
    await sim.waitUntilAnswered(posted.channel, posted.ts, { timeoutMs: request.timeoutMs ?? DEFAULT_TIMEOUT_MS });
    return { ok: true, ...result, answers: answersNow(), uploads: uploadsNow() };
  } catch {
    return {
      ok: false,
      error: 'the bot started but did not finish answering in time; see the app\'s log',
      ...result,
      answers: answersNow(),
      uploads: uploadsNow(),
    };
  }
}
