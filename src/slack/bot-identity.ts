import type { webApi } from '@slack/bolt';
import type { BotIdentity } from './config';
import type { AuthTestResponse } from './slack-types';

/** Who the bot is (for the loop guard and mention detection), learnt at most once per process. */
export interface BotIdentitySource {
  get(): Promise<BotIdentity>;
}

/**
 * The configured identity, or `auth.test` on first use. A failed lookup is not remembered, so
 * the next event tries again instead of the process staying broken until it is recycled.
 */
export function botIdentitySource(configured: BotIdentity | undefined, client: Pick<webApi.WebClient, 'auth'>, botToken: string): BotIdentitySource {
  if (configured !== undefined) return { get: () => Promise.resolve(configured) };
  let pending: Promise<BotIdentity> | undefined;
  return {
    get() {
      pending ??= lookUp(client, botToken).catch((e: unknown) => {
        pending = undefined;
        throw e;
      });
      return pending;
    },
  };
}

async function lookUp(client: Pick<webApi.WebClient, 'auth'>, botToken: string): Promise<BotIdentity> {
  const result = (await client.auth.test({ token: botToken })) as AuthTestResponse;
  if (!result.user_id || !result.bot_id) {
    throw new Error('auth.test did not name a bot user: is SLACK_BOT_TOKEN a bot token (xoxb-…) of an app with a bot user?');
  }
  return { botUserId: result.user_id, botId: result.bot_id };
}
