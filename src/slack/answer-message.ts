/**
 * Doing what a plan says: 👀 on the message, one answer per picture or link in the thread, 👀
 * removed at the end — whatever happened in between. Every failure becomes a sentence in the thread.
 *
 * A job has a time budget (the invocation's remaining time): each picture gets what is left
 * minus a reserve, and when that runs out the remaining pictures get one "ran out of time" reply;
 * the reserve pays for that reply and for removing 👀. Each reply is posted once per item through
 * the ledger, so a job that runs again answers only what is still unanswered.
 */
import type { webApi } from '@slack/bolt';
import { clipped, errorFields, ImageError, isImageError, log, urlForLog, type ImageDescription, type Inference } from '../inference';
import { countMetric, failureMetric, isDeadlineError, latencyMetric, withDeadline, type TimeBudget } from '../inference/without-model';
import { describedAnswer, failureAnswer, leftOutAnswer, nothingToLookAtAnswer, unexpectedFailureAnswer, type SlackAnswer } from './answer-blocks';
import type { AnswerLedger } from './answer-ledger';
import { outOfTimeAnswer, rateLimitedAnswer } from './budget-answers';
import { downloadSlackFile, type ImageReader, type SlackDownloadContext } from './download-slack-file';
import { followUpAnswer } from './follow-up';
import { isImageMimetype, isStub, MAX_ITEMS_PER_MESSAGE, type AnswerPlan, type WorkItem } from './plan-answer';
import { callSlack, SlackRateLimitedError } from './slack-calls';
import { sceneMetadata } from './scene-memory';
import { classifyTypedLink, fileSharedIn, notAPublicLink } from './slack-file-reference';
import type { SlackHostPolicy } from './slack-hosts';
import type { FilesInfoResponse, SlackFile, SlackMessageMetadata } from './slack-types';
import { shareMarkup } from './upload-markup';

/** The parts of the inference module the Slack channel uses. */
export type SlackInference = ImageReader & Pick<Inference, 'describeImage'>;

/** The Web API methods the answerer calls. */
export type SlackWebApi = Pick<webApi.WebClient, 'chat' | 'reactions' | 'files' | 'conversations'>;

export interface AnswererDeps {
  inference: SlackInference;
  client: SlackWebApi;
  botToken: string;
  hosts: SlackHostPolicy;
}

/** One run of a job: its time budget, and what was already posted for it (keyed per item). */
export interface JobRun {
  budget: TimeBudget;
  ledger: AnswerLedger;
  /** The event id: ledger keys are `<key>#<item>`. */
  key: string;
}

/** `unanswered`: replies that could not be posted; the job should run again for them. */
export interface AnswerOutcome {
  unanswered: number;
}

/** An answer to post, with the picture's scene for follow-ups and the picture for the marked-up copy. */
interface Reply {
  answer: SlackAnswer;
  metadata?: SlackMessageMetadata;
  seen?: Seen;
}

interface Seen {
  picture: Uint8Array;
  description: ImageDescription;
}

const WORKING_REACTION = 'eyes';
/** Kept back from the pictures for the "ran out of time" reply and removing 👀. */
const END_RESERVE_MS = 3_000;
/** Kept back from posting for removing 👀. */
const REACTION_RESERVE_MS = 1_000;
/** Less than this left, a picture is not started. */
const MIN_PICTURE_MS = 1_000;

export function createMessageAnswerer(deps: AnswererDeps): (plan: AnswerPlan, run: JobRun) => Promise<AnswerOutcome> {
  const download: SlackDownloadContext = { reader: deps.inference, botToken: deps.botToken, hosts: deps.hosts };

  function postMessage(plan: AnswerPlan, answer: SlackAnswer, budget: TimeBudget, metadata?: SlackMessageMetadata): Promise<unknown> {
    return callSlack(budget, 'chat.postMessage', () =>
      deps.client.chat.postMessage({
        channel: plan.channel,
        thread_ts: plan.threadTs,
        text: answer.text,
        ...(answer.blocks ? { blocks: answer.blocks } : {}),
        // The picture's scene, for follow-up questions in the thread (scene-memory.ts).
        ...(metadata ? { metadata } : {}),
        // The answer names the picture; previews of the user's own links would only add noise.
        unfurl_links: false,
        unfurl_media: false,
      }),
    );
  }

  /** Posts `answer`, or if Slack's Retry-After outlasts the budget, one "try again"; throws if neither got through. */
  async function post(plan: AnswerPlan, answer: SlackAnswer, budget: TimeBudget, metadata?: SlackMessageMetadata): Promise<void> {
    try {
      await postMessage(plan, answer, budget, metadata);
    } catch (e) {
      log('error', 'could not post the answer', { channel: plan.channel, thread_ts: plan.threadTs, ...errorFields(e) });
      if (!(e instanceof SlackRateLimitedError)) throw e;
      await postMessage(plan, rateLimitedAnswer(), budget);
    }
  }

  /** 0 when the reply is in the thread (now, before, or by a run in progress), 1 when it could not be posted. */
  async function settle(plan: AnswerPlan, run: JobRun, item: string, reply: () => Promise<Reply | undefined>): Promise<number> {
    try {
      await run.ledger.once(`${run.key}#${item}`, async () => {
        const r = await reply();
        if (r === undefined) return;
        await post(plan, r.answer, run.budget.keepBack(REACTION_RESERVE_MS), r.metadata);
        // Cosmetic and bounded (its own timeout): a failure is logged, the sentence has arrived.
        if (r.seen !== undefined) await shareMarkup(deps.client, { channel: plan.channel, threadTs: plan.threadTs }, r.seen.picture, r.seen.description);
      });
      return 0;
    } catch (e) {
      if (isDeadlineError(e)) throw e;
      log('error', 'reply not posted; the job will run again for it', { channel: plan.channel, ts: plan.messageTs, item, ...errorFields(e) });
      return 1;
    }
  }

  async function react(plan: AnswerPlan, action: 'add' | 'remove', budget: TimeBudget): Promise<void> {
    try {
      // Removing 👀 is never skipped for lack of time: it gets at least the reserve.
      await callSlack(action === 'remove' ? budget.atLeast(REACTION_RESERVE_MS) : budget, `reactions.${action}`, () =>
        deps.client.reactions[action]({ channel: plan.channel, timestamp: plan.messageTs, name: WORKING_REACTION }),
      );
    } catch (e) {
      // Cosmetic: a missing reactions:write scope must not cost the person their answer.
      log('warn', `could not ${action} the ${WORKING_REACTION} reaction`, { channel: plan.channel, ts: plan.messageTs, ...errorFields(e) });
    }
  }

  /** What the model sees in one item, or nothing for a non-picture the person did not address to us. */
  async function lookAt(item: WorkItem, plan: AnswerPlan): Promise<Seen | undefined> {
    if (item.kind === 'link') return describe(await readLink(item.url, plan.channel));
    const file = isStub(item.file) ? await filesInfo(item.file.id) : item.file;
    if (!isImageMimetype(file.mimetype) && !plan.addressed) return undefined;
    return describe(await downloadPicture(file));
  }

  /** The picture is kept beside its description for the marked-up copy. */
  async function describe(picture: Uint8Array): Promise<Seen> {
    return { picture, description: await deps.inference.describeImage(picture) };
  }

  /** The reply for one item, within `work`; a DeadlineError when `work` runs out first. */
  async function replyFor(item: WorkItem, plan: AnswerPlan, work: TimeBudget, title: string | undefined): Promise<Reply | undefined> {
    try {
      const seen = await withDeadline(lookAt(item, plan), work.remaining(), 'looking at a picture');
      if (seen === undefined) return undefined;
      countMetric('Answers');
      recordTimings(seen.description);
      return { answer: describedAnswer(seen.description, title), metadata: sceneMetadata(seen.description), seen };
    } catch (e) {
      if (isDeadlineError(e)) throw e;
      return { answer: failureReply(e, item, plan, title) };
    }
  }

  /** Decided from Slack's mimetype, so a PDF is never downloaded just to be refused. */
  async function downloadPicture(file: SlackFile): Promise<Uint8Array> {
    if (!isImageMimetype(file.mimetype)) throw new ImageError('not_an_image', `Slack file ${file.id} has mimetype ${file.mimetype ?? 'unknown'}`);
    return downloadSlackFile(file, download);
  }

  /**
   * A link a person typed: a public link as a hostile one, never with the token; a Slack link to
   * a file through files.info, if it was shared here (slack-file-reference.ts); any other Slack
   * link not at all.
   */
  async function readLink(url: string, conversation: string): Promise<Uint8Array> {
    const parsed = URL.parse(url);
    if (parsed === null) throw new ImageError('bad_url', `not a URL: ${urlForLog(url)}`);
    const link = classifyTypedLink(parsed, deps.hosts);
    if (link.kind === 'public') return deps.inference.readImageSource(url);
    if (link.kind === 'slack-other') throw notAPublicLink(parsed);
    return downloadPicture(await fileSharedIn(link.fileId, conversation, filesInfo));
  }

  /** Slack Connect and other restricted files arrive as stubs; files.info has the rest. */
  async function filesInfo(fileId: string): Promise<SlackFile> {
    let response: FilesInfoResponse;
    try {
      response = (await deps.client.files.info({ file: fileId })) as FilesInfoResponse;
    } catch (e) {
      throw filesInfoError(fileId, e);
    }
    if (!response.file) throw new ImageError('not_found', `files.info ${fileId} returned no file`);
    return response.file;
  }

  return async function answer(plan: AnswerPlan, run: JobRun): Promise<AnswerOutcome> {
    const work = run.budget.keepBack(END_RESERVE_MS);
    let unanswered = 0;
    await react(plan, 'add', work);
    try {
      if (plan.followUp) unanswered += await settle(plan, run, 'follow-up', async () => ({ answer: await followUpAnswer(deps.client, plan) }));
      else if (plan.items.length === 0) unanswered += await settle(plan, run, 'nothing', async () => ({ answer: nothingToLookAtAnswer() }));
      let outOfTime = 0;
      for (const [index, item] of plan.items.entries()) {
        const title = plan.items.length > 1 ? titleOf(item) : undefined;
        if (work.remaining() < MIN_PICTURE_MS) {
          outOfTime = plan.items.length - index;
          break;
        }
        try {
          unanswered += await settle(plan, run, `item-${index}`, () => replyFor(item, plan, work, title));
        } catch (e) {
          if (!isDeadlineError(e)) throw e;
          outOfTime = plan.items.length - index;
          break;
        }
      }
      if (outOfTime > 0) {
        countMetric('OutOfTime', outOfTime);
        log('warn', 'ran out of time', { channel: plan.channel, ts: plan.messageTs, pictures: outOfTime });
        unanswered += await settle(plan, run, 'out-of-time', async () => ({ answer: outOfTimeAnswer(outOfTime) }));
      }
      if (plan.leftOut > 0) unanswered += await settle(plan, run, 'left-out', async () => ({ answer: leftOutAnswer(plan.leftOut, MAX_ITEMS_PER_MESSAGE) }));
    } finally {
      await react(plan, 'remove', run.budget);
    }
    return { unanswered };
  };
}

function recordTimings(description: ImageDescription): void {
  const t = description.timingsMs;
  if (t.fetch !== undefined) latencyMetric('FetchTime', t.fetch);
  latencyMetric('DecodeTime', t.decode);
  latencyMetric('InferenceTime', t.inference);
  latencyMetric('DescribeTime', t.total);
}

function failureReply(e: unknown, item: WorkItem, plan: AnswerPlan, title: string | undefined): SlackAnswer {
  const where = { channel: plan.channel, ts: plan.messageTs, item: item.kind === 'link' ? urlForLog(item.url) : item.file.id };
  failureMetric(isImageError(e) ? e.code : 'unexpected');
  if (isImageError(e)) {
    // Most are about what the person sent; these two are for the operator to fix.
    const level = e.code === 'missing_permission' || e.code === 'model_unavailable' ? 'warn' : 'info';
    log(level, 'image not described', { ...where, code: e.code, detail: e.message });
    return failureAnswer(e.userMessage, title);
  }
  log('error', 'unexpected failure while describing an image', { ...where, ...errorFields(e) });
  return unexpectedFailureAnswer(title);
}

function filesInfoError(fileId: string, e: unknown): ImageError {
  const code = (e as { data?: { error?: string } }).data?.error;
  if (code === 'missing_scope' || code === 'no_permission' || code === 'access_denied') {
    return new ImageError('missing_permission', `files.info ${fileId}: ${code}`, {
      userMessage: "I'm not allowed to read that file (this app may be missing the files:read permission, or the file is in a channel I can't see).",
      cause: e,
    });
  }
  if (code === 'file_not_found' || code === 'file_deleted') {
    return new ImageError('not_found', `files.info ${fileId}: ${code}`, { userMessage: "I couldn't find that file in Slack; it may have been deleted.", cause: e });
  }
  return new ImageError('unreachable', `files.info ${fileId} failed: ${(e as Error).message}`, {
    userMessage: "I couldn't get that file from Slack just now. Please try again in a minute.",
    cause: e,
  });
}

/** Names come from the person (a file name, a link's last segment): kept short so the answer always fits. */
const MAX_TITLE_CHARS = 80;

function titleOf(item: WorkItem): string {
  return clipped(fullTitleOf(item), MAX_TITLE_CHARS);
}

function fullTitleOf(item: WorkItem): string {
  if (item.kind === 'file') return item.file.name ?? item.file.title ?? item.file.id;
  const url = URL.parse(item.url);
  const last = url?.pathname.split('/').filter(Boolean).pop();
  return last ? decodeURIComponentSafe(last) : (url?.hostname ?? item.url);
}

function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
