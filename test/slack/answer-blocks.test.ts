import type { ImageDescription } from '../../src/inference';
import { describedAnswer, failureAnswer } from '../../src/slack/answer-blocks';

const description: ImageDescription = {
  sentence: "That's a hotdog — a kind of sandwich. I'm almost certain (98%).",
  label: 'hotdog',
  probability: 0.984,
  predictions: [
    { label: 'hotdog, hot dog, red hot', classIndex: 935, probability: 0.984 },
    { label: 'burrito', classIndex: 966, probability: 0.012 },
    { label: 'background', classIndex: 0, probability: 0.002 },
    { label: 'tench, Tinca tinca', classIndex: 1, probability: 0.001 },
  ],
  objects: [],
  model: { name: 'mobilenet_v2_1.0_224_quant', version: '1.0.0' },
  timingsMs: { decode: 1, inference: 1, total: 2 },
};

test('the sentence as text and section, a context line with the top label and the runners-up worth naming', () => {
  expect(describedAnswer(description)).toEqual({
    text: description.sentence,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: description.sentence } },
      { type: 'context', elements: [{ type: 'mrkdwn', text: 'hotdog 98% · runners-up: burrito 1%' }] },
    ],
  });
});

test('a picture named in the answer when a message had several; mrkdwn-escaped so a name cannot mention anyone', () => {
  const answer = describedAnswer(description, 'lunch <@U0BOSS> & co.jpg');
  expect(answer.text).toBe(`lunch &lt;@U0BOSS&gt; &amp; co.jpg: ${description.sentence}`);
  expect(answer.blocks?.[0]).toEqual({ type: 'section', text: { type: 'mrkdwn', text: answer.text } });
  expect(failureAnswer('Nope <!channel>', 'x.pdf')).toEqual({ text: 'x.pdf: Nope &lt;!channel&gt;' });
});

test('a confident top guess reads 99%, as in the sentence, never 100%', () => {
  const sure = { ...description, probability: 0.9996, predictions: [{ ...description.predictions[0], probability: 0.9996 }] };
  expect(describedAnswer(sure).blocks?.[1]).toEqual({ type: 'context', elements: [{ type: 'mrkdwn', text: 'hotdog 99%' }] });
});

test('counts, species and a text excerpt join the context when the scene has them, escaped', () => {
  const box = { x: 0, y: 0, width: 0.5, height: 0.5, score: 0.7 };
  const scene: ImageDescription = {
    ...description,
    objects: [
      { label: 'person', count: 10, boxes: [box] },
      { label: 'kite', count: 6, boxes: [box] },
    ],
    species: { name: 'House Finch', scientificName: 'Haemorhous mexicanus', probability: 0.88, group: 'bird' },
    text: `Install <Windows> & ${'more words '.repeat(30)}`,
  };
  const [, context] = describedAnswer(scene).blocks ?? [];
  expect(context).toEqual({
    type: 'context',
    elements: [
      { type: 'mrkdwn', text: 'hotdog 98% · runners-up: burrito 1%' },
      { type: 'mrkdwn', text: 'counted: ten people and six kites' },
      { type: 'mrkdwn', text: 'species: House Finch (_Haemorhous mexicanus_) 88%' },
      { type: 'mrkdwn', text: expect.stringMatching(/^text: “Install &lt;Windows&gt; &amp; more words .*…”$/) },
    ],
  });
  expect((context as { elements: Array<{ text: string }> }).elements[3].text.length).toBeLessThan(160);
});
