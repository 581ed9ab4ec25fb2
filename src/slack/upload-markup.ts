/**
 * Under the sentence, the picture with what was found outlined and labelled — only when there is
 * more than one thing to point at. Shared with Slack's upload flow: files.getUploadURLExternal →
 * POST the bytes to the pre-signed upload URL → files.completeUploadExternal into the thread.
 * The middle step is ours rather than the client's filesUploadV2, which would send the bot token
 * to whatever upload URL came back; the URL needs none. Cosmetic: a failure is logged, and the
 * sentence has already arrived.
 */
import type { webApi } from '@slack/bolt';
import { countsPhrase, drawObjects, errorFields, isWorthMarkingUp, log, summariseScene, type ImageDescription } from '../inference';

export const MARKUP_SCOPE = 'files:write';
export const MARKUP_FILENAME = 'whatsthat-found.jpg';

/** The whole upload of one picture of at most 1024 px; Slack answers far sooner. */
const UPLOAD_TIMEOUT_MS = 10_000;

export interface MarkupTarget {
  channel: string;
  threadTs: string;
}

export async function shareMarkup(client: Pick<webApi.WebClient, 'files'>, target: MarkupTarget, picture: Uint8Array, description: ImageDescription): Promise<void> {
  if (!isWorthMarkingUp(description.objects)) return;
  try {
    const marked = await drawObjects(picture, description.objects);
    const found = `What I found: ${countsPhrase(summariseScene(description))}`;
    const started = await client.files.getUploadURLExternal({ filename: MARKUP_FILENAME, length: marked.jpeg.length, alt_text: found });
    if (!started.upload_url || !started.file_id) throw new Error('files.getUploadURLExternal answered without upload_url or file_id');
    await postBytes(started.upload_url, marked.jpeg);
    await client.files.completeUploadExternal({ files: [{ id: started.file_id, title: found }], channel_id: target.channel, thread_ts: target.threadTs });
  } catch (e) {
    const data = (e as { data?: { error?: string; needed?: string } }).data;
    if (data?.error === 'missing_scope') {
      const needed = data.needed ?? MARKUP_SCOPE;
      log('warn', `the marked-up picture was not shared: add the ${needed} scope to the Slack app (manifest.yml, oauth_config.scopes.bot) and reinstall it`, { channel: target.channel, needed });
      return;
    }
    log('warn', 'could not share the marked-up picture', { channel: target.channel, thread_ts: target.threadTs, ...errorFields(e) });
  }
}

async function postBytes(uploadUrl: string, bytes: Buffer): Promise<void> {
  const url = new URL(uploadUrl);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error(`upload URL with scheme ${url.protocol}`);
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/octet-stream' },
    body: new Uint8Array(bytes),
    redirect: 'error',
    signal: AbortSignal.timeout(UPLOAD_TIMEOUT_MS),
  });
  await response.arrayBuffer();
  if (response.status !== 200) throw new Error(`the upload URL answered HTTP ${response.status}`);
}
