/**
 * The simulator against Slack's own client library (@slack/web-api, as Bolt uses it) and plain
 * HTTP, so the tests that rely on it rely on a faithful stand-in.
 */
import { webApi } from '@slack/bolt';
import { readFileSync } from 'node:fs';
import { signature } from '../../src/dev/slack-simulator/events';
import { startSlackSimulator, type SlackSimulator } from '../../src/dev/slack-simulator/simulator';
import { testImage } from '../helpers/paths';

const TOKEN = 'xoxb-sim-test';
let sim: SlackSimulator;

beforeAll(async () => {
  sim = await startSlackSimulator({ botToken: TOKEN, signingSecret: 'test-signing-secret' });
});
afterAll(() => sim.stop());

function client(token = TOKEN): webApi.WebClient {
  return new webApi.WebClient(token, { slackApiUrl: sim.apiUrl, retryConfig: { retries: 0 }, logLevel: webApi.LogLevel.ERROR });
}

async function slackError(call: Promise<unknown>): Promise<string | undefined> {
  try {
    await call;
  } catch (e) {
    return (e as { data?: { error?: string } }).data?.error;
  }
  throw new Error('expected the call to fail');
}

describe('Web API methods', () => {
  test('auth.test names the bot', async () => {
    expect(await client().auth.test()).toMatchObject({ ok: true, user_id: 'U0BOT0001', bot_id: 'B0BOT0001', team_id: 'T0TEAM001' });
  });

  test('chat.postMessage from the client library (form body) is recorded with its blocks parsed, and answered with a ts', async () => {
    const blocks = [{ type: 'section' as const, text: { type: 'mrkdwn' as const, text: 'hi &amp; bye' } }];
    const res = await client().chat.postMessage({ channel: 'C0CHAN001', thread_ts: '1700000000.000100', text: 'hi & bye', blocks });
    expect(res).toMatchObject({ ok: true, channel: 'C0CHAN001', ts: expect.stringMatching(/^\d+\.\d{6}$/), message: { thread_ts: '1700000000.000100', bot_id: 'B0BOT0001' } });
    const [call] = sim.calls.list('chat.postMessage', (c) => c.response.ts === res.ts);
    expect(call).toMatchObject({ authorized: true, args: { channel: 'C0CHAN001', thread_ts: '1700000000.000100', text: 'hi & bye', blocks } });
  });

  test('a JSON body is accepted too', async () => {
    const res = await fetch(`${sim.apiUrl}chat.postMessage`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify({ channel: 'D0DM00001', text: 'json', blocks: [{ type: 'divider' }] }),
    });
    expect(await res.json()).toMatchObject({ ok: true, channel: 'D0DM00001' });
    expect(sim.calls.list('chat.postMessage', (c) => c.args.text === 'json')[0].args.blocks).toEqual([{ type: 'divider' }]);
  });

  test('a wrong token is invalid_auth, none is not_authed, a missing scope is missing_scope', async () => {
    expect(await slackError(client('xoxb-wrong').chat.postMessage({ channel: 'C1', text: 'x' }))).toBe('invalid_auth');
    const res = await fetch(`${sim.apiUrl}auth.test`, { method: 'POST' });
    expect(await res.json()).toEqual({ ok: false, error: 'not_authed' });
    sim.scopes.delete('reactions:write');
    try {
      expect(await slackError(client().reactions.add({ channel: 'C1', timestamp: '1.1', name: 'eyes' }))).toBe('missing_scope');
    } finally {
      sim.scopes.add('reactions:write');
    }
  });

  test('reactions keep state: already_reacted, no_reaction', async () => {
    const args = { channel: 'C0CHAN001', timestamp: '1700000000.000200', name: 'eyes' };
    await client().reactions.add(args);
    expect(await slackError(client().reactions.add(args))).toBe('already_reacted');
    await client().reactions.remove(args);
    expect(await slackError(client().reactions.remove(args))).toBe('no_reaction');
  });

  test('chat.postMessage without text or blocks is no_text; files.info of an unknown file is file_not_found; unknown methods are unknown_method', async () => {
    expect(await slackError(client().chat.postMessage({ channel: 'C1' } as never))).toBe('no_text');
    expect(await slackError(client().files.info({ file: 'F0NOPE' }))).toBe('file_not_found');
    expect(await slackError(client().apiCall('chat.doSomething'))).toBe('unknown_method');
  });

  test('chat.postEphemeral answers with a message_ts', async () => {
    expect(await client().chat.postEphemeral({ channel: 'C0CHAN001', user: 'U0HUMAN01', text: 'only you' })).toMatchObject({ ok: true, message_ts: expect.any(String) });
  });

  test('files.info returns the registered file with where it is shared, by conversation kind', async () => {
    const file = sim.registerFile({ path: testImage('parrot.jpg'), sharedIn: ['C0CHAN001', 'G0PRIV001', 'D0DM00001'] });
    const info = (await client().files.info({ file: file.id })).file;
    expect(info).toMatchObject({ ...file, channels: ['C0CHAN001'], groups: ['G0PRIV001'], ims: ['D0DM00001'] });
    expect(Object.keys(info?.shares?.public ?? {})).toEqual(['C0CHAN001']);
    expect(Object.keys(info?.shares?.private ?? {})).toEqual(['G0PRIV001', 'D0DM00001']);
    const unshared = sim.registerFile({ path: testImage('parrot.jpg') });
    expect((await client().files.info({ file: unshared.id })).file).toMatchObject({ channels: [], groups: [], ims: [], shares: { public: {}, private: {} } });
  });

  test('calls can be read over HTTP and awaited', async () => {
    const waiting = sim.calls.waitFor('chat.postEphemeral', 2);
    await client().chat.postEphemeral({ channel: 'C0CHAN001', user: 'U0HUMAN01', text: 'second' });
    expect((await waiting).map((c) => c.args.text)).toEqual(['only you', 'second']);
    const listed = (await (await fetch(`${sim.url}/sim/calls?method=chat.postEphemeral`)).json()) as { calls: unknown[] };
    expect(listed.calls).toHaveLength(2);
    await expect(sim.calls.waitFor('chat.postEphemeral', 3, { timeoutMs: 20 })).rejects.toThrow(/waited for 3 chat.postEphemeral call\(s\), got 2/);
  });
});

describe('private files', () => {
  const photo = readFileSync(testImage('parrot.jpg'));

  test('the bytes with the bot token; the HTML sign-in page (HTTP 200) without it or with another token', async () => {
    const file = sim.registerFile({ bytes: photo, name: 'parrot.jpg' });
    expect(file).toMatchObject({ mimetype: 'image/jpeg', size: photo.length, url_private_download: expect.stringContaining(sim.url) });
    const withToken = await fetch(file.url_private_download as string, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(withToken.status).toBe(200);
    expect(Buffer.from(await withToken.arrayBuffer()).equals(photo)).toBe(true);
    for (const headers of [{}, { authorization: 'Bearer xoxb-someone-else' }] as Array<Record<string, string>>) {
      const res = await fetch(file.url_private as string, { headers });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      expect(await res.text()).toMatch(/^<!DOCTYPE html>/);
    }
  });

  test('redirects: same origin, and cross origin to an edge host that needs no token', async () => {
    const same = sim.registerFile({ bytes: photo, name: 'a.jpg', delivery: 'redirect-same-origin' });
    const first = await fetch(same.url_private_download as string, { headers: { authorization: `Bearer ${TOKEN}` }, redirect: 'manual' });
    expect(first.status).toBe(302);
    expect(new URL(first.headers.get('location') as string, sim.url).origin).toBe(sim.url);

    const cross = sim.registerFile({ bytes: photo, name: 'b.jpg', delivery: 'redirect-cross-origin' });
    const hop = await fetch(cross.url_private_download as string, { headers: { authorization: `Bearer ${TOKEN}` }, redirect: 'manual' });
    const location = new URL(hop.headers.get('location') as string);
    expect(location.host).toBe(sim.edgeHost);
    const edge = await fetch(location);
    expect(edge.status).toBe(200);
    expect(Buffer.from(await edge.arrayBuffer()).equals(photo)).toBe(true);
    location.searchParams.set('sig', 'forged');
    expect((await fetch(location)).status).toBe(404);
  });
});

describe('event deliveries', () => {
  test("signatures follow Slack's v0 scheme (the project's vector from wire-formats.md §4.1)", () => {
    expect(signature('test-signing-secret', 1700000000, '{"token":"legacy","type":"url_verification","challenge":"abc123"}')).toBe(
      'v0=6e651d18d9fe4c7ac6bd2538fd1be9b8ff5b730eaba7676d1cdfd5eebd1f39b2',
    );
  });
});
