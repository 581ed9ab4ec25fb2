/**
 * The pure parts of the web function and the page: a Lex turn shaped for the page (messages,
 * cards, guesses and the boxes carried in the session's lastOutlines), the upload references /chat
 * passes on, the status of every error code, and where an outline goes over the picture.
 */
import type { ImageDescription, ImageErrorCode } from '../../src/inference';
import { LAST_OUTLINES_ATTRIBUTE, readOutlines, withLastResult } from '../../src/lex/last-result';
import { closeIntent, descriptionMessages } from '../../src/lex/responses';
import { statusOf } from '../../src/web/api-error';
import { chatReply, isUploadReference } from '../../src/web/chat-route';
import { boxStyle } from '../../src/web/page/geometry';

const parrotWithPeople: ImageDescription = {
  sentence: "That's a macaw — a kind of parrot. I'm almost certain (97%).",
  label: 'macaw',
  probability: 0.97,
  predictions: [
    { label: 'macaw', classIndex: 89, probability: 0.97 },
    { label: 'lorikeet', classIndex: 91, probability: 0.02 },
    { label: 'toucan', classIndex: 97, probability: 0.004 },
  ],
  objects: [
    { label: 'person', count: 2, boxes: [{ x: 0.10004, y: 0.2, width: 0.3, height: 0.7, score: 0.9 }, { x: 0.6, y: 0.25, width: 0.3, height: 0.7, score: 0.8 }] },
    { label: 'bird', count: 1, boxes: [{ x: 0.4, y: 0.1, width: 0.2, height: 0.2, score: 0.7 }] },
  ],
  model: { name: 'm', version: '1' },
  timingsMs: { decode: 1, inference: 1, total: 2 },
};

const intent = { name: 'DescribeImage', state: 'InProgress' as const, confirmationState: 'None' as const, slots: {} };

/** What the fulfilment answers Lex, as RecognizeText hands it to the client. */
function describedTurn(description: ImageDescription): Parameters<typeof chatReply>[0] {
  const answer = closeIntent(intent, 'Fulfilled', withLastResult({}, description), descriptionMessages(description, 's3://uploads/uploads/x.jpg'));
  return { messages: answer.messages as never, sessionState: answer.sessionState as never };
}

test('a described picture becomes the sentence, the card with its buttons, and the guesses with the objects\' boxes', () => {
  const reply = chatReply(describedTurn(parrotWithPeople));
  expect(reply.messages[0]).toEqual({ type: 'text', text: parrotWithPeople.sentence });
  expect(reply.messages[1]).toMatchObject({ type: 'card', title: 'macaw', subtitle: '97% confidence · two people and a bird', buttons: [{ text: 'Describe another' }, { text: 'What else could it be?' }] });
  expect(reply.guesses).toEqual({
    label: 'macaw',
    probability: 0.97,
    percent: '97%',
    runnersUp: [
      { label: 'lorikeet', probability: 0.02, percent: '2%' },
      { label: 'toucan', probability: 0.004, percent: '<1%' },
    ],
    objects: [
      { label: 'person', boxes: [{ x: 0.1, y: 0.2, width: 0.3, height: 0.7 }, { x: 0.6, y: 0.25, width: 0.3, height: 0.7 }] },
      { label: 'bird', boxes: [{ x: 0.4, y: 0.1, width: 0.2, height: 0.2 }] },
    ],
  });
});

test('an answer that leads with counted people shows no bar for the lead: its number is a detector score, not a confidence', () => {
  const people: ImageDescription = {
    ...parrotWithPeople,
    sentence: 'Two people.',
    label: 'person',
    probability: 0.45,
    leadsWith: 'objects',
    objects: [parrotWithPeople.objects[0]],
  };
  const reply = chatReply(describedTurn(people));
  expect(reply.guesses).toMatchObject({ label: 'person', runnersUp: [{ label: 'macaw', percent: '97%' }, { label: 'lorikeet' }, { label: 'toucan' }] });
  expect(reply.guesses).not.toHaveProperty('probability');
  expect(reply.guesses).not.toHaveProperty('percent');
});

test('a turn that described nothing carries no guesses, though the session still remembers the last ones', () => {
  const followUp = closeIntent(intent, 'Fulfilled', withLastResult({}, parrotWithPeople), [{ contentType: 'PlainText', content: 'My best guess was macaw.' }]);
  expect(chatReply({ messages: followUp.messages as never, sessionState: followUp.sessionState as never })).toEqual({ messages: [{ type: 'text', text: 'My best guess was macaw.' }] });
});

test('the boxes kept in the session are capped, and a picture without objects keeps none', () => {
  const crowd: ImageDescription = { ...parrotWithPeople, objects: [{ label: 'person', count: 50, boxes: Array.from({ length: 50 }, () => ({ x: 0, y: 0, width: 0.1, height: 0.1, score: 0.5 })) }] };
  expect(readOutlines(withLastResult({}, crowd))[0].boxes).toHaveLength(20);
  expect(withLastResult({}, { ...parrotWithPeople, objects: [] })).not.toHaveProperty(LAST_OUTLINES_ATTRIBUTE);
  // Boxes a client overwrote with nonsense are dropped.
  expect(readOutlines({ [LAST_OUTLINES_ATTRIBUTE]: JSON.stringify([{ label: 'x', boxes: [{ x: 'a' }] }]) })).toEqual([]);
  expect(readOutlines({ [LAST_OUTLINES_ATTRIBUTE]: 'not json' })).toEqual([]);
});

test('only references into its own uploads/ folder, named as POST /uploads names them, are passed on to Lex', () => {
  const key = 'uploads/0b6f3f2e-5d0a-4c55-9a53-6f1c3a8e2b7d.jpg';
  expect(isUploadReference(`s3://whatsthat-uploads/${key}`, 'whatsthat-uploads')).toBe(true);
  expect(isUploadReference(`s3://other-bucket/${key}`, 'whatsthat-uploads')).toBe(false);
  expect(isUploadReference('s3://whatsthat-uploads/models/m/1/weights.bin', 'whatsthat-uploads')).toBe(false);
  expect(isUploadReference(`s3://whatsthat-uploads/${key}/../../secret`, 'whatsthat-uploads')).toBe(false);
  expect(isUploadReference(`https://example.org/${key}`, 'whatsthat-uploads')).toBe(false);
});

test('every image error has an HTTP status of its kind: the picture 4xx, the far site 5xx, the model 503', () => {
  const codes: ImageErrorCode[] = ['bad_url', 'forbidden_scheme', 'private_address', 'unresolvable_host', 'unreachable', 'timeout', 'http_error', 'not_found', 'too_many_redirects', 'too_large', 'too_many_pixels', 'not_an_image', 'unsupported_format', 'broken_image', 'missing_permission', 'model_unavailable'];
  for (const code of codes) expect(statusOf(code)).toBeGreaterThanOrEqual(400);
  expect(statusOf('too_large')).toBe(413);
  expect(statusOf('not_an_image')).toBe(415);
  expect(statusOf('timeout')).toBe(504);
  expect(statusOf('model_unavailable')).toBe(503);
});

test('an outline is placed in percentages of the shown picture and clipped to it', () => {
  expect(boxStyle({ x: 0.1, y: 0.2, width: 0.3, height: 0.4 })).toEqual({ left: '10%', top: '20%', width: '30%', height: '40%' });
  expect(boxStyle({ x: -0.1, y: 0.9, width: 0.5, height: 0.3 })).toEqual({ left: '0%', top: '90%', width: '40%', height: '10%' });
});
