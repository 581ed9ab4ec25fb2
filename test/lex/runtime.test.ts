/**
 * The real `LexRuntimeV2Client` (default settings: HTTP/2) against the local runtime, whose
 * fulfilment function runs in-process with the real inference module (model from a real local
 * S3) and fetches photos from a real local HTTP server.
 */
import {
  DeleteSessionCommand,
  GetSessionCommand,
  LexRuntimeV2Client,
  PutSessionCommand,
  RecognizeTextCommand,
  type RecognizeTextCommandOutput,
} from '@aws-sdk/client-lex-runtime-v2';
import { InProcessCodeHook, type CodeHookFunction } from '../../src/dev/lex-runtime/code-hook-function';
import { startLexRuntime, type RunningLexRuntime } from '../../src/dev/lex-runtime/server';
import { createLexCodeHook } from '../../src/lex/fulfilment';
import { countAnswer, decodeSceneSummary, encodeSceneSummary } from '../../src/inference';
import { REPLY } from '../../src/lex/replies';
import { UNTRUSTED_BUCKET } from '../../src/inference/intake/source';
import { PHOTO_BUCKET, startLexTestStack, UPLOADED_PARROT_KEY, type LexTestStack } from './stack';

const ids = { botId: 'ANYBOTID01', botAliasId: 'TSTALIASID', localeId: 'en_US' };
let sessions = 0;
const newSessionId = (): string => `test-session-${++sessions}`;

function clientFor(endpoint: string): LexRuntimeV2Client {
  return new LexRuntimeV2Client({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts: 1 });
}

function texts(response: RecognizeTextCommandOutput): string[] {
  return (response.messages ?? []).filter((m) => m.contentType === 'PlainText').map((m) => m.content ?? '');
}

function cardOf(response: RecognizeTextCommandOutput) {
  return response.messages?.find((m) => m.contentType === 'ImageResponseCard')?.imageResponseCard;
}

async function rejection(promise: Promise<unknown>): Promise<{ name: string; message: string; $metadata: { httpStatusCode?: number } }> {
  try {
    await promise;
  } catch (e) {
    return e as { name: string; message: string; $metadata: { httpStatusCode?: number } };
  }
  throw new Error('expected the call to fail');
}

describe('local Lex V2 runtime driven by the real LexRuntimeV2Client', () => {
  let stack: LexTestStack;
  let runtime: RunningLexRuntime;
  let lex: LexRuntimeV2Client;
  let clock = Date.now();

  beforeAll(async () => {
    stack = await startLexTestStack();
    const fulfilment = new InProcessCodeHook(createLexCodeHook({ inference: stack.inference, config: { timeBudgetMs: 25_000, reserveMs: 1_000, trustedS3Buckets: [] }, log: () => undefined }));
    runtime = await startLexRuntime({ fulfilment, now: () => clock });
    lex = clientFor(runtime.endpoint);
  });
  afterAll(async () => {
    lex?.destroy();
    await runtime?.stop();
    await stack?.stop();
  });

  const say = (sessionId: string, text: string, extra: { requestAttributes?: Record<string, string> } = {}) =>
    lex.send(new RecognizeTextCommand({ ...ids, sessionId, text, ...extra }));

  test('a link in one turn is answered with the right object, a sentence and a card', async () => {
    const sessionId = newSessionId();
    const response = await say(sessionId, `what's in ${stack.photoUrl('parrot.jpg')}?`);
    expect(response.sessionId).toBe(sessionId);
    expect(texts(response)).toEqual([expect.stringMatching(/^That's a macaw/)]);
    expect(cardOf(response)).toEqual({
      title: 'macaw',
      subtitle: expect.stringMatching(/% confidence$/),
      buttons: [
        { text: 'Describe another', value: 'describe another picture' },
        { text: 'What else could it be?', value: 'what else could it be' },
      ],
    });
    expect(response.sessionState?.dialogAction?.type).toBe('Close');
    expect(response.sessionState?.intent?.name).toBe('DescribeImage');
    expect(response.sessionState?.intent?.state).toBe('Fulfilled');
    expect(response.sessionState?.intent?.slots?.ImageUrl?.value?.originalValue).toBe(stack.photoUrl('parrot.jpg'));
    expect(response.interpretations?.[0]).toEqual({
      interpretationSource: 'Lex',
      nluConfidence: { score: 1 },
      intent: expect.objectContaining({ name: 'DescribeImage', state: 'Fulfilled' }),
    });
    expect(response.interpretations?.some((i) => i.intent?.name === 'FallbackIntent' && i.nluConfidence === undefined)).toBe(true);
  });

  test('"what\'s in this picture?" asks for the link, which comes two turns later, and the picture is described', async () => {
    const sessionId = newSessionId();
    const asked = await say(sessionId, "what's in this picture?");
    expect(texts(asked)).toEqual([REPLY.askForImage]);
    expect(asked.sessionState?.dialogAction).toEqual({ type: 'ElicitSlot', slotToElicit: 'ImageUrl' });
    expect(asked.sessionState?.intent?.state).toBe('InProgress');

    const muddled = await say(sessionId, 'hmm, let me find it');
    expect(muddled.sessionState?.dialogAction).toEqual({ type: 'ElicitSlot', slotToElicit: 'ImageUrl' });
    expect(texts(muddled)).toEqual([REPLY.askForImage]);

    const answered = await say(sessionId, `here it is: ${stack.photoUrl('hot_dog.jpg')}`);
    expect(answered.sessionState?.intent?.name).toBe('DescribeImage');
    expect(answered.sessionState?.intent?.state).toBe('Fulfilled');
    expect(cardOf(answered)?.title).toBe('hotdog');
  });

  test('"what else could it be?" after an answer names the runners-up', async () => {
    const sessionId = newSessionId();
    await say(sessionId, `describe ${stack.photoUrl('cat_720p.jpg')}`);
    const state = (await lex.send(new GetSessionCommand({ ...ids, sessionId }))).sessionState;
    const runnersUp = (JSON.parse(state?.sessionAttributes?.lastResult ?? '{}') as { runnersUp?: Array<{ label: string }> }).runnersUp ?? [];
    expect(runnersUp.length).toBeGreaterThan(0);

    const response = await say(sessionId, 'What else could it be?');
    expect(response.sessionState?.intent?.name).toBe('AlternativeGuesses');
    const [sentence] = texts(response);
    expect(sentence).toContain('Egyptian cat');
    for (const guess of runnersUp) expect(sentence).toContain(guess.label);
  });

  test('follow-up questions are answered from the last picture in the session, in the module\'s words, without looking again', async () => {
    const sessionId = newSessionId();
    const none = await say(sessionId, 'how many people are there?');
    expect(none.sessionState?.intent?.name).toBe('CountObjects');
    expect(texts(none)).toEqual([REPLY.nothingDescribedYet]);

    await say(sessionId, `what's in ${stack.photoUrl('parrot.jpg')}`);
    const stored = decodeSceneSummary((await lex.send(new GetSessionCommand({ ...ids, sessionId }))).sessionState?.sessionAttributes?.lastResult);
    expect(stored?.label).toBe('macaw');

    const dogs = await say(sessionId, 'how many puppies are there?');
    expect(dogs.sessionState?.intent).toEqual(expect.objectContaining({ name: 'CountObjects', state: 'Fulfilled' }));
    expect(dogs.sessionState?.intent?.slots?.Thing?.value).toEqual({ originalValue: 'puppies', interpretedValue: 'dog', resolvedValues: ['dog'] });
    expect(texts(dogs)).toEqual([countAnswer(stored!, { label: 'dog', words: 'puppies' })]);

    const trees = await say(sessionId, 'how many trees are there?');
    expect(trees.sessionState?.intent?.name).toBe('CountObjects');
    expect(texts(trees)[0]).toMatch(/^I can't count trees: I only count the 80 kinds of things my object detector knows/);

    const text = await say(sessionId, 'what does it say?');
    expect(text.sessionState?.intent?.name).toBe('ReadText');
    expect(texts(text)).toEqual(["I didn't read any text in it."]);

    const macaw = await say(sessionId, 'is there a macaw in it?');
    expect(macaw.sessionState?.intent?.name).toBe('IsThereA');
    expect(texts(macaw)[0]).toMatch(/^Yes, I think so — it looks like a macaw to me \(\d+%\)\.$/);

    // The summary is still there for the next question: nothing overwrote or re-described it.
    expect((await lex.send(new GetSessionCommand({ ...ids, sessionId }))).sessionState?.sessionAttributes?.lastResult).toBe(encodeSceneSummary(stored!));
  });

  test('help and fallback answer with their sentences', async () => {
    const sessionId = newSessionId();
    const help = await say(sessionId, 'hello there');
    expect(help.sessionState?.intent?.name).toBe('Help');
    expect(texts(help)).toEqual([REPLY.help]);
    const fallback = await say(sessionId, 'order me a large pizza with extra cheese');
    expect(fallback.sessionState?.intent?.name).toBe('FallbackIntent');
    expect(texts(fallback)).toEqual([REPLY.fallback]);
  });

  test.each([
    ['a broken link (truncated JPEG)', 'broken.jpg', 'That picture seems to be damaged or incomplete, so I could not open it.'],
    ['a non-image (HTML page)', 'page.html', "That isn't a picture I can read — send a JPEG, PNG, GIF, WebP or BMP."],
  ])('%s gets its clear sentence, and the next turn works', async (_what, name, sentence) => {
    const sessionId = newSessionId();
    const failed = await say(sessionId, `what is in ${stack.photoUrl(name)}`);
    expect(texts(failed)).toEqual([sentence]);
    expect(failed.sessionState?.intent?.state).toBe('Failed');
    const next = await say(sessionId, `what is in ${stack.photoUrl('coffee.png')}`);
    expect(cardOf(next)?.title).toBe('espresso');
  });

  test.each(['http://10.0.0.1/x.jpg', 'http://169.254.169.254/latest/meta-data/iam'])('a private address (%s) gets its clear sentence', async (url) => {
    const response = await say(newSessionId(), `describe ${url}`);
    expect(texts(response)).toEqual(["That link points to a private or internal address, so I won't open it."]);
  });

  test('a client can hand over the picture as the imageUrl request attribute, echoed back', async () => {
    const requestAttributes = { imageUrl: stack.photoUrl('coffee.png') };
    const response = await say(newSessionId(), 'what is in this picture', { requestAttributes });
    expect(cardOf(response)?.title).toBe('espresso');
    expect(response.requestAttributes).toEqual(requestAttributes);
  });

  test('an s3:// request attribute for a bucket not in TRUSTED_S3_BUCKETS (none here) is refused with a sentence', async () => {
    const response = await say(newSessionId(), 'what is in this picture', { requestAttributes: { imageUrl: `s3://${PHOTO_BUCKET}/${UPLOADED_PARROT_KEY}` } });
    expect(response.sessionState?.intent?.state).toBe('Failed');
    expect(texts(response)).toEqual([UNTRUSTED_BUCKET]);
  });

  test('GetSession returns the last turn; DeleteSession forgets it; an unknown session is ResourceNotFoundException (404)', async () => {
    const sessionId = newSessionId();
    await say(sessionId, 'help');
    const got = await lex.send(new GetSessionCommand({ ...ids, sessionId }));
    expect(got.sessionId).toBe(sessionId);
    expect(got.messages?.map((m) => m.content)).toEqual([REPLY.help]);
    expect(got.sessionState?.intent?.name).toBe('Help');
    expect(got.interpretations?.[0]?.nluConfidence?.score).toBe(1);

    expect(await lex.send(new DeleteSessionCommand({ ...ids, sessionId }))).toEqual(expect.objectContaining({ ...ids, sessionId }));
    const error = await rejection(lex.send(new GetSessionCommand({ ...ids, sessionId })));
    expect(error.name).toBe('ResourceNotFoundException');
    expect(error.$metadata.httpStatusCode).toBe(404);
    expect(error.message).toContain(sessionId);
  });

  test('PutSession sets attributes the next turn uses, and answers in compressed x-amz-lex-* headers', async () => {
    const sessionId = newSessionId();
    const put = await lex.send(
      new PutSessionCommand({ ...ids, sessionId, sessionState: { sessionAttributes: { imageUrl: stack.photoUrl('parrot.jpg') } }, messages: [{ contentType: 'PlainText', content: 'Hi!' }] }),
    );
    expect(put.sessionId).toBe(sessionId);
    const { gunzipSync } = await import('node:zlib');
    const unpack = (header?: string): unknown => JSON.parse(gunzipSync(Buffer.from(header ?? '', 'base64')).toString('utf8'));
    expect(unpack(put.sessionState)).toEqual(expect.objectContaining({ sessionAttributes: { imageUrl: stack.photoUrl('parrot.jpg') } }));
    expect(unpack(put.messages)).toEqual([{ contentType: 'PlainText', content: 'Hi!' }]);

    const response = await say(sessionId, 'what is in this picture');
    expect(cardOf(response)?.title).toBe('macaw');
  });

  test('a session idle longer than the bot\'s idleSessionTTLInSeconds is forgotten', async () => {
    const sessionId = newSessionId();
    await say(sessionId, 'what is in this picture');
    clock += (runtime.bot.idleSessionTTLInSeconds + 1) * 1000;
    const error = await rejection(lex.send(new GetSessionCommand({ ...ids, sessionId })));
    expect(error.name).toBe('ResourceNotFoundException');
    // The slot question was forgotten too: a bare link now starts a new DescribeImage.
    const response = await say(sessionId, stack.photoUrl('parrot.jpg'));
    expect(cardOf(response)?.title).toBe('macaw');
  });

  test.each<[string, { text: string; sessionId?: string; localeId?: string }, RegExp]>([
    ['empty text', { text: '' }, /text/],
    ['a session id with a space', { text: 'hi', sessionId: 'bad id' }, /sessionId/],
    ['an unknown locale', { text: 'hi', localeId: 'fr_FR' }, /fr_FR/],
  ])('bad request (%s) is refused in Lex\'s error format and the runtime keeps serving', async (_what, input, message) => {
    const error = await rejection(lex.send(new RecognizeTextCommand({ ...ids, sessionId: newSessionId(), ...input })));
    const expected = input.localeId ? { name: 'ResourceNotFoundException', status: 404 } : { name: 'ValidationException', status: 400 };
    expect({ name: error.name, status: error.$metadata.httpStatusCode }).toEqual(expected);
    expect(error.message).toMatch(message);
    expect(texts(await say(newSessionId(), 'help'))).toEqual([REPLY.help]);
  });

  test('an HTTP/1.1 client gets the same API, with x-amzn-errortype on errors', async () => {
    const ok = await fetch(`${runtime.endpoint}/bots/B/botAliases/A/botLocales/en_US/sessions/http1-session/text`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'help' }),
    });
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { messages: Array<{ content: string }> }).messages[0].content).toBe(REPLY.help);
    const bad = await fetch(`${runtime.endpoint}/bots/B/botAliases/A/botLocales/en_US/sessions/http1-session/text`, { method: 'POST', body: '{not json' });
    expect(bad.status).toBe(400);
    expect(bad.headers.get('x-amzn-errortype')).toBe('ValidationException');
    expect(await bad.json()).toEqual({ message: 'The request body is not valid JSON' });
  });

  test('a body over 1 MiB is refused with ValidationException (400), and the runtime keeps serving', async () => {
    const url = `${runtime.endpoint}/bots/B/botAliases/A/botLocales/en_US/sessions/http1-session/text`;
    const huge = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: 'x'.repeat(1024 * 1024) }) });
    expect(huge.status).toBe(400);
    expect(huge.headers.get('x-amzn-errortype')).toBe('ValidationException');
    expect(await huge.json()).toEqual({ message: 'The request body is larger than 1048576 bytes' });
    expect(texts(await say(newSessionId(), 'help'))).toEqual([REPLY.help]);
  });
});

describe('local Lex V2 runtime when the fulfilment function misbehaves', () => {
  async function runtimeWith(fulfilment: CodeHookFunction) {
    const runtime = await startLexRuntime({ fulfilment, codeHookTimeoutMs: 200 });
    return { runtime, lex: clientFor(runtime.endpoint) };
  }

  test.each<[string, CodeHookFunction, RegExp]>([
    ['throws', { description: 'throws', invoke: () => Promise.reject(new Error('boom')) }, /Received error response from Lambda.*boom/],
    ['returns "" for an unfilled slot', { description: 'empty slot', invoke: async () => ({ sessionState: { dialogAction: { type: 'ElicitSlot', slotToElicit: 'ImageUrl' }, intent: { name: 'DescribeImage', state: 'InProgress', slots: { ImageUrl: '' } } } }) }, /slot ImageUrl must be null/],
    ['returns no sessionState', { description: 'no state', invoke: async () => ({ messages: [] }) }, /sessionState is required/],
    ['never answers', { description: 'hangs', invoke: () => new Promise(() => undefined) }, /did not answer/],
  ])('a function that %s fails the turn with DependencyFailedException (424), and the runtime keeps serving', async (_what, fulfilment, message) => {
    const { runtime, lex } = await runtimeWith(fulfilment);
    try {
      const error = await rejection(lex.send(new RecognizeTextCommand({ ...ids, sessionId: 'misbehaving', text: 'what is in this picture' })));
      expect({ name: error.name, status: error.$metadata.httpStatusCode }).toEqual({ name: 'DependencyFailedException', status: 424 });
      expect(error.message).toMatch(message);
      const again = await rejection(lex.send(new GetSessionCommand({ ...ids, sessionId: 'never-started' })));
      expect(again.name).toBe('ResourceNotFoundException');
    } finally {
      lex.destroy();
      await runtime.stop();
    }
  });

  test('the code-hook event is built as Lex builds it: dialog hook first, then fulfilment once the slot is filled', async () => {
    const events: Array<Record<string, unknown>> = [];
    const recording: CodeHookFunction = {
      description: 'recording',
      invoke: async (event) => {
        events.push(JSON.parse(JSON.stringify(event)) as Record<string, unknown>);
        // Let Lex carry on: it elicits the slot, then calls the fulfilment hook.
        if (event.invocationSource === 'DialogCodeHook') return { sessionState: { dialogAction: { type: 'Delegate' }, intent: event.sessionState.intent } };
        return { sessionState: { dialogAction: { type: 'Close' }, intent: { ...event.sessionState.intent, state: 'Fulfilled' } }, messages: [{ contentType: 'PlainText', content: 'done' }] };
      },
    };
    const { runtime, lex } = await runtimeWith(recording);
    try {
      const first = await lex.send(new RecognizeTextCommand({ ...ids, sessionId: 'recorded', text: 'describe this picture', requestAttributes: { channel: 'test' } }));
      expect(first.messages).toEqual([{ contentType: 'PlainText', content: expect.stringMatching(/Paste a link/) }]);
      await lex.send(new RecognizeTextCommand({ ...ids, sessionId: 'recorded', text: 'https://images.example.org/cat.jpg' }));
      expect(events.map((e) => e.invocationSource)).toEqual(['DialogCodeHook', 'DialogCodeHook', 'FulfillmentCodeHook']);
      expect(events[0]).toEqual({
        messageVersion: '1.0',
        invocationSource: 'DialogCodeHook',
        inputMode: 'Text',
        responseContentType: 'text/plain; charset=utf-8',
        sessionId: 'recorded',
        inputTranscript: 'describe this picture',
        bot: { id: ids.botId, name: 'WhatsThat', localeId: 'en_US', version: 'DRAFT', aliasId: 'TSTALIASID', aliasName: 'TestBotAlias' },
        interpretations: expect.arrayContaining([
          { intent: { name: 'DescribeImage', slots: { ImageUrl: null }, state: 'InProgress', confirmationState: 'None' }, nluConfidence: 1, interpretationSource: 'Lex' },
          { intent: { name: 'FallbackIntent', slots: {}, state: 'InProgress', confirmationState: 'None' }, interpretationSource: 'Lex' },
        ]),
        proposedNextState: {
          dialogAction: { type: 'ElicitSlot', slotToElicit: 'ImageUrl' },
          intent: { name: 'DescribeImage', slots: { ImageUrl: null }, state: 'InProgress', confirmationState: 'None' },
          prompt: { attempt: 'Initial' },
        },
        requestAttributes: { channel: 'test' },
        sessionState: {
          sessionAttributes: {},
          activeContexts: [],
          intent: { name: 'DescribeImage', slots: { ImageUrl: null }, state: 'InProgress', confirmationState: 'None' },
          originatingRequestId: expect.stringMatching(/^[0-9a-f-]{36}$/),
        },
      });
      const slot = { shape: 'Scalar', value: { originalValue: 'https://images.example.org/cat.jpg', interpretedValue: 'https://images.example.org/cat.jpg', resolvedValues: [] } };
      expect(events[2]).toEqual(
        expect.objectContaining({
          invocationSource: 'FulfillmentCodeHook',
          inputTranscript: 'https://images.example.org/cat.jpg',
          sessionState: expect.objectContaining({ intent: { name: 'DescribeImage', slots: { ImageUrl: slot }, state: 'ReadyForFulfillment', confirmationState: 'None' } }),
        }),
      );
      expect(events[2]).not.toHaveProperty('proposedNextState');
    } finally {
      lex.destroy();
      await runtime.stop();
    }
  });
});
