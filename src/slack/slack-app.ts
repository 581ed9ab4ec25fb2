/**
 * The Bolt app: the same listeners behind API Gateway (AwsLambdaReceiver) and Socket Mode. They
 * only decide and hand over — Bolt has acknowledged the event before they run, and API Gateway
 * gets its response as soon as they return, so the work itself happens after, in the worker.
 */
import { App, LogLevel, type Receiver } from '@slack/bolt';
import { boltLogger } from './bolt-logger';
import type { BotIdentitySource } from './bot-identity';
import type { SlackConfig } from './config';
import type { Dispatcher, SlackJob } from './dispatcher';
import { log } from '../inference/without-model';
import { planAnswer } from './plan-answer';
import type { SlackEvent, SlackEventEnvelope, SlackMessageLikeEvent } from './slack-types';
import { webClientOptions } from './web-client';

export interface SlackAppDeps {
  config: SlackConfig;
  receiver: Receiver;
  dispatcher: Dispatcher;
  identity: BotIdentitySource;
  logLevel?: LogLevel;
}

export function createSlackApp(deps: SlackAppDeps): App {
  const app = new App({
    receiver: deps.receiver,
    // Our own authorize instead of `token`: Bolt's single-token mode either calls auth.test from
    // the constructor (an unhandled rejection if Slack is unreachable at cold start) or on every event.
    authorize: async () => ({ botToken: deps.config.botToken, ...(await deps.identity.get()) }),
    clientOptions: webClientOptions(deps.config),
    convoStore: false,
    logger: boltLogger(),
    logLevel: deps.logLevel ?? LogLevel.INFO,
  });

  const accept = async ({ event, body, context }: { event: unknown; body: unknown; context: { botUserId?: string; botId?: string; retryNum?: number } }): Promise<void> => {
    const envelope = body as SlackEventEnvelope<SlackMessageLikeEvent>;
    const me = { botUserId: context.botUserId ?? '', botId: context.botId ?? '' };
    const decision = planAnswer(event as SlackEvent, me, deps.config.imageChannels);
    const where = { event_id: envelope.event_id, type: (event as SlackEvent).type, retry: context.retryNum };
    if ('ignore' in decision) {
      log('debug', 'event ignored', { ...where, reason: decision.ignore });
      return;
    }
    // A rejection here makes the receiver answer 500, so Slack delivers the event again.
    const job: SlackJob = { envelope };
    const result = await deps.dispatcher.dispatch(job);
    log('info', result === 'duplicate' ? 'redelivered event not handed over again' : 'event handed over', where);
  };

  app.event('message', accept);
  app.event('app_mention', accept);
  // Delivered beside the message that carries the file; acknowledged (by Bolt) and nothing else.
  app.event('file_shared', async () => {});
  return app;
}
