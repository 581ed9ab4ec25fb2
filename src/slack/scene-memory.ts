/**
 * Where a thread finds its picture's scene: in Slack message metadata on the bot's own answer
 * (chat.postMessage `metadata`), read back with conversations.replies `include_all_metadata`.
 * The scene lives and dies with the answer it explains — no table, no TTL, nothing to clean up
 * when a message or a workspace is deleted — and only what the answer already shows is kept
 * (counts, guesses, species, a short text). See the README, "Follow-up questions in a thread".
 */
import type { webApi } from '@slack/bolt';
import type { ImageDescription } from '../inference';
// Not '../inference' for values: the receiver's path (plan-answer → follow-up) imports this file.
import { parseSceneSummary, summariseScene, type SceneSummary } from '../inference/without-model';
import type { ConversationsRepliesResponse, SlackMessageMetadata } from './slack-types';

/** The metadata event type of an answer that carries its picture's scene. */
export const SCENE_EVENT_TYPE = 'whatsthat_scene';

/** Slack returns at most this many messages of a thread per page. */
const THREAD_PAGE = 1000;

export function sceneMetadata(description: ImageDescription): SlackMessageMetadata {
  const s = summariseScene(description);
  return {
    event_type: SCENE_EVENT_TYPE,
    event_payload: {
      label: s.label,
      probability: s.probability,
      runnersUp: s.runnersUp.map((g) => ({ label: g.label, probability: g.probability })),
      detector: s.detector,
      counts: s.counts.map((c) => ({ label: c.label, count: c.count })),
      ...(s.species ? { species: { name: s.species.name, scientificName: s.species.scientificName, probability: s.species.probability, group: s.species.group } } : {}),
      ...(s.text !== undefined ? { text: s.text } : {}),
    },
  };
}

/**
 * The scene of the latest picture the bot answered in the thread, and how many it answered there;
 * undefined when none. Only the bot's own messages count: another app could post metadata of this type.
 */
export async function lastSceneInThread(
  client: Pick<webApi.WebClient, 'conversations'>,
  where: { channel: string; threadTs: string; botId: string },
): Promise<{ summary: SceneSummary; picturesInThread: number } | undefined> {
  const response = (await client.conversations.replies({ channel: where.channel, ts: where.threadTs, include_all_metadata: true, limit: THREAD_PAGE })) as ConversationsRepliesResponse;
  const scenes = (response.messages ?? [])
    .filter((m) => m.bot_id === where.botId && m.metadata?.event_type === SCENE_EVENT_TYPE)
    .map((m) => parseSceneSummary(m.metadata?.event_payload))
    .filter((summary) => summary !== undefined);
  const latest = scenes.at(-1);
  return latest === undefined ? undefined : { summary: latest, picturesInThread: scenes.length };
}
