import { appMentionEvent, DEFAULT_WORKSPACE as ws, fileSharedEvent, fileStub, messageEvent } from '../../src/dev/slack-simulator/events';
import { extractLinks, mentionsUser } from '../../src/slack/message-text';
import { MAX_ITEMS_PER_MESSAGE, planAnswer, type AnswerPlan, type Decision } from '../../src/slack/plan-answer';
import { classifyTypedLink, isSharedIn } from '../../src/slack/slack-file-reference';
import { slackHostPolicy } from '../../src/slack/slack-hosts';
import type { SlackFile } from '../../src/slack/slack-types';

const me = { botUserId: ws.botUserId, botId: ws.botId };
const optedIn = new Set(['C0OPTIN01']);
const jpg: SlackFile = { id: 'F1', name: 'a.jpg', mimetype: 'image/jpeg', size: 10, url_private_download: 'https://files.slack.com/x' };
const pdf: SlackFile = { id: 'F2', name: 'b.pdf', mimetype: 'application/pdf', size: 10 };

function answered(decision: Decision): AnswerPlan {
  if ('ignore' in decision) throw new Error(`expected an answer, got ignore: ${decision.ignore}`);
  return decision.answer;
}

function ignored(decision: Decision): string {
  if (!('ignore' in decision)) throw new Error('expected the event to be ignored');
  return decision.ignore;
}

describe('extractLinks', () => {
  test('reads <url>, <url|label>, undoes &amp;, keeps order, drops duplicates and non-http targets', () => {
    const text =
      '<@U0BOT0001> look <https://a.example/x.jpg?size=large&amp;v=2|my pic> and <http://b.example/y.png> ' +
      '<https://a.example/x.jpg?size=large&amp;v=2> <mailto:me@example.org|me> <#C0CHAN001|general> <!here> https://not-wrapped.example/z.jpg';
    expect(extractLinks(text)).toEqual(['https://a.example/x.jpg?size=large&v=2', 'http://b.example/y.png']);
  });

  test('nothing in an empty or missing text', () => {
    expect(extractLinks(undefined)).toEqual([]);
    expect(extractLinks('')).toEqual([]);
  });

  test('mentionsUser matches <@U…> and <@U…|name> only for that user', () => {
    expect(mentionsUser('<@U0BOT0001> hi', 'U0BOT0001')).toBe(true);
    expect(mentionsUser('hi <@U0BOT0001|whatsthat>', 'U0BOT0001')).toBe(true);
    expect(mentionsUser('<@U0BOT00012> hi', 'U0BOT0001')).toBe(false);
    expect(mentionsUser('U0BOT0001', 'U0BOT0001')).toBe(false);
  });
});

describe('planAnswer', () => {
  test('a DM upload: every file, addressed, threaded under the message', () => {
    const event = messageEvent(ws, { files: [jpg, pdf], text: 'and <https://x.example/c.jpg>' });
    expect(answered(planAnswer(event, me, optedIn))).toEqual({
      channel: ws.dmChannel,
      messageTs: event.ts,
      threadTs: event.ts,
      addressed: true,
      items: [
        { kind: 'file', file: jpg },
        { kind: 'file', file: pdf },
        { kind: 'link', url: 'https://x.example/c.jpg' },
      ],
      leftOut: 0,
    });
  });

  test('a reply in a thread answers in that thread', () => {
    const event = messageEvent(ws, { files: [jpg], threadTs: '1700000000.000001' });
    expect(answered(planAnswer(event, me, optedIn))).toMatchObject({ messageTs: event.ts, threadTs: '1700000000.000001' });
  });

  test('the old singular `file` field counts as files', () => {
    const event = { ...messageEvent(ws, { text: 'x' }), subtype: 'file_share', file: jpg };
    expect(answered(planAnswer(event, me, optedIn)).items).toEqual([{ kind: 'file', file: jpg }]);
  });

  test('channel: files with a mention are answered from the message event, its app_mention is ignored', () => {
    const text = `<@${ws.botUserId}> what is it`;
    const message = messageEvent(ws, { channel: ws.channel, files: [jpg], text });
    const mention = appMentionEvent(ws, { channel: ws.channel, files: [jpg], text, ts: message.ts });
    expect(answered(planAnswer(message, me, optedIn))).toMatchObject({ addressed: true, items: [{ kind: 'file', file: jpg }] });
    expect(ignored(planAnswer(mention, me, optedIn))).toMatch(/message event answers it/);
  });

  test('channel: a mention with only a link is answered from app_mention, the message event is ignored', () => {
    const text = `<@${ws.botUserId}> <https://x.example/c.jpg>`;
    const message = messageEvent(ws, { channel: ws.channel, text });
    const mention = appMentionEvent(ws, { channel: ws.channel, text, ts: message.ts });
    expect(ignored(planAnswer(message, me, optedIn))).toMatch(/without files/);
    expect(answered(planAnswer(mention, me, optedIn)).items).toEqual([{ kind: 'link', url: 'https://x.example/c.jpg' }]);
  });

  test('channel: a bare mention gets a plan with nothing in it (the answer is a hint)', () => {
    expect(answered(planAnswer(appMentionEvent(ws, { channel: ws.channel }), me, optedIn))).toMatchObject({ items: [], addressed: true });
  });

  test('follow-up questions: a DM thread reply or a channel-thread mention asking about the picture; other replies are left alone', () => {
    const dm = answered(planAnswer(messageEvent(ws, { text: 'how many dogs?', threadTs: '1700000000.000100' }), me, optedIn));
    expect(dm).toMatchObject({ threadTs: '1700000000.000100', items: [], addressed: true, followUp: { question: { kind: 'count', thing: { label: 'dog' } }, botId: ws.botId } });
    expect(ignored(planAnswer(messageEvent(ws, { text: 'thanks!', threadTs: '1700000000.000100' }), me, optedIn))).toMatch(/nothing to look at/);
    const mention = appMentionEvent(ws, { channel: ws.channel, text: `<@${ws.botUserId}> is there a cat in it?`, threadTs: '1700000000.000200' });
    expect(answered(planAnswer(mention, me, optedIn))).toMatchObject({ threadTs: '1700000000.000200', followUp: { question: { kind: 'isThere', thing: { label: 'cat' } } } });
    // Outside a thread there is no picture to ask about: the usual hint.
    const bare = answered(planAnswer(appMentionEvent(ws, { channel: ws.channel, text: `<@${ws.botUserId}> how many dogs?` }), me, optedIn));
    expect(bare.followUp).toBeUndefined();
    // A link in the reply is a new picture, not a question about the old one.
    const link = answered(planAnswer(messageEvent(ws, { text: 'how many dogs in <https://x.example/d.jpg>', threadTs: '1700000000.000100' }), me, optedIn));
    expect(link).toMatchObject({ items: [{ kind: 'link', url: 'https://x.example/d.jpg' }] });
    expect(link.followUp).toBeUndefined();
  });

  test('channel: images without a mention are ignored unless the channel opted in; there only pictures (and stubs) count', () => {
    expect(ignored(planAnswer(messageEvent(ws, { channel: ws.channel, files: [jpg] }), me, optedIn))).toMatch(/not opted in/);
    const stub = fileStub(jpg);
    const plan = answered(planAnswer(messageEvent(ws, { channel: 'C0OPTIN01', files: [jpg, pdf, stub], text: '<https://x.example/c.jpg>' }), me, optedIn));
    expect(plan).toMatchObject({ addressed: false, items: [{ kind: 'file', file: jpg }, { kind: 'file', file: stub }] });
    expect(ignored(planAnswer(messageEvent(ws, { channel: 'C0OPTIN01', files: [pdf] }), me, optedIn))).toMatch(/no pictures/);
  });

  test('the loop guard: our own user or bot id, other bots, edits, deletions, joins', () => {
    const cases = [
      messageEvent(ws, { files: [jpg], user: ws.botUserId }),
      messageEvent(ws, { files: [jpg], user: 'U0SOMEONE', botId: ws.botId }),
      messageEvent(ws, { files: [jpg], user: 'U0OTHER', botId: 'B0OTHER' }),
      messageEvent(ws, { files: [jpg], subtype: 'bot_message' }),
      messageEvent(ws, { subtype: 'message_changed' }),
      messageEvent(ws, { subtype: 'message_deleted' }),
      messageEvent(ws, { subtype: 'channel_join' }),
      appMentionEvent(ws, { channel: ws.channel, user: ws.botUserId }),
      appMentionEvent(ws, { channel: ws.channel, botId: 'B0OTHER' }),
    ];
    for (const event of cases) ignored(planAnswer(event, me, optedIn));
    expect(ignored(planAnswer(fileSharedEvent(ws, jpg), me, optedIn))).toMatch(/file_shared/);
  });

  test(`more than ${MAX_ITEMS_PER_MESSAGE} items: the first ${MAX_ITEMS_PER_MESSAGE} and a count of the rest`, () => {
    const links = Array.from({ length: 13 }, (_, i) => `<https://x.example/${i}.jpg>`).join(' ');
    const plan = answered(planAnswer(messageEvent(ws, { text: links }), me, optedIn));
    expect(plan.items).toHaveLength(MAX_ITEMS_PER_MESSAGE);
    expect(plan.leftOut).toBe(3);
  });
});

describe('slackHostPolicy: where the bot token may go', () => {
  test("only file downloads on Slack's file hosts over https; every Slack host is a Slack URL", () => {
    const policy = slackHostPolicy(undefined);
    const downloads = ['https://files.slack.com/files-pri/T0-F0/a.jpg', 'https://files.slack.com/files-pri/T0-F0/download/a.jpg', 'https://files-origin.slack.com/files-pri/T0-F0/a.jpg', 'https://files.slack.com/files-tmb/T0-F0-ab/a_360.jpg'];
    const slackButNoToken = ['https://slack.com/api/chat.postMessage?channel=C1&text=x', 'https://files.slack.com/api/chat.postMessage', 'https://team.slack.com/files/U0/F0/a.jpg', 'https://team.slack.com/files-pri/T0-F0/a.jpg', 'https://a.slack-edge.com/x.png', 'http://files.slack.com/files-pri/T0-F0/a.jpg', 'https://files.slack.com:8443/files-pri/T0-F0/a.jpg'];
    const notSlack = ['https://slack.com.evil.example/files-pri/x', 'https://evilslack.com/files-pri/x', 'https://files.slack.com.example/files-pri/x', 'https://127.0.0.1:4020/files-pri/x'];
    for (const url of downloads) expect([url, policy.mayCarryToken(new URL(url)), policy.isSlackUrl(new URL(url))]).toEqual([url, true, true]);
    for (const url of slackButNoToken) expect([url, policy.mayCarryToken(new URL(url)), policy.isSlackUrl(new URL(url))]).toEqual([url, false, true]);
    for (const url of notSlack) expect([url, policy.mayCarryToken(new URL(url)), policy.isSlackUrl(new URL(url))]).toEqual([url, false, false]);
    expect(policy.allowHosts).toEqual([]);
  });

  test("SLACK_API_URL's origin: its file paths may carry the token, its Web API methods may not", () => {
    const policy = slackHostPolicy('http://127.0.0.1:4020/api/');
    expect(policy.mayCarryToken(new URL('http://127.0.0.1:4020/files-pri/T0-F0/a.jpg'))).toBe(true);
    expect(policy.mayCarryToken(new URL('http://127.0.0.1:4020/api/chat.postMessage?channel=C1&text=x'))).toBe(false);
    expect(policy.isSlackUrl(new URL('http://127.0.0.1:4020/api/chat.postMessage'))).toBe(true);
    expect(policy.mayCarryToken(new URL('http://127.0.0.1:4021/files-pri/T0-F0/a.jpg'))).toBe(false);
    expect(policy.mayCarryToken(new URL('https://127.0.0.1:4020/files-pri/T0-F0/a.jpg'))).toBe(false);
    expect(policy.allowHosts).toEqual(['127.0.0.1:4020']);
  });
});

describe('classifyTypedLink and isSharedIn: a typed Slack link becomes a file id, or nothing', () => {
  const policy = slackHostPolicy(undefined);
  const classify = (url: string) => classifyTypedLink(new URL(url), policy);

  test('permalinks, url_private and thumbnails name the file; other Slack links are refused; the rest are public', () => {
    expect(classify('https://team.slack.com/files/U0HUMAN01/F0ABC123/a.jpg')).toEqual({ kind: 'slack-file', fileId: 'F0ABC123' });
    expect(classify('https://files.slack.com/files-pri/T0TEAM001-F0ABC123/download/a.jpg')).toEqual({ kind: 'slack-file', fileId: 'F0ABC123' });
    expect(classify('https://files.slack.com/files-tmb/T0TEAM001-F0ABC123-9f8e/a_360.jpg')).toEqual({ kind: 'slack-file', fileId: 'F0ABC123' });
    for (const url of ['https://slack.com/api/chat.postMessage?channel=C0VICTIM1&text=pwned', 'https://team.slack.com/archives/C0CHAN001/p1700000000000100', 'https://a.slack-edge.com/logo.png']) {
      expect([url, classify(url)]).toEqual([url, { kind: 'slack-other' }]);
    }
    expect(classify('https://images.example.org/files/U0/F0ABC123/a.jpg')).toEqual({ kind: 'public' });
  });

  test("shared means listed by files.info in channels, groups or ims, or among the shares' conversations", () => {
    const file = { id: 'F0ABC123' };
    expect(isSharedIn({ ...file, channels: ['C0CHAN001'] }, 'C0CHAN001')).toBe(true);
    expect(isSharedIn({ ...file, groups: ['G0PRIV001'] }, 'G0PRIV001')).toBe(true);
    expect(isSharedIn({ ...file, ims: ['D0DM00001'] }, 'D0DM00001')).toBe(true);
    expect(isSharedIn({ ...file, shares: { private: { C0PRIV002: [{ ts: '1.2' }] } } }, 'C0PRIV002')).toBe(true);
    expect(isSharedIn({ ...file, channels: ['C0CHAN001'], shares: { private: { G0PRIV001: [{ ts: '1.2' }] } } }, 'C0OTHER01')).toBe(false);
    expect(isSharedIn(file, 'C0CHAN001')).toBe(false);
  });
});
