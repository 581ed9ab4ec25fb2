/**
 * Under the sentence, the picture with what was found outlined and labelled — only when there is
 * more than one thing to point at. Shared with Slack's upload flow (files.getUploadURLExternal →
 * POST the bytes → files.completeUploadExternal into the thread), which the Web API client's
 * filesUploadV2 runs; the bot token is not sent to the upload URL. Cosmetic: a failure is logged,
 * and the sentence already arrived.
 */
import type { webApi } from '@slack/bolt';
import { countsPhrase, drawObjects, errorFields, isWorthMarkingUp, log, summariseScene, type ImageDescription } from '../inference';

export const MARKUP_SCOPE = 'files:write';

export interface MarkupTarget {
  channel: string;
  threadTs: string;
}

export async function shareMarkup(client: Pick<webApi.WebClient, 'filesUploadV2'>, target: MarkupTarget, picture: Uint8Array, description: ImageDescription): Promise<void> {
  if (!isWorthMarkingUp(description.objects)) return;
  try {
    const marked = await drawObjects(picture, description.objects);
    const found = `What I found: ${countsPhrase(summariseScene(description))}`;
    await client.filesUploadV2({
      channel_id: target.channel,
      thread_ts: target.threadTs,
      file: marked.jpeg,
      filename: 'whatsthat-found.jpg',
      title: found,
      alt_text: found,
    });
  } catch (e) {
    const data = (e as { data?: { error?: string; needed?: string } }).data;
    if (data?.error === 'missing_scope') {
      log('warn', `the marked-up picture was not shared: add the ${data.needed ?? MARKUP_SCOPE} scope to the Slack app (manifest.yml, oauth_config.scopes.bot) and reinstall it`, { channel: target.channel, needed: data.needed ?? MARKUP_SCOPE });
      return;
    }
    log('warn', 'could not share the marked-up picture', { channel: target.channel, thread_ts: target.threadTs, ...errorFields(e) });
  }
}
