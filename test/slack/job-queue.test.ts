/**
 * The in-process job queue (Socket Mode, the local test stack): at most `concurrency` jobs run at
 * once, at most `maxWaiting` wait, and a job beyond that gets the busy answer at once instead of
 * growing the queue.
 */
import { InProcessDispatcher, type SlackJob } from '../../src/slack/dispatcher';

process.env.LOG_LEVEL = 'error';

function job(id: string): SlackJob {
  return { envelope: { event_id: id } as SlackJob['envelope'] };
}

test('a burst queues up to the limit, the rest is turned away with an answer, and every accepted job runs', async () => {
  const started: string[] = [];
  const turnedAway: string[] = [];
  const finish = new Map<string, () => void>();
  const queue = new InProcessDispatcher(
    (j) =>
      new Promise<void>((resolve) => {
        started.push(j.envelope.event_id);
        finish.set(j.envelope.event_id, resolve);
      }),
    { concurrency: 2, maxWaiting: 1, onFull: async (j) => void turnedAway.push(j.envelope.event_id) },
  );

  const results = await Promise.all(['E1', 'E2', 'E3', 'E4', 'E5'].map((id) => queue.dispatch(job(id))));
  expect(results).toEqual(['dispatched', 'dispatched', 'dispatched', 'dispatched', 'dispatched']);
  await new Promise((resolve) => setImmediate(resolve));
  expect(started).toEqual(['E1', 'E2']);
  expect(turnedAway).toEqual(['E4', 'E5']);

  finish.get('E1')!();
  await new Promise((resolve) => setTimeout(resolve, 10));
  expect(started).toEqual(['E1', 'E2', 'E3']);
  finish.get('E2')!();
  finish.get('E3')!();
  await queue.idle();
  expect(started).toEqual(['E1', 'E2', 'E3']);
});

test('a job that throws does not stop the queue', async () => {
  const ran: string[] = [];
  const queue = new InProcessDispatcher(
    async (j) => {
      ran.push(j.envelope.event_id);
      if (j.envelope.event_id === 'E1') throw new Error('boom');
    },
    { concurrency: 1, maxWaiting: 5, onFull: async () => undefined },
  );
  await queue.dispatch(job('E1'));
  await queue.dispatch(job('E2'));
  await queue.idle();
  expect(ran).toEqual(['E1', 'E2']);
});
