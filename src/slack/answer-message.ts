/**
 * Doing what a plan says: 👀 on the message, one answer per picture or link in the thread, 👀
 * removed at the end — whatever happened in between. Every failure becomes a sentence in the thread.
 */
import type { webApi } from '@slack/bolt';
import { errorFields, ImageError, isImageError, log, type ImageDescription, type Inference } from '../inference';
import { describedAnswer, failureAnswer, leftOutAnswer, nothingToLookAtAnswer, unexpectedFailureAnswer, type SlackAnswer } from './answer-blocks';
import { downloadSlackFile, readSlackHostedUrl, type ImageReader, type SlackDownloadContext } from './download-slack-file';
import { followUpAnswer } from './follow-up';
import { isImageMimetype, isStub, MAX_ITEMS_PER_MESSAGE, type AnswerPlan, type WorkItem } from './plan-answer';
import { sceneMetadata } from './scene-memory';
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

const WORKING_REACTION = 'eyes';

interface Seen {
  picture: Uint8Array;
  description: ImageDescription;
}

export function createMessageAnswerer(deps: AnswererDeps): (plan: AnswerPlan) => Promise<void> {
  const download: SlackDownloadContext = { reader: deps.inference, botToken: deps.botToken, hosts: deps.hosts };

  async function post(plan: AnswerPlan, answer: SlackAnswer, metadata?: SlackMessageMetadata): Promise<void> {
    try {
      await deps.client.chat.postMessage({
        channel: plan.channel,
        thread_ts: plan.threadTs,
        text: answer.text,
        ...(answer.blocks ? { blocks: answer.blocks } : {}),
        // The picture's scene, for follow-up questions in the thread (scene-memory.ts).
        ...(metadata ? { metadata } : {}),
        // The answer names the picture; previews of the user's own links would only add noise.
        unfurl_links: false,
        unfurl_media: false,
      });
    } catch (e) {
      log('error', 'could not post the answer', { channel: plan.channel, thread_ts: plan.threadTs, ...errorFields(e) });
    }
  }

  async function react(plan: AnswerPlan, action: 'add' | 'remove'): Promise<void> {
    try {
      await deps.client.reactions[action]({ channel: plan.channel, timestamp: plan.messageTs, name: WORKING_REACTION });
    } catch (e) {
      // Cosmetic: a missing reactions:write scope must not cost the person their answer.
      log('warn', `could not ${action} the ${WORKING_REACTION} reaction`, { channel: plan.channel, ts: plan.messageTs, ...errorFields(e) });
    }
  }

  /** What the model sees in one item, or nothing for a non-picture the person did not address to us. */
  async function lookAt(item: WorkItem, addressed: boolean): Promise<Seen | undefined> {
    if (item.kind === 'link') return describe(await readLink(item.url));
    const file = isStub(item.file) ? await filesInfo(item.file.id) : item.file;
    if (!isImageMimetype(file.mimetype) && !addressed) return undefined;
    return describe(await downloadPicture(file));
  }

  /** The picture is kept beside its description for the marked-up copy. */
  async function describe(picture: Uint8Array): Promise<Seen> {
    return { picture, description: await deps.inference.describeImage(picture) };
  }

  /** Decided from Slack's mimetype, so a PDF is never downloaded just to be refused. */
  async function downloadPicture(file: SlackFile): Promise<Uint8Array> {
    if (!isImageMimetype(file.mimetype)) throw new ImageError('not_an_image', `Slack file ${file.id} has mimetype ${file.mimetype ?? 'unknown'}`);
    return downloadSlackFile(file, download);
  }

  /** A link from a mention: Slack-hosted files with the token, anything else as a hostile link. */
  async function readLink(url: string): Promise<Uint8Array> {
    const parsed = URL.parse(url);
    if (parsed === null) throw new ImageError('bad_url', `not a URL: ${JSON.stringify(url.slice(0, 200))}`);
    if (!deps.hosts.isSlackHost(parsed)) return deps.inference.readImageSource(url);
    // A permalink (https://team.slack.com/files/U…/F…/name.jpg) is a web page; files.info has the file.
    const permalinkFileId = /^\/files\/[^/]+\/(F[A-Z0-9]+)(?:\/|$)/.exec(parsed.pathname)?.[1];
    if (permalinkFileId !== undefined) return downloadPicture(await filesInfo(permalinkFileId));
    return readSlackHostedUrl(url, download);
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

  return async function answer(plan: AnswerPlan): Promise<void> {
    await react(plan, 'add');
    try {
      if (plan.followUp) await post(plan, await followUpAnswer(deps.client, plan));
      else if (plan.items.length === 0) await post(plan, nothingToLookAtAnswer());
      for (const item of plan.items) {
        const title = plan.items.length > 1 ? titleOf(item) : undefined;
        let reply: SlackAnswer | undefined;
        let seen: Seen | undefined;
        try {
          seen = await lookAt(item, plan.addressed);
          reply = seen && describedAnswer(seen.description, title);
        } catch (e) {
          reply = failureReply(e, item, plan, title);
        }
        if (reply !== undefined) await post(plan, reply, seen && sceneMetadata(seen.description));
        if (seen !== undefined) await shareMarkup(deps.client, { channel: plan.channel, threadTs: plan.threadTs }, seen.picture, seen.description);
      }
      if (plan.leftOut > 0) await post(plan, leftOutAnswer(plan.leftOut, MAX_ITEMS_PER_MESSAGE));
    } finally {
      await react(plan, 'remove');
    }
  };
}

function failureReply(e: unknown, item: WorkItem, plan: AnswerPlan, title: string | undefined): SlackAnswer {
  const where = { channel: plan.channel, ts: plan.messageTs, item: item.kind === 'link' ? item.url : item.file.id };
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

function titleOf(item: WorkItem): string {
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
