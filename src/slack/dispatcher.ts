/**
 * The hand-over between acknowledging an event (within Slack's 3 seconds) and answering it.
 */
import { errorFields, log } from '../inference/without-model';
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

export interface InProcessLimits {
  /** Jobs running at once: each holds a decoded picture, and they share one model and the CPU. */
  concurrency: number;
  /** Jobs waiting beyond those; more are turned away with `onFull`. */
  maxWaiting: number;
  /** What a job turned away gets (a "busy, send it again" reply). */
  onFull: (job: SlackJob) => Promise<void>;
}

/**
 * Runs jobs in this process after the current request has been answered, at most
 * `concurrency` at a time and `maxWaiting` queued: for Socket Mode and the tests' in-process
 * stack. A burst queues instead of holding every picture in memory at once, and the queue is
 * bounded, so a flood is turned away with an answer instead of growing without limit.
 * `idle()` resolves when every job accepted so far is done.
 */
export class InProcessDispatcher implements Dispatcher {
  private readonly running = new Set<Promise<void>>();
  private readonly waiting: SlackJob[] = [];

  constructor(
    private readonly run: JobRunner,
    private readonly limits: InProcessLimits,
  ) {}

  dispatch(job: SlackJob): Promise<DispatchResult> {
    if (this.running.size < this.limits.concurrency) this.start(job);
    else if (this.waiting.length < this.limits.maxWaiting) this.waiting.push(job);
    else {
      log('warn', 'job queue full; the event gets a busy reply', { event_id: job.envelope.event_id, waiting: this.waiting.length });
      this.track(this.limits.onFull(job));
    }
    return Promise.resolve('dispatched');
  }

  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running]);
  }

  private start(job: SlackJob): void {
    this.track(
      new Promise<void>((resolve) => setImmediate(resolve)).then(() => this.run(job)),
      () => {
        const next = this.waiting.shift();
        if (next !== undefined) this.start(next);
      },
      job,
    );
  }

  private track(work: Promise<void>, then?: () => void, job?: SlackJob): void {
    const done: Promise<void> = work
      .catch((e: unknown) => log('error', 'slack job failed', { event_id: job?.envelope.event_id, ...errorFields(e) }))
      .finally(() => {
        this.running.delete(done);
        then?.();
      });
    this.running.add(done);
  }
}
