/**
 * The fulfilment function fed Lex-format events, with the real inference module (model from a
 * real local S3) and photos from a real local HTTP server. Responses are checked field by field
 * against the documented response format (wire-formats.md §2).
 */
import { createLexCodeHook, type ImageDescriber, type Log } from '../../src/lex/fulfilment';
import type { CodeHookResponse, ImageResponseCardMessage } from '../../src/lex/lex-types';
import { LAST_RESULT_ATTRIBUTE, readLastResult } from '../../src/lex/last-result';
import { REPLY } from '../../src/lex/replies';
import { UNTRUSTED_BUCKET } from '../../src/inference/intake/source';
import type { Wait } from '../../src/lex/time-budget';
import { lexEvent, slotWith } from './events';
import { PHOTO_BUCKET, startLexTestStack, UPLOADED_PARROT_KEY, type LexTestStack } from './stack';

const config = { timeBudgetMs: 25_000, reserveMs: 1_000, trustedS3Buckets: [PHOTO_BUCKET] };

describe('Lex code hook with the real inference module', () => {
  let stack: LexTestStack;
  const logged: Array<{ level: string; message: string; fields: Record<string, unknown> }> = [];
  const log: Log = (level, message, fields) => logged.push({ level, message, fields });
  let hook: ReturnType<typeof createLexCodeHook>;

  beforeAll(async () => {
    stack = await startLexTestStack();
    hook = createLexCodeHook({ inference: stack.inference, config, log });
  });
  afterAll(() => stack?.stop());
  beforeEach(() => {
    logged.length = 0;
  });

  function card(response: CodeHookResponse): ImageResponseCardMessage['imageResponseCard'] {
    const message = response.messages?.find((m): m is ImageResponseCardMessage => m.contentType === 'ImageResponseCard');
    if (!message) throw new Error(`no card in ${JSON.stringify(response.messages)}`);
    return message.imageResponseCard;
  }

  test('dialog hook with a null slot and no link elicits the ImageUrl slot with a prompt, the slot left null', async () => {
    const response = await hook(lexEvent({ source: 'DialogCodeHook', slots: { ImageUrl: null }, sessionAttributes: { channel: 'web' } }));
    expect(response).toEqual({
      sessionState: {
        sessionAttributes: { channel: 'web' },
        dialogAction: { type: 'ElicitSlot', slotToElicit: 'ImageUrl' },
        intent: { name: 'DescribeImage', slots: { ImageUrl: null }, state: 'InProgress', confirmationState: 'None' },
      },
      messages: [{ contentType: 'PlainText', content: REPLY.askForImage }],
    });
  });

  test('a slot holding words but no link is asked again, and comes back null rather than ""', async () => {
    const response = await hook(lexEvent({ source: 'DialogCodeHook', slots: { ImageUrl: slotWith('this picture') }, transcript: 'what is in this picture' }));
    expect(response.sessionState.dialogAction).toEqual({ type: 'ElicitSlot', slotToElicit: 'ImageUrl' });
    expect(response.sessionState.intent?.slots).toEqual({ ImageUrl: null });
    expect(response.messages).toEqual([{ contentType: 'PlainText', content: REPLY.notALink }]);
  });

  test('fulfilment hook with the link in the slot: Close, Fulfilled, the sentence, then a card', async () => {
    const url = stack.photoUrl('parrot.jpg');
    const response = await hook(lexEvent({ slots: { ImageUrl: slotWith(url) }, transcript: `what is in ${url}` }));
    expect(response.sessionState.dialogAction).toEqual({ type: 'Close' });
    expect(response.sessionState.intent).toEqual({ name: 'DescribeImage', state: 'Fulfilled', confirmationState: 'None', slots: { ImageUrl: slotWith(url) } });
    expect(response.messages).toHaveLength(2);
    const [text] = response.messages ?? [];
    expect(text).toEqual({ contentType: 'PlainText', content: expect.stringMatching(/macaw/) });
    const c = card(response);
    expect(c.title).toBe('macaw');
    expect(c.subtitle).toMatch(/^\d{1,2}% confidence$/);
    // An http link to 127.0.0.1 is not a public https picture: the card leaves it out.
    expect(c.imageUrl).toBeUndefined();
    expect(c.buttons).toEqual([
      { text: 'Describe another', value: 'describe another picture' },
      { text: 'What else could it be?', value: 'what else could it be' },
    ]);
  });

  test('the last result goes to session attributes as strings, next to the attributes already there', async () => {
    const url = stack.photoUrl('cat_720p.jpg');
    const response = await hook(lexEvent({ transcript: `describe ${url}`, sessionAttributes: { channel: 'web' } }));
    const attributes = response.sessionState.sessionAttributes ?? {};
    expect(attributes.channel).toBe('web');
    for (const value of Object.values(attributes)) expect(typeof value).toBe('string');
    const last = readLastResult(attributes);
    expect(last?.label).toBe('Egyptian cat');
    expect(last?.runnersUp.length).toBeGreaterThan(0);
    expect(last?.runnersUp.map((g) => g.label)).not.toContain('Egyptian cat');
  });

  test('dialog hook finding the link only in the transcript answers right away and records the link in the slot', async () => {
    const url = stack.photoUrl('hot_dog.jpg');
    const response = await hook(lexEvent({ source: 'DialogCodeHook', slots: { ImageUrl: null }, transcript: `hey, what's this? ${url}.` }));
    expect(response.sessionState.dialogAction.type).toBe('Close');
    expect(response.sessionState.intent?.state).toBe('Fulfilled');
    expect(response.sessionState.intent?.slots).toEqual({ ImageUrl: slotWith(url) });
    expect(card(response).title).toBe('hotdog');
  });

  test('request attribute imageUrl is used when the user typed no link', async () => {
    const response = await hook(lexEvent({ transcript: 'what is in this picture', requestAttributes: { imageUrl: stack.photoUrl('coffee.png') } }));
    expect(response.sessionState.intent?.state).toBe('Fulfilled');
    expect(card(response).title).toBe('espresso');
    // The slot stays as Lex sent it: the picture came from the client, not from the user's words.
    expect(response.sessionState.intent?.slots).toEqual({ ImageUrl: null });
  });

  test('request attribute with an s3:// reference to an object in the real local S3', async () => {
    const response = await hook(lexEvent({ requestAttributes: { imageUrl: `s3://${PHOTO_BUCKET}/${UPLOADED_PARROT_KEY}` } }));
    expect(logged.filter((l) => l.level !== 'info')).toEqual([]);
    expect(response.sessionState.intent?.state).toBe('Fulfilled');
    expect(card(response).title).toBe('macaw');
  });

  test('an s3:// attribute naming a bucket outside TRUSTED_S3_BUCKETS is refused, though the object exists and the role could read it', async () => {
    const untrusting = createLexCodeHook({ inference: stack.inference, config: { ...config, trustedS3Buckets: ['some-other-uploads'] }, log });
    for (const attributes of [{ requestAttributes: { imageUrl: `s3://${PHOTO_BUCKET}/${UPLOADED_PARROT_KEY}` } }, { sessionAttributes: { imageUrl: `s3://${PHOTO_BUCKET}/${UPLOADED_PARROT_KEY}` } }]) {
      const response = await untrusting(lexEvent(attributes));
      expect(response.sessionState.intent?.state).toBe('Failed');
      expect(response.messages).toEqual([{ contentType: 'PlainText', content: UNTRUSTED_BUCKET }]);
    }
    expect(logged.map((l) => l.fields.code)).toEqual(['not_allowed', 'not_allowed']);
  });

  test('session attribute imageUrl is the last place looked, after the request attribute, and is used once', async () => {
    const fromSession = await hook(lexEvent({ sessionAttributes: { imageUrl: stack.photoUrl('coffee.png'), channel: 'web' } }));
    expect(card(fromSession).title).toBe('espresso');
    const attributes = fromSession.sessionState.sessionAttributes ?? {};
    expect(attributes).toEqual({ channel: 'web', lastResult: expect.any(String) });
    // "Describe another" now asks for a new picture instead of describing the same one again.
    const another = await hook(lexEvent({ source: 'DialogCodeHook', transcript: 'describe another picture', sessionAttributes: attributes }));
    expect(another.sessionState.dialogAction).toEqual({ type: 'ElicitSlot', slotToElicit: 'ImageUrl' });
    const both = await hook(lexEvent({ sessionAttributes: { imageUrl: stack.photoUrl('coffee.png') }, requestAttributes: { imageUrl: stack.photoUrl('parrot.jpg') } }));
    expect(card(both).title).toBe('macaw');
  });

  test('an s3:// reference typed by the user is refused: only the client may name bucket objects', async () => {
    const response = await hook(lexEvent({ transcript: `describe s3://${PHOTO_BUCKET}/${UPLOADED_PARROT_KEY}` }));
    expect(response.sessionState.intent?.state).toBe('Failed');
    expect(response.messages).toEqual([{ contentType: 'PlainText', content: 'I can only open http and https links.' }]);
  });

  test.each([
    ['a truncated JPEG', 'broken.jpg', /damaged or incomplete/],
    ['an HTML page', 'page.html', /isn't a picture I can read/],
  ])('%s closes the intent Failed with the intake error sentence and logs the code', async (_what, name, sentence) => {
    const response = await hook(lexEvent({ transcript: `what is in ${stack.photoUrl(name)}`, sessionAttributes: { [LAST_RESULT_ATTRIBUTE]: '{"label":"macaw","probability":0.9,"runnersUp":[]}' } }));
    expect(response.sessionState.dialogAction).toEqual({ type: 'Close' });
    expect(response.sessionState.intent?.state).toBe('Failed');
    expect(response.messages).toEqual([{ contentType: 'PlainText', content: expect.stringMatching(sentence) }]);
    // "What else could it be?" must not answer about the picture before.
    expect(response.sessionState.sessionAttributes?.[LAST_RESULT_ATTRIBUTE]).toBeUndefined();
    expect(logged).toContainEqual(expect.objectContaining({ level: 'warn', fields: expect.objectContaining({ code: expect.stringMatching(/broken_image|not_an_image/) }) }));
  });

  test.each(['http://10.0.0.1/x.jpg', 'http://169.254.169.254/latest/meta-data/'])('private address %s gets its sentence', async (url) => {
    const response = await hook(lexEvent({ slots: { ImageUrl: slotWith(url) } }));
    expect(response.sessionState.intent?.state).toBe('Failed');
    expect(response.messages).toEqual([{ contentType: 'PlainText', content: "That link points to a private or internal address, so I won't open it." }]);
  });

  test('AlternativeGuesses answers from the last result; without one it says so', async () => {
    const described = await hook(lexEvent({ transcript: `what is in ${stack.photoUrl('cat_720p.jpg')}` }));
    const attributes = described.sessionState.sessionAttributes ?? {};
    const last = readLastResult(attributes);
    const response = await hook(lexEvent({ intent: 'AlternativeGuesses', transcript: 'what else could it be', sessionAttributes: attributes }));
    expect(response.sessionState).toEqual({
      sessionAttributes: attributes,
      dialogAction: { type: 'Close' },
      intent: { name: 'AlternativeGuesses', slots: {}, state: 'Fulfilled', confirmationState: 'None' },
    });
    const content = (response.messages?.[0] as { content: string }).content;
    expect(content).toContain('Egyptian cat');
    for (const guess of last?.runnersUp ?? []) expect(content).toContain(guess.label);
    const none = await hook(lexEvent({ intent: 'AlternativeGuesses', transcript: 'are you sure' }));
    expect(none.messages).toEqual([{ contentType: 'PlainText', content: REPLY.nothingDescribedYet }]);
  });

  test('Help and FallbackIntent answer with their sentences; a fallback turn holding a link still gets the picture described', async () => {
    expect((await hook(lexEvent({ intent: 'Help', transcript: 'hi' }))).messages).toEqual([{ contentType: 'PlainText', content: REPLY.help }]);
    const fallback = await hook(lexEvent({ intent: 'FallbackIntent', transcript: 'order me a pizza', requestAttributes: { imageUrl: stack.photoUrl('parrot.jpg') } }));
    expect(fallback.messages).toEqual([{ contentType: 'PlainText', content: REPLY.fallback }]);
    expect(fallback.sessionState.intent).toEqual({ name: 'FallbackIntent', slots: {}, state: 'Fulfilled', confirmationState: 'None' });
    const withLink = await hook(lexEvent({ intent: 'FallbackIntent', transcript: `I wonder ${stack.photoUrl('parrot.jpg')}` }));
    expect(card(withLink).title).toBe('macaw');
  });

  test('an intent the function does not know closes Failed with a sentence', async () => {
    const response = await hook(lexEvent({ intent: 'OrderPizza', slots: {} }));
    expect(response.sessionState.intent).toEqual({ name: 'OrderPizza', slots: {}, state: 'Failed', confirmationState: 'None' });
    expect(response.messages).toEqual([{ contentType: 'PlainText', content: REPLY.unknownIntent }]);
  });
});

describe('Lex code hook time budget and failures (injected dependencies)', () => {
  const never: ImageDescriber = { describeImageSource: () => new Promise(() => undefined) };

  test('when the budget runs out first, the intent closes Failed with the took-too-long sentence and the download is aborted', async () => {
    let signal: AbortSignal | undefined;
    const slow: ImageDescriber = {
      describeImageSource: (_source, opts) => {
        signal = opts?.signal;
        return new Promise(() => undefined);
      },
    };
    let budgetAsked: number | undefined;
    const budgetSpent: Wait = async (ms) => {
      budgetAsked = ms;
    };
    const hook = createLexCodeHook({ inference: slow, config, wait: budgetSpent, log: () => undefined });
    const response = await hook(lexEvent({ transcript: 'describe https://images.example.org/cat.jpg' }));
    expect(response.sessionState.intent?.state).toBe('Failed');
    expect(response.messages).toEqual([{ contentType: 'PlainText', content: REPLY.tookTooLong }]);
    expect(signal?.aborted).toBe(true);
    expect(budgetAsked).toBe(config.timeBudgetMs);
  });

  test("the budget shrinks to fit Lambda's remaining time, keeping the reserve", async () => {
    let budgetAsked: number | undefined;
    const hook = createLexCodeHook({ inference: never, config, wait: async (ms) => void (budgetAsked = ms), log: () => undefined });
    await hook(lexEvent({ transcript: 'describe https://images.example.org/cat.jpg' }), { getRemainingTimeInMillis: () => 9_000 });
    expect(budgetAsked).toBe(9_000 - config.reserveMs);
  });

  test('an unexpected error becomes a Failed close with a sentence, not a Lambda error', async () => {
    const broken: ImageDescriber = { describeImageSource: () => Promise.reject(new TypeError('bug')) };
    const logs: string[] = [];
    const hook = createLexCodeHook({ inference: broken, config, log: (level, message) => logs.push(`${level} ${message}`) });
    const response = await hook(lexEvent({ transcript: 'describe https://images.example.org/cat.jpg', sessionAttributes: { channel: 'web' } }));
    expect(response).toEqual({
      sessionState: {
        sessionAttributes: { channel: 'web' },
        dialogAction: { type: 'Close' },
        intent: { name: 'DescribeImage', slots: { ImageUrl: null }, state: 'Failed', confirmationState: 'None' },
      },
      messages: [{ contentType: 'PlainText', content: REPLY.internalError }],
    });
    expect(logs).toContain('error code hook failed');
  });
});
