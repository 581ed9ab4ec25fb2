/**
 * The hand-over between acknowledging an event (within Slack's 3 seconds) and answering it.
 */
import { errorFields, log } from '../inference';
import type { SlackEventEnvelope, SlackMessageLikeEvent } from './slack-types';

/** One accepted event: the verified envelope, exactly as Slack sent it. */
export interface SlackJob {
  envelope: SlackEventEnvelope<SlackMessageLikeEvent>;
}

/** `duplicate`: this event id was handed over before (a Slack retry), so nothing was started. */
export type DispatchResult = 'dispatched' | 'duplicate';

export interface Dispatcher {
  /** Resolves once the job is handed over — not when it is done. Rejects if it could not be. */
  dispatch(job: SlackJob): Promise<DispatchResult>;
}

export type JobRunner = (job: SlackJob) => Promise<void>;

/**
 * Runs jobs in this process after the current request has been answered: for Socket Mode, the
 * simulator's local stack and tests. `idle()` resolves when every job started so far is done.
 */
export class InProcessDispatcher implements Dispatcher {
  private readonly running = new Set<Promise<void>>();

  constructor(private readonly run: JobRunner) {}

  dispatch(job: SlackJob): Promise<DispatchResult> {
    const done = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => this.run(job))
      .catch((e: unknown) => log('error', 'slack job failed', { event_id: job.envelope.event_id, ...errorFields(e) }))
      .finally(() => this.running.delete(done));
    this.running.add(done);
    return Promise.resolve('dispatched');
  }

  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running]);
  }
}
