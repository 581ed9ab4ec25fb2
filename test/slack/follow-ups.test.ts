/**
 * The scene in Slack, end to end: signed events into the real Bolt receiver, the simulator as
 * Slack (upload flow, conversations.replies, message metadata), the real model on real photos.
 * A stand-in puts boxes the test chooses into the real description, so each answer is known in
 * advance; test/slack/follow-ups-e2e.test.ts runs the same flow on what the real detector finds.
 */
import { readFileSync } from 'node:fs';
import sharp from 'sharp';
import type { RecordedCall } from '../../src/dev/slack-simulator/call-log';
import { MARKUP_MAX_SIDE, type DetectedObjects } from '../../src/inference';
import { NO_PICTURE_IN_THREAD, THREAD_GONE } from '../../src/slack/follow-up';
import { SCENE_EVENT_TYPE } from '../../src/slack/scene-memory';
import { MARKUP_FILENAME } from '../../src/slack/upload-markup';
import { testImage } from '../helpers/paths';
import { BOT_TOKEN, startModelFixture, startSlackStack, type ModelFixture, type SlackStack } from './helpers/slack-stack';

process.env.LOG_LEVEL = 'warn';

const box = (x: number, y: number) => ({ x, y, width: 0.1, height: 0.3, score: 0.7 });
const TWO_PEOPLE_AND_A_KITE: DetectedObjects[] = [
  { label: 'person', count: 2, boxes: [box(0.1, 0.5), box(0.2, 0.55)] },
  { label: 'kite', count: 1, boxes: [{ x: 0.4, y: 0.05, width: 0.1, height: 0.1, score: 0.5 }] },
];

let model: ModelFixture;
let stack: SlackStack;
/** What the stand-in detector "finds" in the next picture (it always runs, so its timing is set). */
let standIn: DetectedObjects[] = [];
let described = 0;

beforeAll(async () => {
  model = await startModelFixture();
  stack = await startSlackStack({
    model,
    adjustDescription: (d) => {
      described += 1;
      return { ...d, objects: standIn, timingsMs: { ...d.timingsMs, detector: 0 } };
    },
  });
});
afterEach(() => {
  stack.sim.scopes.add('files:write');
  standIn = [];
});
afterAll(async () => {
  await stack?.idle();
  await stack?.stop();
  await model?.stop();
});

const DM = () => stack.sim.workspace.dmChannel;

function sequence(calls: RecordedCall[]): string[] {
  return calls.map((c) => `${c.method}${c.args.name ? `:${String(c.args.name)}` : ''}`);
}

/** A person's reply in the thread of `threadTs`; resolves with the bot's answers to it. */
async function replyInThread(channel: string, threadTs: string, text: string, mention = false): Promise<RecordedCall[]> {
  const before = stack.sim.calls.list().length;
  const reply = await stack.sim.userPosts({ channel, text, threadTs, mention });
  await stack.sim.waitUntilAnswered(channel, reply.ts);
  return stack.sim.answersTo(channel, threadTs).filter((c) => c.seq > before);
}

test('a DM upload of a multi-object photo gets the sentence, then the marked-up JPEG in the same thread; a reply "how many people?" is answered from the scene', async () => {
  standIn = TWO_PEOPLE_AND_A_KITE;
  const photo = readFileSync(testImage('kite_and_cold.jpg'));
  const file = stack.sim.registerFile({ name: 'kite_and_cold.jpg', bytes: photo });
  const posted = await stack.sim.userPosts({ files: [file] });
  const [answer] = await stack.sim.waitUntilAnswered(posted.channel, posted.ts);
  await stack.idle();

  // The sentence, with counts in Block Kit and the scene as message metadata.
  expect(answer.args.thread_ts).toBe(posted.ts);
  expect(answer.args.blocks).toEqual([expect.anything(), { type: 'context', elements: expect.arrayContaining([{ type: 'mrkdwn', text: 'counted: two people and a kite' }]) }]);
  expect(answer.args.metadata).toEqual({
    event_type: SCENE_EVENT_TYPE,
    event_payload: expect.objectContaining({ counts: [{ label: 'person', count: 2 }, { label: 'kite', count: 1 }], label: expect.any(String) }),
  });

  // Then the picture, through Slack's upload flow, into the same thread.
  const calls = stack.sim.calls.list(undefined, (c) => c.args.timestamp === posted.ts || c.args.thread_ts === posted.ts || c.method.startsWith('files.'));
  expect(sequence(calls)).toEqual(['reactions.add:eyes', 'chat.postMessage', 'files.getUploadURLExternal', 'files.completeUploadExternal', 'reactions.remove:eyes']);
  const [upload] = stack.sim.uploadsTo(DM(), posted.ts);
  expect(upload).toEqual(expect.objectContaining({ filename: MARKUP_FILENAME, title: 'What I found: two people and a kite', channel: DM(), threadTs: posted.ts }));
  // Pre-signed: the bot token never goes to the upload URL.
  expect(upload.authorization).toBeUndefined();
  const meta = await sharp(upload.bytes).metadata();
  const original = await sharp(photo).metadata();
  expect(meta.format).toBe('jpeg');
  expect(Math.max(meta.width ?? 0, meta.height ?? 0)).toBe(Math.min(MARKUP_MAX_SIDE, Math.max(original.width ?? 0, original.height ?? 0)));
  expect((meta.width ?? 0) / (meta.height ?? 1)).toBeCloseTo((original.width ?? 0) / (original.height ?? 1), 2);

  // A follow-up in the thread: answered from the kept scene, without downloading or describing again.
  const describedBefore = described;
  const downloadsBefore = stack.sim.fileRequests.length;
  const answers = await replyInThread(DM(), posted.ts, 'how many people?');
  expect(answers.map((c) => c.args.text)).toEqual(['I count two people.']);
  expect(await replyInThread(DM(), posted.ts, 'is there a dog?').then((a) => a.map((c) => c.args.text))).toEqual(["I don't see a dog — I see two people and a kite."]);
  expect(await replyInThread(DM(), posted.ts, 'what does it say?').then((a) => a.map((c) => c.args.text))).toEqual(["I didn't read any text in it."]);
  expect(await replyInThread(DM(), posted.ts, 'what else could it be?').then((a) => a.map((c) => c.args.text))).toEqual([expect.stringMatching(/^(My best guess was|I'm quite sure it's) /)]);
  expect(described).toBe(describedBefore);
  expect(stack.sim.fileRequests).toHaveLength(downloadsBefore);
  // Follow-ups read the thread with its metadata, which Slack leaves out unless asked for.
  expect(stack.sim.calls.list('conversations.replies').at(-1)?.args).toEqual(expect.objectContaining({ channel: DM(), ts: posted.ts, include_all_metadata: 'true' }));
  const plain = (await (await fetch(`${stack.sim.apiUrl}conversations.replies?channel=${DM()}&ts=${posted.ts}`, { headers: { authorization: `Bearer ${BOT_TOKEN}` } })).json()) as { messages: object[] };
  expect(plain.messages.length).toBeGreaterThan(1);
  expect(plain.messages.filter((m) => 'metadata' in m)).toEqual([]);
});

test('a single-object answer stays a single message: nothing uploaded', async () => {
  standIn = [TWO_PEOPLE_AND_A_KITE[1]];
  const file = stack.sim.registerFile({ path: testImage('parrot.jpg') });
  const posted = await stack.sim.userPosts({ files: [file] });
  const answers = await stack.sim.waitUntilAnswered(posted.channel, posted.ts);
  expect(answers).toHaveLength(1);
  expect(stack.sim.uploadsTo(DM(), posted.ts)).toEqual([]);
  expect(stack.sim.calls.list('files.getUploadURLExternal', (c) => c.args.thread_ts === posted.ts)).toEqual([]);
});

test('without files:write the sentence still arrives, and the log names the scope to add', async () => {
  standIn = TWO_PEOPLE_AND_A_KITE;
  stack.sim.scopes.delete('files:write');
  const logged: string[] = [];
  const spy = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    logged.push(String(chunk));
    return true;
  });
  try {
    const file = stack.sim.registerFile({ path: testImage('kite_and_cold.jpg') });
    const posted = await stack.sim.userPosts({ files: [file] });
    const answers = await stack.sim.waitUntilAnswered(posted.channel, posted.ts);
    expect(answers).toHaveLength(1);
    expect(stack.sim.uploadsTo(DM(), posted.ts)).toEqual([]);
    expect(stack.sim.calls.list('files.getUploadURLExternal').at(-1)?.response).toEqual(expect.objectContaining({ ok: false, error: 'missing_scope' }));
  } finally {
    spy.mockRestore();
  }
  const warning = logged.map((line) => JSON.parse(line) as { level: string; message: string }).find((l) => l.message.includes('marked-up picture'));
  expect(warning).toEqual(expect.objectContaining({ level: 'WARN', message: expect.stringContaining('add the files:write scope') }));
});

test('in a channel, a mention in the answer\'s thread is a follow-up; a reply without a question is left alone', async () => {
  standIn = TWO_PEOPLE_AND_A_KITE;
  const channel = stack.sim.workspace.channel;
  const file = stack.sim.registerFile({ path: testImage('kite_and_cold.jpg') });
  const posted = await stack.sim.userPosts({ channel, files: [file], mention: true });
  await stack.sim.waitUntilAnswered(channel, posted.ts);
  await stack.idle();
  expect(stack.sim.uploadsTo(channel, posted.ts)).toHaveLength(1);

  const answers = await replyInThread(channel, posted.ts, 'how many kites are there?', true);
  expect(answers.map((c) => c.args.text)).toEqual(['I see just one kite.']);

  const before = stack.sim.calls.list().length;
  await stack.sim.userPosts({ channel: DM(), text: 'thanks!', threadTs: posted.ts });
  await stack.idle();
  expect(stack.sim.calls.list().slice(before)).toEqual([]);
});

test('with several pictures answered in the thread, a follow-up says it is about the latest one', async () => {
  standIn = TWO_PEOPLE_AND_A_KITE;
  const first = stack.sim.registerFile({ path: testImage('kite_and_cold.jpg') });
  const second = stack.sim.registerFile({ path: testImage('pets.jpg') });
  const posted = await stack.sim.userPosts({ files: [first, second] });
  await stack.sim.waitUntilAnswered(posted.channel, posted.ts);
  await stack.idle();
  const answers = await replyInThread(posted.channel, posted.ts, 'how many kites?');
  expect(answers.map((c) => c.args.text)).toEqual(['About the latest picture: I see just one kite.']);
});

test('a follow-up in a thread the bot has not answered a picture in says so', async () => {
  const parent = await stack.sim.userPosts({ text: 'hello' });
  await stack.sim.waitUntilAnswered(parent.channel, parent.ts);
  const answers = await replyInThread(DM(), parent.ts, 'how many dogs?');
  expect(answers.map((c) => c.args.text)).toEqual([NO_PICTURE_IN_THREAD]);
});

test('a follow-up in a thread whose first message is gone (thread_not_found) says so, not "try again"', async () => {
  const answers = await replyInThread(DM(), '1700000000.000100', 'how many dogs?');
  expect(answers.map((c) => c.args.text)).toEqual([THREAD_GONE]);
});

test('the upload URL takes the bytes without a token, and completing an upload that never arrived fails', async () => {
  const started = (await (await fetch(`${stack.sim.apiUrl}files.getUploadURLExternal`, {
    method: 'POST',
    headers: { authorization: `Bearer ${BOT_TOKEN}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: 'filename=a.jpg&length=3',
  })).json()) as { ok: boolean; upload_url: string; file_id: string };
  expect(started).toEqual({ ok: true, upload_url: expect.stringMatching(/\/upload\/v1\/F/), file_id: expect.any(String) });
  const complete = (files: unknown) =>
    fetch(`${stack.sim.apiUrl}files.completeUploadExternal`, {
      method: 'POST',
      headers: { authorization: `Bearer ${BOT_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ files, channel_id: DM() }),
    }).then((r) => r.json());
  expect(await complete([{ id: started.file_id }])).toEqual({ ok: false, error: 'file_not_found' });
  expect((await fetch(started.upload_url, { method: 'POST', body: 'abc' })).status).toBe(200);
  expect(await complete([{ id: started.file_id, title: 'A' }])).toEqual({ ok: true, files: [{ id: started.file_id, title: 'A', name: 'a.jpg', size: 3 }] });
});
