/**
 * A link a person typed is never fetched with the bot token. A Slack link that names a file (its
 * permalink, or its `url_private`) is looked up with `files.info` instead, and described only when
 * Slack says it was shared in the conversation where the bot was asked: the asker can see it
 * there, so describing it reveals nothing. Any other Slack link (a Web API method, a workspace
 * page) is refused without being fetched.
 */
import { ImageError, isImageError } from '../inference';
import type { SlackHostPolicy } from './slack-hosts';
import type { SlackFile } from './slack-types';

export type TypedLink = { kind: 'public' } | { kind: 'slack-file'; fileId: string } | { kind: 'slack-other' };

export const NOT_A_PUBLIC_LINK = 'I can only look at pictures shared in Slack or public links.';
export const NOT_SHARED_HERE = 'I can only look at files that were shared in this conversation.';

/** https://<workspace>.slack.com/files/<user>/<file id>/<name> */
const PERMALINK = /^\/files\/[^/]+\/(F[A-Z0-9]+)(?:\/|$)/;
/** url_private(_download) and thumbnails: /files-pri/<team>-<file id>/…, /files-tmb/<team>-<file id>-<hash>/… */
const FILE_URL = /^\/files-(?:pri|tmb)\/[A-Z0-9]+-(F[A-Z0-9]+)(?:[-/]|$)/;

export function classifyTypedLink(url: URL, hosts: SlackHostPolicy): TypedLink {
  if (!hosts.isSlackUrl(url)) return { kind: 'public' };
  const fileId = PERMALINK.exec(url.pathname)?.[1] ?? fileIdInDownloadUrl(url);
  return fileId === undefined ? { kind: 'slack-other' } : { kind: 'slack-file', fileId };
}

/** The file id a download URL (`/files-pri/<team>-<file id>/…`) names, if any. */
export function fileIdInDownloadUrl(url: URL): string | undefined {
  return FILE_URL.exec(url.pathname)?.[1];
}

/** Whether `files.info` lists `conversation` among the places the file was shared. */
export function isSharedIn(file: SlackFile, conversation: string): boolean {
  const listed = [...(file.channels ?? []), ...(file.groups ?? []), ...(file.ims ?? [])];
  const shared = [...Object.keys(file.shares?.public ?? {}), ...Object.keys(file.shares?.private ?? {})];
  return listed.includes(conversation) || shared.includes(conversation);
}

/**
 * The file named by a typed link, if it is shared in `conversation`. A file that does not exist
 * gets the same answer as one shared elsewhere, so asking cannot probe which file ids exist.
 */
export async function fileSharedIn(fileId: string, conversation: string, lookUp: (fileId: string) => Promise<SlackFile>): Promise<SlackFile> {
  let file: SlackFile;
  try {
    file = await lookUp(fileId);
  } catch (e) {
    if (isImageError(e) && e.code === 'not_found') throw notSharedHere(fileId, conversation, e);
    throw e;
  }
  if (!isSharedIn(file, conversation)) throw notSharedHere(fileId, conversation);
  return file;
}

function notSharedHere(fileId: string, conversation: string, cause?: unknown): ImageError {
  return new ImageError('not_allowed', `Slack file ${fileId} is not shared in ${conversation}${cause ? ' (files.info found no such file)' : ''}`, {
    userMessage: NOT_SHARED_HERE,
    cause,
  });
}

export function notAPublicLink(url: URL): ImageError {
  return new ImageError('not_allowed', `a typed Slack link that names no file: ${url.origin}${url.pathname}`, { userMessage: NOT_A_PUBLIC_LINK });
}
