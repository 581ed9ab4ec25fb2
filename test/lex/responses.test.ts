import { percent, summariseScene, type ImageDescription } from '../../src/inference';
import { lexConfigFromEnv } from '../../src/lex/config';
import { readLastResult, withLastResult } from '../../src/lex/last-result';
import { closeIntent, descriptionCard } from '../../src/lex/responses';
import { withinBudget } from '../../src/lex/time-budget';

const description = (label: string, probability = 0.87): ImageDescription => ({
  sentence: `That's a ${label}.`,
  label,
  probability,
  predictions: [
    { label, classIndex: 1, probability },
    { label: 'background', classIndex: 0, probability: 0.05 },
    { label: 'hotdog, hot dog, red hot', classIndex: 935, probability: 0.04 },
    { label: 'tiger cat', classIndex: 283, probability: 0.002 },
    { label: 'tabby, tabby cat', classIndex: 282, probability: 0.001 },
  ],
  objects: [],
  model: { name: 'm', version: '1' },
  timingsMs: { decode: 1, inference: 1, total: 2 },
});

describe('response builders', () => {
  test('the card keeps within Lex limits: title and subtitle ≤ 250, buttons ≤ 5 of ≤ 50 characters', () => {
    const card = descriptionCard(description('x'.repeat(400)), 'https://images.example.org/a.jpg');
    expect(Array.from(card.title)).toHaveLength(250);
    expect(card.title.endsWith('…')).toBe(true);
    expect(card.subtitle).toBe('87% confidence');
    expect(card.imageUrl).toBe('https://images.example.org/a.jpg');
    expect(card.buttons?.length).toBeLessThanOrEqual(5);
    for (const b of card.buttons ?? []) {
      expect(b.text.length).toBeLessThanOrEqual(50);
      expect(b.value.length).toBeLessThanOrEqual(50);
    }
  });

  test('a picture link longer than 250 characters is left off the card rather than cut', () => {
    const long = `https://images.example.org/${'a'.repeat(240)}.jpg`;
    expect(descriptionCard(description('cat'), long).imageUrl).toBeUndefined();
  });

  test('unfilled slots go back as null: "" and value-less slots included', () => {
    const intent = { name: 'DescribeImage', state: 'InProgress' as const, confirmationState: 'None' as const, slots: { ImageUrl: '' as never, Other: { shape: 'Scalar' } as never } };
    expect(closeIntent(intent, 'Failed', {}, []).sessionState.intent?.slots).toEqual({ ImageUrl: null, Other: null });
  });

  test('the card shows what the detector counted', () => {
    const box = { x: 0, y: 0, width: 0.5, height: 0.5, score: 0.7 };
    const kites = { ...description('kite', 0.62), objects: [{ label: 'person', count: 10, boxes: [box] }, { label: 'kite', count: 6, boxes: [box] }] };
    expect(descriptionCard(kites, 'https://images.example.org/a.jpg').subtitle).toBe('62% confidence · ten people and six kites');
    // Counted people lead: a detector's score is not a confidence to show.
    expect(descriptionCard({ ...kites, label: 'person', leadsWith: 'objects' }, 'https://images.example.org/a.jpg').subtitle).toBe('ten people and six kites');
  });

  test('the last result is the scene summary: three runners-up by their common name, without background, and survives the round trip', () => {
    const last = summariseScene(description('macaw', 0.9));
    expect(last).toEqual({ label: 'macaw', probability: 0.9, detector: false, counts: [], runnersUp: [{ label: 'hotdog', probability: 0.04 }, { label: 'tiger cat', probability: 0.002 }, { label: 'tabby', probability: 0.001 }] });
    const attributes = withLastResult({ channel: 'web' }, description('macaw', 0.9));
    expect(readLastResult(attributes)).toEqual(last);
    expect(readLastResult({ lastResult: '{"label":1}' })).toBeUndefined();
    expect(readLastResult({ lastResult: 'not json' })).toBeUndefined();
    expect(withLastResult(attributes, undefined)).toEqual({ channel: 'web' });
  });

  test('percentages as the sentence says them', () => {
    expect([percent(1), percent(0.285), percent(0.004), percent(0)]).toEqual(['99%', '29%', '<1%', '0%']);
  });
});

describe('time budget and configuration', () => {
  test('work that settles within the budget returns its value or throws its error', async () => {
    await expect(withinBudget(async () => 42, 10_000)).resolves.toEqual({ done: true, value: 42 });
    await expect(withinBudget(() => Promise.reject(new Error('no')), 10_000)).rejects.toThrow('no');
  });

  test('LEX_TIME_BUDGET_MS is read once and checked against Lex\'s 30-second limit', () => {
    expect(lexConfigFromEnv({})).toEqual({ timeBudgetMs: 25_000, reserveMs: 1_000, trustedS3Buckets: [] });
    expect(lexConfigFromEnv({ LEX_TIME_BUDGET_MS: '20000' }).timeBudgetMs).toBe(20_000);
    expect(() => lexConfigFromEnv({ LEX_TIME_BUDGET_MS: '30000' })).toThrow("LEX_TIME_BUDGET_MS must be below Lex's 30000 ms limit, got 30000");
    expect(() => lexConfigFromEnv({ LEX_TIME_BUDGET_MS: '25s' })).toThrow('LEX_TIME_BUDGET_MS must be a positive whole number of milliseconds, got "25s"');
  });

  test('TRUSTED_S3_BUCKETS: comma-separated bucket names, none by default, anything else named in the error', () => {
    expect(lexConfigFromEnv({ TRUSTED_S3_BUCKETS: ' my-uploads , other.bucket ' }).trustedS3Buckets).toEqual(['my-uploads', 'other.bucket']);
    expect(() => lexConfigFromEnv({ TRUSTED_S3_BUCKETS: 'ok-bucket,s3://Bad_Bucket' })).toThrow('TRUSTED_S3_BUCKETS must list S3 bucket names (such as my-uploads), comma-separated; not bucket names: s3://Bad_Bucket');
  });

  test('the Lambda entry module exports a handler that answers Lex events', async () => {
    const { handler } = await import('../../src/lex/handler');
    const { lexEvent } = await import('./events');
    const response = await handler(lexEvent({ intent: 'Help', transcript: 'hi' }));
    expect(response.sessionState.dialogAction).toEqual({ type: 'Close' });
    expect(response.messages?.[0]).toEqual(expect.objectContaining({ contentType: 'PlainText' }));
  });
});
