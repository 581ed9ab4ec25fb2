/**
 * Downloading files Slack handed us (event `files[]`, or `files.info`). `url_private_download`
 * needs the bot token; the shared intake follows redirects by hand and asks `headersFor` before
 * every hop, so the token goes only to Slack's file downloads and never follows a redirect
 * anywhere else.
 */
import { ImageError, isImageError, tooLarge, type Inference } from '../inference';
import { fileIdInDownloadUrl } from './slack-file-reference';
import type { SlackHostPolicy } from './slack-hosts';
import type { SlackFile } from './slack-types';

export type ImageReader = Pick<Inference, 'readImageSource' | 'intake'>;

export interface SlackDownloadContext {
  reader: ImageReader;
  botToken: string;
  hosts: SlackHostPolicy;
}

export const MISSING_FILES_READ =
  "I couldn't open that file: Slack showed me its sign-in page, which means this app is missing the files:read permission. Ask a workspace admin to add it and reinstall the app.";

/** The file's bytes, known to be a readable image; every failure is an ImageError. */
export async function downloadSlackFile(file: SlackFile, ctx: SlackDownloadContext): Promise<Uint8Array> {
  const maxBytes = ctx.reader.intake.maxBytes;
  // Slack tells us the size: refuse before spending a download on it.
  if (file.size !== undefined && file.size > maxBytes) {
    throw tooLarge(maxBytes, `Slack file ${file.id} is ${file.size} bytes`);
  }
  const url = file.url_private_download ?? file.url_private;
  if (url === undefined) {
    throw new ImageError('not_found', `Slack file ${file.id} (mode ${file.mode ?? 'unknown'}) has no download URL`, {
      userMessage: "I can't download that file from Slack (it may have been deleted or hidden by the workspace's plan).",
    });
  }
  try {
    return await ctx.reader.readImageSource(url, {
      // Only to a download of this very file: a remote file's URL (set by whichever app added it)
      // pointing at another file's download must not borrow the bot's access to that file.
      headersFor: (hop) => (ctx.hosts.mayCarryToken(hop) && fileIdInDownloadUrl(hop) === file.id ? { authorization: `Bearer ${ctx.botToken}` } : {}),
      allowHosts: [...ctx.reader.intake.allowHosts, ...ctx.hosts.allowHosts],
    });
  } catch (e) {
    throw explainLoginPage(e);
  }
}

/**
 * Slack answers a request it will not authorise with HTTP 200 and its sign-in page, not a 4xx.
 * The intake reports that as `not_an_image` with the content type and first bytes in the detail.
 */
function explainLoginPage(e: unknown): unknown {
  if (isImageError(e) && e.code === 'not_an_image' && /text\/html|<!doctype|<html/i.test(e.message)) {
    return new ImageError('missing_permission', `Slack served an HTML page instead of the file (files:read missing?): ${e.message}`, {
      userMessage: MISSING_FILES_READ,
      cause: e,
    });
  }
  return e;
}
