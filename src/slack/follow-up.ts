/**
 * Questions about a picture already answered in the thread — "how many kites?", "is there a
 * dog?", "what does it say?" — answered from the scene kept on the bot's answer, without looking
 * at the picture again. A reply in a DM thread, or a mention in a channel thread, is one when the
 * inference module reads it as one.
 */
// Not '../inference': plan-answer.ts (the receiver's path) imports this file and must not load the model.
import { answerFollowUp, errorFields, log, parseFollowUpQuestion } from '../inference/without-model';
import type { SlackWebApi } from './answer-message';
import type { SlackAnswer } from './answer-blocks';
import type { BotIdentity } from './config';
import { escapeSlackText } from './message-text';
import type { AnswerPlan } from './plan-answer';
import { lastSceneInThread } from './scene-memory';
import type { SlackMessageLikeEvent } from './slack-types';

/** A thread reply that asks a follow-up question: the plan to answer it, else undefined. */
export function followUpPlan(event: SlackMessageLikeEvent, me: BotIdentity): AnswerPlan | undefined {
  if (event.thread_ts === undefined || event.thread_ts === event.ts) return undefined;
  const question = parseFollowUpQuestion(event.text ?? '');
  if (question === undefined) return undefined;
  return { channel: event.channel, messageTs: event.ts, threadTs: event.thread_ts, addressed: true, items: [], leftOut: 0, followUp: { question, botId: me.botId } };
}

export const NO_PICTURE_IN_THREAD = "I haven't looked at a picture in this thread yet. Send me one and then ask about it.";
export const THREAD_GONE = "I can't find this thread's first message any more, so I can't tell which picture you mean. Send it again and ask me about it.";

export async function followUpAnswer(client: Pick<SlackWebApi, 'conversations'>, plan: AnswerPlan): Promise<SlackAnswer> {
  const followUp = plan.followUp;
  if (followUp === undefined) throw new Error('followUpAnswer needs a follow-up plan');
  try {
    const scene = await lastSceneInThread(client, { channel: plan.channel, threadTs: plan.threadTs, botId: followUp.botId });
    if (scene === undefined) return { text: escapeSlackText(NO_PICTURE_IN_THREAD) };
    return { text: escapeSlackText(answerFollowUp(scene.summary, followUp.question, { ofSeveralPictures: scene.picturesInThread > 1 })) };
  } catch (e) {
    const code = (e as { data?: { error?: string; needed?: string } }).data;
    // The thread's parent was deleted: asking again will not bring it back.
    if (code?.error === 'thread_not_found') return { text: THREAD_GONE };
    if (code?.error === 'missing_scope') {
      log('warn', `cannot read the thread for a follow-up question: add the ${code.needed ?? 'channels:history / groups:history / im:history / mpim:history'} scope to the Slack app (manifest.yml) and reinstall it`, { channel: plan.channel });
      return { text: "I can't read this thread (the app is missing a permission), so I can't answer questions about its picture." };
    }
    log('error', 'could not read the thread for a follow-up question', { channel: plan.channel, thread_ts: plan.threadTs, ...errorFields(e) });
    return { text: "I couldn't read this thread just now. Please try again in a minute." };
  }
}
