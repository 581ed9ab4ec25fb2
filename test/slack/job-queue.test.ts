/**
 * The in-process job queue (Socket Mode, the local test stack): at most `concurrency` jobs run at
 * once, at most `maxWaiting` wait, and a job beyond that gets the busy answer at once instead of
 * growing the queue.
 */
import { InProcessDispatcher, type SlackJob } from '../../src/slack/dispatcher';
import { Slots } from '../../src/slack/slots';

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

test('Slots (the worker process cap): at most `size` tasks at once, the rest in arrival order', async () => {
  const slots = new Slots(2);
  const events: string[] = [];
  const release = new Map<string, () => void>();
  const task = (id: string) => () =>
    new Promise<string>((resolve) => {
      events.push(`start ${id}`);
      release.set(id, () => resolve(id));
    });
  const results = ['A', 'B', 'C', 'D'].map((id) => slots.run(task(id)));
  await new Promise((resolve) => setImmediate(resolve));
  expect(events).toEqual(['start A', 'start B']);
  release.get('B')!();
  await new Promise((resolve) => setImmediate(resolve));
  expect(events).toEqual(['start A', 'start B', 'start C']);
  release.get('A')!();
  await new Promise((resolve) => setImmediate(resolve));
  release.get('C')!();
  await new Promise((resolve) => setImmediate(resolve));
  release.get('D')!();
  expect(await Promise.all(results)).toEqual(['A', 'B', 'C', 'D']);
  expect(events).toEqual(['start A', 'start B', 'start C', 'start D']);
});
