import { createMessageAnswerer, type AnswerOutcome, type SlackInference, type SlackWebApi } from './answer-message';
import type { AnswerLedger } from './answer-ledger';
import type { BotIdentitySource } from './bot-identity';
import type { SlackConfig } from './config';
import type { SlackJob } from './dispatcher';
import { errorFields, log } from '../inference';
import { countMetric, latencyMetric, withDeadline, type TimeBudget } from '../inference/without-model';
import { planAnswer } from './plan-answer';
import { slackHostPolicy } from './slack-hosts';

export interface SlackWorkerDeps {
  inference: SlackInference;
  config: SlackConfig;
  client: SlackWebApi;
  identity: BotIdentitySource;
}

/** One run of a job: until when, and where what was posted is remembered. */
export interface WorkerRun {
  budget: TimeBudget;
  ledger: AnswerLedger;
}

/**
 * `complete`: every item has its reply in the thread (or the job is not wanted); `incomplete`:
 * some replies could not be posted, and running the job again (Lambda's retry) may post them.
 */
export type JobOutcome = 'complete' | 'incomplete';

export type SlackWorker = (job: SlackJob, run: WorkerRun) => Promise<JobOutcome>;

/** The work behind an accepted event. Never rejects; the outcome says whether to run it again. */
export function createSlackWorker(deps: SlackWorkerDeps): SlackWorker {
  const answer = createMessageAnswerer({
    inference: deps.inference,
    client: deps.client,
    botToken: deps.config.botToken,
    hosts: slackHostPolicy(deps.config.apiUrl),
  });
  return async function runJob(job, run) {
    const eventId = job.envelope.event_id;
    const started = performance.now();
    try {
      // The accepting side decided already; the same pure decision here needs no shared state.
      const me = await withDeadline(deps.identity.get(), run.budget.remaining(), 'auth.test');
      const decision = planAnswer(job.envelope.event, me, deps.config.imageChannels);
      if ('ignore' in decision) {
        log('warn', 'job no longer wanted', { event_id: eventId, reason: decision.ignore });
        return 'complete';
      }
      const outcome: AnswerOutcome = await answer(decision.answer, { ...run, key: eventId });
      if (outcome.unanswered > 0) {
        countMetric('JobsIncomplete');
        log('error', 'event answered in part', { event_id: eventId, items: decision.answer.items.length, unanswered: outcome.unanswered });
        return 'incomplete';
      }
      log('info', 'event answered', { event_id: eventId, items: decision.answer.items.length });
      return 'complete';
    } catch (e) {
      countMetric('JobsIncomplete');
      log('error', 'slack job failed', { event_id: eventId, ...errorFields(e) });
      return 'incomplete';
    } finally {
      latencyMetric('JobTime', performance.now() - started);
    }
  };
}
