import { createMessageAnswerer, type SlackInference, type SlackWebApi } from './answer-message';
import type { BotIdentitySource } from './bot-identity';
import type { SlackConfig } from './config';
import type { SlackJob } from './dispatcher';
import { errorFields, log } from '../inference';
import { planAnswer } from './plan-answer';
import { slackHostPolicy } from './slack-hosts';

export interface SlackWorkerDeps {
  inference: SlackInference;
  config: SlackConfig;
  client: SlackWebApi;
  identity: BotIdentitySource;
}

/**
 * The work behind an accepted event. Never rejects: under serverless-offline a rejected
 * asynchronous invocation takes the whole process down, and in Lambda it would be retried and
 * could answer twice.
 */
export function createSlackWorker(deps: SlackWorkerDeps): (job: SlackJob) => Promise<void> {
  const answer = createMessageAnswerer({
    inference: deps.inference,
    client: deps.client,
    botToken: deps.config.botToken,
    hosts: slackHostPolicy(deps.config.apiUrl),
  });
  return async function runJob(job: SlackJob): Promise<void> {
    const eventId = job.envelope.event_id;
    try {
      // The accepting side decided already; the same pure decision here needs no shared state.
      const decision = planAnswer(job.envelope.event, await deps.identity.get(), deps.config.imageChannels);
      if ('ignore' in decision) {
        log('warn', 'job no longer wanted', { event_id: eventId, reason: decision.ignore });
        return;
      }
      await answer(decision.answer);
      log('info', 'event answered', { event_id: eventId, items: decision.answer.items.length });
    } catch (e) {
      log('error', 'slack job failed', { event_id: eventId, ...errorFields(e) });
    }
  };
}
