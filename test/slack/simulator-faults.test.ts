/**
 * The simulator's injected Web API faults, on the wire: HTTP 429 with Retry-After and Slack's
 * `ratelimited` body, on the chosen method and call pattern only, recorded like any call.
 */
import { startSlackSimulator, type SlackSimulator } from '../../src/dev/slack-simulator/simulator';

const TOKEN = 'xoxb-fault-test';
let sim: SlackSimulator;

beforeAll(async () => {
  sim = await startSlackSimulator({ botToken: TOKEN, signingSecret: 'secret' });
});
afterAll(() => sim.stop());

const post = (method: string) =>
  fetch(`${sim.apiUrl}${method}`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' }, body: JSON.stringify({ channel: 'D0DM00001', text: 'hi' }) });

test('every 2nd chat.postMessage answers 429 with Retry-After, twice at most; other methods are untouched', async () => {
  const set = await fetch(`${sim.url}/sim/faults`, { method: 'POST', body: JSON.stringify({ faults: [{ method: 'chat.postMessage', retryAfterSeconds: 7, every: 2, times: 2 }] }) });
  expect(set.status).toBe(200);
  const statuses: number[] = [];
  for (let i = 0; i < 6; i++) {
    const res = await post('chat.postMessage');
    statuses.push(res.status);
    if (res.status === 429) {
      expect(res.headers.get('retry-after')).toBe('7');
      expect(await res.json()).toEqual({ ok: false, error: 'ratelimited' });
    } else {
      expect(await res.json()).toMatchObject({ ok: true });
    }
  }
  expect(statuses).toEqual([200, 429, 200, 429, 200, 200]);
  expect((await post('auth.test')).status).toBe(200);
  expect(sim.calls.list('chat.postMessage').filter((c) => c.response.error === 'ratelimited')).toHaveLength(2);
});

test('DELETE /sim/faults clears them, and a malformed fault is refused with 400', async () => {
  await fetch(`${sim.url}/sim/faults`, { method: 'POST', body: JSON.stringify({ faults: [{ method: 'chat.postMessage', retryAfterSeconds: 1 }] }) });
  expect((await post('chat.postMessage')).status).toBe(429);
  expect((await fetch(`${sim.url}/sim/faults`, { method: 'DELETE' })).status).toBe(200);
  expect((await post('chat.postMessage')).status).toBe(200);
  const bad = await fetch(`${sim.url}/sim/faults`, { method: 'POST', body: JSON.stringify({ faults: [{ method: 'chat.postMessage', retryAfterSeconds: -1 }] }) });
  expect(bad.status).toBe(400);
});
