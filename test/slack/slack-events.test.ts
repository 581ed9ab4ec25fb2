/**
 * The Slack events function end to end: signed payloads over real HTTP into the real Bolt
 * receiver (behind a miniature API Gateway), the simulator as Slack's Web API and file host,
 * dynalite for the event-id table, and the real model from a local S3.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { RecordedCall } from '../../src/dev/slack-simulator/call-log';
import { appMentionEvent, envelope, fileSharedEvent, fileStub, messageEvent, signature } from '../../src/dev/slack-simulator/events';
import { MISSING_FILES_READ } from '../../src/slack/download-slack-file';
import { NOT_A_PUBLIC_LINK, NOT_SHARED_HERE } from '../../src/slack/slack-file-reference';
import type { SlackUrlVerification } from '../../src/slack/slack-types';
import { testImage } from '../helpers/paths';
import { OPTED_IN_CHANNEL, startModelFixture, startSlackStack, type ModelFixture, type SlackStack } from './helpers/slack-stack';

// Warnings and errors still show; the line per handled event does not.
process.env.LOG_LEVEL = 'warn';

let model: ModelFixture;
let stack: SlackStack;

beforeAll(async () => {
  model = await startModelFixture();
  stack = await startSlackStack({ model });
});
afterEach(() => stack.gate.open());
afterAll(async () => {
  await stack?.idle();
  await stack?.stop();
  await model?.stop();
});

const CHANNEL = 'C0CHAN001';

/** Every Web API call about message `ts`: reactions on it and answers in its thread. */
function callsAbout(ts: string): RecordedCall[] {
  return stack.sim.calls.list(undefined, (c) => c.args.timestamp === ts || c.args.thread_ts === ts);
}

function texts(calls: RecordedCall[]): string[] {
  return calls.map((c) => String(c.args.text));
}

/** After the delivery was answered and every job it started has finished. */
async function settled(): Promise<void> {
  await stack.idle();
}

describe('request verification', () => {
  test('url_verification is answered with the challenge', async () => {
    const verification: SlackUrlVerification = { token: 'legacy', type: 'url_verification', challenge: 'abc123-challenge' };
    const res = await stack.sim.postEvent(verification);
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ challenge: 'abc123-challenge' });
  });

  test('a bad signature gets 401 and no work', async () => {
    const file = stack.sim.registerFile({ path: testImage('parrot.jpg') });
    const message = envelope(stack.sim.workspace, messageEvent(stack.sim.workspace, { files: [file] }));
    const forged = signature('not-the-signing-secret', Math.floor(Date.now() / 1000), JSON.stringify(message));
    const res = await stack.sim.postEvent(message, { signature: forged });
    expect(res.status).toBe(401);
    await settled();
    expect(callsAbout(message.event.ts)).toEqual([]);
    expect(stack.sim.fileRequests.filter((r) => r.path.includes(file.id))).toEqual([]);
  });

  test('a stale timestamp (replay after 5 minutes) gets 401 and no work, even with a valid signature', async () => {
    const file = stack.sim.registerFile({ path: testImage('parrot.jpg') });
    const message = envelope(stack.sim.workspace, messageEvent(stack.sim.workspace, { files: [file] }));
    const res = await stack.sim.postEvent(message, { timestamp: Math.floor(Date.now() / 1000) - 10 * 60 });
    expect(res.status).toBe(401);
    await settled();
    expect(callsAbout(message.event.ts)).toEqual([]);
  });

  test('a url_verification with a bad signature is not answered with the challenge', async () => {
    const res = await stack.sim.postEvent({ type: 'url_verification', challenge: 'x' }, { signature: `v0=${'0'.repeat(64)}` });
    expect(res.status).toBe(401);
    expect(res.body).not.toContain('challenge');
  });
});

describe('pictures in direct messages', () => {
  test('an upload gets an answer in its thread naming the object, with runners-up, while 👀 marks the work', async () => {
    const file = stack.sim.registerFile({ path: testImage('parrot.jpg') });
    const posted = await stack.sim.userPosts({ text: 'what is this?', files: [file] });
    expect(posted.deliveries.map((d) => d.status)).toEqual([200]);

    const answers = await stack.sim.waitUntilAnswered(posted.channel, posted.ts);
    expect(answers).toHaveLength(1);
    const [answer] = answers;
    expect(answer.args).toMatchObject({ channel: stack.sim.workspace.dmChannel, thread_ts: posted.ts });
    expect(String(answer.args.text)).toMatch(/macaw/i);
    expect(answer.args.blocks).toEqual([
      { type: 'section', text: { type: 'mrkdwn', text: answer.args.text } },
      { type: 'context', elements: [{ type: 'mrkdwn', text: expect.stringMatching(/^macaw \d+%/) }] },
    ]);

    // 👀 first, then the answer, then 👀 off.
    const sequence = callsAbout(posted.ts).map((c) => `${c.method}${c.args.name ? `:${String(c.args.name)}` : ''}`);
    expect(sequence).toEqual(['reactions.add:eyes', 'chat.postMessage', 'reactions.remove:eyes']);
    // The bot token went with the download, to the simulator (SLACK_API_URL's host).
    expect(stack.sim.fileRequests.filter((r) => r.path.includes(file.id))).toEqual([
      { host: 'slack', path: expect.stringContaining('/download/'), authorization: 'Bearer xoxb-test-bot-token', served: 'file' },
    ]);
  });

  test('a reply in a thread is answered in that thread', async () => {
    const file = stack.sim.registerFile({ path: testImage('coffee.png') });
    const threadTs = '1700000000.000100';
    const posted = await stack.sim.userPosts({ files: [file], threadTs });
    await stack.sim.waitUntilAnswered(posted.channel, posted.ts);
    const answers = stack.sim.answersTo(posted.channel, threadTs);
    expect(texts(answers)).toEqual([expect.stringMatching(/espresso/i)]);
  });

  test('two images in one message get two answers, each naming its picture', async () => {
    const files = [stack.sim.registerFile({ path: testImage('parrot.jpg') }), stack.sim.registerFile({ path: testImage('hot_dog.jpg') })];
    const posted = await stack.sim.userPosts({ files });
    const answers = await stack.sim.waitUntilAnswered(posted.channel, posted.ts);
    expect(texts(answers)).toEqual([expect.stringMatching(/^parrot\.jpg: .*macaw/i), expect.stringMatching(/^hot_dog\.jpg: .*hot ?dog/i)]);
  });

  test('a very long file name is shortened in the answer, so the answer still fits', async () => {
    const long = `${'holiday-'.repeat(200)}.jpg`;
    const files = [stack.sim.registerFile({ path: testImage('parrot.jpg'), name: long }), stack.sim.registerFile({ path: testImage('coffee.png') })];
    const posted = await stack.sim.userPosts({ files });
    const answers = texts(await stack.sim.waitUntilAnswered(posted.channel, posted.ts));
    expect(answers).toHaveLength(2);
    expect(answers[0]).toMatch(/^(holiday-){9}holiday…: .*macaw/i);
  });

  test('the acknowledgement comes before the work: with the model held back, the 200 arrives and no answer is posted yet', async () => {
    const held = stack.gate.hold();
    try {
      const file = stack.sim.registerFile({ path: testImage('cat_720p.jpg') });
      const posted = await stack.sim.userPosts({ files: [file] });
      // The HTTP response is here although the work cannot finish until the gate opens …
      expect(posted.deliveries.map((d) => d.status)).toEqual([200]);
      // … and the work has started (the picture reached the model) but has not answered.
      await held.reached;
      expect(stack.sim.answersTo(posted.channel, posted.ts)).toEqual([]);
      expect(stack.sim.calls.list('reactions.add', (c) => c.args.timestamp === posted.ts)).toHaveLength(1);
      held.release();
      const answers = await stack.sim.waitUntilAnswered(posted.channel, posted.ts);
      expect(texts(answers)).toEqual([expect.stringMatching(/cat/i)]);
    } finally {
      held.release();
    }
  });

  test('a non-image file gets a short answer saying so', async () => {
    const pdf = stack.sim.registerFile({ bytes: Buffer.from('%PDF-1.4\n%âãÏÓ\n1 0 obj\n<<>>\nendobj\n'), name: 'report.pdf' });
    const posted = await stack.sim.userPosts({ files: [pdf] });
    const answers = await stack.sim.waitUntilAnswered(posted.channel, posted.ts);
    expect(texts(answers)).toEqual([expect.stringMatching(/isn't a picture I can read/)]);
    // Decided from the mimetype: the file was never downloaded.
    expect(stack.sim.fileRequests.filter((r) => r.path.includes(pdf.id))).toEqual([]);
  });

  test('a file over the size limit is refused from files[].size, before any download', async () => {
    const big = stack.sim.registerFile({ path: testImage('parrot.jpg'), declaredSize: 200 * 1024 * 1024 });
    const posted = await stack.sim.userPosts({ files: [big] });
    const answers = await stack.sim.waitUntilAnswered(posted.channel, posted.ts);
    expect(texts(answers)).toEqual([expect.stringMatching(/too big for me\. Send one under 15 MB/)]);
    expect(stack.sim.fileRequests.filter((r) => r.path.includes(big.id))).toEqual([]);
  });

  test('a Slack Connect stub is resolved with files.info and answered', async () => {
    const file = stack.sim.registerFile({ path: testImage('hot_dog.jpg') });
    const posted = await stack.sim.userPosts({ files: [fileStub(file)] });
    const answers = await stack.sim.waitUntilAnswered(posted.channel, posted.ts);
    expect(texts(answers)).toEqual([expect.stringMatching(/hot ?dog/i)]);
    expect(stack.sim.calls.list('files.info', (c) => c.args.file === file.id)).toHaveLength(1);
  });

  test('a DM with nothing to look at gets a hint, a thread reply without one gets nothing', async () => {
    const top = await stack.sim.userPosts({ text: 'hello there' });
    expect(texts(await stack.sim.waitUntilAnswered(top.channel, top.ts))).toEqual([expect.stringMatching(/Send me a picture/)]);
    const reply = await stack.sim.userPosts({ text: 'thanks!', threadTs: top.ts });
    await settled();
    expect(callsAbout(reply.ts)).toEqual([]);
  });
});

describe('Slack files and the bot token', () => {
  test('a file served as the HTML sign-in page (no files:read) gets the missing-scope answer', async () => {
    stack.sim.scopes.delete('files:read');
    try {
      const file = stack.sim.registerFile({ path: testImage('parrot.jpg') });
      const posted = await stack.sim.userPosts({ files: [file] });
      const answers = await stack.sim.waitUntilAnswered(posted.channel, posted.ts);
      expect(texts(answers)).toEqual([MISSING_FILES_READ]);
      expect(MISSING_FILES_READ).toMatch(/files:read/);
      expect(stack.sim.fileRequests.filter((r) => r.path.includes(file.id)).map((r) => r.served)).toEqual(['login-page']);
    } finally {
      stack.sim.scopes.add('files:read');
    }
  });

  test('a redirect to another host never carries the token there', async () => {
    const file = stack.sim.registerFile({ path: testImage('coffee.png'), delivery: 'redirect-cross-origin' });
    const posted = await stack.sim.userPosts({ files: [file] });
    const answers = await stack.sim.waitUntilAnswered(posted.channel, posted.ts);
    expect(texts(answers)).toEqual([expect.stringMatching(/espresso/i)]);
    const requests = stack.sim.fileRequests.filter((r) => r.path.includes(file.id));
    expect(requests).toEqual([
      { host: 'slack', path: expect.any(String), authorization: 'Bearer xoxb-test-bot-token', served: 'redirect' },
      { host: 'edge', path: expect.any(String), authorization: undefined, served: 'file' },
    ]);
  });

  test("a file whose download URL is another file's (a remote file added by some app) is fetched without the token", async () => {
    const secret = stack.sim.registerFile({ path: testImage('parrot.jpg'), sharedIn: ['G0PRIVATE1'] });
    const remote = { ...stack.sim.registerFile({ path: testImage('coffee.png') }), mode: 'external', is_external: true, url_private: secret.url_private, url_private_download: secret.url_private_download };
    const posted = await stack.sim.userPosts({ files: [remote] });
    expect(texts(await stack.sim.waitUntilAnswered(posted.channel, posted.ts))).toEqual([MISSING_FILES_READ]);
    expect(stack.sim.fileRequests.filter((r) => r.path.includes(secret.id)).map((r) => [r.authorization, r.served])).toEqual([[undefined, 'login-page']]);
  });

  test('a same-origin redirect keeps the token on both hops', async () => {
    const file = stack.sim.registerFile({ path: testImage('coffee.png'), delivery: 'redirect-same-origin' });
    const posted = await stack.sim.userPosts({ files: [file] });
    expect(texts(await stack.sim.waitUntilAnswered(posted.channel, posted.ts))).toEqual([expect.stringMatching(/espresso/i)]);
    const requests = stack.sim.fileRequests.filter((r) => r.path.includes(file.id));
    expect(requests.map((r) => [r.served, r.authorization])).toEqual([
      ['redirect', 'Bearer xoxb-test-bot-token'],
      ['file', 'Bearer xoxb-test-bot-token'],
    ]);
  });

  test("a mention with a file's url_private (shared in this channel) looks it up with files.info, then downloads it with the token", async () => {
    const file = stack.sim.registerFile({ path: testImage('parrot.jpg'), sharedIn: [CHANNEL] });
    const posted = await stack.sim.userPosts({ channel: CHANNEL, mention: true, text: `and this one? <${file.url_private}>` });
    expect(texts(await stack.sim.waitUntilAnswered(posted.channel, posted.ts))).toEqual([expect.stringMatching(/macaw/i)]);
    expect(stack.sim.calls.list('files.info', (c) => c.args.file === file.id)).toHaveLength(1);
    expect(stack.sim.fileRequests.filter((r) => r.path.includes(file.id)).map((r) => [r.path, r.authorization])).toEqual([
      [new URL(file.url_private_download as string).pathname, 'Bearer xoxb-test-bot-token'],
    ]);
  });

  test("a mention with a file's permalink, the file shared in this channel, is described", async () => {
    const file = stack.sim.registerFile({ path: testImage('coffee.png'), sharedIn: [CHANNEL] });
    const posted = await stack.sim.userPosts({ channel: CHANNEL, mention: true, text: `<${file.permalink}>` });
    expect(texts(await stack.sim.waitUntilAnswered(posted.channel, posted.ts))).toEqual([expect.stringMatching(/espresso/i)]);
    expect(stack.sim.calls.list('files.info', (c) => c.args.file === file.id)).toHaveLength(1);
  });

  test('a picture posted in a DM can be asked about again there by its permalink', async () => {
    const file = stack.sim.registerFile({ path: testImage('coffee.png') });
    const first = await stack.sim.userPosts({ files: [file] });
    await stack.sim.waitUntilAnswered(first.channel, first.ts);
    const again = await stack.sim.userPosts({ text: `what was this again? <${file.permalink}>` });
    expect(texts(await stack.sim.waitUntilAnswered(again.channel, again.ts))).toEqual([expect.stringMatching(/espresso/i)]);
  });

  test('a permalink of a file shared only in a private channel (the bot is in it, the asker perhaps not) is refused without downloading it', async () => {
    const file = stack.sim.registerFile({ path: testImage('parrot.jpg'), sharedIn: ['G0PRIVATE1'] });
    for (const link of [file.permalink, file.url_private_download]) {
      const posted = await stack.sim.userPosts({ channel: CHANNEL, mention: true, text: `what is this? <${link}>` });
      expect(texts(await stack.sim.waitUntilAnswered(posted.channel, posted.ts))).toEqual([NOT_SHARED_HERE]);
    }
    // Asked about in a DM, the same file is still someone else's.
    const dm = await stack.sim.userPosts({ text: `<${file.permalink}>` });
    expect(texts(await stack.sim.waitUntilAnswered(dm.channel, dm.ts))).toEqual([NOT_SHARED_HERE]);
    expect(stack.sim.calls.list('files.info', (c) => c.args.file === file.id)).toHaveLength(3);
    expect(stack.sim.fileRequests.filter((r) => r.path.includes(file.id))).toEqual([]);
    // A file id that does not exist gets the same answer: asking cannot probe which files exist.
    const madeUp = file.permalink?.replace(file.id, 'F0NOSUCH99') as string;
    const probe = await stack.sim.userPosts({ channel: CHANNEL, mention: true, text: `<${madeUp}>` });
    expect(texts(await stack.sim.waitUntilAnswered(probe.channel, probe.ts))).toEqual([NOT_SHARED_HERE]);
  });

  test('a typed Web API link is refused and never called: no method runs with the bot token, nor without it', async () => {
    const victim = 'C0VICTIM1';
    const links = [
      `${stack.sim.apiUrl}chat.postMessage?channel=${victim}&amp;text=pwned`,
      `https://slack.com/api/chat.postMessage?channel=${victim}&amp;text=pwned`,
      `https://${stack.sim.workspace.teamDomain}.slack.com/archives/${CHANNEL}`,
    ];
    for (const link of links) {
      const posted = await stack.sim.userPosts({ channel: CHANNEL, mention: true, text: `<${link}>` });
      expect([link, texts(await stack.sim.waitUntilAnswered(posted.channel, posted.ts))]).toEqual([link, [NOT_A_PUBLIC_LINK]]);
    }
    expect(stack.sim.calls.list(undefined, (c) => c.args.channel === victim || c.args.text === 'pwned')).toEqual([]);
  });
});

describe('channels', () => {
  test('a mention with a link gets one answer (the message event without files is ignored)', async () => {
    const link = `http://127.0.0.1:${stack.photos.port}/photos/hot_dog.jpg?size=large&amp;v=2`;
    const posted = await stack.sim.userPosts({ channel: CHANNEL, mention: true, text: `what is this? <${link}|my lunch>` });
    expect(posted.envelopes.map((e) => e.event.type)).toEqual(['message', 'app_mention']);
    expect(posted.deliveries.map((d) => d.status)).toEqual([200, 200]);
    const answers = await stack.sim.waitUntilAnswered(posted.channel, posted.ts);
    await settled();
    expect(texts(stack.sim.answersTo(CHANNEL, posted.ts))).toEqual([expect.stringMatching(/hot ?dog/i)]);
    expect(answers).toHaveLength(1);
    // `&amp;` in Slack's text was unescaped before fetching.
    expect(stack.photos.requests.map((r) => r.url)).toContain('/photos/hot_dog.jpg?size=large&v=2');
  });

  test('a mention with a link to a private address (the metadata service) gets the refusal', async () => {
    const posted = await stack.sim.userPosts({ channel: CHANNEL, mention: true, text: '<http://169.254.169.254/latest/meta-data/iam/security-credentials/>' });
    const answers = await stack.sim.waitUntilAnswered(posted.channel, posted.ts);
    expect(texts(answers)).toEqual([expect.stringMatching(/private or internal address/)]);
  });

  test('a mention with an image and the mention in the same message is answered once, not twice', async () => {
    const file = stack.sim.registerFile({ path: testImage('parrot.jpg') });
    const posted = await stack.sim.userPosts({ channel: CHANNEL, mention: true, text: 'look', files: [file] });
    expect(posted.envelopes.map((e) => e.event.type)).toEqual(['message', 'app_mention']);
    await stack.sim.waitUntilAnswered(posted.channel, posted.ts);
    await settled();
    expect(texts(stack.sim.answersTo(CHANNEL, posted.ts))).toEqual([expect.stringMatching(/macaw/i)]);
    expect(stack.sim.calls.list('reactions.add', (c) => c.args.timestamp === posted.ts)).toHaveLength(1);
  });

  test('an image in a channel without a mention gets no answer', async () => {
    const file = stack.sim.registerFile({ path: testImage('parrot.jpg') });
    const posted = await stack.sim.userPosts({ channel: CHANNEL, files: [file] });
    expect(posted.deliveries.map((d) => d.status)).toEqual([200]);
    await settled();
    expect(callsAbout(posted.ts)).toEqual([]);
    expect(stack.sim.fileRequests.filter((r) => r.path.includes(file.id))).toEqual([]);
  });

  test('an image in an opted-in channel gets an answer without a mention; other files there are passed over', async () => {
    const file = stack.sim.registerFile({ path: testImage('parrot.jpg') });
    const posted = await stack.sim.userPosts({ channel: OPTED_IN_CHANNEL, files: [file] });
    expect(texts(await stack.sim.waitUntilAnswered(posted.channel, posted.ts))).toEqual([expect.stringMatching(/macaw/i)]);

    const pdf = stack.sim.registerFile({ bytes: Buffer.from('%PDF-1.4\n'), name: 'minutes.pdf' });
    const quiet = await stack.sim.userPosts({ channel: OPTED_IN_CHANNEL, files: [pdf] });
    await settled();
    expect(callsAbout(quiet.ts)).toEqual([]);
  });

  test('a non-image file with a mention gets a short answer', async () => {
    const pdf = stack.sim.registerFile({ bytes: Buffer.from('%PDF-1.4\n'), name: 'report.pdf' });
    const posted = await stack.sim.userPosts({ channel: CHANNEL, mention: true, files: [pdf] });
    expect(texts(await stack.sim.waitUntilAnswered(posted.channel, posted.ts))).toEqual([expect.stringMatching(/isn't a picture I can read/)]);
  });
});

describe('no duplicates, no loops', () => {
  test('the same event delivered again with X-Slack-Retry-Num 1 and 2 gets exactly one answer', async () => {
    const file = stack.sim.registerFile({ path: testImage('parrot.jpg') });
    const payload = envelope(stack.sim.workspace, messageEvent(stack.sim.workspace, { files: [file] }));
    const first = await stack.sim.postEvent(payload);
    const retries = [await stack.sim.postEvent(payload, { retryNum: 1 }), await stack.sim.postEvent(payload, { retryNum: 2 })];
    expect([first, ...retries].map((d) => d.status)).toEqual([200, 200, 200]);
    await stack.sim.waitUntilAnswered(payload.event.channel, payload.event.ts);
    await settled();
    expect(stack.sim.answersTo(payload.event.channel, payload.event.ts)).toHaveLength(1);
    expect(stack.sim.fileRequests.filter((r) => r.path.includes(file.id))).toHaveLength(1);
  });

  test('a retry arriving while the first delivery is still being handled is not handed over again', async () => {
    const held = stack.gate.hold();
    try {
      const file = stack.sim.registerFile({ path: testImage('coffee.png') });
      const payload = envelope(stack.sim.workspace, messageEvent(stack.sim.workspace, { files: [file] }));
      const deliveries = await Promise.all([stack.sim.postEvent(payload), stack.sim.postEvent(payload, { retryNum: 1 })]);
      expect(deliveries.map((d) => d.status)).toEqual([200, 200]);
      held.release();
      await stack.sim.waitUntilAnswered(payload.event.channel, payload.event.ts);
      await settled();
      expect(stack.sim.answersTo(payload.event.channel, payload.event.ts)).toHaveLength(1);
    } finally {
      held.release();
    }
  });

  test('our own message, another bot, edits and deletions are ignored; file_shared is acknowledged', async () => {
    const ws = stack.sim.workspace;
    const file = stack.sim.registerFile({ path: testImage('parrot.jpg') });
    const events = [
      messageEvent(ws, { files: [file], user: ws.botUserId, botId: ws.botId }),
      messageEvent(ws, { files: [file], user: 'U0OTHERBOT', botId: 'B0OTHERBOT' }),
      messageEvent(ws, { files: [file], subtype: 'bot_message', botId: 'B0OTHERBOT' }),
      messageEvent(ws, { files: [file], subtype: 'message_changed' }),
      messageEvent(ws, { subtype: 'message_deleted' }),
      appMentionEvent(ws, { user: ws.botUserId, botId: ws.botId, text: `<@${ws.botUserId}> <http://127.0.0.1:${stack.photos.port}/photos/parrot.jpg>` }),
      fileSharedEvent(ws, file),
    ];
    const deliveries = [];
    for (const event of events) deliveries.push(await stack.sim.postEvent(envelope(ws, event)));
    expect(deliveries.map((d) => d.status)).toEqual(events.map(() => 200));
    await settled();
    for (const event of events) if ('ts' in event) expect(callsAbout(event.ts)).toEqual([]);
    expect(stack.sim.fileRequests.filter((r) => r.path.includes(file.id))).toEqual([]);
  });

  test('after all that bad input the function still answers', async () => {
    const file = stack.sim.registerFile({ path: testImage('bird.bmp') });
    const posted = await stack.sim.userPosts({ files: [file] });
    expect(texts(await stack.sim.waitUntilAnswered(posted.channel, posted.ts))).toEqual([expect.stringMatching(/chickadee/i)]);
  });
});

describe('npm run slack:post (the simulator CLI)', () => {
  const run = promisify(execFile);
  const post = (args: string[]) =>
    run(process.execPath, [require.resolve('tsx/cli'), 'src/dev/slack-simulator/main.ts', 'post', ...args], {
      cwd: join(__dirname, '..', '..'),
      env: { PATH: process.env.PATH, HOME: process.env.HOME, SLACK_SIM_PORT: new URL(stack.sim.url).port },
    });

  test('posts a picture as a DM and prints the threaded answer', async () => {
    const { stdout } = await post([testImage('parrot.jpg')]);
    expect(stdout).toMatch(/posted in D0DM00001 at \d+\.\d+ \(app answered the delivery with HTTP 200\)/);
    expect(stdout).toMatch(/bot \(in thread\): That.*macaw/i);
    expect(stdout).toMatch(/macaw \d+%/);
  });

  test('posts a link with a mention in a channel', async () => {
    const { stdout } = await post([`http://127.0.0.1:${stack.photos.port}/photos/coffee.png`, '--channel', CHANNEL, '--mention']);
    expect(stdout).toMatch(/HTTP 200, 200/);
    expect(stdout).toMatch(/bot \(in thread\): .*espresso/i);
  });

  test('says why when the bot does not take up a message (a channel picture without a mention)', async () => {
    const res = await fetch(`${stack.sim.url}/sim/post`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ channel: CHANNEL, file: { name: 'p.jpg', base64: readFileSync(testImage('parrot.jpg')).toString('base64') }, timeoutMs: 300 }),
    });
    expect(res.status).toBe(504);
    expect(await res.json()).toMatchObject({ ok: false, error: expect.stringContaining('--mention'), deliveries: [200], answers: [] });
  });
});
